//! Cancelling orders: the reason kept on the order, and what the order's issued VAT invoice
//! needs (an adjustment down to nothing, stored with the cancellation). Callers own the
//! transaction; the app decides.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::Result;

/// The order as a cancellation sees it, locked (`for update`) until the caller's
/// transaction ends.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Locked {
    pub id: i64,
    pub number: String,
    pub status: String,
}

pub async fn lock(conn: &mut PgConnection, number: &str) -> Result<Option<Locked>> {
    Ok(sqlx::query_as::<_, Locked>(
        "select id, number, status from orders where number = upper($1) for update",
    )
    .bind(number.trim())
    .fetch_optional(conn)
    .await?)
}

/// Keeps why the order was cancelled (a code of the list, and the person's words).
pub async fn set_reason(
    conn: &mut PgConnection,
    order_id: i64,
    code: &str,
    note: &str,
) -> Result<()> {
    sqlx::query("update orders set cancel_reason = $2, cancel_note = $3 where id = $1")
        .bind(order_id)
        .bind(code)
        .bind(note)
        .execute(conn)
        .await?;
    Ok(())
}

/// The invoice that currently states the sale: the latest issued original or replacement.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StandingInvoice {
    pub id: i64,
    pub provider: String,
    pub template: String,
    pub series: String,
    pub number: String,
    pub issued_at: Option<DateTime<Utc>>,
}

impl StandingInvoice {
    /// As people name it, one way everywhere ("1C26TAA-00000075").
    pub fn shown(&self) -> String {
        orderdeck_domain::invoice::shown_number(&self.series, &self.number)
    }
}

pub async fn standing_invoice(
    conn: &mut PgConnection,
    order_id: i64,
) -> Result<Option<StandingInvoice>> {
    Ok(sqlx::query_as::<_, StandingInvoice>(
        "select id, provider, template, series, number, issued_at from invoices
         where order_id = $1 and status = 'issued' and kind in ('original', 'replacement')
           and number is not null
         order by id desc limit 1",
    )
    .bind(order_id)
    .fetch_optional(conn)
    .await?)
}

/// An invoice of the order whose issue is still unclear ('issuing': the provider's answer
/// was lost): its provider. Nothing can be adjusted until it is known.
pub async fn unsure_invoice(conn: &mut PgConnection, order_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "select provider from invoices
         where order_id = $1 and status = 'issuing' and kind in ('original', 'replacement')
         order by id desc limit 1",
    )
    .bind(order_id)
    .fetch_optional(conn)
    .await?)
}

/// The adjustment a cancellation made of an invoice (its latest attempt).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Adjustment {
    pub id: i64,
    pub provider: String,
    /// issuing (not yet known to be issued), issued, or failed (refused: a new attempt
    /// gets a new row).
    pub status: String,
    pub uuid: String,
    pub number: Option<String>,
    pub series: String,
    pub last_error: Option<String>,
}

pub async fn adjustment_of(conn: &mut PgConnection, invoice_id: i64) -> Result<Option<Adjustment>> {
    Ok(sqlx::query_as::<_, Adjustment>(
        "select id, provider, status, transaction_uuid::text as uuid, number, series, last_error
         from invoices
         where replaces_invoice_id = $1 and kind = 'adjustment' and return_id is null
         order by id desc limit 1",
    )
    .bind(invoice_id)
    .fetch_optional(conn)
    .await?)
}

