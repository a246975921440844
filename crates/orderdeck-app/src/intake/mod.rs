//! Order intake: one order in, de-duplicated by the database, stock checked and reserved,
//! all in one transaction. Every source uses this: the CLI, imports, the manual form and
//! channel sync.

/// How an order line names its variant: the product's name and the variant's attribute
/// values — "Áo thun (Đỏ, M)". One text for the lookup that reads it and the write that
/// checks it is still so.
macro_rules! variant_name_sql {
    () => {
        "p.name || case when cardinality(v.attr_values) > 0 then ' (' || array_to_string(v.attr_values, ', ') || ')' else '' end"
    };
}

mod batch;
mod catalog_cache;
mod queue;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use orderdeck_domain::intake::{FieldError, NewOrder, totals};
use orderdeck_domain::order_event::Said;
use orderdeck_store::{self as store, StoreError, stock::LineNeed};

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-order-not-valid",
            problems = .0
                .iter()
                .map(|e| format!("  - {e}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    )]
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

pub use batch::create_batch;
use catalog_cache::CatalogCache;
pub use queue::IntakeQueue;

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
    match create_once(pool, order, actor).await {
        // The shop's own channels (website, manual) are made on their first order: asked
        // only when the channel turns out to be missing, so the hot path keeps its two
        // round trips.
        Err(IntakeError::Invalid(errors))
            if errors.iter().any(|e| e.field == "channel")
                && orderdeck_store::channels::is_own(order.channel.trim()) =>
        {
            orderdeck_store::channels::ensure_own(pool, order.channel.trim()).await?;
            create_once(pool, order, actor).await
        }
        other => other,
    }
}

async fn create_once(
    pool: &PgPool,
    order: &NewOrder,
    actor: &str,
) -> Result<IntakeOutcome, IntakeError> {
    let mut conn = pool.acquire().await?;
    let mut outcomes = create_settled(&mut conn, &[order], &[actor], &mut CatalogCache::none())
        .await
        .map_err(|(_, e)| e)?;
    outcomes.pop().ok_or_else(|| {
        IntakeError::Store(StoreError::Invalid(orderdeck_i18n::t!(
            "err-intake-no-outcome"
        )))
    })
}

/// Writes orders on a snapshot of the stock (see [`batch::create_many`]), deciding again
/// while the stock or catalog keeps moving under it, and after a few such races with the
/// stock rows locked first, which always settles. Runs outside any explicit transaction:
/// each attempt's single write is its own transaction. The first attempt decides on the
/// catalog facts `cache` holds when they cover these orders; every later one reads them
/// afresh, and what the write left becomes the cache's.
async fn create_settled(
    conn: &mut PgConnection,
    orders: &[&NewOrder],
    actors: &[&str],
    cache: &mut CatalogCache,
) -> Result<Vec<IntakeOutcome>, (usize, IntakeError)> {
    const OPTIMISTIC_TRIES: usize = 3;
    for _ in 0..OPTIMISTIC_TRIES {
        let lookup = match cache.take_covering(orders) {
            Some(kept) => kept,
            None => cache.load(conn, orders).await.map_err(|e| (0, e.into()))?,
        };
        match batch::create_many(conn, orders, actors, StockView::Snapshot, &lookup.facts).await {
            Ok((outcomes, left)) => {
                cache.keep(lookup, &left);
                return Ok(outcomes);
            }
            Err((_, IntakeError::Store(StoreError::Sql(e)))) if decided_on_stale_facts(&e) => {
                continue;
            }
            Err(e) => return Err(e),
        }
    }
    let mut tx = sqlx::Connection::begin(&mut *conn)
        .await
        .map_err(|e| (0, e.into()))?;
    let lookup = Lookup::load(&mut tx, orders, &[])
        .await
        .map_err(|e| (0, e.into()))?;
    let (outcomes, _) =
        batch::create_many(&mut tx, orders, actors, StockView::Locked, &lookup).await?;
    tx.commit().await.map_err(|e| (0, e.into()))?;
    Ok(outcomes)
}

/// How intake sees the stock it decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StockView {
    /// As read with the catalog, unlocked: the write re-checks it and fails if it moved.
    Snapshot,
    /// Locked for the caller's transaction: what is seen is what there is.
    Locked,
}

