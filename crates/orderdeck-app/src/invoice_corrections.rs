//! After a return, the order's issued invoice no longer states what was sold. An issued
//! invoice is never edited: a replacement invoice (S-Invoice type 3, MISA reference
//! type 1) carries the complete corrected contents — what the customer kept — and names
//! the invoice it replaces by number, symbol, template and date.
//!
//! It goes through the same exactly-once path as an original (`invoicing::send`): the row
//! with its transaction uuid is stored first, and a unique index allows one corrective
//! invoice per return and one replacement per invoice, whatever retries or stations do.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::invoicing::{
    InvoiceDraft, InvoicingConfig, IssueError, Issued, RowKind, Sending, invoice_lines, send,
    store_issuing, symbol_for, template_code,
};
use orderdeck_domain::intake::FieldError;
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate, PaymentMethod, compute_totals};
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_integrations::invoice_providers::InvoiceProviders;

/// The invoice an order currently has: the latest issued original or replacement.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CurrentInvoice {
    pub id: i64,
    pub provider: String,
    pub template: String,
    pub series: String,
    pub number: Option<String>,
    pub issued_at: Option<DateTime<Utc>>,
}

pub async fn current_invoice(
    pool: &PgPool,
    order_id: i64,
) -> Result<Option<CurrentInvoice>, sqlx::Error> {
    sqlx::query_as(
        "select id, provider, template, series, number, issued_at from invoices
         where order_id = $1 and status = 'issued' and kind in ('original', 'replacement')
         order by id desc limit 1",
    )
    .bind(order_id)
    .fetch_optional(pool)
    .await
}

/// The corrective invoice a return already has (any attempt that may have been issued).
type ExistingRow = (i64, String, String, String, Option<String>);

/// Issues the replacement invoice a received return calls for, exactly once.
///
/// `Ok(None)` when the order has no issued invoice (nothing to correct). Running it again
/// for the same return finishes an attempt that was left unsure, or reports the
/// replacement already issued.
pub async fn replace_after_return(
    pool: &PgPool,
    providers: &InvoiceProviders,
    config: &InvoicingConfig,
    return_id: i64,
    actor: &str,
) -> Result<Option<Issued>, IssueError> {
    let ret: Option<(i64, String, String, String, Decimal)> = sqlx::query_as(
        "select o.id, o.number, r.reason, r.status, o.shipping_fee
         from returns r join orders o on o.id = r.order_id where r.id = $1",
    )
    .bind(return_id)
    .fetch_optional(pool)
    .await?;
    let Some((order_id, order_number, reason, status, shipping_fee)) = ret else {
        return Err(IssueError::NotFound(orderdeck_i18n::t!(
            "err-return-ref",
            id = return_id.to_string()
        )));
    };
    if status != "received" {
        return Err(IssueError::Config(orderdeck_i18n::t!(
            "err-return-not-received",
            id = return_id.to_string(),
            status = &status
        )));
    }
    let existing: Option<ExistingRow> = sqlx::query_as(
        "select id, provider, status, transaction_uuid::text, number from invoices
         where return_id = $1 and status in ('issuing', 'issued', 'replaced')
         order by id desc limit 1",
    )
    .bind(return_id)
    .fetch_optional(pool)
    .await?;
    if let Some((id, prov, status, uuid, number)) = existing {
        if status != "issuing" {
            return Err(IssueError::Config(orderdeck_i18n::t!(
                "err-return-already-replaced",
                id = return_id.to_string(),
                order = &order_number,
                number = number.unwrap_or_default()
            )));
        }
        let row = Pending {
            id,
            provider: prov,
            uuid,
        };
        return finish(pool, providers, config, row, order_id, &order_number, actor)
            .await
            .map(Some);
    }
    let Some(current) = current_invoice(pool, order_id).await? else {
        return Ok(None);
    };
    let why = format!(
        "Thay thế hóa đơn {} số {} do khách trả hàng: {}",
        current.series,
        current.number.as_deref().unwrap_or_default(),
        reason.trim()
    );
    let target = Target {
        order_id,
        order_number: &order_number,
        shipping_fee,
        return_id: Some(return_id),
        buyer: None,
        why: &why,
    };
    replace_current(pool, providers, config, &current, &target, actor)
        .await
        .map(Some)
}

