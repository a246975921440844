//! An order's VAT e-invoice as a draft: seller from the config, buyer from the order
//! (company fields as given), lines split from the VAT-inclusive selling prices, the
//! per-rate breakdown, totals and the amount in words — and its text form, laid out like
//! the paper invoice, for `orderdeck invoice preview`.

use chrono::{DateTime, Datelike, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use sqlx::PgPool;

use crate::domain::intake::FieldError;
use crate::domain::invoice::{
    Buyer, InvoiceLine, InvoiceSymbol, InvoiceTemplate, InvoiceTotals, PaymentMethod, VatRate,
    compute_totals,
};
use crate::domain::money::format_amount;
use crate::store::StoreError;

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
}

#[derive(Debug, thiserror::Error)]
pub enum InvoiceDraftError {
    #[error("no order {0}")]
    NotFound(String),
    #[error("the invoice cannot be made:\n{}", .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for InvoiceDraftError {
    fn from(e: sqlx::Error) -> Self {
        InvoiceDraftError::Store(e.into())
    }
}

fn invalid(field: &str, message: impl Into<String>) -> InvoiceDraftError {
    InvoiceDraftError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

#[derive(Debug, Clone)]
pub struct InvoiceDraft {
    pub order_number: String,
    pub template: InvoiceTemplate,
    pub symbol: String,
    pub date: DateTime<Utc>,
    pub seller_name: String,
    pub seller_tax_code: String,
    pub seller_address: String,
    pub buyer: Buyer,
    pub payment: PaymentMethod,
    pub lines: Vec<InvoiceLine>,
    pub totals: InvoiceTotals,
    pub words: String,
    /// Reasons the buyer fields would stop the invoice from being issued.
    pub problems: Vec<FieldError>,
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
    let rows: Vec<(String, i32, Decimal, Decimal, String)> = sqlx::query_as(
        "select name, qty, unit_price, discount, vat_rate from order_lines where order_id =
            (select id from orders where number = $1) order by line_no",
    )
    .bind(&number)
    .fetch_all(pool)
    .await?;
    let mut lines = Vec::with_capacity(rows.len() + 1);
    for (i, (line_name, qty, price, discount, rate)) in rows.into_iter().enumerate() {
        let rate = VatRate::parse(&rate)
            .map_err(|e| invalid(&format!("lines[{i}].vat_rate"), e.to_string()))?;
        // Selling prices include VAT; a line discount lowers what was paid per unit.
        let per_unit = if qty > 0 {
            (price - discount / Decimal::from(qty)).round_dp(0)
        } else {
            price
        };
        lines.push(
            InvoiceLine::from_gross(line_name, "cái", qty, per_unit.max(Decimal::ZERO), rate)
                .map_err(|e| invalid(&format!("lines[{i}]"), e.to_string()))?,
        );
    }
    if shipping_fee > Decimal::ZERO {
        lines.push(
            InvoiceLine::from_gross("Phí vận chuyển", "lần", 1, shipping_fee, VatRate::Ten)
                .map_err(|e| invalid("shipping_fee", e.to_string()))?,
        );
    }
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
    let configured = match template {
        InvoiceTemplate::Vat => config.vat_symbol.as_deref(),
        InvoiceTemplate::Sales => config.sales_symbol.as_deref(),
    };
    let symbol = match configured {
        Some(s) => InvoiceSymbol::parse(s)
            .map_err(|e| invalid("symbol", format!("invoicing symbol `{s}`: {e}")))?
            .to_string(),
        None => InvoiceSymbol::default_for(template, now.year())
            .map_err(|e| invalid("symbol", e.to_string()))?
            .to_string(),
    };
    Ok(InvoiceDraft {
        order_number: number,
        template,
        symbol,
        date: now,
        seller_name: config.seller_name.clone(),
        seller_tax_code: config.seller_tax_code.clone(),
        seller_address: config.seller_address.clone(),
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
    })
}

/// The draft laid out like the paper form, `width` columns wide.
pub fn render_text(d: &InvoiceDraft, offset: chrono::FixedOffset) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let title = d.template.name_vi().to_uppercase();
    let _ = writeln!(s, "{title:^78}");
    let date = d.date.with_timezone(&offset);
    let _ = writeln!(
        s,
        "{:^78}",
        format!(
            "Ngày {:02} tháng {:02} năm {}   Ký hiệu: {}   (bản xem trước — chưa có số)",
            date.day(),
            date.month(),
            date.year(),
            d.symbol
        )
    );
    let _ = writeln!(s, "{}", "─".repeat(78));
    let _ = writeln!(s, "Đơn vị bán hàng: {}", d.seller_name);
    let _ = writeln!(s, "Mã số thuế:      {}", d.seller_tax_code);
    let _ = writeln!(s, "Địa chỉ:         {}", d.seller_address);
    let _ = writeln!(s, "{}", "─".repeat(78));
    let _ = writeln!(s, "Họ tên người mua: {}", d.buyer.name);
    let _ = writeln!(s, "Tên đơn vị:       {}", d.buyer.company);
    let _ = writeln!(s, "Mã số thuế:       {}", d.buyer.tax_code);
    let _ = writeln!(s, "Địa chỉ:          {}", d.buyer.address);
    let _ = writeln!(s, "Email:            {}", d.buyer.email);
    let _ = writeln!(
        s,
        "Hình thức thanh toán: {}   Đơn hàng: {}",
        d.payment.code(),
        d.order_number
    );
    let _ = writeln!(s, "{}", "─".repeat(78));
    let vat = d.template.has_vat_breakdown();
    if vat {
        let _ = writeln!(
            s,
            "{:>2} {:<28} {:>4} {:>11} {:>12} {:>5} {:>10}",
            "TT", "Tên hàng hóa, dịch vụ", "SL", "Đơn giá", "Thành tiền", "Thuế", "Tiền thuế"
        );
    } else {
        let _ = writeln!(
            s,
            "{:>2} {:<40} {:>4} {:>12} {:>14}",
            "TT", "Tên hàng hóa, dịch vụ", "SL", "Đơn giá", "Thành tiền"
        );
    }
    for (i, (l, a)) in d.lines.iter().zip(&d.totals.lines).enumerate() {
        let name: String = l.name.chars().take(if vat { 28 } else { 40 }).collect();
        if vat {
            let _ = writeln!(
                s,
                "{:>2} {:<28} {:>4} {:>11} {:>12} {:>5} {:>10}",
                i + 1,
                name,
                l.qty,
                format_amount(a.unit_price.round_dp(0)),
                format_amount(a.amount),
                l.rate.to_string(),
                format_amount(a.vat_amount)
            );
        } else {
            let _ = writeln!(
                s,
                "{:>2} {:<40} {:>4} {:>12} {:>14}",
                i + 1,
                name,
                l.qty,
                format_amount(a.unit_price),
                format_amount(a.amount)
            );
        }
    }
    let _ = writeln!(s, "{}", "─".repeat(78));
    for g in &d.totals.breakdown {
        let _ = writeln!(
            s,
            "{:>50} {:>12} {:>14}",
            format!("Thuế suất {}: tiền hàng / tiền thuế", g.rate),
            format_amount(g.taxable_amount),
            format_amount(g.vat_amount)
        );
    }
    if vat {
        let _ = writeln!(
            s,
            "{:>50} {:>27}",
            "Cộng tiền hàng:",
            format_amount(d.totals.subtotal)
        );
        let _ = writeln!(
            s,
            "{:>50} {:>27}",
            "Tiền thuế GTGT:",
            format_amount(d.totals.vat_amount)
        );
    }
    let _ = writeln!(
        s,
        "{:>50} {:>27}",
        "Tổng cộng tiền thanh toán:",
        format_amount(d.totals.total)
    );
    let _ = writeln!(s, "Số tiền viết bằng chữ: {}", d.words);
    if !d.problems.is_empty() {
        let _ = writeln!(s, "{}", "─".repeat(78));
        let _ = writeln!(s, "Cannot be issued yet:");
        for p in &d.problems {
            let _ = writeln!(s, "  - {p}");
        }
    }
    s
}

