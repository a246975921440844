//! Stock levels per variant and warehouse, and the ledger behind them.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, SortCells, SortColumn, where_all};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StockRow {
    pub variant_id: i64,
    pub warehouse_id: i64,
    pub sku: String,
    pub product: String,
    pub attr_values: Vec<String>,
    pub warehouse: String,
    pub on_hand: i32,
    pub reserved: i32,
    pub incoming: i64,
    pub reorder_point: i32,
    /// Available and incoming over every warehouse: reorder points are per SKU.
    pub sku_available: i64,
    pub sku_incoming: i64,
    /// sku and warehouse code joined: the sort key.
    pub sort_key: String,
    /// The sorted column's value when the person sorted the list (`<` `>`).
    #[sqlx(flatten)]
    pub sorted: SortCells,
}

/// The columns the stock list may be sorted by (their codes are the console's).
pub const SORTS: &[SortColumn] = &[
    SortColumn::text("sku", "v.sku"),
    SortColumn::text("product", "lower(p.name)"),
    SortColumn::text("warehouse", "w.code"),
    SortColumn::num("on_hand", "s.on_hand"),
    SortColumn::num("reserved", "s.reserved"),
    SortColumn::num("available", "s.on_hand - s.reserved"),
    SortColumn::num(
        "incoming",
        "(select coalesce(sum(l.qty - l.received_qty - l.rejected_qty), 0) from purchase_order_lines l
          join purchase_orders po on po.id = l.purchase_order_id
          where l.variant_id = s.variant_id and po.warehouse_id = s.warehouse_id
            and po.status in ('confirmed', 'partially_received'))",
    ),
    SortColumn::num("reorder", "v.reorder_point"),
];

impl StockRow {
    pub fn key(&self) -> PageKey {
        // The own key (SKU and warehouse) is unique, so it breaks ties of a sorted column.
        self.sorted
            .key(PageKey::Text(self.sort_key.clone(), self.warehouse_id))
    }

    pub fn figures(&self) -> orderdeck_domain::stock::StockFigures {
        orderdeck_domain::stock::StockFigures {
            on_hand: self.on_hand,
            reserved: self.reserved,
        }
    }

    /// The SKU as a whole (all warehouses, plus what is on order) is at or under its reorder point.
    pub fn is_low(&self) -> bool {
        let total = orderdeck_domain::stock::StockFigures {
            on_hand: i32::try_from(self.sku_available).unwrap_or(i32::MAX),
            reserved: 0,
        };
        total.is_low(
            self.reorder_point,
            i32::try_from(self.sku_incoming).unwrap_or(i32::MAX),
        )
    }
}

pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<StockRow>> {
    // Every word somewhere in the SKU, the folded product name or the warehouse code, or
    // the whole filter a barcode (what a scanner types).
    let words = req.like_words();
    let mut conds = Vec::new();
    let mut next = 2;
    if !words.is_empty() {
        let each: Vec<String> = (0..words.len())
            .map(|i| {
                let n = next + 1 + i;
                format!(
                    "(lower(v.sku) like ${n} or p.search_text like ${n} or lower(w.code) like ${n})"
                )
            })
            .collect();
        conds.push(format!("(v.barcode = ${next} or ({}))", each.join(" and ")));
        next += 1 + words.len();
    }
    let sort = "(v.sku || ' ' || w.code)";
    let keyset = req.sorted_keyset(SORTS, sort, "s.warehouse_id", false, next);
    conds.push(keyset.cond.clone());
    let sql = format!(
        "select s.variant_id, s.warehouse_id, v.sku, p.name as product, v.attr_values,
                w.code as warehouse, s.on_hand, s.reserved, v.reorder_point, {sort} as sort_key{},
                coalesce((select sum(l.qty - l.received_qty - l.rejected_qty) from purchase_order_lines l
                          join purchase_orders po on po.id = l.purchase_order_id
                          where l.variant_id = s.variant_id and po.warehouse_id = s.warehouse_id
                            and po.status in ('confirmed', 'partially_received')), 0)::bigint as incoming,
                coalesce((select sum(l.qty - l.received_qty - l.rejected_qty) from purchase_order_lines l
                          join purchase_orders po on po.id = l.purchase_order_id
                          where l.variant_id = s.variant_id
                            and po.status in ('confirmed', 'partially_received')), 0)::bigint as sku_incoming,
                (select coalesce(sum(x.on_hand - x.reserved), 0) from stock_levels x where x.variant_id = s.variant_id)::bigint as sku_available
         from stock_levels s
         join variants v on v.id = s.variant_id
         join products p on p.id = v.product_id
         join warehouses w on w.id = s.warehouse_id
         where {} order by {} limit $1",
        keyset.select,
        where_all(&conds),
        keyset.order
    );
    let mut q = sqlx::query_as::<_, StockRow>(&sql).bind(req.limit);
    if !words.is_empty() {
        q = q.bind(req.filter.trim().to_string());
        for w in words {
            q = q.bind(w);
        }
    }
    Ok(req.in_display_order(keyset.bind(q).fetch_all(pool).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StockMove {
    pub created_at: DateTime<Utc>,
    pub qty: i32,
    pub kind: String,
    pub reason: String,
    pub actor: String,
    pub balance: i64,
}

/// The ledger of one variant in one warehouse, newest first, with the running balance.
pub async fn ledger(
    pool: &PgPool,
    variant_id: i64,
    warehouse_id: i64,
    limit: i64,
) -> Result<Vec<StockMove>> {
    Ok(sqlx::query_as::<_, StockMove>(
        "select created_at, qty, kind, reason, actor, balance from (
            select id, created_at, qty, kind, reason, actor,
                   sum(qty) over (order by id)::bigint as balance
            from stock_moves where variant_id = $1 and warehouse_id = $2) m
         order by id desc limit $3",
    )
    .bind(variant_id)
    .bind(warehouse_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// One locked stock row.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct LockedLevel {
    pub variant_id: i64,
    pub warehouse_id: i64,
    pub on_hand: i32,
    pub reserved: i32,
}

/// Locks the stock rows of these variants, always in (variant, warehouse) order, so two
/// transactions never wait for each other in a cycle: no deadlock at any concurrency.
/// Callers that will release and reserve in one transaction lock the union first.
pub async fn lock_levels(
    conn: &mut sqlx::PgConnection,
    variant_ids: &[i64],
) -> Result<Vec<LockedLevel>> {
    let mut ids = variant_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    Ok(sqlx::query_as::<_, LockedLevel>(
        "select s.variant_id, s.warehouse_id, s.on_hand, s.reserved from stock_levels s
         join warehouses w on w.id = s.warehouse_id
         where s.variant_id = any($1) and w.active
         order by s.variant_id, s.warehouse_id for update of s",
    )
    .bind(&ids)
    .fetch_all(conn)
    .await?)
}

/// What one order line still needs reserved.
#[derive(Debug, Clone, Copy)]
pub struct LineNeed {
    pub line_id: i64,
    pub variant_id: i64,
    pub need: i32,
}

/// Reservations planned in memory against stock rows locked for the transaction, then
/// written in one statement. Bulk imports plan many orders against one lock.
#[derive(Debug, Default)]
pub struct Plan {
    avail: std::collections::BTreeMap<(i64, i64), i32>,
    lines: Vec<i64>,
    variants: Vec<i64>,
    warehouses: Vec<i64>,
    qtys: Vec<i32>,
}

impl Plan {
    /// Locks the stock rows of these variants (in order) and reads what is available.
    pub async fn lock(conn: &mut sqlx::PgConnection, variant_ids: &[i64]) -> Result<Plan> {
        let levels = lock_levels(conn, variant_ids).await?;
        Ok(Plan {
            avail: levels
                .iter()
                .map(|l| ((l.variant_id, l.warehouse_id), l.on_hand - l.reserved))
                .collect(),
            ..Plan::default()
        })
    }

    /// A plan over figures read without locking: the caller's write must re-check them
    /// (the CHECK on stock_levels, and [`orderdeck_app::intake`]'s stale-stock guard).
    pub fn snapshot(levels: impl IntoIterator<Item = ((i64, i64), i32)>) -> Plan {
        Plan {
            avail: levels.into_iter().collect(),
            ..Plan::default()
        }
    }

    /// Takes what it can for each line, in the order given; returns each line's shortage.
    /// A line that one warehouse cannot fill is split: preferred first, then most stock.
    pub fn take(&mut self, needs: &[LineNeed], preferred: Option<i64>) -> Vec<(i64, i32)> {
        use orderdeck_domain::stock::{Source, allocate};
        let mut shortages = Vec::with_capacity(needs.len());
        for n in needs {
            if n.need <= 0 {
                shortages.push((n.line_id, 0));
                continue;
            }
            let sources: Vec<Source> = self
                .avail
                .range((n.variant_id, i64::MIN)..=(n.variant_id, i64::MAX))
                .map(|((_, w), a)| Source {
                    warehouse_id: *w,
                    available: *a,
                })
                .collect();
            let (takes, short) = allocate(n.need, &sources, preferred);
            for (w, q) in takes {
                if let Some(a) = self.avail.get_mut(&(n.variant_id, w)) {
                    *a -= q;
                }
                self.lines.push(n.line_id);
                self.variants.push(n.variant_id);
                self.warehouses.push(w);
                self.qtys.push(q);
            }
            shortages.push((n.line_id, short));
        }
        shortages
    }

    /// A point to go back to with [`undo`](Self::undo).
    pub fn mark(&self) -> usize {
        self.lines.len()
    }

    /// Gives back everything taken since `mark` (an order that turned out a duplicate).
    pub fn undo(&mut self, mark: usize) {
        for i in mark..self.lines.len() {
            if let Some(a) = self.avail.get_mut(&(self.variants[i], self.warehouses[i])) {
                *a += self.qtys[i];
            }
        }
        self.lines.truncate(mark);
        self.variants.truncate(mark);
        self.warehouses.truncate(mark);
        self.qtys.truncate(mark);
    }

    /// Adds everything planned to the reserved figures, each stock row once (the
    /// reservation rows were written by the caller).
    pub async fn write_levels(&self, conn: &mut sqlx::PgConnection) -> Result<()> {
        if self.lines.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "update stock_levels s set reserved = s.reserved + x.qty, updated_at = now()
             from (select variant, wh, sum(qty)::int as qty from unnest($1::bigint[], $2::bigint[], $3::int[]) as t(variant, wh, qty)
                   group by variant, wh) x
             where s.variant_id = x.variant and s.warehouse_id = x.wh",
        )
        .bind(&self.variants)
        .bind(&self.warehouses)
        .bind(&self.qtys)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// The planned reservations: (line, variant, warehouse, qty) as parallel arrays, for
    /// callers that write them in a statement of their own.
    pub fn parts(&self) -> (&[i64], &[i64], &[i64], &[i32]) {
        (&self.lines, &self.variants, &self.warehouses, &self.qtys)
    }

    /// Writes the reservations and the reserved figures, each stock row updated once.
    pub async fn write(self, conn: &mut sqlx::PgConnection) -> Result<()> {
        if self.lines.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "with r as (select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::int[]) as t(line, variant, wh, qty)),
             ins as (insert into reservations (order_line_id, variant_id, warehouse_id, qty)
                     select line, variant, wh, qty from r
                     on conflict (order_line_id, warehouse_id) do update set qty = reservations.qty + excluded.qty)
             update stock_levels s set reserved = s.reserved + x.qty, updated_at = now()
             from (select variant, wh, sum(qty)::int as qty from r group by variant, wh) x
             where s.variant_id = x.variant and s.warehouse_id = x.wh",
        )
        .bind(&self.lines)
        .bind(&self.variants)
        .bind(&self.warehouses)
        .bind(&self.qtys)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// Reserves what it can for each line (in the order given: oldest orders first), splitting
/// a line over warehouses when one cannot fill it. Returns each line's shortage.
pub async fn reserve(
    conn: &mut sqlx::PgConnection,
    needs: &[LineNeed],
    preferred: Option<i64>,
) -> Result<Vec<(i64, i32)>> {
    let variants: Vec<i64> = needs.iter().map(|n| n.variant_id).collect();
    let mut plan = Plan::lock(conn, &variants).await?;
    let shortages = plan.take(needs, preferred);
    plan.write(conn).await?;
    Ok(shortages)
}

/// Gives back every reservation of these order lines. Locks its stock rows in order.
pub async fn release(conn: &mut sqlx::PgConnection, line_ids: &[i64]) -> Result<()> {
    let variants: Vec<i64> = sqlx::query_scalar(
        "select distinct variant_id from reservations where order_line_id = any($1)",
    )
    .bind(line_ids)
    .fetch_all(&mut *conn)
    .await?;
    if variants.is_empty() {
        return Ok(());
    }
    lock_levels(conn, &variants).await?;
    sqlx::query(
        "with gone as (delete from reservations where order_line_id = any($1) returning variant_id, warehouse_id, qty)
         update stock_levels s set reserved = s.reserved - g.qty, updated_at = now()
         from (select variant_id, warehouse_id, sum(qty)::int as qty from gone group by 1, 2) g
         where s.variant_id = g.variant_id and s.warehouse_id = g.warehouse_id",
    )
    .bind(line_ids)
    .execute(conn)
    .await?;
    Ok(())
}

/// One stock move: `qty` units (negative: out) of a variant in a warehouse.
#[derive(Debug, Clone, Copy)]
pub struct Move<'a> {
    pub variant_id: i64,
    pub warehouse_id: i64,
    pub qty: i32,
    /// opening, receipt, shipment, return, write_off, count, adjustment, transfer.
    pub kind: &'a str,
    pub reason: &'a str,
    pub actor: &'a str,
    /// The table and row that caused it (a goods receipt, a stock count...).
    pub reference: Option<(&'a str, i64)>,
}

/// Posts a stock move and keeps the level in step, in the caller's transaction. The level
/// row must already be locked by the caller (or be new). Fails, changing nothing, when the
/// move would take on hand below zero or below what is reserved.
pub async fn post_move(conn: &mut sqlx::PgConnection, m: &Move<'_>) -> Result<()> {
    let Move {
        variant_id,
        warehouse_id,
        qty,
        kind,
        reason,
        actor,
        reference,
    } = *m;
    if qty == 0 {
        return Ok(());
    }
    if qty > 0 {
        sqlx::query(
            "insert into stock_levels (variant_id, warehouse_id, on_hand, reserved) values ($1, $2, $3, 0)
             on conflict (variant_id, warehouse_id) do update set on_hand = stock_levels.on_hand + excluded.on_hand, updated_at = now()",
        )
        .bind(variant_id)
        .bind(warehouse_id)
        .bind(qty)
        .execute(&mut *conn)
        .await?;
    } else {
        // An INSERT's proposed row would already break the CHECK: take stock with UPDATE.
        let changed = sqlx::query(
            "update stock_levels set on_hand = on_hand + $3, updated_at = now()
             where variant_id = $1 and warehouse_id = $2 and on_hand + $3 >= reserved",
        )
        .bind(variant_id)
        .bind(warehouse_id)
        .bind(qty)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(super::StoreError::Invalid(format!(
                "cannot take {} unit(s) out: not that much unreserved stock there",
                -qty
            )));
        }
    }
    sqlx::query(
        "insert into stock_moves (variant_id, warehouse_id, qty, kind, reason, actor, ref_table, ref_id) values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(variant_id)
    .bind(warehouse_id)
    .bind(qty)
    .bind(kind)
    .bind(reason)
    .bind(actor)
    .bind(reference.map(|r| r.0))
    .bind(reference.map(|r| r.1))
    .execute(conn)
    .await?;
    Ok(())
}

/// On hand, reserved and available per warehouse for one SKU (`orderdeck stock show`).
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct SkuStock {
    pub warehouse: String,
    pub on_hand: i32,
    pub reserved: i32,
    pub available: i32,
}

pub async fn for_sku(pool: &PgPool, sku: &str) -> Result<Option<Vec<SkuStock>>> {
    let exists: Option<i64> = sqlx::query_scalar("select id from variants where sku = $1")
        .bind(sku)
        .fetch_optional(pool)
        .await?;
    let Some(id) = exists else { return Ok(None) };
    Ok(Some(
        sqlx::query_as::<_, SkuStock>(
            "select w.code as warehouse, coalesce(s.on_hand, 0) as on_hand, coalesce(s.reserved, 0) as reserved,
                    coalesce(s.on_hand - s.reserved, 0) as available
             from warehouses w left join stock_levels s on s.warehouse_id = w.id and s.variant_id = $1
             where w.active order by w.code",
        )
        .bind(id)
        .fetch_all(pool)
        .await?,
    ))
}

/// Puts back on hand what a shipment took out (a parcel returned to us).
pub async fn restock_shipment(
    conn: &mut sqlx::PgConnection,
    shipment_id: i64,
    actor: &str,
) -> Result<()> {
    let moves: Vec<(i64, i64, i64)> = sqlx::query_as(
        "select variant_id, warehouse_id, -sum(qty)::bigint from stock_moves
         where ref_table = 'shipments' and ref_id = $1 group by variant_id, warehouse_id
         having sum(qty) < 0 order by variant_id, warehouse_id",
    )
    .bind(shipment_id)
    .fetch_all(&mut *conn)
    .await?;
    for (variant_id, warehouse_id, qty) in moves {
        let qty = i32::try_from(qty).unwrap_or(0);
        post_move(
            conn,
            &Move {
                variant_id,
                warehouse_id,
                qty,
                kind: "return",
                reason: "parcel returned by the carrier",
                actor,
                reference: Some(("shipments", shipment_id)),
            },
        )
        .await?;
    }
    Ok(())
}

/// A stock row's names: (SKU, product name, warehouse code).
pub async fn names(
    pool: &PgPool,
    variant_id: i64,
    warehouse_id: i64,
) -> Result<Option<(String, String, String)>> {
    Ok(sqlx::query_as(
        "select v.sku, p.name, w.code from variants v join products p on p.id = v.product_id, warehouses w
         where v.id = $1 and w.id = $2",
    )
    .bind(variant_id)
    .bind(warehouse_id)
    .fetch_optional(pool)
    .await?)
}

/// The reserved units leave the warehouse: reservations end and a shipment move per
/// (variant, warehouse) takes them off hand, referring to the shipment.
pub async fn consume_reserved(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    shipment_id: i64,
    actor: &str,
) -> Result<()> {
    let reserved: Vec<(i64, i64, i64)> = sqlx::query_as(
        "select r.variant_id, r.warehouse_id, sum(r.qty)::bigint from reservations r
         join order_lines l on l.id = r.order_line_id where l.order_id = $1
         group by r.variant_id, r.warehouse_id order by r.variant_id, r.warehouse_id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    let lines: Vec<i64> = sqlx::query_scalar("select id from order_lines where order_id = $1")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    release(conn, &lines).await?;
    for (variant_id, warehouse_id, qty) in reserved {
        let qty = i32::try_from(qty).map_err(|_| {
            super::StoreError::Invalid(orderdeck_i18n::t!("err-quantity-too-large"))
        })?;
        post_move(
            conn,
            &Move {
                variant_id,
                warehouse_id,
                qty: -qty,
                kind: "shipment",
                reason: "handed to the carrier",
                actor,
                reference: Some(("shipments", shipment_id)),
            },
        )
        .await?;
    }
    Ok(())
}
