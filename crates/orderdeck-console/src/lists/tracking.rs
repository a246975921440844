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
                Cell::tone(
                    carrier_adds(&e.status, &e.description)
                        .map(|t| format!("“{t}”"))
                        .unwrap_or_default(),
                    Tone::Dim,
                ),
            ],
        })
        .collect())
}

/// What a carrier's text for a tracking event says beyond the status, which we show in
/// the reader's language from our own words: `None` when it says nothing more.
///
/// The text is the carrier's name for its status, sometimes followed by a note: Viettel
/// Post's `STATUS_NAME — NOTE` (“Giao hàng thất bại — khách không nghe máy”); GHN sends
/// only a code, which its adapter glosses in English. The name part repeats our status
/// word in the carrier's language (Vietnamese, or that English gloss), mixing languages
/// on the line; only the note is kept, quoted as the carrier's. A status we do not know
/// keeps the whole text: our word says nothing then.
pub fn carrier_adds(status: &str, description: &str) -> Option<String> {
    let text = description.trim();
    if text.is_empty() {
        return None;
    }
    if status == "unknown" {
        return Some(text.to_string());
    }
    text.split_once(" — ")
        .map(|(_, note)| note.trim())
        .filter(|note| !note.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::carrier_adds;

    #[test]
    fn only_what_the_carrier_adds_to_the_status() {
        assert_eq!(carrier_adds("in_transit", "Đang vận chuyển"), None);
        assert_eq!(
            carrier_adds("ready_to_pick", "New order, waiting for pickup"),
            None
        );
        assert_eq!(
            carrier_adds(
                "delivery_failed",
                "Giao hàng thất bại — khách không nghe máy"
            )
            .as_deref(),
            Some("khách không nghe máy")
        );
        assert_eq!(carrier_adds("unknown", "Mã 999").as_deref(), Some("Mã 999"));
        assert_eq!(carrier_adds("delivered", "  "), None);
    }
}
