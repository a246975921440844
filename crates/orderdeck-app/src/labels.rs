//! What a shipping label says: the shipment, its order's receiver and our sender, laid
//! out by orderdeck-print.

use orderdeck_integrations::carrier::{CarrierKind, Party, RequiredNote};
use sqlx::PgPool;

use crate::shipping::ShipError;
use crate::tracking::ShipmentView;

/// The label's content from the shipment and its order.
pub async fn label_data(
    pool: &PgPool,
    sender: &Party,
    key: &str,
) -> Result<(orderdeck_print::LabelData, ShipmentView), ShipError> {
    let s = crate::tracking::show(pool, key)
        .await?
        .ok_or_else(|| ShipError::NotFound(key.to_string()))?;
    let tracking_number = s.tracking_number.clone().ok_or_else(|| {
        ShipError::Invalid(orderdeck_i18n::t!(
            "err-shipment-no-tracking",
            code = &s.client_order_code
        ))
    })?;
    let (name, phone, address): (String, String, serde_json::Value) = sqlx::query_as(
        "select buyer_name, buyer_phone, ship_address from orders where number = $1",
    )
    .bind(&s.order_number)
    .fetch_one(pool)
    .await?;
    let part = |k: &str| {
        address
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let receiver_address = ["line1", "ward", "district", "province"]
        .iter()
        .map(|k| part(k))
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let sender_address = [
        sender.address.as_str(),
        &sender.ward,
        &sender.district,
        &sender.province,
    ]
    .iter()
    .filter(|x| !x.trim().is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ");
    let note = RequiredNote::parse(&s.required_note).unwrap_or(RequiredNote::MayLook);
    let data = orderdeck_print::LabelData {
        carrier: CarrierKind::parse(&s.carrier)
            .map(|k| k.label().to_string())
            .unwrap_or_else(|| s.carrier.clone()),
        service: s.service.clone(),
        tracking_number,
        order_number: s.order_number.clone(),
        sender_name: sender.name.clone(),
        sender_phone: sender.phone.clone(),
        sender_address,
        receiver_name: name,
        receiver_phone: phone,
        receiver_address,
        cod_amount: s.cod_amount,
        weight_grams: u32::try_from(s.weight_grams).unwrap_or(0),
        required_note: match note {
            RequiredNote::MayTry => "Cho thử hàng",
            RequiredNote::MayLook => "Cho xem hàng, không cho thử",
            RequiredNote::MayNotLook => "Không cho xem hàng",
        }
        .to_string(),
        created_at: s.created_at,
    };
    Ok((data, s))
}
