//! Pane 4: shipments handed to carriers.

use orderdeck_domain::money::{format_amount, format_vnd};
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

pub fn carrier_label(code: &str) -> &str {
    match code {
        "ghn" => "GHN",
        "viettelpost" => "VTPost",
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
                    "COD"
                } else {
                    "prepaid"
                }),
                Cell::tone(fmt.short(o.updated_at), Tone::Dim),
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
                Cell::new(
                    s.tracking_number
                        .clone()
                        .unwrap_or_else(|| "(pending)".into()),
                ),
                Cell::new(&s.order_number),
                Cell::new(carrier_label(&s.carrier)),
                Cell::new(&s.service),
                Cell::tone(s.status.replace('_', " "), shipment_tone(&s.status)),
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
    let mut d = Detail::new(format!(
        "Shipment {}",
        r.tracking_number
            .as_deref()
            .unwrap_or("(no tracking number yet)")
    ));
    d.line(vec![
        Cell::tone(format!("{:<14}", "Status"), Tone::Dim),
        Cell::tone(r.status.replace('_', " "), shipment_tone(&r.status)),
    ]);
    d.field("Order", &r.order_number);
    d.field(
        "Carrier",
        format!("{} · {}", carrier_label(&r.carrier), r.service),
    );
    d.field("COD", format_vnd(r.cod_amount));
    d.field("Fee", format_vnd(r.fee));
    d.field(
        "Weight",
        format!("{:.2} kg", f64::from(r.weight_grams) / 1000.0),
    );
    d.field("Created", fmt.long(r.created_at));
    d.heading(format!("Tracking ({} events)", s.events.len()));
    for e in &s.events {
        d.line(vec![
            Cell::tone(fmt.long(e.occurred_at), Tone::Dim),
            Cell::tone(
                format!("  {:<16}", e.status.replace('_', " ")),
                shipment_tone(&e.status),
            ),
            Cell::new(format!(
                "{} {}",
                e.description,
                if e.location.is_empty() {
                    String::new()
                } else {
                    format!("({})", e.location)
                }
            )),
        ]);
    }
    Ok(Some(d))
}
