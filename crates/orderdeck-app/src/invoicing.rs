//! An order's VAT e-invoice as a draft: seller from the config, buyer from the order
//! (company fields as given), lines split from the VAT-inclusive selling prices, the
//! per-rate breakdown, totals and the amount in words — and its text form, laid out like
//! the paper invoice, for `orderdeck invoice preview`.

use chrono::{DateTime, Datelike, Utc};
use orderdeck_domain::order_event::{OrderEventKind, Said};
use rust_decimal::Decimal;
use serde::Deserialize;
use sqlx::PgPool;

use orderdeck_domain::intake::FieldError;
use orderdeck_domain::invoice::{
    Buyer, InvoiceLine, InvoiceSymbol, InvoiceTemplate, PaymentMethod, VatRate, compute_totals,
};
pub use orderdeck_domain::invoice_document::{BuyerOverride, InvoiceDraft, render_text, to_json};
use orderdeck_store::StoreError;

mod auto;
pub use auto::*;

mod pdf;
pub use pdf::*;

/// `[invoicing]` in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InvoicingConfig {
    pub seller_name: String,
    pub seller_tax_code: String,
    pub seller_address: String,
    pub seller_phone: String,
    pub seller_bank_account: String,
    /// Invoice symbol of the VAT template, such as `1C26TAA` (default: 1C<yy>TAA).
    pub vat_symbol: Option<String>,
    /// Invoice symbol of the sales template, such as `2C26TBB` (default: 2C<yy>TAA).
    pub sales_symbol: Option<String>,
    /// The provider's registered template code of the VAT template (default `1/001`).
    pub vat_template_code: Option<String>,
    /// The provider's registered template code of the sales template (default `2/001`).
    pub sales_template_code: Option<String>,
    /// Issue invoices by themselves when orders complete, with this provider (sinvoice
    /// or misa): for every order whose customer asked for one, and for every order at or
    /// above `auto_threshold`. Not set: invoices are issued on request only.
    pub auto_provider: Option<String>,
    /// Total in đồng at or above which a completed order gets an invoice unasked.
    pub auto_threshold: Option<u64>,
    /// vat (default) or sales.
    pub auto_template: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum InvoiceDraftError {
    #[error("{}", orderdeck_i18n::t!("err-no-order", number = .0))]
    NotFound(String),
    #[error(
        "{}",
        orderdeck_i18n::t!("err-invoice-cannot-be-made", problems = problem_list(.0))
    )]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for InvoiceDraftError {
    fn from(e: sqlx::Error) -> Self {
        InvoiceDraftError::Store(e.into())
    }
}

