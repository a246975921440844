//! Orders: the queue, one order in full, and its timeline.

use chrono::{DateTime, Utc};
use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::OrderEventKind;
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, SortCells, SortColumn, where_all};
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
    /// Where the row sorts when it differs from `created_at`: a row the filter names
    /// exactly sorts [`EXACT_AHEAD`] later, so that it heads the list (see [`page`]).
    #[sqlx(default)]
    pub sort_at: Option<DateTime<Utc>>,
    /// The sorted column's value when the person sorted the list (`<` `>`).
    #[sqlx(flatten)]
    pub sorted: SortCells,
}

impl OrderRow {
    pub fn key(&self) -> PageKey {
        self.sorted.key(PageKey::Time(
            self.sort_at.unwrap_or(self.created_at),
            self.id,
        ))
    }
}

/// The columns the order queue may be sorted by (their codes are the console's).
pub const SORTS: &[SortColumn] = &[
    SortColumn::text("number", "o.number"),
    SortColumn::time("created", "o.created_at"),
    SortColumn::text("channel", "c.code"),
    SortColumn::text("buyer", "lower(o.buyer_name)"),
    SortColumn::text("province", "coalesce(o.ship_address->>'province', '')"),
    SortColumn::num(
        "items",
        "(select coalesce(sum(l.qty), 0) from order_lines l where l.order_id = o.id)",
    ),
    SortColumn::text("status", "o.status"),
    SortColumn::num("total", "o.total"),
];

/// How far ahead of its real time an exactly matched order sorts. The lists page by
/// keyset on `(time, id)`; moving exact matches a thousand years ahead keeps them first
/// on every page request (forward, backward, refresh in place) without a second kind of
/// key. No real order is created that far in the future.
pub const EXACT_AHEAD_DAYS: i64 = 365_250;

const ROW_COLUMNS: &str = "o.id, o.number, o.created_at, c.code as channel, o.buyer_name, o.buyer_phone,
                o.ship_address->>'province' as province, o.external_id,
                o.status, o.payment_method, o.total,
                (select coalesce(sum(l.qty), 0)::bigint from order_lines l where l.order_id = o.id) as items";

/// A window of the order queue, newest first. With a filter, the orders it names
/// exactly (number, tracking number, phone, channel order id: [`exact_ids`]) come
/// first, then the rest of the matches newest first.
pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<OrderRow>> {
    if req
        .sorted_keyset(SORTS, "o.created_at", "o.id", true, 2)
        .sorted
    {
        return sorted_page(pool, req).await;
    }
    let exact = exact_ids(pool, &req.filter).await?;
    let mut rows = if exact.is_empty() {
        Vec::new()
    } else {
        exact_page(pool, req, &exact).await?
    };
    // Exact rows sort after every other in time (EXACT_AHEAD_DAYS): walking the display
    // order forwards they come first, walking backwards (ascending) last.
    let forward = req.direction == orderdeck_domain::page::Direction::Forward;
    let room = req.limit - rows.len() as i64;
    if room > 0 || !forward {
        let fuzzy = fuzzy_page(pool, req, &exact).await?;
        if forward {
            rows.extend(fuzzy);
        } else {
            let mut asc = fuzzy;
            asc.extend(rows);
            rows = asc;
        }
    }
    rows.truncate(usize::try_from(req.limit).unwrap_or(0));
    Ok(req.in_display_order(rows))
}

/// The filter's exact matches inside the window; rows in SQL order (not display order).
async fn exact_page(pool: &PgPool, req: &PageRequest, exact: &[i64]) -> Result<Vec<OrderRow>> {
    let sort = format!("(o.created_at + interval '{EXACT_AHEAD_DAYS} days')");
    let (key_cond, order) = req.keyset(&sort, "o.id", true, 3);
    let sql = format!(
        "select {ROW_COLUMNS}, {sort} as sort_at
         from orders o join sales_channels c on c.id = o.channel_id
         where {}
         order by {order}
         limit $1",
        where_all(&["o.id = any($2)".to_string(), key_cond])
    );
    let q = sqlx::query_as::<_, OrderRow>(&sql)
        .bind(req.limit)
        .bind(exact);
    Ok(req.bind_key(q).fetch_all(pool).await?)
}

