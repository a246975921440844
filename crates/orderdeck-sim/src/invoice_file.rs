//! The files the simulated invoice providers hand out. An issued invoice comes back as a
//! real A4 PDF drawn with our own renderer ([`orderdeck_print::invoice_pdf`]) from the
//! issue body the simulator kept: each provider reads its body into a [`SentInvoice`]
//! (`sinvoice::draft`, `misa::draft`), which becomes an [`InvoiceDraft`] with the lines
//! recomputed by [`compute_totals`]. Draft previews, and a body that cannot be read back,
//! get a small stand-in PDF naming what it stands for.

use chrono::{DateTime, FixedOffset, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value;

use orderdeck_domain::invoice::{
    Buyer, InvoiceLine, InvoiceTemplate, PaymentMethod, VatRate, compute_totals,
};
use orderdeck_domain::invoice_document::{InvoiceDraft, IssuedMark};
use orderdeck_domain::money::format_amount;

/// The providers print Vietnam time.
pub(super) const VN: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

/// A small stand-in PDF naming what it shows.
pub(super) fn fake_pdf(title: &str) -> Vec<u8> {
    let title: String = title.chars().filter(|c| !c.is_control()).collect();
    format!("%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

/// The issued invoice `what` (e.g. "1C26TAA C26TAA1") as a PDF drawn from `draft`; the
/// stand-in, naming the reason, when the body could not be read back or drawn.
pub(super) fn issued_pdf(what: &str, draft: Result<InvoiceDraft, String>) -> Vec<u8> {
    let pdf = draft.and_then(|d| orderdeck_print::invoice_pdf(&d, VN).map_err(|e| e.to_string()));
    pdf.unwrap_or_else(|e| {
        tracing::warn!(invoice = what, error = %e, "simulator: stand-in PDF for an issued invoice");
        fake_pdf(&format!("{what}: {e}"))
    })
}

/// One line of an issue body, in the provider's terms.
pub(super) struct SentLine {
    pub name: String,
    pub unit: String,
    pub qty: Decimal,
    pub unit_price: Decimal,
    /// Before VAT.
    pub amount: Decimal,
    pub vat_amount: Decimal,
    pub rate: VatRate,
}

/// What an issue body says, in domain terms.
pub(super) struct SentInvoice {
    pub template: InvoiceTemplate,
    /// The 7-character symbol, e.g. "1C26TAA".
    pub symbol: String,
    pub date: DateTime<Utc>,
    pub seller_tax_code: String,
    pub buyer: Buyer,
    pub payment: PaymentMethod,
    pub lines: Vec<SentLine>,
    /// The total to pay, as sent.
    pub total: Decimal,
}

impl SentInvoice {
    /// The draft of the issued invoice: lines rebuilt and recomputed; an error when the
    /// recomputed amounts are not the ones sent (the PDF must not state other figures).
    pub fn into_draft(self, issued: IssuedMark) -> Result<InvoiceDraft, String> {
        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                l.to_line(self.template)
                    .map_err(|e| format!("line {}: {e}", i + 1))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let totals = compute_totals(self.template, &lines).map_err(|e| e.to_string())?;
        for (i, (sent, got)) in self.lines.iter().zip(&totals.lines).enumerate() {
            if (sent.amount, sent.vat_amount) != (got.amount, got.vat_amount) {
                return Err(format!(
                    "line {}: recomputed {} + VAT {}, sent {} + VAT {}",
                    i + 1,
                    format_amount(got.amount),
                    format_amount(got.vat_amount),
                    format_amount(sent.amount),
                    format_amount(sent.vat_amount)
                ));
            }
        }
        if totals.total != self.total {
            return Err(format!(
                "recomputed total {}, sent {}",
                format_amount(totals.total),
                format_amount(self.total)
            ));
        }
        let words = totals.total_in_words().map_err(|e| e.to_string())?;
        Ok(InvoiceDraft {
            // The providers are not told the order.
            order_number: String::new(),
            template: self.template,
            symbol: self.symbol,
            date: self.date,
            seller_name: format!("(người bán theo mã số thuế {})", self.seller_tax_code),
            seller_tax_code: self.seller_tax_code,
            seller_address: String::new(),
            seller_phone: String::new(),
            seller_bank_account: String::new(),
            buyer: self.buyer,
            payment: self.payment,
            lines,
            totals,
            words,
            problems: Vec::new(),
            issued: Some(issued),
        })
    }
}

impl SentLine {
    /// As a domain line whose amounts come out as sent: priced from the VAT-inclusive
    /// unit price as orderdeck prices its lines (`InvoiceLine::from_gross`), which on a
    /// VAT invoice is (amount + VAT) ÷ quantity and on a sales invoice the price sent.
    fn to_line(&self, template: InvoiceTemplate) -> Result<InvoiceLine, String> {
        let qty = Some(self.qty)
            .filter(|q| q.fract().is_zero())
            .and_then(|q| q.to_i32())
            .filter(|q| *q >= 1)
            .ok_or_else(|| format!("quantity {} is not a whole number of at least 1", self.qty))?;
        let gross = match template {
            InvoiceTemplate::Vat => (self.amount + self.vat_amount) / Decimal::from(qty),
            InvoiceTemplate::Sales => self.unit_price,
        };
        InvoiceLine::from_gross(self.name.clone(), self.unit.clone(), qty, gross, self.rate)
            .map_err(|e| e.to_string())
    }
}

/// A number field sent as a JSON number or numeric text.
pub(super) fn amount(v: &Value, key: &str) -> Result<Decimal, String> {
    let text = match v.get(key) {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_string(),
        _ => return Err(format!("{key} is not a number")),
    };
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| format!("{key} {text:?} is not a number"))
}

/// A text field, empty when absent.
pub(super) fn text(v: &Value, key: &str) -> String {
    super::body::text(v, key).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sent(amount: Decimal, total: Decimal) -> SentInvoice {
        SentInvoice {
            template: InvoiceTemplate::Vat,
            symbol: "1C26TAA".into(),
            date: DateTime::UNIX_EPOCH,
            seller_tax_code: "0100233488".into(),
            buyer: Buyer::default(),
            payment: PaymentMethod::default(),
            lines: vec![SentLine {
                name: "Áo".into(),
                unit: "cái".into(),
                qty: dec!(3),
                unit_price: dec!(33333.33),
                amount,
                vat_amount: dec!(10000),
                rate: VatRate::Ten,
            }],
            total,
        }
    }

    fn mark() -> IssuedMark {
        IssuedMark {
            number: "C26TAA1".into(),
            tax_authority_code: None,
        }
    }

    #[test]
    fn lines_come_back_with_the_amounts_sent() {
        // 3 × 36.666,67 VAT-inclusive: the gross 110.000 splits into 100.000 + 10.000.
        let d = sent(dec!(100000), dec!(110000)).into_draft(mark()).unwrap();
        assert_eq!(d.totals.lines[0].amount, dec!(100000));
        assert_eq!(d.totals.total, dec!(110000));
        assert_eq!(d.words, "Một trăm mười nghìn đồng");
        assert_eq!(d.issued, Some(mark()));
        assert!(issued_pdf("1C26TAA C26TAA1", Ok(d)).len() > 1000);
    }

    #[test]
    fn figures_that_do_not_add_up_get_the_stand_in() {
        // 12% is not the 10% the line states.
        let mut wrong_vat = sent(dec!(100000), dec!(112000));
        wrong_vat.lines[0].vat_amount = dec!(12000);
        let e = wrong_vat.into_draft(mark()).unwrap_err();
        assert!(
            e.contains("line 1: recomputed 101.818 + VAT 10.182, sent 100.000 + VAT 12.000"),
            "{e}"
        );
        let e = sent(dec!(100000), dec!(120000))
            .into_draft(mark())
            .unwrap_err();
        assert!(e.contains("recomputed total 110.000, sent 120.000"), "{e}");
        let stub = issued_pdf("1C26TAA C26TAA1", Err(e));
        assert!(stub.starts_with(b"%PDF-1.4\n% 1C26TAA C26TAA1: recomputed"));
    }
}