/// Problems one to a line, each under a dash.
fn problem_list(problems: &[FieldError]) -> String {
    problems
        .iter()
        .map(|e| format!("  - {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn invalid(field: &str, message: impl Into<String>) -> InvoiceDraftError {
    InvoiceDraftError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

/// Builds the draft; `buyer` overrides what the order holds (company, tax code …).
pub async fn draft(
    pool: &PgPool,
    config: &InvoicingConfig,
    number: &str,
    template: InvoiceTemplate,
    buyer: Option<Buyer>,
    now: DateTime<Utc>,
) -> Result<InvoiceDraft, InvoiceDraftError> {
    let order: Option<(String, String, String, serde_json::Value, String, Decimal)> =
        sqlx::query_as(
            "select number, buyer_name, buyer_email, ship_address, payment_method, shipping_fee
             from orders where number = upper($1)",
        )
        .bind(number.trim())
        .fetch_optional(pool)
        .await?;
    let Some((number, name, email, address, payment, shipping_fee)) = order else {
        return Err(InvoiceDraftError::NotFound(number.trim().to_string()));
    };
    let lines = invoice_lines(pool, &number, shipping_fee).await?;
    let totals = compute_totals(template, &lines).map_err(|e| invalid("lines", e.to_string()))?;
    let words = totals
        .total_in_words()
        .map_err(|e| invalid("total", e.to_string()))?;
    let part = |k: &str| {
        address
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let buyer = buyer.unwrap_or_else(|| Buyer {
        company: String::new(),
        tax_code: String::new(),
        address: ["line1", "ward", "district", "province"]
            .iter()
            .map(|k| part(k))
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        email: email.clone(),
        name: name.clone(),
    });
    let problems = buyer.validate(template);
    let symbol = symbol_for(config, template, now)?;
    Ok(InvoiceDraft {
        order_number: number,
        template,
        symbol,
        date: now,
        seller_name: config.seller_name.clone(),
        seller_tax_code: config.seller_tax_code.clone(),
        seller_address: config.seller_address.clone(),
        seller_phone: config.seller_phone.trim().to_string(),
        seller_bank_account: config.seller_bank_account.trim().to_string(),
        buyer,
        payment: if payment == "prepaid" {
            PaymentMethod::Transfer
        } else {
            PaymentMethod::CashOrTransfer
        },
        lines,
        totals,
        words,
        problems,
        issued: None,
    })
}

/// The invoice symbol of `template`: the configured one, or 1C<yy>TAA / 2C<yy>TAA.
pub(crate) fn symbol_for(
    config: &InvoicingConfig,
    template: InvoiceTemplate,
    now: DateTime<Utc>,
) -> Result<String, InvoiceDraftError> {
    let configured = match template {
        InvoiceTemplate::Vat => config.vat_symbol.as_deref(),
        InvoiceTemplate::Sales => config.sales_symbol.as_deref(),
    };
    Ok(match configured {
        Some(s) => InvoiceSymbol::parse(s)
            .map_err(|e| {
                invalid(
                    "symbol",
                    orderdeck_i18n::t!("err-invoicing-symbol", symbol = s, error = e.to_string()),
                )
            })?
            .to_string(),
        None => InvoiceSymbol::default_for(template, now.year())
            .map_err(|e| invalid("symbol", e.to_string()))?
            .to_string(),
    })
}

/// The order's lines as invoice lines (split from the VAT-inclusive selling prices), and
/// the shipping fee as a line of its own. What came back in a received return is left
/// out: an invoice states what was sold.
pub(crate) async fn invoice_lines(
    pool: &PgPool,
    order_number: &str,
    shipping_fee: Decimal,
) -> Result<Vec<InvoiceLine>, InvoiceDraftError> {
    let rows: Vec<(String, i32, i64, Decimal, Decimal, String)> = sqlx::query_as(
        "select l.name, l.qty,
                coalesce((select sum(rl.qty) from return_lines rl
                          join returns r on r.id = rl.return_id
                          where rl.order_line_id = l.id and r.status = 'received'), 0)::bigint,
                l.unit_price, l.discount, l.vat_rate
         from order_lines l
         where l.order_id = (select id from orders where number = $1) order by l.line_no",
    )
    .bind(order_number)
    .fetch_all(pool)
    .await?;
    let mut lines = Vec::with_capacity(rows.len() + 1);
    for (i, (line_name, qty, returned, price, discount, rate)) in rows.into_iter().enumerate() {
        let rate = VatRate::parse(&rate)
            .map_err(|e| invalid(&format!("lines[{i}].vat_rate"), e.to_string()))?;
        // Selling prices include VAT; a line discount lowers what was paid per unit.
        let per_unit = if qty > 0 {
            (price - discount / Decimal::from(qty)).round_dp(0)
        } else {
            price
        };
        let billed = i32::try_from(i64::from(qty) - returned).unwrap_or(0);
        if billed <= 0 {
            continue;
        }
        lines.push(
            InvoiceLine::from_gross(line_name, "cái", billed, per_unit.max(Decimal::ZERO), rate)
                .map_err(|e| invalid(&format!("lines[{i}]"), e.to_string()))?,
        );
    }
    if shipping_fee > Decimal::ZERO {
        lines.push(
            InvoiceLine::from_gross("Phí vận chuyển", "lần", 1, shipping_fee, VatRate::Ten)
                .map_err(|e| invalid("shipping_fee", e.to_string()))?,
        );
    }
    Ok(lines)
}

// ---------------------------------------------------------------------------------------
// Issuing
// ---------------------------------------------------------------------------------------

use orderdeck_integrations::invoice_provider::{
    self as provider, InvoiceError, InvoiceProvider, InvoiceRequest, IssuedInvoice, ProviderKind,
};
use orderdeck_integrations::invoice_providers::InvoiceProviders;

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error("{}", orderdeck_i18n::t!("err-no-order", number = .0))]
    NotFound(String),
    #[error(
        "{}",
        orderdeck_i18n::t!("err-invoice-cannot-be-issued", order = .order, problems = problem_list(.problems))
    )]
    Invalid {
        order: String,
        problems: Vec<FieldError>,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-invoice-already-issued",
            order = .order,
            number = .number,
            series = .series,
            provider = .provider
        )
    )]
    AlreadyIssued {
        order: String,
        provider: String,
        series: String,
        number: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-invoice-issuing-elsewhere", order = .order, provider = .provider)
    )]
    IssuingElsewhere { order: String, provider: String },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-invoice-unsure",
            provider = *.provider,
            cause = .cause.to_string(),
            order = .order,
            uuid = .uuid
        )
    )]
    Unsure {
        order: String,
        provider: &'static str,
        uuid: String,
        cause: Box<InvoiceError>,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-invoice-held",
            cause = .cause.to_string(),
            order = .order,
            uuid = .uuid
        )
    )]
    Held {
        order: String,
        uuid: String,
        cause: Box<InvoiceError>,
    },
    #[error("{0}")]
    Config(String),
    #[error("{}", orderdeck_i18n::t!("err-order-says", order = .order, message = .message))]
    NoPdf { order: String, message: String },
    #[error(transparent)]
    Provider(#[from] InvoiceError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for IssueError {
    fn from(e: sqlx::Error) -> Self {
        IssueError::Store(e.into())
    }
}

