//! The tracking feed: carrier events as they are recorded, newest first.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, where_all};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TrackingRow {
    pub id: i64,
    pub shipment_id: i64,
    pub recorded_at: DateTime<Utc>,
    pub occurred_at: DateTime<Utc>,
    pub carrier: String,
    pub tracking_number: Option<String>,
    pub order_number: String,
    pub status: String,
    pub description: String,
}

impl TrackingRow {
    pub fn key(&self) -> PageKey {
        PageKey::Time(self.recorded_at, self.id)
    }
}

pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<TrackingRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(coalesce(s.tracking_number, '')) like ${next} or lower(o.number) like ${next}
              or e.status like ${next} or s.carrier like ${next})"
        ));
        next += 1;
    }
    let (key_cond, order) = req.keyset("e.recorded_at", "e.id", true, next);
    conds.push(key_cond);
    let sql = format!(
        "select e.id, e.shipment_id, e.recorded_at, e.occurred_at, s.carrier, s.tracking_number,
                o.number as order_number, e.status, e.description
         from tracking_events e join shipments s on s.id = e.shipment_id
         join orders o on o.id = s.order_id
         where {} order by {order} limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, TrackingRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(req.bind_key(q).fetch_all(pool).await?))
}
