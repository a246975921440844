//! Pane 6: carrier tracking events as they are recorded, newest first.

use super::shipments::{carrier_label, shipment_tone};
use crate::words;
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

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
                Cell::tone(words::shipment_status(&e.status), shipment_tone(&e.status)),
                // The carrier's own words (free text, often Vietnamese whatever the
                // console's language), quoted so they read as the carrier's.
                Cell::tone(
                    if e.description.trim().is_empty() {
                        String::new()
                    } else {
                        format!("“{}”", e.description.trim())
                    },
                    Tone::Dim,
                ),
            ],
        })
        .collect())
}