impl From<InvoiceDraftError> for IssueError {
    fn from(e: InvoiceDraftError) -> Self {
        match e {
            InvoiceDraftError::NotFound(n) => IssueError::NotFound(n),
            InvoiceDraftError::Invalid(problems) => IssueError::Invalid {
                order: String::new(),
                problems,
            },
            InvoiceDraftError::Store(s) => IssueError::Store(s),
        }
    }
}

/// What `issue` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Issued {
    pub order_number: String,
    pub provider: String,
    pub invoice_id: i64,
    pub number: String,
    pub series: String,
    pub tax_authority_code: Option<String>,
    pub transaction_uuid: String,
    pub total: Decimal,
    pub pdf_stored: bool,
    /// The invoice existed at the provider already (an earlier attempt had reached it).
    pub recovered: bool,
}

/// A live invoice row of an order: (id, provider, status, uuid, series, number).
type LiveRow = (i64, String, String, String, String, Option<String>);

async fn live_invoice(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
) -> Result<Option<LiveRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, provider, status, transaction_uuid::text, series, number from invoices
         where order_id = $1 and kind = 'original' and status in ('issuing', 'issued', 'replaced')
         order by id desc limit 1",
    )
    .bind(order_id)
    .fetch_optional(conn)
    .await
}

/// What to do with a live row: refuse, or carry on with the row an earlier attempt left.
fn check_live(order: &str, kind: ProviderKind, row: LiveRow) -> Result<(i64, String), IssueError> {
    let (id, prov, status, uuid, series, number) = row;
    if status == "issued" || status == "replaced" {
        return Err(IssueError::AlreadyIssued {
            order: order.to_string(),
            provider: ProviderKind::parse(&prov).map_or(prov.clone(), |k| k.label().to_string()),
            series,
            number: number.unwrap_or_default(),
        });
    }
    if prov != kind.code() {
        return Err(IssueError::IssuingElsewhere {
            order: order.to_string(),
            provider: prov,
        });
    }
    Ok((id, uuid))
}

