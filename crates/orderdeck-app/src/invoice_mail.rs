//! Emailing an issued e-invoice to the buyer: the provider's PDF attached, a short
//! Vietnamese letter with the invoice's particulars and how to look it up, sent over the
//! configured SMTP server. The order's timeline records it only once the server has
//! accepted the message; a refusal or a failure records nothing.

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use orderdeck_domain::order_event::{OrderEventKind, Said};
use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::invoicing::InvoicingConfig;
use orderdeck_domain::money::format_vnd;
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_integrations::mail::{MailError, Mailer};
use orderdeck_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum InvoiceMailError {
    #[error("{}", orderdeck_i18n::t!("err-no-order", number = .0))]
    NotFound(String),
    #[error("{}", orderdeck_i18n::t!("err-mail-no-invoice", order = .order))]
    NoInvoice { order: String },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-mail-no-pdf", order = .order, invoice = orderdeck_domain::invoice::shown_number(.series, .number))
    )]
    NoPdf {
        order: String,
        series: String,
        number: String,
    },
    #[error("{}", orderdeck_i18n::t!("err-mail-no-recipient", order = .order))]
    NoRecipient { order: String },
    #[error("{}", orderdeck_i18n::t!("err-mail-bad-recipient", order = .order, address = .address))]
    BadRecipient { order: String, address: String },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-mail-not-sent", order = .order, error = .error.to_string())
    )]
    Mail { order: String, error: MailError },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-mail-not-recorded",
            order = .order,
            invoice = orderdeck_domain::invoice::shown_number(.series, .number),
            to = .to,
            error = .error.to_string()
        )
    )]
    NotRecorded {
        order: String,
        series: String,
        number: String,
        to: String,
        error: Box<StoreError>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for InvoiceMailError {
    fn from(e: sqlx::Error) -> Self {
        InvoiceMailError::Store(e.into())
    }
}

/// What `send` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Emailed {
    pub order_number: String,
    pub invoice_id: i64,
    pub series: String,
    pub number: String,
    /// The addresses the server accepted, as given.
    pub to: Vec<String>,
    pub attachment: String,
}

/// The order's current issued invoice, as the letter needs it.
#[derive(Debug, Clone)]
struct IssuedRow {
    order_id: i64,
    order_number: String,
    invoice_id: i64,
    provider: String,
    template: String,
    series: String,
    number: String,
    issued_at: DateTime<Utc>,
    tax_authority_code: Option<String>,
    vat_amount: Decimal,
    total: Decimal,
    buyer_email: String,
    buyer_name: String,
    buyer_company: String,
    pdf: Option<Vec<u8>>,
}

/// Emails the issued invoice of `order_number` to `to` (addresses separated by `,` or
/// `;`), or else to the buyer's email on the invoice. Checks everything before it
/// connects; writes `invoice_emailed` on the order's timeline once the server has
/// accepted the message.
pub async fn send(
    pool: &PgPool,
    mailer: &Mailer,
    seller: &InvoicingConfig,
    order_number: &str,
    to: Option<&str>,
    actor: &str,
) -> Result<Emailed, InvoiceMailError> {
    let inv = issued_row(pool, order_number).await?;
    let order = inv.order_number.clone();
    let given = to
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(inv.buyer_email.trim());
    let recipients = recipients(&order, given)?;
    let Some(pdf) = inv.pdf.clone().filter(|b| !b.is_empty()) else {
        return Err(InvoiceMailError::NoPdf {
            order,
            series: inv.series.clone(),
            number: inv.number.clone(),
        });
    };
    let attachment = attachment_name(&inv.series, &inv.number);
    let message = build_message(mailer, seller, &inv, &recipients, pdf, &attachment)?;
    mailer
        .send(message)
        .await
        .map_err(|error| InvoiceMailError::Mail {
            order: order.clone(),
            error,
        })?;
    let to: Vec<String> = recipients.iter().map(|m| m.email.to_string()).collect();
    let shown = to.join(", ");
    record(pool, &inv, &to, actor)
        .await
        .map_err(|error| InvoiceMailError::NotRecorded {
            order: order.clone(),
            series: inv.series.clone(),
            number: inv.number.clone(),
            to: shown,
            error: Box::new(error),
        })?;
    tracing::info!(order = %order, invoice = %inv.number, recipients = to.len(), "invoice emailed");
    Ok(Emailed {
        order_number: order,
        invoice_id: inv.invoice_id,
        series: inv.series,
        number: inv.number,
        to,
        attachment,
    })
}

