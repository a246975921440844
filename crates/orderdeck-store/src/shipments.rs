//! Shipments handed to carriers.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, SortCells, SortColumn, where_all};

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
    /// The sorted column's value when the person sorted the list (`<` `>`).
    #[sqlx(flatten)]
    pub sorted: SortCells,
}

impl ShipmentRow {
    pub fn key(&self) -> PageKey {
        self.sorted.key(PageKey::Time(self.created_at, self.id))
    }
}

/// The columns the shipments (and the exceptions) may be sorted by (their codes are the
/// console's).
pub const SORTS: &[SortColumn] = &[
    SortColumn::text("tracking", "coalesce(s.tracking_number, '')"),
    SortColumn::text("order", "o.number"),
    SortColumn::text("carrier", "s.carrier"),
    SortColumn::text("status", "s.status"),
    SortColumn::num("cod", "s.cod_amount"),
    SortColumn::num("fee", "s.fee"),
    SortColumn::time("created", "s.created_at"),
];

const SELECT: &str = "select s.id, o.number as order_number, s.carrier,
        -- A marketplace's parcel has no service of ours: the carrier its platform chose.
        case when s.handover is null or s.platform_carrier = '' then s.service
             else s.platform_carrier end as service,
        s.tracking_number,
        s.status, s.cod_amount, s.fee, s.weight_grams, s.created_at
     from shipments s join orders o on o.id = s.order_id";

/// Shipments that need a person: failed, returning, lost or damaged, in a state we do
/// not know, past their expected delivery, or a marketplace arrangement whose answer
/// never came (asked five minutes ago and still not found on the platform) — unless
/// handled since they last changed.
pub const NEEDS_ATTENTION: &str = "(s.status in ('delivery_failed', 'returning', 'lost_or_damaged', 'unknown')
      or (s.expected_delivery_at < now() and s.status not in ('delivered', 'returned', 'cancelled', 'failed'))
      or (s.platform_step = 'asked' and s.status = 'pending' and s.created_at < now() - interval '5 minutes'))
     and (s.exception_handled_at is null or s.exception_handled_at < s.updated_at)";

pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<ShipmentRow>> {
    page_where(pool, req, false).await
}

/// The exceptions queue, as a page.
pub async fn exceptions_page(pool: &PgPool, req: &PageRequest) -> Result<Vec<ShipmentRow>> {
    page_where(pool, req, true).await
}

async fn page_where(
    pool: &PgPool,
    req: &PageRequest,
    exceptions: bool,
) -> Result<Vec<ShipmentRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    if exceptions {
        conds.push(NEEDS_ATTENTION.to_string());
    }
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(coalesce(s.tracking_number, '')) like ${next} or lower(o.number) like ${next}
              or s.status like ${next} or s.carrier like ${next})"
        ));
        next += 1;
    }
    let keyset = req.sorted_keyset(SORTS, "s.created_at", "s.id", true, next);
    conds.push(keyset.cond.clone());
    // The sorted column goes after the select list's last column (`… s.created_at`).
    let select = SELECT.replacen(
        " from shipments s",
        &format!("{} from shipments s", keyset.select),
        1,
    );
    let sql = format!(
        "{select} where {} order by {} limit $1",
        where_all(&conds),
        keyset.order
    );
    let mut q = sqlx::query_as::<_, ShipmentRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(keyset.bind(q).fetch_all(pool).await?))
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

/// A packed order waiting for its parcel.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ToShipRow {
    pub id: i64,
    pub number: String,
    pub buyer_name: String,
    pub province: String,
    pub total: Decimal,
    pub payment_method: String,
    pub updated_at: DateTime<Utc>,
    /// The platform's ship-by time (marketplace orders).
    pub ship_by: Option<DateTime<Utc>>,
}

impl ToShipRow {
    pub fn key(&self) -> PageKey {
        PageKey::Time(self.updated_at, self.id)
    }
}

/// Packed orders with no live shipment, longest waiting first.
pub async fn to_ship_page(pool: &PgPool, req: &PageRequest) -> Result<Vec<ToShipRow>> {
    let pattern = req.like_pattern();
    let mut conds = vec![
        "o.status = 'packed'".to_string(),
        "not exists (select 1 from shipments s where s.order_id = o.id and s.status not in ('cancelled', 'failed', 'pending'))".to_string(),
    ];
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(o.number) like ${next} or o.search_text like ${next})"
        ));
        next += 1;
    }
    let (key_cond, order) = req.keyset("o.updated_at", "o.id", false, next);
    conds.push(key_cond);
    let sql = format!(
        "select o.id, o.number, o.buyer_name, coalesce(o.ship_address->>'province', '') as province, o.total,
                o.payment_method, o.updated_at, o.ship_by
         from orders o where {} order by {order} limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, ToShipRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(req.bind_key(q).fetch_all(pool).await?))
}