pub(crate) fn template_code(config: &InvoicingConfig, template: InvoiceTemplate) -> String {
    let configured = match template {
        InvoiceTemplate::Vat => config.vat_template_code.as_deref(),
        InvoiceTemplate::Sales => config.sales_template_code.as_deref(),
    };
    configured
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map_or_else(|| format!("{}/001", template.number()), str::to_string)
}

/// The invoice date as the seller sees it (Vietnam time).
fn issue_date(now: DateTime<Utc>) -> chrono::NaiveDate {
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset");
    now.with_timezone(&vn).date_naive()
}

/// What an invoice row is: an order's original, or the correction of an issued one.
pub(crate) struct RowKind<'a> {
    /// original, replacement or adjustment.
    pub kind: &'static str,
    pub replaces: Option<i64>,
    pub return_id: Option<i64>,
    pub reason: &'a str,
}

impl RowKind<'_> {
    const ORIGINAL: RowKind<'static> = RowKind {
        kind: "original",
        replaces: None,
        return_id: None,
        reason: "",
    };
}

/// Stores the invoice and its lines as 'issuing' with a fresh transaction uuid, or
/// returns the 'issuing' row an earlier attempt left (then `false`).
pub(crate) async fn store_issuing(
    pool: &PgPool,
    order_id: i64,
    kind: ProviderKind,
    d: &InvoiceDraft,
    template_code: &str,
    row: &RowKind<'_>,
) -> Result<(i64, String, bool), IssueError> {
    let mut tx = pool.begin().await?;
    // Serialises stations issuing for the same order.
    sqlx::query("select id from orders where id = $1 for update")
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    if row.kind == "original"
        && let Some(row) = live_invoice(&mut tx, order_id).await?
    {
        let (id, uuid) = check_live(&d.order_number, kind, row)?;
        return Ok((id, uuid, false));
    }
    let uuid = provider::new_transaction_uuid();
    let id: i64 = sqlx::query_scalar(
        "insert into invoices (order_id, provider, template, kind, template_code, series,
                               transaction_uuid, status, buyer_company, buyer_tax_code,
                               buyer_address, buyer_email, buyer_name, payment_method,
                               subtotal, vat_amount, total, replaces_invoice_id, return_id,
                               reason)
         values ($1, $2, $3, $16, $4, $5, $6::uuid, 'issuing', $7, $8, $9, $10, $11,
                 $12, $13, $14, $15, $17, $18, $19)
         returning id",
    )
    .bind(order_id)
    .bind(kind.code())
    .bind(d.template.as_str())
    .bind(template_code)
    .bind(&d.symbol)
    .bind(&uuid)
    .bind(d.buyer.company.trim())
    .bind(d.buyer.tax_code.trim())
    .bind(d.buyer.address.trim())
    .bind(d.buyer.email.trim())
    .bind(d.buyer.name.trim())
    .bind(d.payment.code())
    .bind(d.totals.subtotal)
    .bind(d.totals.vat_amount)
    .bind(d.totals.total)
    .bind(row.kind)
    .bind(row.replaces)
    .bind(row.return_id)
    .bind(row.reason)
    .fetch_one(&mut *tx)
    .await?;
    for (i, (l, a)) in d.lines.iter().zip(&d.totals.lines).enumerate() {
        sqlx::query(
            "insert into invoice_lines (invoice_id, line_no, name, unit, qty, unit_price,
                                        vat_rate, amount, vat_amount)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(i32::try_from(i + 1).unwrap_or(i32::MAX))
        .bind(&l.name)
        .bind(&l.unit)
        .bind(l.qty)
        .bind(a.unit_price.round_dp(2))
        .bind(l.rate.as_str())
        .bind(a.amount)
        .bind(a.vat_amount)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok((id, uuid, true))
}

