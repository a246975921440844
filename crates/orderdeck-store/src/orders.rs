//! Orders: the queue, one order in full, and its timeline.

use chrono::{DateTime, Utc};
use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::OrderEventKind;
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, where_all};
pub use orderdeck_domain::order_view::{EventJson, LineJson, OrderJson};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub created_at: DateTime<Utc>,
    pub channel: String,
    pub buyer_name: String,
    pub buyer_phone: String,
    pub province: Option<String>,
    pub external_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: OrderStatus,
    pub payment_method: String,
    pub total: Decimal,
    pub items: i64,
}

impl OrderRow {
    pub fn key(&self) -> PageKey {
        PageKey::Time(self.created_at, self.id)
    }
}

/// A window of the order queue, newest first.
pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<OrderRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!("o.search_text like ${next}"));
        next += 1;
    }
    let (key_cond, order) = req.keyset("o.created_at", "o.id", true, next);
    conds.push(key_cond);
    let sql = format!(
        "select o.id, o.number, o.created_at, c.code as channel, o.buyer_name, o.buyer_phone,
                o.ship_address->>'province' as province, o.external_id,
                o.status, o.payment_method, o.total,
                (select coalesce(sum(l.qty), 0)::bigint from order_lines l where l.order_id = o.id) as items
         from orders o join sales_channels c on c.id = o.channel_id
         where {}
         order by {order}
         limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, OrderRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    let rows = req.bind_key(q).fetch_all(pool).await?;
    Ok(req.in_display_order(rows))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderHeader {
    pub id: i64,
    pub number: String,
    pub channel: String,
    pub channel_name: String,
    pub external_id: Option<String>,
    pub source: String,
    pub buyer_name: String,
    pub buyer_phone: String,
    pub buyer_email: String,
    pub ship_address: serde_json::Value,
    #[sqlx(try_from = "String")]
    pub status: OrderStatus,
    pub payment_method: String,
    pub payment_status: String,
    pub subtotal: Decimal,
    pub discount: Decimal,
    pub shipping_fee: Decimal,
    pub total: Decimal,
    pub note: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderLine {
    pub line_no: i32,
    pub sku: String,
    pub name: String,
    pub qty: i32,
    pub unit_price: Decimal,
    pub discount: Decimal,
    pub reserved: i64,
    pub packed_qty: i32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderEvent {
    pub created_at: DateTime<Utc>,
    pub actor: String,
    #[sqlx(try_from = "String")]
    pub kind: OrderEventKind,
    pub message: String,
    pub said: Option<serde_json::Value>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl OrderEvent {
    /// What a person reads on the timeline, in their language (an edit: each field
    /// old → new).
    pub fn sentence(&self) -> String {
        self.kind.sentence(
            &self.message,
            self.said.as_ref(),
            self.before.as_ref(),
            self.after.as_ref(),
        )
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderShipment {
    pub carrier: String,
    pub tracking_number: Option<String>,
    pub status: String,
    pub cod_amount: Decimal,
}

#[derive(Debug, Clone)]
pub struct OrderDetail {
    pub header: OrderHeader,
    pub lines: Vec<OrderLine>,
    pub shipments: Vec<OrderShipment>,
    pub events: Vec<OrderEvent>,
}

pub async fn detail(pool: &PgPool, id: i64) -> Result<Option<OrderDetail>> {
    let header = sqlx::query_as::<_, OrderHeader>(
        "select o.id, o.number, c.code as channel, c.name as channel_name, o.external_id, o.source,
                o.buyer_name, o.buyer_phone, o.buyer_email, o.ship_address, o.status,
                o.payment_method, o.payment_status, o.subtotal, o.discount, o.shipping_fee,
                o.total, o.note, o.version, o.created_at, o.updated_at
         from orders o join sales_channels c on c.id = o.channel_id where o.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(header) = header else {
        return Ok(None);
    };
    let lines = sqlx::query_as::<_, OrderLine>(
        "select l.line_no, l.sku, l.name, l.qty, l.unit_price, l.discount, l.packed_qty,
                coalesce((select sum(r.qty) from reservations r where r.order_line_id = l.id), 0)::bigint as reserved
         from order_lines l where l.order_id = $1 order by l.line_no",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let shipments = sqlx::query_as::<_, OrderShipment>(
        "select carrier, tracking_number, status, cod_amount from shipments where order_id = $1 order by id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let events = sqlx::query_as::<_, OrderEvent>(
        "select created_at, actor, kind, message, said, before, after from order_events where order_id = $1 order by id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(OrderDetail {
        header,
        lines,
        shipments,
        events,
    }))
}

/// Finds an order by its number (exact, case-insensitive), for `:goto`.
pub async fn find_by_number(pool: &PgPool, number: &str) -> Result<Option<OrderRow>> {
    let row = sqlx::query_as::<_, OrderRow>(
        "select o.id, o.number, o.created_at, c.code as channel, o.buyer_name, o.buyer_phone,
                o.ship_address->>'province' as province, o.external_id,
                o.status, o.payment_method, o.total,
                (select coalesce(sum(l.qty), 0)::bigint from order_lines l where l.order_id = o.id) as items
         from orders o join sales_channels c on c.id = o.channel_id
         where o.number = upper($1)",
    )
    .bind(number.trim())
    .fetch_optional(pool)
    .await?;
    Ok(row)
}

/// The folded text that `/` searches: number, buyer, phone, external id, tracking numbers.
pub fn search_text(parts: &[&str]) -> String {
    orderdeck_domain::text::fold(
        &parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Appends an event to an order's timeline (in the caller's transaction).
pub async fn add_event(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    actor: &str,
    kind: &OrderEventKind,
    message: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    sqlx::query("insert into order_events (order_id, actor, kind, message, before, after) values ($1, $2, $3, $4, $5, $6)")
        .bind(order_id)
        .bind(actor)
        .bind(kind.code().as_ref())
        .bind(message)
        .bind(before)
        .bind(after)
        .execute(conn)
        .await?;
    Ok(())
}

/// Appends an event whose sentence comes from the catalogues: `said` is stored as is
/// (each console shows it in its language) and its English as `message`.
pub async fn add_event_said(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    actor: &str,
    kind: &OrderEventKind,
    said: &orderdeck_domain::order_event::Said,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    sqlx::query("insert into order_events (order_id, actor, kind, message, said, before, after) values ($1, $2, $3, $4, $5, $6, $7)")
        .bind(order_id)
        .bind(actor)
        .bind(kind.code().as_ref())
        .bind(said.english())
        .bind(said.to_json())
        .bind(before)
        .bind(after)
        .execute(conn)
        .await?;
    Ok(())
}

/// A line of `orderdeck orders list`.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct OrderSummary {
    pub number: String,
    pub channel: String,
    pub external_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: OrderStatus,
    pub buyer_name: String,
    pub buyer_phone: String,
    pub total: Decimal,
    pub created_at: DateTime<Utc>,
}

pub async fn list(
    pool: &PgPool,
    status: Option<&str>,
    channel: Option<&str>,
    limit: i64,
) -> Result<Vec<OrderSummary>> {
    if let Some(s) = status
        && s.parse::<orderdeck_domain::order::OrderStatus>().is_err()
    {
        let all: Vec<&str> = orderdeck_domain::order::OrderStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .collect();
        return Err(super::StoreError::Invalid(format!(
            "unknown status `{s}`; one of: {}",
            all.join(", ")
        )));
    }
    Ok(sqlx::query_as::<_, OrderSummary>(
        "select o.number, c.code as channel, o.external_id, o.status, o.buyer_name, o.buyer_phone, o.total, o.created_at
         from orders o join sales_channels c on c.id = o.channel_id
         where ($1::text is null or o.status = $1) and ($2::text is null or c.code = $2)
         order by o.created_at desc, o.id desc limit $3",
    )
    .bind(status)
    .bind(channel)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

pub async fn show(pool: &PgPool, number: &str) -> Result<Option<OrderJson>> {
    let Some(row) = find_by_number(pool, number).await? else {
        return Ok(None);
    };
    let Some(d) = detail(pool, row.id).await? else {
        return Ok(None);
    };
    let h = d.header;
    type LineRow = (i32, String, String, i32, Decimal, Decimal, i32, i64);
    let lines = sqlx::query_as::<_, LineRow>(
        "select l.line_no, l.sku, l.name, l.qty, l.unit_price, l.discount, l.packed_qty,
                coalesce((select sum(r.qty) from reservations r where r.order_line_id = l.id), 0)::bigint as reserved
         from order_lines l where l.order_id = $1 order by l.line_no",
    )
    .bind(h.id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(
        |(line_no, sku, name, qty, unit_price, discount, packed_qty, reserved)| LineJson {
            line_no,
            sku,
            name,
            qty,
            unit_price,
            discount,
            reserved,
            packed_qty,
        },
    )
    .collect();
    type EventRow = (
        DateTime<Utc>,
        String,
        String,
        String,
        Option<serde_json::Value>,
        Option<serde_json::Value>,
        Option<serde_json::Value>,
    );
    let events = sqlx::query_as::<_, EventRow>(
        "select created_at, actor, kind, message, said, before, after from order_events where order_id = $1 order by id",
    )
    .bind(h.id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(created_at, actor, kind, message, said, before, after)| EventJson {
        created_at,
        actor,
        kind,
        message,
        said,
        before,
        after,
    })
    .collect();
    let stage = h.status.stage().label().to_string();
    Ok(Some(OrderJson {
        number: h.number,
        channel: h.channel,
        external_id: h.external_id,
        status: h.status,
        stage,
        version: h.version,
        buyer_name: h.buyer_name,
        buyer_phone: h.buyer_phone,
        buyer_email: h.buyer_email,
        ship_address: h.ship_address,
        payment_method: h.payment_method,
        subtotal: h.subtotal,
        discount: h.discount,
        shipping_fee: h.shipping_fee,
        total: h.total,
        created_at: h.created_at,
        lines,
        events,
    }))
}