/// Every other match of the filter (or every order without one); rows in SQL order.
async fn fuzzy_page(pool: &PgPool, req: &PageRequest, exact: &[i64]) -> Result<Vec<OrderRow>> {
    // Every word anywhere ("lan nguyen" finds "Nguyễn Thị Lan"); each LIKE is served by
    // the trigram index.
    let words = req.like_words();
    let mut conds = Vec::new();
    let mut next = 2;
    for _ in &words {
        conds.push(format!("o.search_text like ${next}"));
        next += 1;
    }
    if !exact.is_empty() {
        conds.push(format!("not (o.id = any(${next}))"));
        next += 1;
    }
    let (key_cond, order) = req.keyset("o.created_at", "o.id", true, next);
    conds.push(key_cond);
    let sql = format!(
        "select {ROW_COLUMNS}
         from orders o join sales_channels c on c.id = o.channel_id
         where {}
         order by {order}
         limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, OrderRow>(&sql).bind(req.limit);
    for w in words {
        q = q.bind(w);
    }
    if !exact.is_empty() {
        q = q.bind(exact);
    }
    Ok(req.bind_key(q).fetch_all(pool).await?)
}

/// The queue sorted by a column the person chose. Exact matches are not pinned first
/// here (their thousand-year shift works on time keys only, and a person who sorts by
/// total wants that order), but they stay among the matches even when the words alone
/// would not find them (a tracking number, a phone written another way).
async fn sorted_page(pool: &PgPool, req: &PageRequest) -> Result<Vec<OrderRow>> {
    let exact = exact_ids(pool, &req.filter).await?;
    let words = req.like_words();
    let mut conds = Vec::new();
    let mut next = 2;
    let mut each = Vec::new();
    for _ in &words {
        each.push(format!("o.search_text like ${next}"));
        next += 1;
    }
    if !words.is_empty() {
        let matched = format!("({})", each.join(" and "));
        if exact.is_empty() {
            conds.push(matched);
        } else {
            conds.push(format!("({matched} or o.id = any(${next}))"));
            next += 1;
        }
    }
    let keyset = req.sorted_keyset(SORTS, "o.created_at", "o.id", true, next);
    conds.push(keyset.cond.clone());
    let sql = format!(
        "select {ROW_COLUMNS}{}
         from orders o join sales_channels c on c.id = o.channel_id
         where {}
         order by {}
         limit $1",
        keyset.select,
        where_all(&conds),
        keyset.order
    );
    let mut q = sqlx::query_as::<_, OrderRow>(&sql).bind(req.limit);
    for w in words.iter().cloned() {
        q = q.bind(w);
    }
    if !words.is_empty() && !exact.is_empty() {
        q = q.bind(exact);
    }
    Ok(req.in_display_order(keyset.bind(q).fetch_all(pool).await?))
}

/// How many exact matches a filter may pin to the top: a phone of a buyer with years of
/// orders should not make every page read them all.
const EXACT_MAX: i64 = 200;

/// The orders a typed text names exactly: their number (`OD-000273`, or just its digits
/// `273`), a parcel's tracking number, the buyer's phone in any written form (`0912…`,
/// `+84912…`, `84912…`), or the channel's order id. Each is an index lookup (numbers,
/// tracking numbers and (channel, external id) are unique; phones go through the
/// customers' phone index), so this stays quick on a million orders.
pub async fn exact_ids(pool: &PgPool, filter: &str) -> Result<Vec<i64>> {
    let raw = filter.trim();
    if raw.is_empty() || raw.chars().count() > 64 {
        return Ok(Vec::new());
    }
    let numbers = number_candidates(raw);
    let phone = orderdeck_domain::intake::normalise_phone(raw);
    let ids: Vec<i64> = sqlx::query_scalar(
        "select id from (
             select o.id, o.created_at from orders o where o.number = any($1)
             union
             select o.id, o.created_at from shipments s join orders o on o.id = s.order_id
              where s.tracking_number = $2 or s.tracking_number = upper($2)
             union
             select o.id, o.created_at from sales_channels ch
               join orders o on o.channel_id = ch.id and o.external_id in ($2, upper($2))
             union
             (select o.id, o.created_at from customers cu join orders o on o.customer_id = cu.id
               where $3::text is not null and cu.phone = $3 and o.buyer_phone = $3
               order by o.created_at desc limit $4)
         ) m order by created_at desc, id desc limit $4",
    )
    .bind(&numbers)
    .bind(raw)
    .bind(phone)
    .bind(EXACT_MAX)
    .fetch_all(pool)
    .await?;
    Ok(ids)
}

/// The order numbers a text may mean: itself upper-cased, and for digits alone the
/// number they are the digits of (`273` → `OD-000273`, as intake numbers orders).
fn number_candidates(raw: &str) -> Vec<String> {
    let mut out = vec![raw.to_uppercase()];
    if !raw.is_empty()
        && raw.len() <= 12
        && raw.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = raw.parse::<u64>()
    {
        out.push(format!("OD-{n:06}"));
    }
    out
}

/// The one order `:goto` (or a scan) names: its number or its digits, a tracking
/// number, a channel order id; `None` when it names none or more than one order.
pub async fn find_for_goto(pool: &PgPool, text: &str) -> Result<Option<OrderRow>> {
    let raw = text.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    // Best kind of match first: an order number, then a tracking number, then a channel's
    // order id (two channels may share one; then it names no single order).
    let found: Vec<(i32, i64)> = sqlx::query_as(
        "select 1, o.id from orders o where o.number = any($1)
         union
         select 2, s.order_id from shipments s where s.tracking_number = $2 or s.tracking_number = upper($2)
         union
         select 3, o.id from sales_channels ch join orders o on o.channel_id = ch.id and o.external_id in ($2, upper($2))
         order by 1 limit 3",
    )
    .bind(number_candidates(raw))
    .bind(raw)
    .fetch_all(pool)
    .await?;
    let Some(&(best, id)) = found.first() else {
        return Ok(None);
    };
    if found.iter().filter(|(rank, _)| *rank == best).count() > 1 {
        return Ok(None);
    }
    let sql = format!(
        "select {ROW_COLUMNS}
         from orders o join sales_channels c on c.id = o.channel_id where o.id = $1"
    );
    Ok(sqlx::query_as::<_, OrderRow>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await?)
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