/// The request, built from the stored row and lines only: every attempt for one
/// transaction uuid sends the same invoice.
async fn stored_request(
    pool: &PgPool,
    invoice_id: i64,
    seller_tax_code: &str,
    now: DateTime<Utc>,
) -> Result<InvoiceRequest, IssueError> {
    #[allow(clippy::type_complexity)]
    let row: (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Decimal,
        Decimal,
        Decimal,
    ) = sqlx::query_as(
        "select transaction_uuid::text, template_code, series, buyer_company, buyer_tax_code,
                buyer_address, buyer_email, buyer_name, payment_method, subtotal, vat_amount, total
         from invoices where id = $1",
    )
    .bind(invoice_id)
    .fetch_one(pool)
    .await?;
    let (uuid, template_code, series, company, tax_code, address, email, name, payment) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8,
    );
    let (subtotal, vat, total) = (row.9, row.10, row.11);
    // line_no, name, unit, qty, unit_price, vat_rate, amount, vat_amount
    type StoredLine = (i32, String, String, i32, Decimal, String, Decimal, Decimal);
    let lines: Vec<StoredLine> = sqlx::query_as(
        "select line_no, name, unit, qty, unit_price, vat_rate, amount, vat_amount
             from invoice_lines where invoice_id = $1 order by line_no",
    )
    .bind(invoice_id)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(lines.len());
    for (line_no, name, unit, qty, unit_price, rate, amount, vat_amount) in lines {
        let rate = VatRate::parse(&rate).map_err(|e| {
            IssueError::Config(orderdeck_i18n::t!(
                "err-invoice-line-config",
                line = line_no.to_string(),
                error = e.to_string()
            ))
        })?;
        out.push(provider::InvoiceLine {
            line_no: u32::try_from(line_no).unwrap_or(0),
            name,
            unit,
            qty: Decimal::from(qty),
            unit_price: unit_price.normalize(),
            vat_rate: rate,
            amount: amount.normalize(),
            vat_amount: vat_amount.normalize(),
        });
    }
    // An adjustment that decreases (a cancelled sale) carries a negative total; its words
    // say the amount, the adjustment type says which way.
    let words = orderdeck_domain::vn_words::amount_in_words(total.abs()).map_err(|e| {
        IssueError::Config(orderdeck_i18n::t!(
            "err-total-in-words",
            error = e.to_string()
        ))
    })?;
    let reference = stored_reference(pool, invoice_id).await?;
    Ok(InvoiceRequest {
        transaction_uuid: uuid,
        template: template_code,
        series,
        issue_date: issue_date(now),
        seller_tax_code: seller_tax_code.trim().to_string(),
        buyer: provider::Buyer {
            company,
            tax_code,
            address,
            email,
            name,
        },
        payment_method: PaymentMethod::parse(&payment).unwrap_or_default(),
        currency: "VND".into(),
        lines: out,
        totals: provider::InvoiceTotals {
            before_vat: subtotal.normalize(),
            vat: vat.normalize(),
            total: total.normalize(),
        },
        total_in_words: words,
        reference,
    })
}