/// The write found the facts it decided on out of date: more stock taken than is there
/// (the CHECK on stock_levels), a shortage that is no longer one (OD001), or a catalog
/// fact — price, VAT rate, an active flag — that has changed (OD002).
fn decided_on_stale_facts(e: &sqlx::Error) -> bool {
    let Some(db) = e.as_database_error() else {
        return false;
    };
    matches!(db.code().as_deref(), Some("OD001" | "OD002"))
        || db.constraint() == Some("reserved_within_on_hand")
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
#[derive(Clone)]
pub struct Lookup {
    channels: HashMap<String, i64>,
    warehouses: HashMap<String, i64>,
    variants: HashMap<String, VariantInfo>,
    /// Orders already in the database under the (channel, external id) of one asked
    /// about: their numbers.
    existing: HashMap<(i64, String), String>,
}

impl Lookup {
    /// Reads what `orders` name, and the variants of `more_skus` besides.
    pub async fn load(
        conn: &mut PgConnection,
        orders: &[&NewOrder],
        more_skus: &[String],
    ) -> Result<Lookup, sqlx::Error> {
        let mut skus: Vec<String> = orders
            .iter()
            .flat_map(|o| o.lines.iter().map(|l| l.sku.trim().to_string()))
            .chain(more_skus.iter().cloned())
            .collect();
        skus.sort_unstable();
        skus.dedup();
        let (codes, externals): (Vec<String>, Vec<String>) = orders
            .iter()
            .filter_map(|o| {
                let e = o.external_id.as_deref()?.trim();
                Some((o.channel.trim().to_string(), e.to_string()))
            })
            .unzip();
        // One round trip for all four: intake is a hot path.
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
        let rows: Vec<Row> = sqlx::query_as(concat!(
            "select 'c', code, id, '', 0::numeric, '', '{}'::bigint[], '{}'::int[] from sales_channels where active
             union all
             select 'w', code, id, '', 0::numeric, '', '{}'::bigint[], '{}'::int[] from warehouses where active
             union all
             select 'v', v.sku, v.id, ",
            variant_name_sql!(),
            ", v.sale_price, p.vat_rate, coalesce(l.whs, '{}'), coalesce(l.avail, '{}')
             from variants v join products p on p.id = v.product_id
             left join lateral (select array_agg(s.warehouse_id order by s.warehouse_id) as whs,
                                       array_agg(s.on_hand - s.reserved order by s.warehouse_id) as avail
                                from stock_levels s join warehouses w on w.id = s.warehouse_id and w.active
                                where s.variant_id = v.id) l on true
             where v.sku = any($1) and v.active
             union all
             select 'd', d.external_id, d.channel_id, d.number, 0::numeric, '', '{}'::bigint[], '{}'::int[]
             from (select t.external_id, c.id as channel_id,
                          -- a subquery per key: the planner may otherwise join on the
                          -- channel alone and filter every order of it
                          (select o.number from orders o
                           where o.channel_id = c.id and o.external_id = t.external_id) as number
                   from unnest($2::text[], $3::text[]) as t(code, external_id)
                   join sales_channels c on c.code = t.code) d
             where d.number is not null",
        ))
        .bind(&skus)
        .bind(&codes)
        .bind(&externals)
        .fetch_all(conn)
        .await?;
        let (mut channels, mut warehouses, mut variants, mut existing) = (
            HashMap::new(),
            HashMap::new(),
            HashMap::new(),
            HashMap::new(),
        );
        for (kind, key, id, name, sale_price, vat_rate, whs, available) in rows {
            match kind.as_str() {
                "c" => {
                    channels.insert(key, id);
                }
                "w" => {
                    warehouses.insert(key, id);
                }
                "d" => {
                    existing.insert((id, key), name);
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
            existing,
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
            orderdeck_i18n::t!(
                "err-intake-unknown-channel",
                channel = &order.channel,
                known = known
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let preferred = match &order.warehouse {
        Some(code) => Some(lookup.warehouses.get(code.trim()).copied().ok_or_else(|| {
            invalid(
                "warehouse",
                orderdeck_i18n::t!("err-intake-unknown-warehouse", warehouse = code),
            )
        })?),
        None => None,
    };
    let mut missing = Vec::new();
    let mut lines = Vec::new();
    for (i, l) in order.lines.iter().enumerate() {
        match lookup.variants.get(l.sku.trim()) {
            Some(v) => lines.push((v, l.qty, l.unit_price.unwrap_or(v.sale_price), l.discount)),
            None => missing.push(FieldError {
                field: format!("lines[{i}].sku"),
                message: orderdeck_i18n::t!("err-unknown-sku", sku = l.sku.trim()),
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

/// The first line of every order's timeline.
fn created_said(order: &NewOrder, p: &Prepared<'_>) -> Said {
    Said::new("event-received")
        .with("channel", order.channel.as_str())
        .count("lines", p.lines.len() as i64)
        .money("total", p.total)
}

/// The stock check's outcome for one order, decided before the order is written so the
/// order goes in once, with its final status (a second write of the row would touch
/// every index again).
struct Decided {
    status: String,
    said: Said,
    /// Reservations by line number: (line_no, variant, warehouse, qty).
    lines: Vec<i32>,
    variants: Vec<i64>,
    warehouses: Vec<i64>,
    qtys: Vec<i32>,
    /// Variants judged short on a snapshot: the write re-checks that none of their rows
    /// has anything left, else stock arrived meanwhile and the order must be decided again.
    short_on_snapshot: Vec<i64>,
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
    let (status, said) = verdict(&shortages);
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
        said,
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
fn verdict(shortages: &[Shortage]) -> (&'static str, Said) {
    if shortages.is_empty() {
        ("reserved", Said::new("event-reserved"))
    } else {
        let short: Vec<(String, i32)> =
            shortages.iter().map(|s| (s.sku.clone(), s.short)).collect();
        (
            "backordered",
            Said::new("event-waiting-for-stock").shortages("short", &short),
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
    let (mut ids, mut statuses, mut messages, mut saids) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for ((order_id, ..), line_shorts) in orders.iter().zip(shorts) {
        let shortages: Vec<Shortage> = line_shorts
            .into_iter()
            .filter(|(_, s)| *s > 0)
            .map(|(id, short)| Shortage {
                sku: skus.get(&id).cloned().unwrap_or_default(),
                short,
            })
            .collect();
        let (status, said) = verdict(&shortages);
        messages.push(said.english());
        saids.push(said.to_json());
        ids.push(*order_id);
        statuses.push(status.to_string());
        results.push((status.to_string(), shortages));
    }
    // Statuses and (where they change) timeline events, in one statement.
    sqlx::query(
        "with t as (select * from unnest($1::bigint[], $2::text[], $3::text[], $5::jsonb[]) as t(id, status, message, said)),
              prev as (select o.id, o.status as before, t.status, t.message, t.said from orders o join t on t.id = o.id),
              upd as (update orders o set status = t.status, updated_at = now() from t where o.id = t.id)
         insert into order_events (order_id, actor, kind, message, said, before, after)
         select id, $4, status, message, said, json_build_object('status', before), json_build_object('status', status)
         from prev where before is distinct from status",
    )
    .bind(&ids)
    .bind(&statuses)
    .bind(&messages)
    .bind(actor)
    .bind(&saids)
    .execute(&mut *conn)
    .await?;
    Ok(results)
}