/// The draft's figures as JSON (for scripts).
pub fn to_json(d: &InvoiceDraft) -> serde_json::Value {
    serde_json::json!({
        "order": d.order_number,
        "template": d.template.as_str(),
        "symbol": d.symbol,
        "buyer": {
            "company": d.buyer.company,
            "tax_code": d.buyer.tax_code,
            "address": d.buyer.address,
            "email": d.buyer.email,
            "name": d.buyer.name,
        },
        "payment": d.payment.code(),
        "lines": d.lines.iter().zip(&d.totals.lines).map(|(l, a)| serde_json::json!({
            "name": l.name,
            "qty": l.qty,
            "vat_rate": l.rate.as_str(),
            "unit_price": a.unit_price.to_string(),
            "amount": a.amount.to_string(),
            "vat_amount": a.vat_amount.to_string(),
        })).collect::<Vec<_>>(),
        "breakdown": d.totals.breakdown.iter().map(|g| serde_json::json!({
            "vat_rate": g.rate.as_str(),
            "taxable_amount": g.taxable_amount.to_string(),
            "vat_amount": g.vat_amount.to_string(),
        })).collect::<Vec<_>>(),
        "subtotal": d.totals.subtotal.to_string(),
        "vat_amount": d.totals.vat_amount.to_string(),
        "total": d.totals.total.to_string(),
        "total_in_words": d.words,
        "problems": d.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
    })
}
