//! Order intake: one order in, de-duplicated by the database, stock checked and reserved,
//! all in one transaction. Every source uses this: the CLI, imports, the manual form and
//! channel sync.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::domain::intake::{FieldError, NewOrder, normalise_phone, totals};
use crate::store::orders::search_text;
use crate::store::{self, StoreError, stock::LineNeed};

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("the order is not valid:\n{}", .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for IntakeError {
    fn from(e: sqlx::Error) -> Self {
        IntakeError::Store(e.into())
    }
}

/// A line the stock could not cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortage {
    pub sku: String,
    pub short: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum IntakeOutcome {
    Created {
        number: String,
        status: String,
        shortages: Vec<Shortage>,
    },
    /// The same (channel, external id) was taken before: nothing changed.
    Duplicate { number: String },
}

fn invalid(field: &str, message: impl Into<String>) -> IntakeError {
    IntakeError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

/// Creates one order (or reports it as a duplicate), all or nothing.
///
/// The hot path takes two round trips and holds no row lock across either: read the
/// catalog and stock figures, decide in memory, then write everything in one autocommit
/// statement whose stock updates re-check the figures (see [`insert`]). If stock moved
/// in between, nothing is written and the order is decided again; after a few such
/// races it falls back to locking the stock rows first, which always settles.
pub async fn create_order(
    pool: &PgPool,
    order: &NewOrder,
    actor: &str,
) -> Result<IntakeOutcome, IntakeError> {
    order.validate().map_err(IntakeError::Invalid)?;
    const OPTIMISTIC_TRIES: usize = 3;
    let mut conn = pool.acquire().await?;
    for _ in 0..OPTIMISTIC_TRIES {
        match create_on_snapshot(&mut conn, order, actor).await {
            Err(IntakeError::Store(StoreError::Sql(e))) if stock_moved(&e) => continue,
            other => return other,
        }
    }
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let outcome = create_in(&mut tx, order, actor).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The write found the stock figures it decided on out of date: more taken than is
/// there (the CHECK on stock_levels) or a shortage that is no longer one.
fn stock_moved(e: &sqlx::Error) -> bool {
    let Some(db) = e.as_database_error() else {
        return false;
    };
    db.code().as_deref() == Some("OD001") || db.constraint() == Some("reserved_within_on_hand")
}

/// One optimistic attempt, outside any explicit transaction: the single write
/// statement is its own transaction.
async fn create_on_snapshot(
    conn: &mut PgConnection,
    order: &NewOrder,
    actor: &str,
) -> Result<IntakeOutcome, IntakeError> {
    let lookup = Lookup::load(conn, &[order]).await?;
    let prepared = prepare(order, &lookup)?;
    let mut plan = store::stock::Plan::snapshot(prepared.lines.iter().flat_map(|(v, ..)| {
        v.warehouses
            .iter()
            .zip(&v.available)
            .map(|(w, a)| ((v.id, *w), *a))
    }));
    let (decided, shortages, _) = decide(&mut plan, &prepared);
    match insert(conn, order, &prepared, actor, Some(&decided), true).await? {
        Err(number) => Ok(IntakeOutcome::Duplicate { number }),
        Ok(ins) => Ok(IntakeOutcome::Created {
            number: ins.number,
            status: decided.status,
            shortages,
        }),
    }
}

/// Variant facts intake needs, by SKU.
#[derive(Debug, Clone, sqlx::FromRow)]
struct VariantInfo {
    id: i64,
    sku: String,
    name: String,
    sale_price: Decimal,
    vat_rate: String,
    /// What each active warehouse had available when the lookup was read: the snapshot
    /// an optimistic intake decides on.
    warehouses: Vec<i64>,
    available: Vec<i32>,
}

/// Channels, warehouses and variants that a batch of orders names, read once.
pub struct Lookup {
    channels: HashMap<String, i64>,
    warehouses: HashMap<String, i64>,
    variants: HashMap<String, VariantInfo>,
}

impl Lookup {
    pub async fn load(
        conn: &mut PgConnection,
        orders: &[&NewOrder],
    ) -> Result<Lookup, sqlx::Error> {
        let mut skus: Vec<String> = orders
            .iter()
            .flat_map(|o| o.lines.iter().map(|l| l.sku.trim().to_string()))
            .collect();
        skus.sort_unstable();
        skus.dedup();
        // One round trip for all three: intake is a hot path.
        type Row = (
            String,
            String,
            i64,
            String,
            Decimal,
            String,
            Vec<i64>,
            Vec<i32>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "select 'c', code, id, '', 0::numeric, '', '{}'::bigint[], '{}'::int[] from sales_channels where active
             union all
             select 'w', code, id, '', 0::numeric, '', '{}'::bigint[], '{}'::int[] from warehouses where active
             union all
             select 'v', v.sku, v.id,
                    p.name || case when cardinality(v.attr_values) > 0 then ' (' || array_to_string(v.attr_values, ', ') || ')' else '' end,
                    v.sale_price, p.vat_rate, coalesce(l.whs, '{}'), coalesce(l.avail, '{}')
             from variants v join products p on p.id = v.product_id
             left join lateral (select array_agg(s.warehouse_id order by s.warehouse_id) as whs,
                                       array_agg(s.on_hand - s.reserved order by s.warehouse_id) as avail
                                from stock_levels s join warehouses w on w.id = s.warehouse_id and w.active
                                where s.variant_id = v.id) l on true
             where v.sku = any($1) and v.active",
        )
        .bind(&skus)
        .fetch_all(conn)
        .await?;
        let (mut channels, mut warehouses, mut variants) =
            (HashMap::new(), HashMap::new(), HashMap::new());
        for (kind, key, id, name, sale_price, vat_rate, whs, available) in rows {
            match kind.as_str() {
                "c" => {
                    channels.insert(key, id);
                }
                "w" => {
                    warehouses.insert(key, id);
                }
                _ => {
                    variants.insert(
                        key.clone(),
                        VariantInfo {
                            id,
                            sku: key,
                            name,
                            sale_price,
                            vat_rate,
                            warehouses: whs,
                            available,
                        },
                    );
                }
            }
        }
        Ok(Lookup {
            channels,
            warehouses,
            variants,
        })
    }
}

/// An order checked against the catalog, with its money worked out.
struct Prepared<'a> {
    channel_id: i64,
    preferred: Option<i64>,
    lines: Vec<(&'a VariantInfo, i32, Decimal, Decimal)>,
    subtotal: Decimal,
    total: Decimal,
}

fn prepare<'a>(order: &NewOrder, lookup: &'a Lookup) -> Result<Prepared<'a>, IntakeError> {
    let Some(channel_id) = lookup.channels.get(order.channel.trim()).copied() else {
        let mut known: Vec<&String> = lookup.channels.keys().collect();
        known.sort();
        return Err(invalid(
            "channel",
            format!(
                "unknown channel `{}`; known: {}",
                order.channel,
                known
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let preferred = match &order.warehouse {
        Some(code) => Some(
            lookup
                .warehouses
                .get(code.trim())
                .copied()
                .ok_or_else(|| invalid("warehouse", format!("unknown warehouse `{code}`")))?,
        ),
        None => None,
    };
    let mut missing = Vec::new();
    let mut lines = Vec::new();
    for (i, l) in order.lines.iter().enumerate() {
        match lookup.variants.get(l.sku.trim()) {
            Some(v) => lines.push((v, l.qty, l.unit_price.unwrap_or(v.sale_price), l.discount)),
            None => missing.push(FieldError {
                field: format!("lines[{i}].sku"),
                message: format!("unknown SKU `{}`", l.sku.trim()),
            }),
        }
    }
    if !missing.is_empty() {
        return Err(IntakeError::Invalid(missing));
    }
    let (subtotal, total) = totals(
        &lines
            .iter()
            .map(|(_, q, p, d)| (*q, *p, *d))
            .collect::<Vec<_>>(),
        order.discount,
        order.shipping_fee,
    )
    .map_err(|m| invalid("discount", m))?;
    Ok(Prepared {
        channel_id,
        preferred,
        lines,
        subtotal,
        total,
    })
}

/// A new order in the database, waiting for its stock check.
pub struct Inserted {
    pub order_id: i64,
    pub number: String,
    pub preferred: Option<i64>,
    pub needs: Vec<LineNeed>,
}

/// The stock check's outcome for one order, decided before the order is written so the
/// order goes in once, with its final status (a second write of the row would touch
/// every index again).
struct Decided {
    status: String,
    message: String,
    /// Reservations by line number: (line_no, variant, warehouse, qty).
    lines: Vec<i32>,
    variants: Vec<i64>,
    warehouses: Vec<i64>,
    qtys: Vec<i32>,
    /// Variants judged short on a snapshot: the write re-checks that none of their rows
    /// has anything left, else stock arrived meanwhile and the order must be decided again.
    short_on_snapshot: Vec<i64>,
}

/// One round trip: the customer (found by phone, else created; their last address is
/// remembered), the order (number from the sequence, search text) with its final status,
/// its lines, reservations, reserved figures and timeline. The database decides what a
/// duplicate is — (channel, external id) is unique — and a duplicate inserts nothing:
/// `Err(number)` of the first one.
async fn insert(
    conn: &mut PgConnection,
    order: &NewOrder,
    p: &Prepared<'_>,
    actor: &str,
    decided: Option<&Decided>,
    // Bulk imports add to the stock rows once per chunk, not once per order: many
    // updates of one row in one transaction leave a long chain of dead versions.
    update_levels: bool,
) -> Result<Result<Inserted, String>, sqlx::Error> {
    let phone = normalise_phone(&order.customer.phone).unwrap_or_default();
    let name = order.customer.name.trim();
    let email = order.customer.email.trim();
    let address = serde_json::to_value(&order.shipping_address).unwrap_or_default();
    let external = order.external_id.as_deref().map(str::trim);
    let message = format!(
        "order received from {}, {} line(s), total {}",
        order.channel,
        p.lines.len(),
        crate::domain::money::format_vnd(p.total)
    );
    let row: Option<(i64, String, Vec<i64>, Option<i32>)> = sqlx::query_as(
        "with found as (select id from customers where phone = $5 order by id limit 1),
         cu as (update customers c set name = $4, email = case when $6 = '' then c.email else $6 end,
                   address = $7, search_text = $27, updated_at = now()
                where c.id = (select id from found) returning c.id),
         ci as (insert into customers (name, phone, email, address, search_text)
                select $4, $5, $6, $7, $27 where not exists (select 1 from found) returning id),
         n as (select 'OD-' || lpad(nextval('order_number_seq')::text, 6, '0') as number),
         o as (insert into orders (number, channel_id, external_id, source, customer_id, buyer_name, buyer_phone, buyer_email,
                                   ship_address, payment_method, payment_status, subtotal, discount, shipping_fee, total, note,
                                   wants_invoice, preferred_warehouse_id, search_text, status)
               select n.number, $1, $2, $3, (select id from cu union all select id from ci limit 1), $4, $5, $6, $7, $8,
                      case when $8 = 'prepaid' then 'paid' else 'unpaid' end, $9, $10, $11, $12, $13, $14, $15,
                      lower(n.number) || ' ' || $16, coalesce($28, 'new')
               from n
               on conflict (channel_id, external_id) do nothing
               returning id, number),
         l as (insert into order_lines (order_id, line_no, variant_id, sku, name, qty, unit_price, discount, vat_rate)
               select o.id, t.n, t.v, t.s, t.nm, t.q, t.p, t.d, t.vat
               from o, unnest($17::int[], $18::bigint[], $19::text[], $20::text[], $21::int[], $22::numeric[], $23::numeric[], $24::text[])
                    as t(n, v, s, nm, q, p, d, vat)
               returning id, line_no),
         r as (insert into reservations (order_line_id, variant_id, warehouse_id, qty)
               select l.id, a.v, a.w, a.q
               from l join unnest($30::int[], $31::bigint[], $32::bigint[], $33::int[]) as a(line_no, v, w, q) on a.line_no = l.line_no),
         takes as (select v, w, sum(q)::int as q from unnest($31::bigint[], $32::bigint[], $33::int[]) as t(v, w, q) group by v, w),
         locked as (select s2.variant_id as v, s2.warehouse_id as w, t.q
                    from stock_levels s2 join warehouses wh on wh.id = s2.warehouse_id and wh.active
                    left join takes t on t.v = s2.variant_id and t.w = s2.warehouse_id
                    where s2.variant_id = any($31 || $35) and (t.q is not null or s2.variant_id = any($35))
                      and $34 and exists (select 1 from o)
                    order by s2.variant_id, s2.warehouse_id
                    for update of s2),
         lv as (update stock_levels s set reserved = s.reserved + coalesce(x.q, 0), updated_at = now()
                from locked x
                where s.variant_id = x.v and s.warehouse_id = x.w and $34 and exists (select 1 from o)
                returning s.variant_id, s.on_hand - s.reserved as left_over),
         stale as (select 1 from lv where lv.variant_id = any($35) and lv.left_over > 0),
         e as (insert into order_events (order_id, actor, kind, message, before, after)
               select o.id, $25, 'created', $26, null::jsonb, null::jsonb from o
               union all
               select o.id, $25, $28, $29, jsonb_build_object('status', 'new'), jsonb_build_object('status', $28::text)
               from o where $28 is not null)
         select o.id, o.number, (select array_agg(l.id order by l.line_no) from l),
                (select orderdeck_stale_stock() from stale limit 1)
         from o",
    )
    .bind(p.channel_id)
    .bind(external)
    .bind(order.source.as_deref().unwrap_or(""))
    .bind(name)
    .bind(&phone)
    .bind(email)
    .bind(&address)
    .bind(&order.payment)
    .bind(p.subtotal)
    .bind(order.discount)
    .bind(order.shipping_fee)
    .bind(p.total)
    .bind(order.note.as_deref().unwrap_or(""))
    .bind(order.wants_invoice)
    .bind(p.preferred)
    .bind(search_text(&[name, &phone, external.unwrap_or("")]))
    .bind((1..=p.lines.len() as i32).collect::<Vec<_>>())
    .bind(p.lines.iter().map(|(v, ..)| v.id).collect::<Vec<_>>())
    .bind(p.lines.iter().map(|(v, ..)| v.sku.clone()).collect::<Vec<_>>())
    .bind(p.lines.iter().map(|(v, ..)| v.name.clone()).collect::<Vec<_>>())
    .bind(p.lines.iter().map(|(_, q, ..)| *q).collect::<Vec<_>>())
    .bind(p.lines.iter().map(|(_, _, pr, _)| *pr).collect::<Vec<_>>())
    .bind(p.lines.iter().map(|(.., d)| *d).collect::<Vec<_>>())
    .bind(p.lines.iter().map(|(v, ..)| v.vat_rate.clone()).collect::<Vec<_>>())
    .bind(actor)
    .bind(&message)
    .bind(search_text(&[name, &phone]))
    .bind(decided.map(|d| d.status.clone()))
    .bind(decided.map(|d| d.message.clone()))
    .bind(decided.map(|d| d.lines.clone()).unwrap_or_default())
    .bind(decided.map(|d| d.variants.clone()).unwrap_or_default())
    .bind(decided.map(|d| d.warehouses.clone()).unwrap_or_default())
    .bind(decided.map(|d| d.qtys.clone()).unwrap_or_default())
    .bind(update_levels)
    .bind(decided.map(|d| d.short_on_snapshot.clone()).unwrap_or_default())
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some((order_id, number, line_ids, _)) => Ok(Ok(Inserted {
            order_id,
            number,
            preferred: p.preferred,
            needs: line_ids
                .iter()
                .zip(&p.lines)
                .map(|(id, (v, q, ..))| LineNeed {
                    line_id: *id,
                    variant_id: v.id,
                    need: *q,
                })
                .collect(),
        })),
        None => {
            let number: String = sqlx::query_scalar(
                "select number from orders where channel_id = $1 and external_id = $2",
            )
            .bind(p.channel_id)
            .bind(external)
            .fetch_one(conn)
            .await?;
            Ok(Err(number))
        }
    }
}

/// The intake itself, inside the caller's transaction.
pub async fn create_in(
    conn: &mut PgConnection,
    order: &NewOrder,
    actor: &str,
) -> Result<IntakeOutcome, IntakeError> {
    let lookup = Lookup::load(conn, &[order]).await?;
    let prepared = prepare(order, &lookup)?;
    // Lock the stock rows (in order) and decide first; then one statement writes the
    // order with its final status, its lines, reservations, levels and timeline.
    let variants: Vec<i64> = prepared.lines.iter().map(|(v, ..)| v.id).collect();
    let mut plan = store::stock::Plan::lock(conn, &variants).await?;
    let (mut decided, shortages, _) = decide(&mut plan, &prepared);
    // The rows are locked: a shortage seen now is real, nothing to re-check.
    decided.short_on_snapshot.clear();
    match insert(conn, order, &prepared, actor, Some(&decided), true).await? {
        Err(number) => Ok(IntakeOutcome::Duplicate { number }),
        Ok(ins) => Ok(IntakeOutcome::Created {
            number: ins.number,
            status: decided.status.clone(),
            shortages,
        }),
    }
}

/// Intake of many orders in the caller's transaction: each order inserted in one round
/// trip, then the whole batch reserved against one lock of its stock rows (each row
/// written once), in file order.
pub async fn create_batch(
    conn: &mut PgConnection,
    orders: &[NewOrder],
    actor: &str,
) -> Result<Vec<IntakeOutcome>, (usize, IntakeError)> {
    let refs: Vec<&NewOrder> = orders.iter().collect();
    let lookup = Lookup::load(conn, &refs).await.map_err(|e| (0, e.into()))?;
    let prepared: Vec<Prepared> = orders
        .iter()
        .enumerate()
        .map(|(i, o)| prepare(o, &lookup).map_err(|e| (i, e)))
        .collect::<Result<_, _>>()?;
    // One lock of every stock row the chunk touches, taken in order; each order is then
    // decided in memory and written once with its final status.
    let variants: Vec<i64> = prepared
        .iter()
        .flat_map(|p| p.lines.iter().map(|(v, ..)| v.id))
        .collect();
    let mut plan = store::stock::Plan::lock(conn, &variants)
        .await
        .map_err(|e| (0, e.into()))?;
    let mut outcomes = Vec::with_capacity(orders.len());
    for (i, (o, p)) in orders.iter().zip(&prepared).enumerate() {
        let (decided, shortages, mark) = decide(&mut plan, p);
        match insert(conn, o, p, actor, Some(&decided), false)
            .await
            .map_err(|e| (i, e.into()))?
        {
            Err(number) => {
                plan.undo(mark);
                outcomes.push(IntakeOutcome::Duplicate { number });
            }
            Ok(ins) => outcomes.push(IntakeOutcome::Created {
                number: ins.number,
                status: decided.status,
                shortages,
            }),
        }
    }
    plan.write_levels(conn)
        .await
        .map_err(|e| (orders.len(), e.into()))?;
    Ok(outcomes)
}

/// Takes stock for one prepared order from a locked plan: the verdict, the shortages,
/// and the plan's mark before it (to undo it if the order turns out a duplicate).
fn decide(
    plan: &mut store::stock::Plan,
    prepared: &Prepared<'_>,
) -> (Decided, Vec<Shortage>, usize) {
    let mark = plan.mark();
    let needs: Vec<LineNeed> = prepared
        .lines
        .iter()
        .enumerate()
        .map(|(i, (v, q, ..))| LineNeed {
            line_id: i as i64 + 1,
            variant_id: v.id,
            need: *q,
        })
        .collect();
    let shorts = plan.take(&needs, prepared.preferred);
    let shortages: Vec<Shortage> = shorts
        .iter()
        .filter(|(_, s)| *s > 0)
        .map(|(line, short)| Shortage {
            sku: prepared
                .lines
                .get(*line as usize - 1)
                .map(|(v, ..)| v.sku.clone())
                .unwrap_or_default(),
            short: *short,
        })
        .collect();
    let (status, message) = verdict(&shortages);
    let mut short_on_snapshot: Vec<i64> = shorts
        .iter()
        .filter(|(_, s)| *s > 0)
        .filter_map(|(line, _)| prepared.lines.get(*line as usize - 1).map(|(v, ..)| v.id))
        .collect();
    short_on_snapshot.sort_unstable();
    short_on_snapshot.dedup();
    let (lines, vars, whs, qtys) = plan.parts();
    let decided = Decided {
        status: status.to_string(),
        message,
        lines: lines[mark..].iter().map(|l| *l as i32).collect(),
        variants: vars[mark..].to_vec(),
        warehouses: whs[mark..].to_vec(),
        qtys: qtys[mark..].to_vec(),
        short_on_snapshot,
    };
    (decided, shortages, mark)
}

/// Reserves for the given needs and moves the order to `reserved` (ready to pack) or
/// `backordered`, with a timeline event naming any shortage. `needs` covers every line
/// of the order with what it still lacks.
pub async fn reserve_and_set_status(
    conn: &mut PgConnection,
    order_id: i64,
    needs: &[LineNeed],
    preferred: Option<i64>,
    actor: &str,
) -> Result<(String, Vec<Shortage>), StoreError> {
    let mut settled = settle(conn, &[(order_id, preferred, needs.to_vec())], actor).await?;
    Ok(settled.pop().unwrap_or_default())
}

/// The status and timeline message an order gets from its shortages.
fn verdict(shortages: &[Shortage]) -> (&'static str, String) {
    if shortages.is_empty() {
        ("reserved", "stock reserved: ready to pack".to_string())
    } else {
        (
            "backordered",
            format!(
                "waiting for stock: {}",
                shortages
                    .iter()
                    .map(|s| format!("{} short {}", s.sku, s.short))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    }
}

/// Reserves for several orders (in the order given) against one lock of their stock
/// rows, then sets each order's status and timeline in one statement.
pub async fn settle(
    conn: &mut PgConnection,
    orders: &[(i64, Option<i64>, Vec<LineNeed>)],
    actor: &str,
) -> Result<Vec<(String, Vec<Shortage>)>, StoreError> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let variants: Vec<i64> = orders
        .iter()
        .flat_map(|(_, _, n)| n.iter().map(|x| x.variant_id))
        .collect();
    let mut plan = store::stock::Plan::lock(conn, &variants).await?;
    let shorts: Vec<Vec<(i64, i32)>> = orders
        .iter()
        .map(|(_, preferred, needs)| plan.take(needs, *preferred))
        .collect();
    plan.write(conn).await?;
    let short_ids: Vec<i64> = shorts
        .iter()
        .flatten()
        .filter(|(_, s)| *s > 0)
        .map(|(id, _)| *id)
        .collect();
    let skus: HashMap<i64, String> = if short_ids.is_empty() {
        HashMap::new()
    } else {
        sqlx::query_as::<_, (i64, String)>("select id, sku from order_lines where id = any($1)")
            .bind(&short_ids)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect()
    };
    let mut results = Vec::with_capacity(orders.len());
    let (mut ids, mut statuses, mut messages) = (Vec::new(), Vec::new(), Vec::new());
    for ((order_id, ..), line_shorts) in orders.iter().zip(shorts) {
        let shortages: Vec<Shortage> = line_shorts
            .into_iter()
            .filter(|(_, s)| *s > 0)
            .map(|(id, short)| Shortage {
                sku: skus.get(&id).cloned().unwrap_or_default(),
                short,
            })
            .collect();
        let (status, message) = verdict(&shortages);
        messages.push(message);
        ids.push(*order_id);
        statuses.push(status.to_string());
        results.push((status.to_string(), shortages));
    }
    // Statuses and (where they change) timeline events, in one statement.
    sqlx::query(
        "with t as (select * from unnest($1::bigint[], $2::text[], $3::text[]) as t(id, status, message)),
              prev as (select o.id, o.status as before, t.status, t.message from orders o join t on t.id = o.id),
              upd as (update orders o set status = t.status, updated_at = now() from t where o.id = t.id)
         insert into order_events (order_id, actor, kind, message, before, after)
         select id, $4, status, message, json_build_object('status', before), json_build_object('status', status)
         from prev where before is distinct from status",
    )
    .bind(&ids)
    .bind(&statuses)
    .bind(&messages)
    .bind(actor)
    .execute(&mut *conn)
    .await?;
    Ok(results)
}
