//! The wire shapes of TikTok Shop's fulfilment and cancellation replies (reference
//! A3.1–A3.7), read leniently where the reference leaves a type open.

use serde::Deserialize;
use serde_json::Value;

/// Get Order Detail, as fulfilment reads it: the packages and how the order ships.
#[derive(Deserialize, Default)]
pub(super) struct OrderPackagesList {
    #[serde(default)]
    pub(super) orders: Vec<OrderPackages>,
}

#[derive(Deserialize)]
pub(super) struct OrderPackages {
    pub(super) id: String,
    #[serde(default)]
    pub(super) shipping_type: String,
    #[serde(default)]
    pub(super) packages: Vec<PackageId>,
    #[serde(default)]
    pub(super) line_items: Vec<LineItemPackage>,
    /// Not in the reference (third-party DTOs): see `replies::Order::rts_sla_time`.
    #[serde(default)]
    pub(super) rts_sla_time: Option<i64>,
    #[serde(default)]
    pub(super) shipping_due_time: Option<i64>,
}

#[derive(Deserialize)]
pub(super) struct PackageId {
    #[serde(default)]
    pub(super) id: String,
}

#[derive(Deserialize)]
pub(super) struct LineItemPackage {
    #[serde(default)]
    pub(super) package_id: Option<String>,
}

impl OrderPackages {
    /// The order's package ids: `packages[].id`, then any a line item names that the
    /// list left out (A3.0: line items carry `package_id`).
    pub(super) fn package_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        let named = self
            .packages
            .iter()
            .map(|p| p.id.trim())
            .chain(
                self.line_items
                    .iter()
                    .filter_map(|l| l.package_id.as_deref()),
            )
            .map(str::trim);
        for id in named {
            if !id.is_empty() && !ids.iter().any(|x| x == id) {
                ids.push(id.to_string());
            }
        }
        ids
    }

    pub(super) fn ship_by(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.rts_sla_time
            .or(self.shipping_due_time)
            .filter(|t| *t > 0)
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
    }
}

/// Get Package Detail (A3.2), the fields used.
#[derive(Deserialize, Default)]
pub(super) struct PackageDetail {
    #[serde(default)]
    pub(super) package_status: String,
    #[serde(default)]
    pub(super) tracking_number: String,
    #[serde(default)]
    pub(super) shipping_provider_name: String,
    #[serde(default)]
    pub(super) update_time: Option<i64>,
    #[serde(default)]
    pub(super) sender_address: Option<SenderAddress>,
}

#[derive(Deserialize, Default)]
pub(super) struct SenderAddress {
    #[serde(default)]
    pub(super) full_address: String,
}

/// Get Package Handover Time Slots (A3.3).
#[derive(Deserialize, Default)]
pub(super) struct HandoverSlots {
    #[serde(default)]
    pub(super) can_pickup: bool,
    #[serde(default)]
    pub(super) can_drop_off: bool,
    #[serde(default)]
    pub(super) pickup_slots: Vec<PickupSlot>,
}

#[derive(Deserialize)]
pub(super) struct PickupSlot {
    pub(super) start_time: i64,
    pub(super) end_time: i64,
    /// Documented as `avaliable`; one third-party test reads `available`: both taken.
    /// Unclear in the reference what a slot without the flag means: taken as offered.
    #[serde(default, alias = "available")]
    pub(super) avaliable: Option<bool>,
}

/// Batch Ship Packages `data` (A3.5): the packages that were not shipped.
#[derive(Deserialize, Default)]
pub(super) struct BatchShipReply {
    #[serde(default)]
    pub(super) errors: Vec<BatchShipError>,
}

#[derive(Deserialize)]
pub(super) struct BatchShipError {
    /// An integer in the reference; a string is taken too.
    #[serde(default)]
    pub(super) code: Value,
    #[serde(default)]
    pub(super) message: String,
    #[serde(default)]
    pub(super) detail: BatchShipDetail,
}

#[derive(Deserialize, Default)]
pub(super) struct BatchShipDetail {
    #[serde(default)]
    pub(super) package_id: String,
}

impl BatchShipError {
    pub(super) fn code_text(&self) -> String {
        match &self.code {
            Value::String(s) => s.trim().to_string(),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }
}

/// Get Package Shipping Document `data` (A3.6).
#[derive(Deserialize)]
pub(super) struct DocumentReply {
    pub(super) doc_url: String,
}

/// Search Cancellations `data` (A3.7).
#[derive(Deserialize, Default)]
pub(super) struct CancellationPage {
    #[serde(default)]
    pub(super) next_page_token: String,
    #[serde(default)]
    pub(super) cancellations: Vec<Cancellation>,
}

#[derive(Deserialize)]
pub(super) struct Cancellation {
    pub(super) cancel_id: String,
    #[serde(default)]
    pub(super) order_id: String,
    #[serde(default)]
    pub(super) cancel_type: String,
    #[serde(default)]
    pub(super) cancel_status: String,
    #[serde(default)]
    pub(super) cancel_reason: String,
    #[serde(default)]
    pub(super) cancel_reason_text: String,
    #[serde(default)]
    pub(super) seller_next_action_response: Vec<NextAction>,
}

#[derive(Deserialize)]
pub(super) struct NextAction {
    #[serde(default)]
    pub(super) action: String,
    /// Unix seconds (the reference gives no type: a number or a numeric string).
    #[serde(default)]
    pub(super) deadline: Value,
}

impl NextAction {
    pub(super) fn deadline(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let secs = match &self.deadline {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        }?;
        chrono::DateTime::from_timestamp(secs, 0).filter(|_| secs > 0)
    }
}
