//! The wire shapes of Shopee's fulfilment replies (reference A1.2–A1.10). Lists Shopee
//! may send as `null` (its own sample has `"branch_list": null`) read as empty.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{ChannelError, ChannelResult, Reply, malformed, read_envelope};

/// `null` or missing: the type's default.
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `get_order_detail` with the fulfilment fields.
#[derive(Deserialize)]
pub(super) struct FulfilDetail {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) order_list: Vec<FulfilOrder>,
}

#[derive(Deserialize)]
pub(super) struct FulfilOrder {
    pub(super) order_sn: String,
    pub(super) order_status: String,
    #[serde(default)]
    pub(super) ship_by_date: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) package_list: Vec<OrderPackage>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) buyer_cancel_reason: String,
}

#[derive(Deserialize)]
pub(super) struct OrderPackage {
    pub(super) package_number: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) shipping_carrier: String,
}

/// `get_shipping_parameter` (A1.5).
#[derive(Deserialize)]
pub(super) struct ShippingParameter {
    #[serde(default)]
    pub(super) info_needed: InfoNeeded,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) pickup: PickupInfo,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) dropoff: DropoffInfo,
}

/// Which methods are offered and what each needs. A missing key (or `null`): the
/// method is not offered; an empty list: offered, nothing to send.
#[derive(Deserialize, Default)]
pub(super) struct InfoNeeded {
    #[serde(default)]
    pub(super) pickup: Option<Vec<String>>,
    #[serde(default)]
    pub(super) dropoff: Option<Vec<String>>,
    #[serde(default)]
    pub(super) non_integrated: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
pub(super) struct PickupInfo {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) address_list: Vec<PickupAddressWire>,
}

#[derive(Deserialize)]
pub(super) struct PickupAddressWire {
    pub(super) address_id: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) address: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) town: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) district: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) city: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) state: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) address_flag: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) time_slot_list: Vec<SlotWire>,
}

#[derive(Deserialize)]
pub(super) struct SlotWire {
    #[serde(default)]
    pub(super) date: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) time_text: String,
    /// Opaque: sent back as it came, never parsed.
    pub(super) pickup_time_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) flags: Vec<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct DropoffInfo {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) branch_list: Vec<BranchWire>,
}

#[derive(Deserialize)]
pub(super) struct BranchWire {
    pub(super) branch_id: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) address: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) town: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) district: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) city: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) state: String,
}

/// The parts of an address worth showing, in order, blanks left out.
pub(super) fn label(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `get_tracking_number` (A1.8): the number may be empty until the carrier assigns it.
#[derive(Deserialize)]
pub(super) struct TrackingReply {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) tracking_number: String,
}

/// `get_package_detail` (A1.3).
#[derive(Deserialize)]
pub(super) struct PackageDetail {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) package_list: Vec<PackageWire>,
}

#[derive(Deserialize)]
pub(super) struct PackageWire {
    pub(super) order_sn: String,
    pub(super) package_number: String,
    pub(super) fulfillment_status: String,
    pub(super) update_time: i64,
    #[serde(default)]
    pub(super) pickup_done_time: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) tracking_number: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) shipping_carrier: String,
}

/// `mass_ship_order` (A1.7).
#[derive(Deserialize)]
pub(super) struct MassShip {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) success_list: Vec<MassSuccess>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) fail_list: Vec<MassFail>,
}

#[derive(Deserialize)]
pub(super) struct MassSuccess {
    pub(super) package_number: String,
}

#[derive(Deserialize)]
pub(super) struct MassFail {
    pub(super) package_number: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) fail_reason: String,
}

/// The lists of a `mass_ship_order` reply, wherever they are: the doc's field table
/// puts them at the top level, its sample under `response` (A1.7).
pub(super) fn mass_ship_lists(v: Value) -> ChannelResult<MassShip> {
    let has_lists = |x: &Value| x.get("success_list").is_some() || x.get("fail_list").is_some();
    let source = match v.get("response") {
        Some(r) if has_lists(r) => r.clone(),
        _ if has_lists(&v) => v,
        _ => {
            return Err(malformed(
                "mass_ship_order reply without success_list or fail_list",
            ));
        }
    };
    super::decode("mass_ship_order reply", source)
}

/// One element of a document call's `result_list` (A1.9).
#[derive(Deserialize)]
pub(super) struct DocResult {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) order_sn: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) package_number: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) fail_error: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) fail_message: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) suggest_shipping_document_type: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) status: String,
}

#[derive(Deserialize)]
pub(super) struct DocResults {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) result_list: Vec<DocResult>,
}

/// A batch reply: the envelope read as usual, except that
/// `common.batch_api_all_failed` still hands back the body, whose `result_list` says
/// why each element failed (A1.0).
pub(super) fn read_batch(reply: &Reply) -> ChannelResult<Value> {
    match read_envelope(reply, false) {
        Err(ChannelError::Rejected { code, .. }) if code == "common.batch_api_all_failed" => {
            serde_json::from_slice(&reply.body)
                .map_err(|e| malformed(format!("batch reply is not JSON ({e})")))
        }
        other => other,
    }
}

/// A document call's reply: its `result_list` must be there.
pub(super) fn doc_results(what: &str, v: Value) -> ChannelResult<Vec<DocResult>> {
    let response = super::response(v);
    if response.get("result_list").is_none() {
        return Err(malformed(format!("{what} reply without result_list")));
    }
    let r: DocResults = super::decode(what, response)?;
    Ok(r.result_list)
}
