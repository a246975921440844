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

/// Creates one order (or reports it as a duplicate), in one transaction.
pub async fn create_order(
    pool: &PgPool,
    order: &NewOrder,
    actor: &str,
) -> Result<IntakeOutcome, IntakeError> {
    order.validate().map_err(IntakeError::Invalid)?;
    let mut tx = pool.begin().await?;
    let outcome = create_in(&mut tx, order, actor).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Variant facts intake needs, by SKU.
#[derive(Debug, Clone, sqlx::FromRow)]
struct VariantInfo {
    id: i64,
    sku: String,
    name: String,
    sale_price: Decimal,
    vat_rate: String,
}

async fn variants_by_sku(
    conn: &mut PgConnection,
    skus: &[String],
) -> Result<HashMap<String, VariantInfo>, sqlx::Error> {
    let rows = sqlx::query_as::<_, VariantInfo>(
        "select v.id, v.sku,
                p.name || case when cardinality(v.attr_values) > 0 then ' (' || array_to_string(v.attr_values, ', ') || ')' else '' end as name,
                v.sale_price, p.vat_rate
         from variants v join products p on p.id = v.product_id where v.sku = any($1) and v.active",
    )
    .bind(skus)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|v| (v.sku.clone(), v)).collect())
}

/// The intake itself, inside the caller's transaction (imports put many in one).
pub async fn create_in(
    conn: &mut PgConnection,
    order: &NewOrder,
    actor: &str,
) -> Result<IntakeOutcome, IntakeError> {
    let channel: Option<i64> =
        sqlx::query_scalar("select id from sales_channels where code = $1 and active")
            .bind(&order.channel)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(channel_id) = channel else {
        let known: Vec<String> =
            sqlx::query_scalar("select code from sales_channels where active order by id")
                .fetch_all(&mut *conn)
                .await?;
        return Err(invalid(
            "channel",
            format!(
                "unknown channel `{}`; known: {}",
                order.channel,
                known.join(", ")
            ),
        ));
    };
    let preferred: Option<i64> = match &order.warehouse {
        Some(code) => Some(
            sqlx::query_scalar("select id from warehouses where code = $1 and active")
                .bind(code)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| invalid("warehouse", format!("unknown warehouse `{code}`")))?,
        ),
        None => None,
    };
    let skus: Vec<String> = order
        .lines
        .iter()
        .map(|l| l.sku.trim().to_string())
        .collect();
    let variants = variants_by_sku(conn, &skus).await?;
    let missing: Vec<FieldError> = skus
        .iter()
        .enumerate()
        .filter(|(_, s)| !variants.contains_key(*s))
        .map(|(i, s)| FieldError {
            field: format!("lines[{i}].sku"),
            message: format!("unknown SKU `{s}`"),
        })
        .collect();
    if !missing.is_empty() {
        return Err(IntakeError::Invalid(missing));
    }
    let priced: Vec<(&VariantInfo, i32, Decimal, Decimal)> = order
        .lines
        .iter()
        .zip(&skus)
        .map(|(l, s)| {
            let v = &variants[s];
            (v, l.qty, l.unit_price.unwrap_or(v.sale_price), l.discount)
        })
        .collect();
    let (subtotal, total) = totals(
        &priced
            .iter()
            .map(|(_, q, p, d)| (*q, *p, *d))
            .collect::<Vec<_>>(),
        order.discount,
        order.shipping_fee,
    )
    .map_err(|m| invalid("discount", m))?;

    let phone = normalise_phone(&order.customer.phone).unwrap_or_default();
    let name = order.customer.name.trim();
    let address = serde_json::to_value(&order.shipping_address).unwrap_or_default();
    // The customer: found by phone, else created; their last address is remembered.
    let customer_id: i64 = sqlx::query_scalar(
        "with found as (select id from customers where phone = $2 order by id limit 1),
              upd as (update customers c set name = $1, email = case when $3 = '' then c.email else $3 end,
                         address = $4, search_text = $5, updated_at = now()
                      where c.id = (select id from found) returning c.id),
              ins as (insert into customers (name, phone, email, address, search_text)
                      select $1, $2, $3, $4, $5 where not exists (select 1 from found) returning id)
         select id from upd union all select id from ins",
    )
    .bind(name)
    .bind(&phone)
    .bind(order.customer.email.trim())
    .bind(&address)
    .bind(search_text(&[name, &phone]))
    .fetch_one(&mut *conn)
    .await?;

    let external = order.external_id.as_deref().map(str::trim);
    // The database decides what a duplicate is: (channel, external id) is unique.
    let inserted: Option<(i64, String)> = sqlx::query_as(
        "insert into orders (number, channel_id, external_id, source, customer_id, buyer_name, buyer_phone, buyer_email,
                             ship_address, payment_method, payment_status, subtotal, discount, shipping_fee, total, note,
                             wants_invoice, preferred_warehouse_id, search_text)
         values ('OD-' || lpad(nextval('order_number_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9,
                 case when $9 = 'prepaid' then 'paid' else 'unpaid' end, $10, $11, $12, $13, $14, $15, $16, '')
         on conflict (channel_id, external_id) do nothing
         returning id, number",
    )
    .bind(channel_id)
    .bind(external)
    .bind(order.source.as_deref().unwrap_or(""))
    .bind(customer_id)
    .bind(name)
    .bind(&phone)
    .bind(order.customer.email.trim())
    .bind(&address)
    .bind(&order.payment)
    .bind(subtotal)
    .bind(order.discount)
    .bind(order.shipping_fee)
    .bind(total)
    .bind(order.note.as_deref().unwrap_or(""))
    .bind(order.wants_invoice)
    .bind(preferred)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((order_id, number)) = inserted else {
        let number: String = sqlx::query_scalar(
            "select number from orders where channel_id = $1 and external_id = $2",
        )
        .bind(channel_id)
        .bind(external)
        .fetch_one(&mut *conn)
        .await?;
        return Ok(IntakeOutcome::Duplicate { number });
    };
    sqlx::query("update orders set search_text = $2 where id = $1")
        .bind(order_id)
        .bind(search_text(&[
            &number,
            name,
            &phone,
            external.unwrap_or(""),
        ]))
        .execute(&mut *conn)
        .await?;
    let line_ids: Vec<i64> = sqlx::query_scalar(
        "insert into order_lines (order_id, line_no, variant_id, sku, name, qty, unit_price, discount, vat_rate)
         select $1, n, v, s, nm, q, p, d, vat from unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::numeric[], $8::numeric[], $9::text[])
              as t(n, v, s, nm, q, p, d, vat)
         order by n returning id",
    )
    .bind(order_id)
    .bind((1..=priced.len() as i32).collect::<Vec<_>>())
    .bind(priced.iter().map(|(v, ..)| v.id).collect::<Vec<_>>())
    .bind(priced.iter().map(|(v, ..)| v.sku.clone()).collect::<Vec<_>>())
    .bind(priced.iter().map(|(v, ..)| v.name.clone()).collect::<Vec<_>>())
    .bind(priced.iter().map(|(_, q, ..)| *q).collect::<Vec<_>>())
    .bind(priced.iter().map(|(_, _, p, _)| *p).collect::<Vec<_>>())
    .bind(priced.iter().map(|(.., d)| *d).collect::<Vec<_>>())
    .bind(priced.iter().map(|(v, ..)| v.vat_rate.clone()).collect::<Vec<_>>())
    .fetch_all(&mut *conn)
    .await?;
    store::orders::add_event(
        conn,
        order_id,
        actor,
        "created",
        &format!(
            "order received from {}, {} line(s), total {}",
            order.channel,
            priced.len(),
            crate::domain::money::format_vnd(total)
        ),
        None,
        None,
    )
    .await?;

    let needs: Vec<LineNeed> = line_ids
        .iter()
        .zip(&priced)
        .map(|(id, (v, q, ..))| LineNeed {
            line_id: *id,
            variant_id: v.id,
            need: *q,
        })
        .collect();
    let (status, shortages) =
        reserve_and_set_status(conn, order_id, &needs, preferred, actor).await?;
    Ok(IntakeOutcome::Created {
        number,
        status,
        shortages,
    })
}