/// The order's issued invoice: a replacement when the original was replaced.
async fn issued_row(pool: &PgPool, order_number: &str) -> Result<IssuedRow, InvoiceMailError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(
        i64,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<DateTime<Utc>>,
        Option<String>,
        Option<Decimal>,
        Option<Decimal>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<Vec<u8>>,
    )> = sqlx::query_as(
        "select o.id, o.number, i.id, i.provider, i.template, i.series, i.number, i.issued_at,
                i.tax_authority_code, i.vat_amount, i.total, i.buyer_email, i.buyer_name,
                i.buyer_company, i.pdf
         from orders o left join lateral (
             select * from invoices
             where order_id = o.id and status = 'issued' and kind in ('original', 'replacement')
             order by id desc limit 1) i on true
         where o.number = upper($1)",
    )
    .bind(order_number.trim())
    .fetch_optional(pool)
    .await?;
    let Some((
        order_id,
        order,
        id,
        prov,
        template,
        series,
        number,
        issued_at,
        code,
        vat,
        total,
        email,
        name,
        company,
        pdf,
    )) = row
    else {
        return Err(InvoiceMailError::NotFound(order_number.trim().to_string()));
    };
    let (Some(invoice_id), Some(number)) = (id, number) else {
        return Err(InvoiceMailError::NoInvoice { order });
    };
    Ok(IssuedRow {
        order_id,
        order_number: order,
        invoice_id,
        provider: prov.unwrap_or_default(),
        template: template.unwrap_or_default(),
        series: series.unwrap_or_default(),
        number,
        issued_at: issued_at.unwrap_or_else(Utc::now),
        tax_authority_code: code.filter(|c| !c.trim().is_empty()),
        vat_amount: vat.unwrap_or_default(),
        total: total.unwrap_or_default(),
        buyer_email: email.unwrap_or_default(),
        buyer_name: name.unwrap_or_default(),
        buyer_company: company.unwrap_or_default(),
        pdf,
    })
}

/// `a@b.vn`, `a@b.vn; c@d.vn` or `Chị Lan <lan@b.vn>`: every one must be an address.
fn recipients(order: &str, text: &str) -> Result<Vec<Mailbox>, InvoiceMailError> {
    let parts: Vec<&str> = text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(InvoiceMailError::NoRecipient {
            order: order.to_string(),
        });
    }
    parts
        .into_iter()
        .map(|p| {
            p.parse::<Mailbox>()
                .map_err(|_| InvoiceMailError::BadRecipient {
                    order: order.to_string(),
                    address: p.to_string(),
                })
        })
        .collect()
}

/// `1C26TAA-0000123.pdf`: only characters safe in a file name.
fn attachment_name(series: &str, number: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let series = clean(series.trim());
    let number = clean(number.trim());
    if series.is_empty() {
        format!("{number}.pdf")
    } else {
        format!("{series}-{number}.pdf")
    }
}

fn build_message(
    mailer: &Mailer,
    seller: &InvoicingConfig,
    inv: &IssuedRow,
    to: &[Mailbox],
    pdf: Vec<u8>,
    attachment: &str,
) -> Result<Message, InvoiceMailError> {
    let mut b = Message::builder()
        .from(mailer.from().clone())
        .subject(subject(inv));
    if let Some(r) = mailer.reply_to() {
        b = b.reply_to(r.clone());
    }
    for m in to {
        b = b.to(m.clone());
    }
    // Without `[invoicing] seller_name` the letter is signed with the sender's name.
    let seller_name = Some(seller.seller_name.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| mailer.from().name.clone())
        .unwrap_or_else(|| mailer.from().email.to_string());
    let pdf_type = ContentType::parse("application/pdf").expect("a valid content type");
    // Base64 always: a PDF is binary, whatever its first kilobytes look like.
    let pdf = Body::new_with_encoding(pdf, ContentTransferEncoding::Base64)
        .expect("base64 can carry any bytes");
    b.multipart(
        MultiPart::mixed()
            .singlepart(SinglePart::plain(body(&seller_name, seller, inv)))
            .singlepart(Attachment::new(attachment.to_string()).body(pdf, pdf_type)),
    )
    .map_err(|e| InvoiceMailError::Mail {
        order: inv.order_number.clone(),
        error: MailError::Other {
            server: mailer.server().to_string(),
            cause: orderdeck_i18n::t!("err-mail-not-built", error = e.to_string()),
        },
    })
}

