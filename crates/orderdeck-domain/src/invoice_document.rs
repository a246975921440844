//! An invoice as a document to show or print: who sells, who buys, the lines with their
//! amounts, the per-rate breakdown, the totals and the total in words. Pure data built
//! by `workflow::invoicing::draft`; the text preview and the PDF are drawn from it.

use chrono::{DateTime, Datelike, Utc};

use super::money::format_amount;

use super::intake::FieldError;
use super::invoice::{Buyer, InvoiceLine, InvoiceTemplate, InvoiceTotals, PaymentMethod};

#[derive(Debug, Clone)]
pub struct InvoiceDraft {
    pub order_number: String,
    pub template: InvoiceTemplate,
    pub symbol: String,
    pub date: DateTime<Utc>,
    pub seller_name: String,
    pub seller_tax_code: String,
    pub seller_address: String,
    /// Empty when not configured.
    pub seller_phone: String,
    /// Empty when not configured.
    pub seller_bank_account: String,
    pub buyer: Buyer,
    pub payment: PaymentMethod,
    pub lines: Vec<InvoiceLine>,
    /// `totals.lines[i]` is what `lines[i]` comes to.
    pub totals: InvoiceTotals,
    pub words: String,
    /// Reasons the buyer fields would stop the invoice from being issued.
    pub problems: Vec<FieldError>,
    /// The number (and tax-authority code) the provider gave; `None` for a preview.
    pub issued: Option<IssuedMark>,
}

/// What an issued invoice carries beyond its draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedMark {
    pub number: String,
    /// Mã CQT, for series with a tax-authority code once it is granted.
    pub tax_authority_code: Option<String>,
}

impl InvoiceDraft {
    /// Puts `buyer` on the invoice and checks it again: `problems` always describes the
    /// buyer the draft holds.
    pub fn set_buyer(&mut self, buyer: Buyer) {
        self.problems = buyer.validate(self.template);
        self.buyer = buyer;
    }
}

/// Buyer fields typed on the command line (or in a form) over what the order holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuyerOverride {
    pub company: Option<String>,
    pub tax_code: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

impl BuyerOverride {
    /// Nothing was given.
    pub fn is_empty(&self) -> bool {
        *self == BuyerOverride::default()
    }

    /// The buyer with the given fields replaced. Company and tax code never come from
    /// the order (an order names a person, not a company): not given means none.
    pub fn apply(&self, from_order: &Buyer) -> Buyer {
        let pick = |given: &Option<String>, base: &str| given.clone().unwrap_or(base.to_string());
        Buyer {
            company: self.company.clone().unwrap_or_default(),
            tax_code: self.tax_code.clone().unwrap_or_default(),
            address: pick(&self.address, &from_order.address),
            email: pick(&self.email, &from_order.email),
            name: pick(&self.name, &from_order.name),
        }
    }
}

// The draft as people read it: laid out like the paper form, and as JSON.

/// The draft laid out like the paper form, `width` columns wide.
pub fn render_text(d: &InvoiceDraft, offset: chrono::FixedOffset) -> String {
    use std::fmt::Write;
    // Every text came from a person, a file or a platform: shown, never sent, and a line
    // break in a name cannot start a line of its own.
    let v = |t: &str| crate::text::visible(t).into_owned();
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
            v(&d.symbol.to_string())
        )
    );
    let _ = writeln!(s, "{}", "─".repeat(78));
    let _ = writeln!(s, "Đơn vị bán hàng: {}", v(&d.seller_name));
    let _ = writeln!(s, "Mã số thuế:      {}", v(&d.seller_tax_code));
    let _ = writeln!(s, "Địa chỉ:         {}", v(&d.seller_address));
    let _ = writeln!(s, "{}", "─".repeat(78));
    let _ = writeln!(s, "Họ tên người mua: {}", v(&d.buyer.name));
    let _ = writeln!(s, "Tên đơn vị:       {}", v(&d.buyer.company));
    let _ = writeln!(s, "Mã số thuế:       {}", v(&d.buyer.tax_code));
    let _ = writeln!(s, "Địa chỉ:          {}", v(&d.buyer.address));
    let _ = writeln!(s, "Email:            {}", v(&d.buyer.email));
    let _ = writeln!(
        s,
        "Hình thức thanh toán: {}   Đơn hàng: {}",
        d.payment.code(),
        v(&d.order_number)
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
        let name: String = v(&l.name).chars().take(if vat { 28 } else { 40 }).collect();
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
            let _ = writeln!(s, "  - {}", v(&p.to_string()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::{VatRate, compute_totals};
    use rust_decimal_macros::dec;

    fn draft() -> InvoiceDraft {
        let lines = vec![InvoiceLine::net("Áo", "cái", 1, dec!(100000), VatRate::Ten)];
        let totals = compute_totals(InvoiceTemplate::Vat, &lines).unwrap();
        let buyer = Buyer {
            name: "Nguyễn Văn A".into(),
            address: "1 Lê Lợi".into(),
            email: "a@example.com".into(),
            ..Buyer::default()
        };
        InvoiceDraft {
            order_number: "OD-000001".into(),
            template: InvoiceTemplate::Vat,
            symbol: "1C26TAA".into(),
            date: DateTime::UNIX_EPOCH,
            seller_name: "Shop".into(),
            seller_tax_code: "0100109106".into(),
            seller_address: "Hà Nội".into(),
            seller_phone: String::new(),
            seller_bank_account: String::new(),
            problems: buyer.validate(InvoiceTemplate::Vat),
            buyer,
            payment: PaymentMethod::CashOrTransfer,
            lines,
            words: totals.total_in_words().unwrap(),
            totals,
            issued: None,
        }
    }

    #[test]
    fn overrides_keep_the_orders_fields_not_given() {
        let d = draft();
        let o = BuyerOverride {
            company: Some("Công ty TNHH Ánh Dương".into()),
            ..BuyerOverride::default()
        };
        assert!(!o.is_empty());
        assert!(BuyerOverride::default().is_empty());
        let b = o.apply(&d.buyer);
        assert_eq!(b.company, "Công ty TNHH Ánh Dương");
        assert_eq!(b.tax_code, "");
        assert_eq!(b.address, "1 Lê Lợi");
        assert_eq!(b.name, "Nguyễn Văn A");
        assert_eq!(b.email, "a@example.com");
    }

    #[test]
    fn setting_the_buyer_checks_it_again() {
        let mut d = draft();
        assert!(d.problems.is_empty());
        let with_company = BuyerOverride {
            company: Some("Công ty TNHH Ánh Dương".into()),
            ..BuyerOverride::default()
        }
        .apply(&d.buyer);
        d.set_buyer(with_company);
        assert!(
            d.problems.iter().any(|p| p.field == "buyer.tax_code"),
            "{:?}",
            d.problems
        );
        let fixed = BuyerOverride {
            company: Some("Công ty TNHH Ánh Dương".into()),
            tax_code: Some("0100109106".into()),
            ..BuyerOverride::default()
        }
        .apply(&d.buyer);
        d.set_buyer(fixed);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }
}