/// Stores, as 'issuing' under `uuid`, the adjustment that takes `of` down to nothing: its
/// lines and totals with the sign turned (a decrease of every line), the buyer and
/// payment as it stated them, in the seller's current `series`. Returns its id.
pub async fn store_adjustment(
    conn: &mut PgConnection,
    of: &StandingInvoice,
    series: &str,
    uuid: &str,
    reason: &str,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "insert into invoices (order_id, provider, template, kind, template_code, series,
                               transaction_uuid, status, buyer_company, buyer_tax_code,
                               buyer_address, buyer_email, buyer_name, payment_method,
                               subtotal, vat_amount, total, replaces_invoice_id, reason)
         select order_id, provider, template, 'adjustment', template_code, $2, $3::uuid,
                'issuing', buyer_company, buyer_tax_code, buyer_address, buyer_email,
                buyer_name, payment_method, -subtotal, -vat_amount, -total, id, $4
         from invoices where id = $1
         returning id",
    )
    .bind(of.id)
    .bind(series)
    .bind(uuid)
    .bind(reason)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "insert into invoice_lines (invoice_id, line_no, name, unit, qty, unit_price, vat_rate,
                                    amount, vat_amount)
         select $2, line_no, name, unit, qty, -unit_price, vat_rate, -amount, -vat_amount
         from invoice_lines where invoice_id = $1",
    )
    .bind(of.id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// What the cancel form says before anything happens: the order's number as stored, its
/// status, the invoice that stands (if any) and whether a cancellation's adjustment of it
/// is still to be issued.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Preview {
    pub number: String,
    pub status: String,
    pub invoice_series: Option<String>,
    pub invoice_number: Option<String>,
    pub adjustment_status: Option<String>,
}

impl Preview {
    /// The standing invoice as people name it.
    pub fn invoice(&self) -> Option<String> {
        let (s, n) = (self.invoice_series.as_ref()?, self.invoice_number.as_ref()?);
        Some(orderdeck_domain::invoice::shown_number(s, n))
    }
}

pub async fn preview(pool: &PgPool, number: &str) -> Result<Option<Preview>> {
    Ok(sqlx::query_as::<_, Preview>(
        "select o.number, o.status, i.series as invoice_series, i.number as invoice_number,
                (select a.status from invoices a
                  where a.replaces_invoice_id = i.id and a.kind = 'adjustment'
                    and a.return_id is null
                  order by a.id desc limit 1) as adjustment_status
         from orders o
         left join lateral (select id, series, number from invoices
                            where order_id = o.id and status = 'issued'
                              and kind in ('original', 'replacement') and number is not null
                            order by id desc limit 1) i on true
         where o.number = upper($1)",
    )
    .bind(number.trim())
    .fetch_optional(pool)
    .await?)
}

/// For the order's page: why it was cancelled, and the invoice adjustment still owed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Shown {
    pub cancel_reason: Option<String>,
    pub cancel_note: String,
    /// The invoice a cancellation's adjustment is for, and the adjustment.
    pub invoice_series: Option<String>,
    pub invoice_number: Option<String>,
    pub adjustment_status: Option<String>,
    pub adjustment_series: Option<String>,
    pub adjustment_number: Option<String>,
    pub adjustment_error: Option<String>,
}

impl Shown {
    /// The adjusted invoice as people name it.
    pub fn invoice(&self) -> Option<String> {
        let (s, n) = (self.invoice_series.as_ref()?, self.invoice_number.as_ref()?);
        Some(orderdeck_domain::invoice::shown_number(s, n))
    }

    /// The adjustment as people name it, once it has a number.
    pub fn adjustment(&self) -> Option<String> {
        let (s, n) = (
            self.adjustment_series.as_ref()?,
            self.adjustment_number.as_ref()?,
        );
        Some(orderdeck_domain::invoice::shown_number(s, n))
    }
}

pub async fn shown(pool: &PgPool, order_id: i64) -> Result<Option<Shown>> {
    Ok(sqlx::query_as::<_, Shown>(
        "select o.cancel_reason, o.cancel_note, i.series as invoice_series,
                i.number as invoice_number, a.status as adjustment_status,
                a.series as adjustment_series, a.number as adjustment_number,
                a.last_error as adjustment_error
         from orders o
         left join lateral (select a.id, a.status, a.series, a.number, a.last_error,
                                   a.replaces_invoice_id
                            from invoices a
                            where a.order_id = o.id and a.kind = 'adjustment'
                              and a.return_id is null
                            order by a.id desc limit 1) a on true
         left join invoices i on i.id = a.replaces_invoice_id
         where o.id = $1 and o.status = 'cancelled'",
    )
    .bind(order_id)
    .fetch_optional(pool)
    .await?)
}
