//! Pane 6: carrier tracking events as they are recorded, newest first.

use sqlx::PgPool;

use crate::view::{Cell, Column, DisplayRow, Fmt, Tone};
use orderdeck_store::{self as store, page::PageRequest};

use super::shipments::{carrier_label, shipment_tone};

pub const COLUMNS: &[Column] = &[
    Column::fixed("Time", 11),
    Column::fixed("Carrier", 7),
    Column::fixed("Tracking", 14),
    Column::fixed("Order", 10).from_width(100),
    Column::fixed("Status", 16),
    Column::flex("Description", 12),
];

pub async fn fetch(pool: &PgPool, req: &PageRequest, fmt: &Fmt) -> store::Result<Vec<DisplayRow>> {
    let rows = store::tracking::page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|e| DisplayRow {
            id: e.shipment_id,
            id2: e.id,
            key: e.key(),
            cells: vec![
                Cell::tone(fmt.short(e.occurred_at), Tone::Dim),
                Cell::new(carrier_label(&e.carrier)),
                Cell::new(e.tracking_number.clone().unwrap_or_default()),
                Cell::new(&e.order_number),
                Cell::tone(e.status.replace('_', " "), shipment_tone(&e.status)),
                Cell::new(&e.description),
            ],
        })
        .collect())
}