fn subject(inv: &IssuedRow) -> String {
    format!(
        "Hóa đơn điện tử số {} ({}) – đơn {}",
        inv.number, inv.series, inv.order_number
    )
}

/// The letter: who sells, the invoice's particulars, where to look it up.
fn body(seller_name: &str, seller: &InvoicingConfig, inv: &IssuedRow) -> String {
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset");
    let date = inv.issued_at.with_timezone(&vn).format("%d/%m/%Y");
    let greeting = [&inv.buyer_company, &inv.buyer_name]
        .into_iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or("Quý khách");
    let mut lines = vec![
        format!("Kính gửi {greeting},"),
        String::new(),
        format!(
            "{seller_name} xin gửi Quý khách hóa đơn điện tử của đơn hàng {}.",
            inv.order_number
        ),
        String::new(),
        format!("Đơn vị bán:           {seller_name}"),
    ];
    if !seller.seller_tax_code.trim().is_empty() {
        lines.push(format!(
            "Mã số thuế người bán: {}",
            seller.seller_tax_code.trim()
        ));
    }
    lines.push(format!("Ký hiệu hóa đơn:      {}", inv.series));
    lines.push(format!("Số hóa đơn:           {}", inv.number));
    lines.push(format!("Ngày hóa đơn:         {date}"));
    if inv.template == "vat" {
        lines.push(format!(
            "Tiền thuế GTGT:       {}",
            format_vnd(inv.vat_amount)
        ));
    }
    lines.push(format!("Tổng tiền thanh toán: {}", format_vnd(inv.total)));
    match &inv.tax_authority_code {
        Some(code) => lines.push(format!("Mã của cơ quan thuế:  {code}")),
        None => lines.push("Mã của cơ quan thuế:  (hóa đơn không có mã)".to_string()),
    }
    let provider = ProviderKind::parse(&inv.provider)
        .map(|k| format!(" do {} phát hành", k.label()))
        .unwrap_or_default();
    lines.extend([
        String::new(),
        format!("Bản thể hiện của hóa đơn{provider} được đính kèm thư này (tệp PDF)."),
        String::new(),
        "Tra cứu hóa đơn: trên Cổng thông tin điện tử về hóa đơn của cơ quan thuế,".to_string(),
        "https://hoadondientu.gdt.gov.vn, mục \"Tra cứu hóa đơn\": nhập mã số thuế người bán,"
            .to_string(),
        "ký hiệu, số hóa đơn, tiền thuế và tổng tiền thanh toán như trên.".to_string(),
        String::new(),
        "Trân trọng,".to_string(),
        seller_name.to_string(),
    ]);
    if !seller.seller_address.trim().is_empty() {
        lines.push(seller.seller_address.trim().to_string());
    }
    if !seller.seller_phone.trim().is_empty() {
        lines.push(format!("Điện thoại: {}", seller.seller_phone.trim()));
    }
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    text
}

async fn record(
    pool: &PgPool,
    inv: &IssuedRow,
    to: &[String],
    actor: &str,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    orderdeck_store::orders::add_event_said(
        &mut tx,
        inv.order_id,
        actor,
        &OrderEventKind::InvoiceEmailed,
        &Said::new("event-invoice-emailed")
            .with("series", inv.series.as_str())
            .with("number", inv.number.as_str())
            .with("to", to.join(", ")),
        None,
        Some(serde_json::json!({
            "invoice_id": inv.invoice_id,
            "invoice_number": inv.number,
            "series": inv.series,
            "to": to,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_checked_one_by_one() {
        let r = recipients("OD-1", "a@b.vn; Chị Lan <lan@b.vn>").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].email.to_string(), "lan@b.vn");
        let e = recipients("OD-1", "  ").unwrap_err().to_string();
        assert_eq!(e, "order OD-1: the buyer has no email address: pass --to");
        let e = recipients("OD-1", "a@b.vn, lan@").unwrap_err().to_string();
        assert_eq!(e, "order OD-1: \"lan@\" is not an email address");
    }

    #[test]
    fn the_attachment_name_is_safe() {
        assert_eq!(attachment_name("1C26TAA", "0000012"), "1C26TAA-0000012.pdf");
        assert_eq!(attachment_name("", "12"), "12.pdf");
        assert_eq!(attachment_name("1C/26", "../x"), "1C_26-___x.pdf");
    }
}
