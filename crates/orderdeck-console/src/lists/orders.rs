//! Pane 1: the order queue, newest first, and one order with its timeline.

use orderdeck_domain::money::{format_amount, format_vnd};
use orderdeck_domain::order::OrderStatus;
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DisplayRow, Fmt, Tone};
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
                Cell::new(&o.channel),
                Cell::new(&o.buyer_name),
                Cell::new(&o.buyer_phone),
                Cell::new(o.province.clone().unwrap_or_default()),
                Cell::tone(o.external_id.clone().unwrap_or_default(), Tone::Dim),
                Cell::new(o.items.to_string()),
                Cell::new(o.payment_method.to_uppercase()),
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
    let mut out = Detail::new(format!("Order {}", h.number));
    out.line(vec![
        Cell::tone(format!("{:<14}", "Status"), Tone::Dim),
        Cell::tone(status_text(h.status), Tone::for_stage(h.status.stage())),
    ]);
    out.field("Channel", format!("{} ({})", h.channel_name, h.channel));
    if let Some(ext) = &h.external_id {
        out.field("External id", ext);
    }
    if !h.source.is_empty() {
        out.field("Source", &h.source);
    }
    out.field("Created", fmt.long(h.created_at));
    out.field(
        "Updated",
        format!("{}   version {}", fmt.long(h.updated_at), h.version),
    );
    out.heading("Buyer");
    out.field("Name", &h.buyer_name);
    out.field("Phone", &h.buyer_phone);
    if !h.buyer_email.is_empty() {
        out.field("E-mail", &h.buyer_email);
    }
    out.field(
        "Ship to",
        orderdeck_domain::order_event::address_text(&h.ship_address),
    );
    out.heading("Lines");
    out.line(vec![Cell::tone(
        format!(
            "{:<4}{:<14}{:<30}{:>5}{:>6}{:>14}",
            "#", "SKU", "Item", "Qty", "Resv", "Unit price"
        ),
        Tone::Dim,
    )]);
    for l in &d.lines {
        let resv_tone = if l.reserved < i64::from(l.qty) {
            Tone::Warn
        } else {
            Tone::Normal
        };
        out.line(vec![
            Cell::new(format!(
                "{:<4}{:<14}{:<30}{:>5}",
                l.line_no,
                l.sku,
                clip(&l.name, 29),
                l.qty
            )),
            Cell::tone(format!("{:>6}", l.reserved), resv_tone),
            Cell::new(format!("{:>14}", format_amount(l.unit_price))),
        ]);
    }
    out.heading("Money");
    out.field("Subtotal", format_vnd(h.subtotal));
    if !h.discount.is_zero() {
        out.field("Discount", format!("-{}", format_vnd(h.discount)));
    }
    out.field("Shipping fee", format_vnd(h.shipping_fee));
    out.line(vec![
        Cell::tone(format!("{:<14}", "Total"), Tone::Dim),
        Cell::tone(format_vnd(h.total), Tone::Title),
    ]);
    out.field(
        "Payment",
        format!("{} · {}", h.payment_method.to_uppercase(), h.payment_status),
    );
    if !d.shipments.is_empty() {
        out.heading("Shipments");
        for s in &d.shipments {
            out.text(format!(
                "{} {}  {}  COD {}",
                s.carrier.to_uppercase(),
                s.tracking_number.as_deref().unwrap_or("(no tracking yet)"),
                s.status,
                format_vnd(s.cod_amount)
            ));
        }
    }
    out.heading(format!("Timeline ({} events)", d.events.len()));
    for e in &d.events {
        out.line(vec![
            Cell::tone(fmt.long(e.created_at), Tone::Dim),
            Cell::new(format!("  {:<10} ", e.actor)),
            Cell::tone(format!("{:<13}", e.kind.label()), Tone::Header),
            Cell::new(format!(" {}", e.sentence())),
        ]);
    }
    if !h.note.is_empty() {
        out.heading("Note");
        out.text(&h.note);
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
