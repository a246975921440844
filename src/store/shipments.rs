//! Shipments handed to carriers.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, where_all};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShipmentRow {
    pub id: i64,
    pub order_number: String,
    pub carrier: String,
    pub service: String,
    pub tracking_number: Option<String>,
    pub status: String,
    pub cod_amount: Decimal,
    pub fee: Decimal,
    pub weight_grams: i32,
    pub created_at: DateTime<Utc>,
}

impl ShipmentRow {
    pub fn key(&self) -> PageKey {
        PageKey::Time(self.created_at, self.id)
    }
}

const SELECT: &str =
    "select s.id, o.number as order_number, s.carrier, s.service, s.tracking_number,
        s.status, s.cod_amount, s.fee, s.weight_grams, s.created_at
     from shipments s join orders o on o.id = s.order_id";

pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<ShipmentRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(coalesce(s.tracking_number, '')) like ${next} or lower(o.number) like ${next}
              or s.status like ${next} or s.carrier like ${next})"
        ));
        next += 1;
    }
    let (key_cond, order) = req.keyset("s.created_at", "s.id", true, next);
    conds.push(key_cond);
    let sql = format!(
        "{SELECT} where {} order by {order} limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, ShipmentRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(req.bind_key(q).fetch_all(pool).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TrackingLine {
    pub occurred_at: DateTime<Utc>,
    pub status: String,
    pub carrier_status: String,
    pub description: String,
    pub location: String,
}

#[derive(Debug, Clone)]
pub struct ShipmentDetail {
    pub row: ShipmentRow,
    pub events: Vec<TrackingLine>,
}

pub async fn detail(pool: &PgPool, id: i64) -> Result<Option<ShipmentDetail>> {
    let row = sqlx::query_as::<_, ShipmentRow>(&format!("{SELECT} where s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let events = sqlx::query_as::<_, TrackingLine>(
        "select occurred_at, status, carrier_status, description, location
         from tracking_events where shipment_id = $1 order by occurred_at, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(ShipmentDetail { row, events }))
}
