//! Pane 1: the order queue, newest first, and one order with its timeline.

use crate::words;
use orderdeck_domain::order::OrderStatus;
use orderdeck_i18n::format::{amount as format_amount, money};
use orderdeck_i18n::t;
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DetailCol, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

/// "Đang xử lý · đã đóng gói": the three-word view first, then the finer state.
pub fn status_text(s: OrderStatus) -> String {
    s.shown_with_stage()
}

pub async fn fetch(pool: &PgPool, req: &PageRequest, fmt: &Fmt) -> store::Result<Vec<DisplayRow>> {
    let rows = store::orders::page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|o| DisplayRow {
            id: o.id,
            id2: 0,
            key: o.key(),
            cells: vec![
                Cell::new(&o.number),
                Cell::tone(fmt.short(o.created_at), Tone::Dim),
                Cell::new(orderdeck_domain::channels::channel_word(&o.channel)),
                Cell::new(&o.buyer_name),
                Cell::new(&o.buyer_phone),
                Cell::new(o.province.clone().unwrap_or_default()),
                Cell::tone(o.external_id.clone().unwrap_or_default(), Tone::Dim),
                Cell::new(o.items.to_string()),
                Cell::new(words::payment_method(&o.payment_method)),
                Cell::tone(status_text(o.status), Tone::for_stage(o.status.stage())),
                Cell::new(format_amount(o.total)),
            ],
        })
        .collect())
}

pub async fn detail(pool: &PgPool, id: i64, fmt: &Fmt) -> store::Result<Option<Detail>> {
    let Some(d) = store::orders::detail(pool, id).await? else {
        return Ok(None);
    };
    let h = &d.header;
    let mut out = Detail::new(t!("console-order-title", number = &h.number));
    out.key = Some(h.number.clone());
    out.field_cell(
        &crate::words::label(t!("console-field-status")),
        Cell::tone(status_text(h.status), Tone::for_stage(h.status.stage())),
    );
    crate::cancel::on_page(pool, h.id, &mut out).await?;
    out.field(
        &crate::words::label(t!("console-field-channel")),
        format!("{} ({})", h.channel_name, h.channel),
    );
    if let Some(ext) = &h.external_id {
        out.field(&crate::words::label(t!("console-field-external-id")), ext);
    }
    if !h.source.is_empty() {
        out.field(&crate::words::label(t!("console-field-source")), &h.source);
    }
    out.field(
        &crate::words::label(t!("console-field-created")),
        fmt.long(h.created_at),
    );
    out.field(
        &crate::words::label(t!("console-field-updated")),
        t!(
            "console-order-updated-value",
            time = fmt.long(h.updated_at),
            version = h.version.to_string()
        ),
    );
    out.heading(t!("console-heading-buyer"));
    out.field(
        &crate::words::label(t!("console-field-name")),
        &h.buyer_name,
    );
    out.field(
        &crate::words::label(t!("console-field-phone")),
        &h.buyer_phone,
    );
    if !h.buyer_email.is_empty() {
        out.field(
            &crate::words::label(t!("console-field-email")),
            &h.buyer_email,
        );
    }
    out.field(
        &crate::words::label(t!("console-field-ship-to")),
        orderdeck_domain::order_event::address_text(&h.ship_address),
    );
    out.heading(t!("console-heading-lines"));
    out.table(vec![
        ("#".to_string(), DetailCol::left()),
        (t!("console-col-sku"), DetailCol::left()),
        (t!("console-col-item"), DetailCol::text()),
        (t!("console-col-qty"), DetailCol::right()),
        (t!("console-col-reserved"), DetailCol::right()),
        (t!("console-col-unit-price"), DetailCol::right()),
    ]);
    for l in &d.lines {
        let resv_tone = if l.reserved < i64::from(l.qty) {
            Tone::Warn
        } else {
            Tone::Normal
        };
        out.table_row(vec![
            Cell::new(l.line_no.to_string()),
            Cell::new(&l.sku),
            Cell::new(&l.name),
            Cell::new(l.qty.to_string()),
            Cell::tone(l.reserved.to_string(), resv_tone),
            Cell::new(format_amount(l.unit_price)),
        ]);
    }
    out.heading(t!("console-heading-money"));
    out.field(
        &crate::words::label(t!("console-field-subtotal")),
        money(h.subtotal),
    );
    if !h.discount.is_zero() {
        out.field(
            &crate::words::label(t!("console-field-discount")),
            format!("-{}", money(h.discount)),
        );
    }
    out.field(
        &crate::words::label(t!("console-field-shipping-fee")),
        money(h.shipping_fee),
    );
    out.field_cell(
        &crate::words::label(t!("console-field-total")),
        Cell::tone(money(h.total), Tone::Title),
    );
    out.field(
        &crate::words::label(t!("console-field-payment")),
        format!(
            "{} · {}",
            words::payment_method(&h.payment_method),
            words::payment_status(&h.payment_status)
        ),
    );
    if !d.shipments.is_empty() {
        out.heading(t!("console-heading-shipments"));
        for s in &d.shipments {
            let tracking = s
                .tracking_number
                .clone()
                .unwrap_or_else(|| t!("console-order-no-tracking-yet"));
            out.text(format!(
                "{} {}  {}  COD {}",
                s.carrier.to_uppercase(),
                tracking,
                words::shipment_status(&s.status),
                money(s.cod_amount)
            ));
        }
    }
    out.heading(t!("console-order-timeline", count = d.events.len()));
    // Who and what as columns as wide as their longest entry ("website-sync", a long
    // word in Vietnamese): they never run into each other. The sentence comes last, so
    // the page wraps it instead of cutting it.
    // Names and Vietnamese words are one column per character (precomposed letters).
    let width = |t: &str| t.chars().count();
    let shown: Vec<String> = d.events.iter().map(|e| e.kind.shown()).collect();
    let who = d
        .events
        .iter()
        .map(|e| width(&e.actor))
        .max()
        .unwrap_or(0)
        .max(10);
    let what = shown.iter().map(|k| width(k)).max().unwrap_or(0).max(8);
    let pad = |t: &str, w: usize| format!("{t}{}", " ".repeat(w.saturating_sub(width(t))));
    for (e, kind) in d.events.iter().zip(&shown) {
        out.line(vec![
            Cell::tone(fmt.long(e.created_at), Tone::Dim),
            Cell::new(format!("  {} ", pad(&e.actor, who))),
            Cell::tone(pad(kind, what), Tone::Header),
            Cell::new(format!(" {}", e.sentence())),
        ]);
    }
    if !h.note.is_empty() {
        out.heading(t!("console-heading-note"));
        // One row per line the note has (a channel's own line, then the buyer's message).
        for line in h.note.lines() {
            out.text(line);
        }
    }
    Ok(Some(out))
}

pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
