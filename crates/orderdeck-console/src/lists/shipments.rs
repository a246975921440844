//! Pane 4: shipments handed to carriers.

use crate::words;
use orderdeck_i18n::format::{amount as format_amount, money};
use orderdeck_i18n::t;
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

pub fn carrier_label(code: &str) -> &str {
    match code {
        "ghn" => "GHN",
        "viettelpost" => "VTPost",
        "shopee" => "Shopee",
        "lazada" => "Lazada",
        "tiktok" => "TikTok",
        other => other,
    }
}

pub fn shipment_tone(status: &str) -> Tone {
    match status {
        "delivered" => Tone::Completed,
        "delivery_failed" | "lost" | "damaged" | "lost_or_damaged" | "returning" | "returned"
        | "unknown" => Tone::Error,
        "cancelled" | "failed" => Tone::Cancelled,
        "pending" | "ready_to_pick" => Tone::New,
        _ => Tone::Processing,
    }
}

pub async fn fetch(pool: &PgPool, req: &PageRequest, fmt: &Fmt) -> store::Result<Vec<DisplayRow>> {
    Ok(rows(store::shipments::page(pool, req).await?, fmt))
}

/// The exceptions queue: parcels that need a person.
pub async fn fetch_exceptions(
    pool: &PgPool,
    req: &PageRequest,
    fmt: &Fmt,
) -> store::Result<Vec<DisplayRow>> {
    Ok(rows(
        store::shipments::exceptions_page(pool, req).await?,
        fmt,
    ))
}

/// Packed orders waiting for a parcel.
pub async fn fetch_to_ship(
    pool: &PgPool,
    req: &PageRequest,
    fmt: &Fmt,
) -> store::Result<Vec<DisplayRow>> {
    let rows = store::shipments::to_ship_page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|o| DisplayRow {
            id: o.id,
            id2: 0,
            key: o.key(),
            cells: vec![
                Cell::new(&o.number),
                Cell::new(&o.buyer_name),
                Cell::new(&o.province),
                Cell::new(format_amount(o.total)),
                Cell::new(if o.payment_method == "cod" {
                    "COD".to_string()
                } else {
                    t!("console-prepaid")
                }),
                Cell::tone(fmt.short(o.updated_at), Tone::Dim),
                match o.ship_by {
                    // Late in red; within the default at-risk window in amber.
                    Some(at) if at <= fmt.now => Cell::tone(fmt.short(at), Tone::Error),
                    Some(at)
                        if at
                            <= fmt.now
                                + chrono::Duration::hours(i64::from(
                                    orderdeck_app::packing::AT_RISK_HOURS,
                                )) =>
                    {
                        Cell::tone(fmt.short(at), Tone::Warn)
                    }
                    Some(at) => Cell::new(fmt.short(at)),
                    None => Cell::new(""),
                },
            ],
        })
        .collect())
}

fn rows(rows: Vec<store::shipments::ShipmentRow>, fmt: &Fmt) -> Vec<DisplayRow> {
    rows.into_iter()
        .map(|s| DisplayRow {
            id: s.id,
            id2: 0,
            key: s.key(),
            cells: vec![
                match &s.tracking_number {
                    Some(tracking) => Cell::new(tracking),
                    None => Cell::tone(t!("console-shipment-no-tracking-cell"), Tone::Placeholder),
                },
                Cell::new(&s.order_number),
                Cell::new(carrier_label(&s.carrier)),
                Cell::new(&s.service),
                Cell::tone(words::shipment_status(&s.status), shipment_tone(&s.status)),
                Cell::new(format_amount(s.cod_amount)),
                Cell::new(format_amount(s.fee)),
                Cell::tone(fmt.short(s.created_at), Tone::Dim),
            ],
        })
        .collect()
}

pub async fn detail(pool: &PgPool, id: i64, fmt: &Fmt) -> store::Result<Option<Detail>> {
    let Some(s) = store::shipments::detail(pool, id).await? else {
        return Ok(None);
    };
    let r = &s.row;
    let mut d = Detail::new(t!(
        "console-shipment-title",
        tracking = r
            .tracking_number
            .clone()
            .unwrap_or_else(|| t!("console-shipment-no-tracking-yet"))
    ));
    d.field_cell(
        &crate::words::label(t!("console-field-status")),
        Cell::tone(words::shipment_status(&r.status), shipment_tone(&r.status)),
    );
    d.field(
        &crate::words::label(t!("console-field-order")),
        &r.order_number,
    );
    d.field(
        &crate::words::label(t!("console-field-carrier")),
        format!("{} · {}", carrier_label(&r.carrier), r.service),
    );
    d.field(
        &crate::words::label(t!("console-field-cod")),
        money(r.cod_amount),
    );
    d.field(&crate::words::label(t!("console-field-fee")), money(r.fee));
    d.field(
        &crate::words::label(t!("console-field-weight")),
        format!("{} kg", words::fixed(f64::from(r.weight_grams) / 1000.0, 2)),
    );
    d.field(
        &crate::words::label(t!("console-field-created")),
        fmt.long(r.created_at),
    );
    d.heading(t!("console-shipment-tracking", count = s.events.len()));
    for e in &s.events {
        d.line(vec![
            Cell::tone(fmt.long(e.occurred_at), Tone::Dim),
            Cell::tone(
                format!("  {:<16}", words::shipment_status(&e.status)),
                shipment_tone(&e.status),
            ),
            // The carrier's words only where they add to the status word (a note).
            Cell::new(
                [
                    super::tracking::carrier_adds(&e.status, &e.description)
                        .map(|t| format!("“{t}”"))
                        .unwrap_or_default(),
                    if e.location.is_empty() {
                        String::new()
                    } else {
                        format!("({})", e.location)
                    },
                ]
                .join(" ")
                .trim()
                .to_string(),
            ),
        ]);
    }
    Ok(Some(d))
}
