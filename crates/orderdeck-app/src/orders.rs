//! Changing orders: edit with a version check (no lost update), cancel (reservations
//! released). Each is one transaction; every change is a timeline event.

use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::{OrderEventKind, Said};
use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::intake::Shortage;
use orderdeck_domain::intake::{FieldError, MAX_QTY, normalise_phone, totals};
pub use orderdeck_domain::order_edit::{EditLine, OrderEdit};
use orderdeck_store::{self as store, StoreError, stock::LineNeed};

#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("{}", orderdeck_i18n::t!("err-no-order", number = .0))]
    NotFound(String),
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-order-conflict",
            number = .number,
            by = .by,
            yours = .yours.to_string(),
            current = .current.to_string()
        )
    )]
    Conflict {
        number: String,
        yours: i32,
        current: i32,
        by: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-order-wrong-state", number = .number, status = .status.shown(), what = .what)
    )]
    WrongState {
        number: String,
        status: OrderStatus,
        what: String,
    },
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// Its invoice's issue is unclear (the provider's answer was lost): it is settled
    /// before the order can be cancelled, so the adjustment can name it.
    #[error("{}", orderdeck_i18n::t!("err-cancel-invoice-unsure", number = .number, provider = .provider))]
    InvoiceUnsure { number: String, provider: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for OrderError {
    fn from(e: sqlx::Error) -> Self {
        OrderError::Store(e.into())
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct Locked {
    id: i64,
    number: String,
    #[sqlx(try_from = "String")]
    status: OrderStatus,
    version: i32,
    buyer_name: String,
    buyer_phone: String,
    buyer_email: String,
    ship_address: serde_json::Value,
    discount: Decimal,
    shipping_fee: Decimal,
    preferred_warehouse_id: Option<i64>,
    external_id: Option<String>,
}

async fn lock_order(conn: &mut sqlx::PgConnection, number: &str) -> Result<Locked, OrderError> {
    sqlx::query_as::<_, Locked>(
        "select id, number, status, version, buyer_name, buyer_phone, buyer_email, ship_address, discount, shipping_fee,
                preferred_warehouse_id, external_id
         from orders where number = upper($1) for update",
    )
    .bind(number.trim())
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| OrderError::NotFound(number.to_string()))
}

pub use crate::cancelling::{Cancelled, InvoiceAfterCancel, cancel};

/// Cancels an order the caller has locked (`select … for update`) in its transaction
/// and found [`OrderStatus::cancellable`]: reservations released, claim dropped, the
/// timeline told what `said`. The units it held go to orders waiting for them, the
/// oldest first — before any new order can take them.
pub async fn cancel_locked(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    status_before: &str,
    actor: &str,
    said: &Said,
) -> Result<(), StoreError> {
    let lines: Vec<i64> = sqlx::query_scalar("select id from order_lines where order_id = $1")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    let freed: Vec<i64> = sqlx::query_scalar(
        "select distinct r.variant_id from reservations r where r.order_line_id = any($1) order by 1",
    )
    .bind(&lines)
    .fetch_all(&mut *conn)
    .await?;
    store::stock::release(conn, &lines).await?;
    sqlx::query("update orders set status = 'cancelled', claimed_by = null, claimed_at = null, version = version + 1, updated_at = now() where id = $1")
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    store::orders::add_event_said(
        conn,
        order_id,
        actor,
        &OrderEventKind::Cancelled,
        said,
        Some(serde_json::json!({"status": status_before})),
        Some(serde_json::json!({"status": "cancelled"})),
    )
    .await?;
    if !freed.is_empty() {
        crate::purchasing::fill_backorders(conn, &freed, actor).await?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub version: i32,
    pub status: String,
    pub shortages: Vec<Shortage>,
}

/// Applies an edit if the order is still at `expected_version`; otherwise a conflict
/// that says who changed it, and nothing is saved.
pub async fn edit(
    pool: &PgPool,
    number: &str,
    expected_version: i32,
    change: &OrderEdit,
    actor: &str,
) -> Result<Edited, OrderError> {
    let mut errors = Vec::new();
    if let Some(n) = &change.buyer_name
        && (n.trim().is_empty() || n.chars().count() > 200)
    {
        errors.push(FieldError {
            field: "buyer_name".into(),
            message: orderdeck_i18n::t!("err-must-be-1-200-chars"),
        });
    }
    if let Some(p) = &change.buyer_phone
        && normalise_phone(p).is_none()
    {
        errors.push(FieldError {
            field: "buyer_phone".into(),
            message: orderdeck_i18n::t!("err-phone-not-vietnamese-short", phone = p),
        });
    }
    if let Some(lines) = &change.lines {
        if lines.is_empty() {
            errors.push(FieldError {
                field: "lines".into(),
                message: orderdeck_i18n::t!("err-order-edit-no-lines"),
            });
        }
        for (i, l) in lines.iter().enumerate() {
            if l.qty <= 0 || l.qty > MAX_QTY {
                errors.push(FieldError {
                    field: format!("lines[{i}].qty"),
                    message: orderdeck_i18n::t!("err-qty-range", max = MAX_QTY.to_string()),
                });
            }
            if l.unit_price.is_some_and(|p| p.is_sign_negative()) {
                errors.push(FieldError {
                    field: format!("lines[{i}].unit_price"),
                    message: orderdeck_i18n::t!("err-cannot-be-negative"),
                });
            }
        }
    }
    for (f, v) in [
        ("shipping_fee", change.shipping_fee),
        ("discount", change.discount),
    ] {
        if v.is_some_and(|x| x.is_sign_negative()) {
            errors.push(FieldError {
                field: f.into(),
                message: orderdeck_i18n::t!("err-cannot-be-negative"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }

    let mut tx = pool.begin().await?;
    let o = lock_order(&mut tx, number).await?;
    if o.version != expected_version {
        let by: String = sqlx::query_scalar(
            "select actor from order_events where order_id = $1 order by id desc limit 1",
        )
        .bind(o.id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_else(|| orderdeck_i18n::t!("err-someone"));
        return Err(OrderError::Conflict {
            number: o.number,
            yours: expected_version,
            current: o.version,
            by,
        });
    }
    if !o.status.editable_buyer() || (change.lines.is_some() && !o.status.editable_lines()) {
        return Err(OrderError::WrongState {
            number: o.number,
            status: o.status,
            what: orderdeck_i18n::t!("err-what-this-edit"),
        });
    }
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    let mut what = Vec::new();
    let mut note =
        |field: &str, b: serde_json::Value, a: serde_json::Value, what: &mut Vec<String>| {
            if b != a {
                what.push(field.to_string());
                before.insert(field.into(), b);
                after.insert(field.into(), a);
            }
        };
    let name = change
        .buyer_name
        .clone()
        .map(|n| n.trim().to_string())
        .unwrap_or(o.buyer_name.clone());
    let phone = change
        .buyer_phone
        .as_deref()
        .and_then(normalise_phone)
        .unwrap_or(o.buyer_phone.clone());
    let email = change.buyer_email.clone().unwrap_or(o.buyer_email.clone());
    let address = change
        .ship_address
        .as_ref()
        .map(|a| serde_json::to_value(a).unwrap_or_default())
        .unwrap_or(o.ship_address.clone());
    note(
        "buyer_name",
        o.buyer_name.clone().into(),
        name.clone().into(),
        &mut what,
    );
    note(
        "buyer_phone",
        o.buyer_phone.clone().into(),
        phone.clone().into(),
        &mut what,
    );
    note(
        "buyer_email",
        o.buyer_email.clone().into(),
        email.clone().into(),
        &mut what,
    );
    note(
        "ship_address",
        o.ship_address.clone(),
        address.clone(),
        &mut what,
    );
    let shipping_fee = change.shipping_fee.unwrap_or(o.shipping_fee);
    let discount = change.discount.unwrap_or(o.discount);
    // Compared as numbers: 30000.00 stored and 30000 typed are the same fee.
    note(
        "shipping_fee",
        o.shipping_fee.normalize().to_string().into(),
        shipping_fee.normalize().to_string().into(),
        &mut what,
    );
    note(
        "discount",
        o.discount.normalize().to_string().into(),
        discount.normalize().to_string().into(),
        &mut what,
    );

    #[derive(sqlx::FromRow)]
    struct Line {
        id: i64,
        variant_id: i64,
        sku: String,
        qty: i32,
        unit_price: Decimal,
        discount: Decimal,
    }
    let mut lines: Vec<Line> = sqlx::query_as("select id, variant_id, sku, qty, unit_price, discount from order_lines where order_id = $1 order by line_no")
        .bind(o.id)
        .fetch_all(&mut *tx)
        .await?;
    let mut shortages = Vec::new();
    let mut status = o.status.to_string();
    if let Some(new_lines) = &change.lines {
        // Resolve the new SKUs first: an unknown SKU changes nothing.
        let skus: Vec<String> = new_lines.iter().map(|l| l.sku.trim().to_string()).collect();
        #[derive(sqlx::FromRow)]
        struct V {
            id: i64,
            sku: String,
            name: String,
            sale_price: Decimal,
            vat_rate: String,
        }
        let known: Vec<V> = sqlx::query_as(
            "select v.id, v.sku, p.name || case when cardinality(v.attr_values) > 0 then ' (' || array_to_string(v.attr_values, ', ') || ')' else '' end as name,
                    v.sale_price, p.vat_rate
             from variants v join products p on p.id = v.product_id where v.sku = any($1)",
        )
        .bind(&skus)
        .fetch_all(&mut *tx)
        .await?;
        let unknown: Vec<FieldError> = skus
            .iter()
            .enumerate()
            .filter(|(_, s)| !known.iter().any(|k| &k.sku == *s))
            .map(|(i, s)| FieldError {
                field: format!("lines[{i}].sku"),
                message: orderdeck_i18n::t!("err-unknown-sku", sku = s),
            })
            .collect();
        if !unknown.is_empty() {
            return Err(OrderError::Invalid(unknown));
        }
        let before_lines: Vec<serde_json::Value> = lines
            .iter()
            .map(|l| serde_json::json!({"sku": l.sku, "qty": l.qty}))
            .collect();
        let after_lines: Vec<serde_json::Value> = new_lines
            .iter()
            .map(|l| serde_json::json!({"sku": l.sku.trim(), "qty": l.qty}))
            .collect();
        if before_lines != after_lines {
            // Lock every stock row involved, old and new, in one ordered pass, then give
            // back and take again: nobody else can slip in between.
            let mut all: Vec<i64> = lines
                .iter()
                .map(|l| l.variant_id)
                .chain(known.iter().map(|k| k.id))
                .collect();
            all.sort_unstable();
            store::stock::lock_levels(&mut tx, &all).await?;
            let old_ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
            store::stock::release(&mut tx, &old_ids).await?;
            sqlx::query("delete from order_lines where order_id = $1")
                .bind(o.id)
                .execute(&mut *tx)
                .await?;
            let mut fresh = Vec::new();
            for (i, nl) in new_lines.iter().enumerate() {
                let Some(v) = known.iter().find(|k| k.sku == nl.sku.trim()) else {
                    continue;
                };
                let price = nl
                    .unit_price
                    .or_else(|| lines.iter().find(|l| l.sku == v.sku).map(|l| l.unit_price))
                    .unwrap_or(v.sale_price);
                let line_discount = lines
                    .iter()
                    .find(|l| l.sku == v.sku)
                    .map(|l| l.discount)
                    .unwrap_or_default();
                let id: i64 = sqlx::query_scalar(
                    "insert into order_lines (order_id, line_no, variant_id, sku, name, qty, unit_price, discount, vat_rate)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
                )
                .bind(o.id)
                .bind(i as i32 + 1)
                .bind(v.id)
                .bind(&v.sku)
                .bind(&v.name)
                .bind(nl.qty)
                .bind(price)
                .bind(line_discount)
                .bind(&v.vat_rate)
                .fetch_one(&mut *tx)
                .await?;
                fresh.push(Line {
                    id,
                    variant_id: v.id,
                    sku: v.sku.clone(),
                    qty: nl.qty,
                    unit_price: price,
                    discount: line_discount,
                });
            }
            lines = fresh;
            note("lines", before_lines.into(), after_lines.into(), &mut what);
            let needs: Vec<LineNeed> = lines
                .iter()
                .map(|l| LineNeed {
                    line_id: l.id,
                    variant_id: l.variant_id,
                    need: l.qty,
                })
                .collect();
            let (st, sh) = crate::intake::reserve_and_set_status(
                &mut tx,
                o.id,
                &needs,
                o.preferred_warehouse_id,
                actor,
            )
            .await?;
            status = st;
            shortages = sh;
        }
    }
    let (subtotal, total) = totals(
        &lines
            .iter()
            .map(|l| (l.qty, l.unit_price, l.discount))
            .collect::<Vec<_>>(),
        discount,
        shipping_fee,
    )
    .map_err(|m| {
        OrderError::Invalid(vec![FieldError {
            field: "discount".into(),
            message: m,
        }])
    })?;
    if what.is_empty() {
        return Ok(Edited {
            version: o.version,
            status,
            shortages,
        });
    }
    let number_text = o.number.clone();
    let version: i32 = sqlx::query_scalar(
        "update orders set buyer_name = $2, buyer_phone = $3, buyer_email = $4, ship_address = $5, shipping_fee = $6,
                discount = $7, subtotal = $8, total = $9, search_text = $10, version = version + 1, updated_at = now()
         where id = $1 returning version",
    )
    .bind(o.id)
    .bind(&name)
    .bind(&phone)
    .bind(&email)
    .bind(&address)
    .bind(shipping_fee)
    .bind(discount)
    .bind(subtotal)
    .bind(total)
    .bind(orderdeck_store::orders::search_text(&[&number_text, &name, &phone, o.external_id.as_deref().unwrap_or("")]))
    .fetch_one(&mut *tx)
    .await?;
    store::orders::add_event(
        &mut tx,
        o.id,
        actor,
        &OrderEventKind::Edited,
        &format!("changed {}", what.join(", ")),
        Some(before.into()),
        Some(after.into()),
    )
    .await?;
    tx.commit().await?;
    Ok(Edited {
        version,
        status,
        shortages,
    })
}