/// Reserves for the given needs and moves the order to `reserved` (ready to pack) or
/// `backordered`, with a timeline event naming any shortage.
pub async fn reserve_and_set_status(
    conn: &mut PgConnection,
    order_id: i64,
    needs: &[LineNeed],
    preferred: Option<i64>,
    actor: &str,
) -> Result<(String, Vec<Shortage>), StoreError> {
    let shorts = store::stock::reserve(conn, needs, preferred).await?;
    // Shortage over the whole order, line by line (lines reserved earlier included).
    let rows: Vec<(String, i32)> = sqlx::query_as(
        "select l.sku, (l.qty - coalesce((select sum(r.qty) from reservations r where r.order_line_id = l.id), 0))::int
         from order_lines l where l.order_id = $1 order by l.line_no",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    let _ = shorts;
    let shortages: Vec<Shortage> = rows
        .into_iter()
        .filter(|(_, s)| *s > 0)
        .map(|(sku, short)| Shortage { sku, short })
        .collect();
    let status = if shortages.is_empty() {
        "reserved"
    } else {
        "backordered"
    };
    let before: Option<String> = sqlx::query_scalar("select status from orders where id = $1")
        .bind(order_id)
        .fetch_optional(&mut *conn)
        .await?;
    sqlx::query("update orders set status = $2, updated_at = now() where id = $1")
        .bind(order_id)
        .bind(status)
        .execute(&mut *conn)
        .await?;
    if before.as_deref() != Some(status) {
        let message = if shortages.is_empty() {
            "stock reserved: ready to pack".to_string()
        } else {
            format!(
                "waiting for stock: {}",
                shortages
                    .iter()
                    .map(|s| format!("{} short {}", s.sku, s.short))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        store::orders::add_event(
            conn,
            order_id,
            actor,
            status,
            &message,
            before.map(|b| serde_json::json!({ "status": b })),
            Some(serde_json::json!({ "status": status })),
        )
        .await?;
    }
    Ok((status.to_string(), shortages))
}
