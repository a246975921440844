//! What the customer assistant may read: a buyer's own orders with their parcels, who an
//! order belongs to, and the offers of the catalogue (price and stock a channel can sell).
//! Read-only; the assistant writes orders through intake like everyone else.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::Result;

/// An order as the assistant tells its buyer about it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BuyerOrder {
    pub number: String,
    pub status: String,
    /// The phone on the order (national form), which is who it belongs to.
    pub buyer_phone: String,
    pub payment_method: String,
    pub total: Decimal,
    pub created_at: DateTime<Utc>,
    /// The latest parcel's carrier code, tracking number, status and expected delivery.
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub shipment_status: Option<String>,
    pub expected_delivery_at: Option<DateTime<Utc>>,
}

const BUYER_ORDER: &str =
    "select o.number, o.status, o.buyer_phone, o.payment_method, o.total, o.created_at,
            s.carrier, s.tracking_number, s.status as shipment_status, s.expected_delivery_at
     from orders o
     left join lateral (select carrier, tracking_number, status, expected_delivery_at from shipments
                        where order_id = o.id order by created_at desc, id desc limit 1) s on true";

/// A phone's latest orders, newest first (at most `limit`).
pub async fn orders_of_phone(pool: &PgPool, phone: &str, limit: i64) -> Result<Vec<BuyerOrder>> {
    Ok(sqlx::query_as::<_, BuyerOrder>(&format!(
        "{BUYER_ORDER} where o.buyer_phone = $1 and o.buyer_phone <> '' order by o.created_at desc, o.id desc limit $2"
    ))
    .bind(phone)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Orders by their numbers (those that exist).
pub async fn orders_by_number(pool: &PgPool, numbers: &[String]) -> Result<Vec<BuyerOrder>> {
    Ok(sqlx::query_as::<_, BuyerOrder>(&format!(
        "{BUYER_ORDER} where o.number = any($1) order by o.number"
    ))
    .bind(numbers)
    .fetch_all(pool)
    .await?)
}

/// One active variant a buyer can be offered: its product, attributes, price and what
/// the active warehouses have available (on hand − reserved), summed.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Offer {
    pub product: String,
    pub sku: String,
    pub attr_values: Vec<String>,
    pub price: Decimal,
    pub available: i64,
}

/// Every active variant of every active product, with its available stock.
pub async fn offers(pool: &PgPool) -> Result<Vec<Offer>> {
    Ok(sqlx::query_as::<_, Offer>(
        "select p.name as product, v.sku, v.attr_values, v.sale_price as price,
                coalesce((select sum(greatest(s.on_hand - s.reserved, 0)) from stock_levels s
                          join warehouses w on w.id = s.warehouse_id and w.active
                          where s.variant_id = v.id), 0)::bigint as available
         from variants v join products p on p.id = v.product_id
         where v.active and p.active
         order by p.name, v.sku",
    )
    .fetch_all(pool)
    .await?)
}

/// Buyers to play in an evaluation: phones with orders, each with one of their orders
/// (the latest that has a parcel, else the latest), most recent first. Only whole phone
/// numbers: a marketplace order's phone comes masked ("(+84)93*****73"), and a buyer
/// known by a masked phone cannot play one who asks about their own orders.
pub async fn sample_buyers(pool: &PgPool, limit: i64) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as::<_, (String, String)>(
        "select phone, number from (
             select distinct on (o.buyer_phone) o.buyer_phone as phone, o.number, o.created_at
             from orders o
             where o.buyer_phone ~ '^([+]?84|0)[0-9]{9}$' and o.status not in ('cancelled')
             order by o.buyer_phone, exists (select 1 from shipments s where s.order_id = o.id) desc,
                      o.created_at desc
         ) b order by created_at desc, phone limit $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Products with stock to play in an evaluation, by name.
pub async fn sample_products(pool: &PgPool, limit: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar::<_, String>(
        "select p.name from products p
         where p.active and exists (
             select 1 from variants v join stock_levels s on s.variant_id = v.id
             where v.product_id = p.id and v.active and s.on_hand - s.reserved > 5)
         order by p.name limit $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