/// For a replacement or adjustment row: the invoice it corrects, as the provider needs
/// to name it (number, symbol, template, date) and the reason.
async fn stored_reference(
    pool: &PgPool,
    invoice_id: i64,
) -> Result<Option<provider::InvoiceReference>, IssueError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(
        String,
        String,
        Option<String>,
        String,
        String,
        Option<DateTime<Utc>>,
    )> = sqlx::query_as(
        "select c.kind, c.reason, o.number, o.series, o.template_code, o.issued_at
             from invoices c join invoices o on o.id = c.replaces_invoice_id
             where c.id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(pool)
    .await?;
    let Some((kind, reason, number, series, template, issued_at)) = row else {
        return Ok(None);
    };
    let (Some(number), Some(issued_at)) = (number, issued_at) else {
        return Err(IssueError::Config(orderdeck_i18n::t!(
            "err-invoice-corrects-unissued",
            id = invoice_id.to_string()
        )));
    };
    Ok(Some(provider::InvoiceReference {
        kind: if kind == "adjustment" {
            provider::ReferenceKind::Adjustment
        } else {
            provider::ReferenceKind::Replacement
        },
        original_number: number,
        original_series: series,
        original_template: template,
        original_issue_date: issue_date(issued_at),
        reason,
    }))
}

/// Issues the order's e-invoice with `kind`, exactly once.
///
/// The invoice row and its lines are stored as 'issuing' with a fresh transaction uuid
/// before the provider is called. After an unclear answer the provider is asked for that
/// uuid; if it still cannot say, the row stays 'issuing' and the same call later looks it
/// up first. A definite refusal marks the row 'failed'. An issued invoice is never
/// touched again (a replacement is the way to change it).
#[allow(clippy::too_many_arguments)]
pub async fn issue(
    pool: &PgPool,
    providers: &InvoiceProviders,
    config: &InvoicingConfig,
    number: &str,
    template: InvoiceTemplate,
    kind: ProviderKind,
    buyer: Option<Buyer>,
    actor: &str,
) -> Result<Issued, IssueError> {
    // An unconfigured provider is said before anything is stored.
    providers.get(kind)?;
    if config.seller_name.trim().is_empty() || config.seller_tax_code.trim().is_empty() {
        return Err(IssueError::Config(orderdeck_i18n::t!(
            "err-invoice-seller-not-set"
        )));
    }
    let order: Option<(i64, String)> =
        sqlx::query_as("select id, number from orders where number = upper($1)")
            .bind(number.trim())
            .fetch_optional(pool)
            .await?;
    let Some((order_id, order_number)) = order else {
        return Err(IssueError::NotFound(number.trim().to_string()));
    };
    // An earlier attempt's row comes first: issued means refuse, issuing means finish it.
    let mut conn = pool.acquire().await?;
    let existing = live_invoice(&mut conn, order_id).await?;
    drop(conn);
    let now = Utc::now();
    let (invoice_id, uuid, fresh) = match existing {
        Some(row) => {
            let (id, uuid) = check_live(&order_number, kind, row)?;
            (id, uuid, false)
        }
        None => {
            let d = draft(pool, config, &order_number, template, buyer, now)
                .await
                .map_err(|e| match IssueError::from(e) {
                    IssueError::Invalid { problems, .. } => IssueError::Invalid {
                        order: order_number.clone(),
                        problems,
                    },
                    other => other,
                })?;
            if !d.problems.is_empty() {
                return Err(IssueError::Invalid {
                    order: order_number.clone(),
                    problems: d.problems,
                });
            }
            let code = template_code(config, template);
            store_issuing(pool, order_id, kind, &d, &code, &RowKind::ORIGINAL)
                .await
                .map_err(|e| unique_to_elsewhere(e, &order_number, kind))?
        }
    };
    send(
        pool,
        providers,
        kind,
        Sending {
            invoice_id,
            order_id,
            order_number: &order_number,
            uuid,
            fresh,
        },
        config,
        actor,
    )
    .await
}

/// One stored invoice row on its way to the provider.
pub(crate) struct Sending<'a> {
    pub invoice_id: i64,
    pub order_id: i64,
    pub order_number: &'a str,
    pub uuid: String,
    /// Stored just now by this call: nothing can have reached the provider yet.
    pub fresh: bool,
}

