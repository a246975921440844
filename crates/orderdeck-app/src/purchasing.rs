//! Purchasing: purchase orders drafted from backorders (one per supplier), confirmed,
//! received in full or in part; received stock goes through the ledger and waiting
//! backorders are reserved automatically, oldest first.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

pub use orderdeck_domain::purchasing::{ManualPo, ReceiptLine, SupplierInput};
use orderdeck_store::{self as store, StoreError, stock::LineNeed};

#[derive(Debug, thiserror::Error)]
pub enum PurchaseError {
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for PurchaseError {
    fn from(e: sqlx::Error) -> Self {
        PurchaseError::Store(e.into())
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Drafted {
    pub purchase_orders: Vec<String>,
    /// SKUs short with no supplier known: nothing drafted for them.
    pub no_supplier: Vec<String>,
}

/// Drafts purchase orders for every shortage not already on order: one per supplier
/// (the last supplier of that SKU, else the product's usual one), quantity = shortage,
/// price = the last price paid to that supplier (else the cost price).
pub async fn draft_from_backorders(pool: &PgPool, actor: &str) -> Result<Drafted, PurchaseError> {
    let mut tx = pool.begin().await?;
    // One drafting at a time, so two managers pressing the key do not order twice.
    sqlx::query("select pg_advisory_xact_lock(7102)")
        .execute(&mut *tx)
        .await?;
    #[derive(sqlx::FromRow)]
    struct Short {
        variant_id: i64,
        sku: String,
        short: i64,
        supplier_id: Option<i64>,
        price: Option<Decimal>,
        warehouse_id: Option<i64>,
    }
    let shorts: Vec<Short> = sqlx::query_as(
        "with need as (
            select l.variant_id, sum(l.qty - coalesce((select sum(r.qty) from reservations r where r.order_line_id = l.id), 0)) as short
            from order_lines l join orders o on o.id = l.order_id
            where o.status = 'backordered' group by l.variant_id),
         on_order as (
            select pl.variant_id, sum(pl.qty - pl.received_qty - pl.rejected_qty) as qty
            from purchase_order_lines pl join purchase_orders po on po.id = pl.purchase_order_id
            where po.status in ('draft', 'confirmed', 'partially_received') group by pl.variant_id),
         last_po as (
            select distinct on (pl.variant_id) pl.variant_id, po.supplier_id, pl.unit_price, po.warehouse_id
            from purchase_order_lines pl join purchase_orders po on po.id = pl.purchase_order_id
            where po.status <> 'cancelled' order by pl.variant_id, po.created_at desc)
         select n.variant_id, v.sku, (n.short - coalesce(oo.qty, 0))::bigint as short,
                coalesce(lp.supplier_id, p.supplier_id) as supplier_id,
                coalesce(case when lp.supplier_id = coalesce(lp.supplier_id, p.supplier_id) then lp.unit_price end, v.cost_price) as price,
                lp.warehouse_id
         from need n join variants v on v.id = n.variant_id join products p on p.id = v.product_id
         left join on_order oo on oo.variant_id = n.variant_id
         left join last_po lp on lp.variant_id = n.variant_id
         where n.short - coalesce(oo.qty, 0) > 0
         order by v.sku",
    )
    .fetch_all(&mut *tx)
    .await?;
    let default_wh: Option<i64> =
        sqlx::query_scalar("select id from warehouses where active order by id limit 1")
            .fetch_optional(&mut *tx)
            .await?;
    let mut by_supplier: BTreeMap<i64, Vec<&Short>> = BTreeMap::new();
    let mut no_supplier = Vec::new();
    for s in &shorts {
        match s.supplier_id {
            Some(sup) => by_supplier.entry(sup).or_default().push(s),
            None => no_supplier.push(s.sku.clone()),
        }
    }
    let mut numbers = Vec::new();
    for (supplier, lines) in by_supplier {
        let lead: i32 = sqlx::query_scalar("select lead_time_days from suppliers where id = $1")
            .bind(supplier)
            .fetch_one(&mut *tx)
            .await?;
        let wh = lines
            .iter()
            .find_map(|l| l.warehouse_id)
            .or(default_wh)
            .ok_or_else(|| PurchaseError::Refused(orderdeck_i18n::t!("err-po-no-warehouse")))?;
        let (id, number): (i64, String) = sqlx::query_as(
            "insert into purchase_orders (number, supplier_id, warehouse_id, status, expected_at, created_by, note)
             values ('PO-' || lpad(nextval('po_number_seq')::text, 5, '0'), $1, $2, 'draft', current_date + $3, $4, 'drafted from backorders')
             returning id, number",
        )
        .bind(supplier)
        .bind(wh)
        .bind(lead)
        .bind(actor)
        .fetch_one(&mut *tx)
        .await?;
        let mut total = Decimal::ZERO;
        for l in lines {
            let qty = i32::try_from(l.short).unwrap_or(i32::MAX);
            let price = l.price.unwrap_or_default();
            total += price * Decimal::from(qty);
            sqlx::query("insert into purchase_order_lines (purchase_order_id, variant_id, qty, unit_price) values ($1, $2, $3, $4)")
                .bind(id)
                .bind(l.variant_id)
                .bind(qty)
                .bind(price)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("update purchase_orders set total = $2 where id = $1")
            .bind(id)
            .bind(total)
            .execute(&mut *tx)
            .await?;
        numbers.push(number);
    }
    tx.commit().await?;
    Ok(Drafted {
        purchase_orders: numbers,
        no_supplier,
    })
}

async fn lock_po(
    conn: &mut PgConnection,
    number: &str,
) -> Result<(i64, String, i64), PurchaseError> {
    sqlx::query_as(
        "select id, status, warehouse_id from purchase_orders where number = upper($1) for update",
    )
    .bind(number.trim())
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| PurchaseError::Refused(orderdeck_i18n::t!("err-no-po", number = number)))
}

/// draft → confirmed.
pub async fn confirm(pool: &PgPool, number: &str) -> Result<(), PurchaseError> {
    let mut tx = pool.begin().await?;
    let (id, status, _) = lock_po(&mut tx, number).await?;
    if status != "draft" {
        return Err(PurchaseError::Refused(orderdeck_i18n::t!(
            "err-po-confirm-not-draft",
            number = number,
            status = &status
        )));
    }
    sqlx::query("update purchase_orders set status = 'confirmed', version = version + 1, updated_at = now() where id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels a purchase order that has received nothing.
pub async fn cancel(pool: &PgPool, number: &str) -> Result<(), PurchaseError> {
    let mut tx = pool.begin().await?;
    let (id, status, _) = lock_po(&mut tx, number).await?;
    if !matches!(status.as_str(), "draft" | "confirmed") {
        return Err(PurchaseError::Refused(orderdeck_i18n::t!(
            "err-po-cannot-cancel",
            number = number,
            status = &status
        )));
    }
    sqlx::query("update purchase_orders set status = 'cancelled', version = version + 1, updated_at = now() where id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Received {
    pub status: String,
    /// Orders that became ready to pack thanks to this receipt.
    pub filled_orders: Vec<String>,
}

/// Receives goods against a confirmed purchase order. `None` receives everything still
/// expected. Stock rises through the ledger and backorders are reserved, oldest first.
pub async fn receive(
    pool: &PgPool,
    number: &str,
    lines: Option<&[ReceiptLine]>,
    actor: &str,
) -> Result<Received, PurchaseError> {
    let mut tx = pool.begin().await?;
    let (po_id, status, warehouse_id) = lock_po(&mut tx, number).await?;
    if !matches!(status.as_str(), "confirmed" | "partially_received") {
        return Err(PurchaseError::Refused(orderdeck_i18n::t!(
            "err-po-confirm-first",
            number = number,
            status = &status
        )));
    }
    #[derive(sqlx::FromRow)]
    struct Line {
        id: i64,
        variant_id: i64,
        sku: String,
        remaining: i32,
    }
    let po_lines: Vec<Line> = sqlx::query_as(
        "select l.id, l.variant_id, v.sku, l.qty - l.received_qty - l.rejected_qty as remaining
         from purchase_order_lines l join variants v on v.id = l.variant_id where l.purchase_order_id = $1 order by l.variant_id",
    )
    .bind(po_id)
    .fetch_all(&mut *tx)
    .await?;
    let wanted: Vec<ReceiptLine> = match lines {
        Some(l) => l.to_vec(),
        None => po_lines
            .iter()
            .filter(|l| l.remaining > 0)
            .map(|l| ReceiptLine {
                sku: l.sku.clone(),
                accepted: l.remaining,
                rejected: 0,
                reason: String::new(),
            })
            .collect(),
    };
    let mut problems = Vec::new();
    let mut plan = Vec::new();
    for w in &wanted {
        match po_lines.iter().find(|l| l.sku == w.sku.trim()) {
            None => problems.push(orderdeck_i18n::t!(
                "err-po-sku-not-on",
                sku = &w.sku,
                number = number
            )),
            Some(_) if w.accepted < 0 || w.rejected < 0 => {
                problems.push(orderdeck_i18n::t!("err-po-negative-qty", sku = &w.sku))
            }
            Some(l) if w.accepted + w.rejected > l.remaining => problems.push(orderdeck_i18n::t!(
                "err-po-too-many-received",
                sku = &w.sku,
                received = w.accepted + w.rejected,
                expected = l.remaining
            )),
            Some(_) if w.rejected > 0 && w.reason.trim().is_empty() => {
                problems.push(orderdeck_i18n::t!(
                    "err-po-say-why-rejected",
                    sku = &w.sku,
                    rejected = w.rejected
                ))
            }
            Some(l) => plan.push((l, w)),
        }
    }
    if !problems.is_empty() {
        return Err(PurchaseError::Refused(problems.join("; ")));
    }
    if plan.iter().all(|(_, w)| w.accepted + w.rejected == 0) {
        return Err(PurchaseError::Refused(orderdeck_i18n::t!(
            "err-po-nothing-to-receive"
        )));
    }
    let receipt: i64 = sqlx::query_scalar("insert into goods_receipts (purchase_order_id, warehouse_id, received_by) values ($1, $2, $3) returning id")
        .bind(po_id)
        .bind(warehouse_id)
        .bind(actor)
        .fetch_one(&mut *tx)
        .await?;
    let variants: Vec<i64> = plan.iter().map(|(l, _)| l.variant_id).collect();
    store::stock::lock_levels(&mut tx, &variants).await?;
    for (l, w) in &plan {
        sqlx::query("insert into goods_receipt_lines (goods_receipt_id, purchase_order_line_id, accepted_qty, rejected_qty, reject_reason) values ($1, $2, $3, $4, $5)")
            .bind(receipt)
            .bind(l.id)
            .bind(w.accepted)
            .bind(w.rejected)
            .bind(w.reason.trim())
            .execute(&mut *tx)
            .await?;
        sqlx::query("update purchase_order_lines set received_qty = received_qty + $2, rejected_qty = rejected_qty + $3 where id = $1")
            .bind(l.id)
            .bind(w.accepted)
            .bind(w.rejected)
            .execute(&mut *tx)
            .await?;
        let reason = format!("goods receipt for {number}");
        let m = store::stock::Move {
            variant_id: l.variant_id,
            warehouse_id,
            qty: w.accepted,
            kind: "receipt",
            reason: &reason,
            actor,
            reference: Some(("goods_receipts", receipt)),
        };
        store::stock::post_move(&mut tx, &m).await?;
    }
    let open: i64 = sqlx::query_scalar("select count(*) from purchase_order_lines where purchase_order_id = $1 and qty > received_qty + rejected_qty")
        .bind(po_id)
        .fetch_one(&mut *tx)
        .await?;
    let new_status = if open == 0 {
        "received"
    } else {
        "partially_received"
    };
    sqlx::query("update purchase_orders set status = $2, version = version + 1, updated_at = now() where id = $1").bind(po_id).bind(new_status).execute(&mut *tx).await?;
    let filled = fill_backorders(&mut tx, &variants, actor).await?;
    tx.commit().await?;
    Ok(Received {
        status: new_status.into(),
        filled_orders: filled,
    })
}

/// Reserves stock for backordered orders that want these variants, oldest order first.
/// Returns the orders that became ready to pack.
pub async fn fill_backorders(
    conn: &mut PgConnection,
    variants: &[i64],
    actor: &str,
) -> Result<Vec<String>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Waiting {
        order_id: i64,
        number: String,
        preferred: Option<i64>,
    }
    let waiting: Vec<Waiting> = sqlx::query_as(
        "select o.id as order_id, o.number, o.preferred_warehouse_id as preferred from orders o
         where o.status = 'backordered'
           and exists (select 1 from order_lines l where l.order_id = o.id and l.variant_id = any($1))
         order by o.created_at, o.id for update of o",
    )
    .bind(variants)
    .fetch_all(&mut *conn)
    .await?;
    let mut filled = Vec::new();
    for w in waiting {
        let needs: Vec<LineNeed> = sqlx::query_as::<_, (i64, i64, i32)>(
            "select l.id, l.variant_id, (l.qty - coalesce((select sum(r.qty) from reservations r where r.order_line_id = l.id), 0))::int
             from order_lines l where l.order_id = $1 order by l.line_no",
        )
        .bind(w.order_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(line_id, variant_id, need)| LineNeed { line_id, variant_id, need })
        .collect();
        let (status, _) =
            crate::intake::reserve_and_set_status(conn, w.order_id, &needs, w.preferred, actor)
                .await?;
        if status == "reserved" {
            filled.push(w.number);
        }
    }
    Ok(filled)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PoSummary {
    pub number: String,
    pub supplier: String,
    pub warehouse: String,
    pub status: String,
    pub expected_at: Option<chrono::NaiveDate>,
    pub total: Decimal,
    pub late: bool,
}

pub async fn list(pool: &PgPool) -> Result<Vec<PoSummary>, StoreError> {
    Ok(sqlx::query_as::<_, PoSummary>(
        "select po.number, s.name as supplier, w.code as warehouse, po.status, po.expected_at, po.total,
                (po.status in ('confirmed', 'partially_received') and po.expected_at < current_date) as late
         from purchase_orders po join suppliers s on s.id = po.supplier_id join warehouses w on w.id = po.warehouse_id
         order by po.created_at desc, po.id desc",
    )
    .fetch_all(pool)
    .await?)
}

/// Creates (`id` None) or updates a supplier; problems come back by field.
pub async fn save_supplier(
    pool: &PgPool,
    id: Option<i64>,
    s: &SupplierInput,
) -> Result<Result<String, Vec<(String, String)>>, StoreError> {
    let mut errors = Vec::new();
    if s.name.trim().is_empty() || s.name.chars().count() > 200 {
        errors.push(("name".to_string(), "1–200 characters".to_string()));
    }
    let tax = s.tax_code.trim();
    let tax = if tax.is_empty() {
        String::new()
    } else {
        match orderdeck_domain::tax_code::validate(tax) {
            Ok(t) => t,
            Err(e) => {
                errors.push(("tax_code".into(), e.to_string()));
                String::new()
            }
        }
    };
    if !s.phone.trim().is_empty()
        && !s
            .phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-()".contains(c))
    {
        errors.push((
            "phone".into(),
            "digits only (spaces, dots and dashes allowed)".into(),
        ));
    }
    let lead: i32 = match s.lead_time_days.trim().parse() {
        Ok(n) if (0..=365).contains(&n) => n,
        _ => {
            errors.push((
                "lead_time_days".into(),
                "a number of days from 0 to 365".into(),
            ));
            0
        }
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let res: Result<i64, sqlx::Error> = match id {
        None => sqlx::query_scalar("insert into suppliers (name, contact, phone, tax_code, lead_time_days) values ($1, $2, $3, $4, $5) returning id")
            .bind(s.name.trim())
            .bind(s.contact.trim())
            .bind(s.phone.trim())
            .bind(&tax)
            .bind(lead)
            .fetch_one(pool)
            .await,
        Some(id) => sqlx::query_scalar("update suppliers set name = $2, contact = $3, phone = $4, tax_code = $5, lead_time_days = $6 where id = $1 returning id")
            .bind(id)
            .bind(s.name.trim())
            .bind(s.contact.trim())
            .bind(s.phone.trim())
            .bind(&tax)
            .bind(lead)
            .fetch_one(pool)
            .await,
    };
    match res {
        Ok(_) => Ok(Ok(format!("supplier {} saved", s.name.trim()))),
        Err(e) if e.as_database_error().and_then(|d| d.code()).as_deref() == Some("23505") => {
            Ok(Err(vec![(
                "name".into(),
                "another supplier already has that name".into(),
            )]))
        }
        Err(e) => Err(e.into()),
    }
}

/// Creates a draft purchase order; the price defaults to the last one paid, else the cost.
pub async fn create_manual(
    pool: &PgPool,
    po: &ManualPo,
    actor: &str,
) -> Result<Result<String, Vec<(String, String)>>, StoreError> {
    let mut errors = Vec::new();
    let mut tx = pool.begin().await?;
    let supplier: Option<(i64, i32)> = sqlx::query_as(
        "select id, lead_time_days from suppliers where lower(name) = lower($1) and active",
    )
    .bind(po.supplier.trim())
    .fetch_optional(&mut *tx)
    .await?;
    if supplier.is_none() {
        errors.push((
            "supplier".to_string(),
            format!("no supplier named `{}`", po.supplier.trim()),
        ));
    }
    let wh: Option<i64> =
        sqlx::query_scalar("select id from warehouses where code = upper($1) and active")
            .bind(po.warehouse.trim())
            .fetch_optional(&mut *tx)
            .await?;
    if wh.is_none() {
        errors.push((
            "warehouse".into(),
            format!("no active warehouse `{}`", po.warehouse.trim()),
        ));
    }
    let expected = match po.expected.trim() {
        "" => None,
        d => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(("expected".into(), "a date like 2026-12-31".into()));
                None
            }
        },
    };
    let mut lines: Vec<(i64, String, i32, Decimal)> = Vec::new();
    for (i, raw) in po
        .lines
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parts: Vec<&str> = raw.split_whitespace().collect();
        let (sku, qty, price) = match parts.as_slice() {
            [sku, qty] => (*sku, qty.parse::<i32>().ok(), None),
            [sku, qty, price] => (
                *sku,
                qty.parse::<i32>().ok(),
                Some(price.replace('.', "").parse::<Decimal>().ok()),
            ),
            _ => {
                errors.push((
                    "lines".into(),
                    format!("line {}: write SKU qty [price]", i + 1),
                ));
                continue;
            }
        };
        let Some(qty) = qty.filter(|q| (1..=1_000_000).contains(q)) else {
            errors.push((
                "lines".into(),
                format!("line {}: quantity must be a whole number from 1", i + 1),
            ));
            continue;
        };
        let known: Option<(i64, Decimal)> = sqlx::query_as("select id, cost_price from variants where upper(sku) = upper($1) or barcode = $1 limit 1")
            .bind(sku)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((variant, cost)) = known else {
            errors.push((
                "lines".into(),
                format!("line {}: unknown SKU `{sku}`", i + 1),
            ));
            continue;
        };
        let price = match price {
            Some(Some(p)) if !p.is_sign_negative() => p,
            Some(_) => {
                errors.push(("lines".into(), format!("line {}: the price is not an amount", i + 1)));
                continue;
            }
            None => sqlx::query_scalar::<_, Decimal>(
                "select pl.unit_price from purchase_order_lines pl join purchase_orders p on p.id = pl.purchase_order_id
                 where pl.variant_id = $1 and p.supplier_id = $2 order by p.created_at desc limit 1",
            )
            .bind(variant)
            .bind(supplier.map(|s| s.0))
            .fetch_optional(&mut *tx)
            .await?
            .unwrap_or(cost),
        };
        if lines.iter().any(|l| l.0 == variant) {
            errors.push((
                "lines".into(),
                format!("line {}: {sku} is already on this order", i + 1),
            ));
            continue;
        }
        lines.push((variant, sku.to_string(), qty, price));
    }
    if lines.is_empty() && !errors.iter().any(|(k, _)| k == "lines") {
        errors.push(("lines".into(), "at least one line: SKU qty [price]".into()));
    }
    let (Some((supplier_id, lead)), Some(wh)) = (supplier, wh) else {
        return Ok(Err(errors));
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let total: Decimal = lines.iter().map(|(_, _, q, p)| Decimal::from(*q) * p).sum();
    let (id, number): (i64, String) = sqlx::query_as(
        "insert into purchase_orders (number, supplier_id, warehouse_id, status, expected_at, created_by, total)
         values ('PO-' || lpad(nextval('po_number_seq')::text, 5, '0'), $1, $2, 'draft', coalesce($3, current_date + $4), $5, $6)
         returning id, number",
    )
    .bind(supplier_id)
    .bind(wh)
    .bind(expected)
    .bind(lead)
    .bind(actor)
    .bind(total)
    .fetch_one(&mut *tx)
    .await?;
    for (variant, _, qty, price) in &lines {
        sqlx::query("insert into purchase_order_lines (purchase_order_id, variant_id, qty, unit_price) values ($1, $2, $3, $4)")
            .bind(id)
            .bind(variant)
            .bind(qty)
            .bind(price)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(format!(
        "drafted {number} ({} line(s)); confirm it with c",
        lines.len()
    )))
}

/// What is still expected on a purchase order, as receipt lines to edit.
pub async fn remaining(pool: &PgPool, number: &str) -> Result<Vec<ReceiptLine>, StoreError> {
    let rows: Vec<(String, i32)> = sqlx::query_as(
        "select v.sku, l.qty - l.received_qty - l.rejected_qty from purchase_order_lines l
         join purchase_orders po on po.id = l.purchase_order_id join variants v on v.id = l.variant_id
         where po.number = upper($1) and l.qty > l.received_qty + l.rejected_qty order by v.sku",
    )
    .bind(number.trim())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(sku, n)| ReceiptLine {
            sku,
            accepted: n,
            rejected: 0,
            reason: String::new(),
        })
        .collect())
}

/// A supplier as its form edits it.
pub async fn load_supplier(pool: &PgPool, id: i64) -> Result<Option<SupplierInput>, StoreError> {
    let row: Option<(String, String, String, String, i32)> = sqlx::query_as(
        "select name, contact, phone, tax_code, lead_time_days from suppliers where id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(name, contact, phone, tax_code, lead)| SupplierInput {
            name,
            contact,
            phone,
            tax_code,
            lead_time_days: lead.to_string(),
        }),
    )
}