/// Issues a replacement of the order's invoice with the buyer corrected (a wrong name,
/// tax code or address): an issued invoice is never edited, it is replaced, once.
pub async fn replace_with_buyer(
    pool: &PgPool,
    providers: &InvoiceProviders,
    config: &InvoicingConfig,
    order_number: &str,
    buyer: Buyer,
    reason: &str,
    actor: &str,
) -> Result<Issued, IssueError> {
    let order: Option<(i64, String, Decimal)> =
        sqlx::query_as("select id, number, shipping_fee from orders where number = upper($1)")
            .bind(order_number.trim())
            .fetch_optional(pool)
            .await?;
    let Some((order_id, order_number, shipping_fee)) = order else {
        return Err(IssueError::NotFound(order_number.trim().to_string()));
    };
    if reason.trim().is_empty() {
        return Err(IssueError::Config(orderdeck_i18n::t!(
            "err-replace-say-why"
        )));
    }
    // A replacement left 'issuing' by an unclear answer is finished, never doubled.
    let pending: Option<(i64, String, String)> = sqlx::query_as(
        "select c.id, c.provider, c.transaction_uuid::text from invoices c
         join invoices o on o.id = c.replaces_invoice_id
         where o.order_id = $1 and c.kind = 'replacement' and c.status = 'issuing'
           and c.return_id is null
         order by c.id desc limit 1",
    )
    .bind(order_id)
    .fetch_optional(pool)
    .await?;
    if let Some((id, provider, uuid)) = pending {
        let row = Pending { id, provider, uuid };
        return finish(pool, providers, config, row, order_id, &order_number, actor).await;
    }
    let Some(current) = current_invoice(pool, order_id).await? else {
        return Err(IssueError::Config(orderdeck_i18n::t!(
            "err-nothing-to-replace",
            order = &order_number
        )));
    };
    let why = format!(
        "Thay thế hóa đơn {} số {}: {}",
        current.series,
        current.number.as_deref().unwrap_or_default(),
        reason.trim()
    );
    let target = Target {
        order_id,
        order_number: &order_number,
        shipping_fee,
        return_id: None,
        buyer: Some(buyer),
        why: &why,
    };
    replace_current(pool, providers, config, &current, &target, actor).await
}

/// A corrective invoice an earlier attempt left 'issuing'.
struct Pending {
    id: i64,
    provider: String,
    uuid: String,
}

/// Finishes a pending row with the provider it started with: looked up first, never sent
/// twice (see `invoicing::send`).
async fn finish(
    pool: &PgPool,
    providers: &InvoiceProviders,
    config: &InvoicingConfig,
    row: Pending,
    order_id: i64,
    order_number: &str,
    actor: &str,
) -> Result<Issued, IssueError> {
    let kind = ProviderKind::parse(&row.provider).ok_or_else(|| {
        IssueError::Config(orderdeck_i18n::t!(
            "err-invoice-unknown-provider-named",
            id = row.id.to_string(),
            provider = &row.provider
        ))
    })?;
    let sending = Sending {
        invoice_id: row.id,
        order_id,
        order_number,
        uuid: row.uuid,
        fresh: false,
    };
    send(pool, providers, kind, sending, config, actor).await
}

/// What a replacement is for.
struct Target<'a> {
    order_id: i64,
    order_number: &'a str,
    shipping_fee: Decimal,
    return_id: Option<i64>,
    /// The corrected buyer; `None` keeps the replaced invoice's.
    buyer: Option<Buyer>,
    why: &'a str,
}