/// Sends a stored 'issuing' row to the provider, exactly once: a row an earlier attempt
/// left is looked up first, an unclear answer is looked up again, and only a definite
/// refusal marks the row failed.
pub(crate) async fn send(
    pool: &PgPool,
    providers: &InvoiceProviders,
    kind: ProviderKind,
    s: Sending<'_>,
    config: &InvoicingConfig,
    actor: &str,
) -> Result<Issued, IssueError> {
    let client = providers.get(kind)?;
    let Sending {
        invoice_id,
        order_id,
        order_number,
        uuid,
        fresh,
    } = s;
    let req = stored_request(pool, invoice_id, &config.seller_tax_code, Utc::now()).await?;
    let unsure = |cause: InvoiceError| IssueError::Unsure {
        order: order_number.to_string(),
        provider: kind.label(),
        uuid: uuid.clone(),
        cause: Box::new(cause),
    };
    let found = if fresh {
        None
    } else {
        // An earlier attempt may have reached the provider: never issue twice.
        client.find(&req).await.map_err(unsure)?
    };
    let (issued, recovered) = match found {
        Some(i) => (i, true),
        None => match client.issue(&req).await {
            Ok(i) => (i, false),
            Err(e) if e.outcome_unknown() => match client.find(&req).await {
                Ok(Some(i)) => (i, true),
                _ => return Err(unsure(e)),
            },
            // An earlier attempt under this uuid may still land: a refusal that did not
            // look at this one (slow down, log-in) says nothing of it, so the uuid is kept.
            Err(e) if !fresh && e.not_processed() => {
                return Err(IssueError::Held {
                    order: order_number.to_string(),
                    uuid,
                    cause: Box::new(e),
                });
            }
            // "This uuid exists already", or a refusal after an earlier attempt that may
            // have got through: look before believing nothing was issued.
            Err(e) if !fresh || is_duplicate(&e) => match client.find(&req).await {
                Ok(Some(i)) => (i, true),
                Ok(None) => {
                    mark_failed(pool, invoice_id, order_id, actor, &e).await?;
                    return Err(e.into());
                }
                Err(_) => return Err(unsure(e)),
            },
            // Nothing was sent under this new uuid (the provider did not look): the row
            // goes, so the order is as before — the automatic round tries it again later.
            Err(e) if e.not_processed() => {
                sqlx::query("delete from invoices where id = $1 and status = 'issuing'")
                    .bind(invoice_id)
                    .execute(pool)
                    .await?;
                return Err(e.into());
            }
            Err(e) => {
                // A definite no: nothing exists at the provider.
                mark_failed(pool, invoice_id, order_id, actor, &e).await?;
                return Err(e.into());
            }
        },
    };
    record_issued(pool, invoice_id, order_id, kind, &issued, actor).await?;
    // The PDF is a convenience: `orderdeck invoice pdf` fetches it later if this fails.
    let pdf_stored = match client.pdf(&issued).await {
        Ok(bytes) if !bytes.is_empty() => store_pdf(pool, invoice_id, &bytes).await.is_ok(),
        Ok(_) => false,
        Err(e) => {
            tracing::warn!(
                "invoice {}: the PDF could not be fetched: {e}",
                issued.number
            );
            false
        }
    };
    Ok(Issued {
        order_number: order_number.to_string(),
        provider: kind.code().to_string(),
        invoice_id,
        number: issued.number,
        series: issued.series,
        tax_authority_code: issued.tax_authority_code,
        transaction_uuid: uuid,
        total: req.totals.total,
        pdf_stored,
        recovered,
    })
}

/// The provider refused because the transaction uuid is taken (S-Invoice
/// `TRANSACTION_UUID_DUPLICATE`, MISA `DuplicateInvoiceRefID`): the invoice exists.
fn is_duplicate(e: &InvoiceError) -> bool {
    match e {
        InvoiceError::Rejected { code, message, .. } => {
            let code = code.as_deref().unwrap_or_default().to_ascii_lowercase();
            code.contains("duplicate") || message.to_ascii_lowercase().contains("duplicate")
        }
        _ => false,
    }
}

