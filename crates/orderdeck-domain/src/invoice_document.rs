//! An invoice as a document to show or print: who sells, who buys, the lines with their
//! amounts, the per-rate breakdown, the totals and the total in words. Pure data built
//! by `workflow::invoicing::draft`; the text preview and the PDF are drawn from it.

use chrono::{DateTime, Utc};

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