/// Stores and sends the replacement of `current`: the order's lines as they stand (net of
/// returns), the buyer as given or as the replaced invoice stated it.
async fn replace_current(
    pool: &PgPool,
    providers: &InvoiceProviders,
    config: &InvoicingConfig,
    current: &CurrentInvoice,
    t: &Target<'_>,
    actor: &str,
) -> Result<Issued, IssueError> {
    let (order_id, shipping_fee) = (t.order_id, t.shipping_fee);
    let order_number = t.order_number.to_string();
    let return_id = t.return_id;
    let kind = ProviderKind::parse(&current.provider).ok_or_else(|| {
        IssueError::Config(orderdeck_i18n::t!(
            "err-invoice-unknown-provider",
            id = current.id.to_string()
        ))
    })?;
    providers.get(kind)?;
    let template = InvoiceTemplate::parse(&current.template).ok_or_else(|| {
        IssueError::Config(orderdeck_i18n::t!(
            "err-invoice-unknown-template",
            id = current.id.to_string()
        ))
    })?;
    let old_number = current.number.clone().unwrap_or_default();
    let lines = invoice_lines(pool, &order_number, shipping_fee).await?;
    if lines.is_empty() {
        return Err(IssueError::Invalid {
            order: order_number,
            problems: vec![FieldError {
                field: "lines".into(),
                message: orderdeck_i18n::t!(
                    "err-replacement-no-lines",
                    invoice = orderdeck_domain::invoice::shown_number(&current.series, &old_number)
                ),
            }],
        });
    }
    let totals = compute_totals(template, &lines).map_err(|e| IssueError::Invalid {
        order: order_number.clone(),
        problems: vec![FieldError {
            field: "lines".into(),
            message: e.to_string(),
        }],
    })?;
    let words = totals
        .total_in_words()
        .map_err(|e| IssueError::Config(e.to_string()))?;
    // The buyer and payment as the replaced invoice stated them (they may have been
    // corrected at issue time); the seller from the config.
    let (company, tax_code, address, email, name, payment): (
        String,
        String,
        String,
        String,
        String,
        String,
    ) = sqlx::query_as(
        "select buyer_company, buyer_tax_code, buyer_address, buyer_email, buyer_name,
                payment_method from invoices where id = $1",
    )
    .bind(current.id)
    .fetch_one(pool)
    .await?;
    let now = Utc::now();
    let draft = InvoiceDraft {
        order_number: order_number.clone(),
        template,
        symbol: symbol_for(config, template, now)?,
        date: now,
        seller_name: config.seller_name.clone(),
        seller_tax_code: config.seller_tax_code.clone(),
        seller_address: config.seller_address.clone(),
        seller_phone: config.seller_phone.clone(),
        seller_bank_account: config.seller_bank_account.clone(),
        buyer: t.buyer.clone().unwrap_or(Buyer {
            company,
            tax_code,
            address,
            email,
            name,
        }),
        payment: PaymentMethod::parse(&payment).unwrap_or_default(),
        lines,
        totals,
        words,
        problems: Vec::new(),
        issued: None,
    };
    let problems = draft.buyer.validate(template);
    if !problems.is_empty() {
        return Err(IssueError::Invalid {
            order: order_number,
            problems,
        });
    }
    let row = RowKind {
        kind: "replacement",
        replaces: Some(current.id),
        return_id,
        reason: t.why,
    };
    let code = template_code(config, template);
    let (invoice_id, uuid, _) = store_issuing(pool, order_id, kind, &draft, &code, &row)
        .await
        .map_err(|e| already_corrected(e, &order_number))?;
    let sending = Sending {
        invoice_id,
        order_id,
        order_number: &order_number,
        uuid,
        fresh: true,
    };
    send(pool, providers, kind, sending, config, actor).await
}

/// Two stations correcting at once: the unique indexes keep the second out.
fn already_corrected(e: IssueError, order: &str) -> IssueError {
    if let IssueError::Store(orderdeck_store::StoreError::Sql(sqlx::Error::Database(db))) = &e
        && matches!(
            db.constraint(),
            Some("invoices_one_per_return" | "invoices_replaced_once")
        )
    {
        return IssueError::Config(orderdeck_i18n::t!(
            "err-invoice-being-replaced",
            order = order
        ));
    }
    e
}

/// The buyer as the order's current invoice states it.
pub async fn current_buyer(pool: &PgPool, order_number: &str) -> Result<Buyer, IssueError> {
    issued_buyer(pool, order_number)
        .await?
        .map(|(_, buyer)| buyer)
        .ok_or_else(|| {
            IssueError::Config(orderdeck_i18n::t!(
                "err-nothing-to-replace",
                order = order_number.trim()
            ))
        })
}

/// The order's current issued invoice as people name it ("1C26TAA C26TAA75") and the
/// buyer it states; `None` when the order has none.
pub async fn issued_buyer(
    pool: &PgPool,
    order_number: &str,
) -> Result<Option<(String, Buyer)>, sqlx::Error> {
    type Row = (
        String,
        Option<String>,
        String,
        String,
        String,
        String,
        String,
    );
    let row: Option<Row> = sqlx::query_as(
        "select i.series, i.number, i.buyer_company, i.buyer_tax_code, i.buyer_address,
                i.buyer_email, i.buyer_name
         from invoices i join orders o on o.id = i.order_id
         where o.number = upper($1) and i.status = 'issued'
           and i.kind in ('original', 'replacement')
         order by i.id desc limit 1",
    )
    .bind(order_number.trim())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(series, number, company, tax_code, address, email, name)| {
            let buyer = Buyer {
                company,
                tax_code,
                address,
                email,
                name,
            };
            (format!("{series} {}", number.unwrap_or_default()), buyer)
        },
    ))
}