/// Two stations at once: the unique index keeps the second out.
fn unique_to_elsewhere(e: IssueError, order: &str, kind: ProviderKind) -> IssueError {
    if let IssueError::Store(StoreError::Sql(sqlx::Error::Database(db))) = &e
        && db.constraint() == Some("invoices_one_live_per_order")
    {
        return IssueError::IssuingElsewhere {
            order: order.to_string(),
            provider: kind.code().to_string(),
        };
    }
    e
}

async fn mark_failed(
    pool: &PgPool,
    invoice_id: i64,
    order_id: i64,
    actor: &str,
    e: &InvoiceError,
) -> Result<(), IssueError> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "update invoices set status = 'failed', last_error = $2, updated_at = now()
         where id = $1 and status = 'issuing'",
    )
    .bind(invoice_id)
    .bind(e.to_string())
    .execute(&mut *tx)
    .await?;
    orderdeck_store::orders::add_event(
        &mut tx,
        order_id,
        actor,
        &OrderEventKind::InvoiceRefused,
        &e.to_string(),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn record_issued(
    pool: &PgPool,
    invoice_id: i64,
    order_id: i64,
    kind: ProviderKind,
    i: &IssuedInvoice,
    actor: &str,
) -> Result<(), IssueError> {
    let mut tx = pool.begin().await?;
    // (kind, the invoice it corrects) of the row, when this call moved it to 'issued'.
    let updated: Option<(String, Option<i64>)> = sqlx::query_as(
        "update invoices set number = $2, series = case when $3 = '' then series else $3 end,
                tax_authority_code = $4, issued_at = $5, status = 'issued', last_error = null,
                updated_at = now()
         where id = $1 and status = 'issuing'
         returning kind, replaces_invoice_id",
    )
    .bind(invoice_id)
    .bind(&i.number)
    .bind(i.series.trim())
    .bind(&i.tax_authority_code)
    .bind(i.issued_at)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((row_kind, replaces)) = updated {
        // The corrected invoice's number, for the timeline.
        let mut corrects = String::new();
        if let Some(old) = replaces {
            let old_row: Option<(String, Option<String>)> =
                sqlx::query_as("select series, number from invoices where id = $1")
                    .bind(old)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((series, number)) = old_row {
                corrects =
                    orderdeck_domain::invoice::shown_number(&series, &number.unwrap_or_default());
            }
            if row_kind == "replacement" {
                // A replaced invoice stays on record, no longer the order's invoice.
                sqlx::query(
                    "update invoices set status = 'replaced', updated_at = now()
                     where id = $1 and status = 'issued'",
                )
                .bind(old)
                .execute(&mut *tx)
                .await?;
            }
        }
        let (event, said) = match row_kind.as_str() {
            "replacement" => (
                OrderEventKind::InvoiceReplaced,
                Said::new("event-invoice-replacing").with("corrects", corrects.to_string()),
            ),
            "adjustment" => (
                OrderEventKind::InvoiceAdjusted,
                Said::new("event-invoice-adjusting").with("corrects", corrects.to_string()),
            ),
            _ => (
                OrderEventKind::InvoiceIssued,
                Said::new("event-invoice-issued"),
            ),
        };
        let said = said
            .with("series", i.series.as_str())
            .with("number", i.number.as_str())
            .with("provider", kind.label())
            // "none" picks the sentence without a code (Fluent selects on the value).
            .with("code", i.tax_authority_code.as_deref().unwrap_or("none"));
        orderdeck_store::orders::add_event_said(
            &mut tx,
            order_id,
            actor,
            &event,
            &said,
            None,
            Some(serde_json::json!({
                "invoice_number": i.number,
                "series": i.series,
                "tax_authority_code": i.tax_authority_code,
                "transaction_uuid": i.transaction_uuid,
                "kind": row_kind,
                "corrects": replaces.map(|_| corrects.clone()),
            })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
