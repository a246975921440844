//! VAT e-invoice rules (Decree 123/2020/NĐ-CP, Circular 78/2021/TT-BTC), as far as they
//! shape what orderdeck sends to Viettel S-Invoice and MISA meInvoice: the template
//! number and invoice symbol, VAT rates, line and total amounts, the buyer, the payment
//! method. Pure: no IO. Amounts are `Decimal` in đồng, never floats.
//!
//! Rounding (the one place it happens): each line's amount before VAT and each line's
//! VAT are rounded to whole đồng, half away from zero, on the line itself. This is MISA's
//! rule ("round each part, then sum") and it is what both providers receive per line
//! (`itemTotalAmountWithoutTax`/`taxAmount`, `AmountWithoutVAT`/`VATAmount`). The per-rate
//! breakdown is the plain sum of its rounded lines and the totals are the plain sum of the
//! breakdown, so total = Σ breakdown = Σ lines holds by construction and no đồng is lost
//! or invented. Rounding the VAT once per rate group instead would disagree with the
//! line VAT amounts by up to half a đồng per line.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::RoundingStrategy;

use super::intake::FieldError;
use super::tax_code::{self, TaxCodeError};
use super::vn_words::{self, WordsError};

mod buyer;
mod number;
mod symbol;
pub use buyer::*;
pub use number::shown_number;
pub use symbol::*;

// ---------------------------------------------------------------------------------------
// VAT rates
// ---------------------------------------------------------------------------------------

/// A VAT rate as printed on an invoice. Products store it as text: "0", "5", "8", "10",
/// "KCT" or "KKKNT" (see `as_str`); serde uses the same text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum VatRate {
    #[serde(rename = "0")]
    Zero,
    #[serde(rename = "5")]
    Five,
    #[serde(rename = "8")]
    Eight,
    #[serde(rename = "10")]
    Ten,
    /// Not subject to VAT (không chịu thuế).
    #[serde(rename = "KCT")]
    Kct,
    /// Not declared or paid (không kê khai, tính nộp thuế GTGT).
    #[serde(rename = "KKKNT")]
    Kkknt,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VatRateError {
    #[error("{}", orderdeck_i18n::t!("err-vat-rate-unknown", rate = .0))]
    Unknown(String),
    #[error("{}", orderdeck_i18n::t!("err-vat-rate-other", rate = .0))]
    Other(String),
}

impl VatRate {
    pub const ALL: [VatRate; 6] = [
        VatRate::Zero,
        VatRate::Five,
        VatRate::Eight,
        VatRate::Ten,
        VatRate::Kct,
        VatRate::Kkknt,
    ];

    /// Accepts the stored text and the printed forms: "10", "10%", " 10 % ", "kct",
    /// "KKKNT" (case and spaces do not matter).
    pub fn parse(s: &str) -> Result<Self, VatRateError> {
        let t: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let number = t.strip_suffix('%').unwrap_or(&t);
        match number {
            "0" => Ok(VatRate::Zero),
            "5" => Ok(VatRate::Five),
            "8" => Ok(VatRate::Eight),
            "10" => Ok(VatRate::Ten),
            "KCT" => Ok(VatRate::Kct),
            "KKKNT" => Ok(VatRate::Kkknt),
            _ if t.starts_with("KHAC") => Err(VatRateError::Other(s.trim().to_string())),
            _ => Err(VatRateError::Unknown(s.trim().to_string())),
        }
    }

    /// The text stored on products and invoice lines ("10", "KCT").
    pub fn as_str(self) -> &'static str {
        match self {
            VatRate::Zero => "0",
            VatRate::Five => "5",
            VatRate::Eight => "8",
            VatRate::Ten => "10",
            VatRate::Kct => "KCT",
            VatRate::Kkknt => "KKKNT",
        }
    }

    /// The percentage VAT is charged at; `None` for KCT and KKKNT, which charge none but
    /// must still be told apart from 0% on the invoice.
    pub fn percent(self) -> Option<Decimal> {
        match self {
            VatRate::Zero => Some(Decimal::ZERO),
            VatRate::Five => Some(Decimal::from(5)),
            VatRate::Eight => Some(Decimal::from(8)),
            VatRate::Ten => Some(Decimal::from(10)),
            VatRate::Kct | VatRate::Kkknt => None,
        }
    }

    /// MISA's `VATRateName` (reference §4.4): "10%", "KCT", "KKKNT".
    pub fn misa_name(self) -> &'static str {
        match self {
            VatRate::Zero => "0%",
            VatRate::Five => "5%",
            VatRate::Eight => "8%",
            VatRate::Ten => "10%",
            VatRate::Kct => "KCT",
            VatRate::Kkknt => "KKKNT",
        }
    }

    /// Viettel's numeric `taxPercentage` (reference §3.3): the rate, or -2 for KCT and -1
    /// for KKKNT (Odoo's mapping; the reference marks the KCT/KKKNT naming as inferred).
    pub fn viettel_percentage(self) -> i32 {
        match self {
            VatRate::Zero => 0,
            VatRate::Five => 5,
            VatRate::Eight => 8,
            VatRate::Ten => 10,
            VatRate::Kct => -2,
            VatRate::Kkknt => -1,
        }
    }
}

impl FromStr for VatRate {
    type Err = VatRateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VatRate::parse(s)
    }
}

/// As printed on the invoice: "10%", "KCT".
impl fmt::Display for VatRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.misa_name())
    }
}

// ---------------------------------------------------------------------------------------
// Payment method
// ---------------------------------------------------------------------------------------

/// `paymentMethodName` / `PaymentMethodName` on the invoice.
/// serde uses the codes ("TM", "CK", "TM/CK"), as stored in `invoices.payment_method`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum PaymentMethod {
    #[serde(rename = "TM")]
    Cash,
    #[serde(rename = "CK")]
    Transfer,
    /// The legal fallback when the method is not known yet (reference §3.3), and MISA's
    /// default.
    #[default]
    #[serde(rename = "TM/CK")]
    CashOrTransfer,
}

impl PaymentMethod {
    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "TM",
            PaymentMethod::Transfer => "CK",
            PaymentMethod::CashOrTransfer => "TM/CK",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "Tiền mặt",
            PaymentMethod::Transfer => "Chuyển khoản",
            PaymentMethod::CashOrTransfer => "Tiền mặt/Chuyển khoản",
        }
    }

    /// Accepts "TM", "CK", "TM/CK" (case and spaces do not matter).
    pub fn parse(s: &str) -> Option<Self> {
        let t: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        match t.as_str() {
            "TM" => Some(PaymentMethod::Cash),
            "CK" => Some(PaymentMethod::Transfer),
            "TM/CK" => Some(PaymentMethod::CashOrTransfer),
            _ => None,
        }
    }
}

impl fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

// ---------------------------------------------------------------------------------------
// Lines and totals
// ---------------------------------------------------------------------------------------

/// Rounds to whole đồng, half away from zero (x.5 goes up for the positive amounts
/// invoices carry), the everyday Vietnamese rounding rule.
fn to_dong(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// Net unit prices shown on the invoice keep 2 decimals, like `invoice_lines.unit_price`.
fn to_cents(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// One invoice line. `unit_price` is before VAT.
///
/// A line built with [`InvoiceLine::from_gross`] also keeps the VAT-inclusive price it
/// came from: its amounts are then split from the gross total (so net + VAT is exactly
/// what the buyer paid) and `unit_price` is the net unit price for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    pub name: String,
    pub unit: String,
    pub qty: i32,
    /// Before VAT.
    pub unit_price: Decimal,
    pub rate: VatRate,
    /// The VAT-inclusive unit price, for lines priced the way the shop stores prices.
    pub gross_unit_price: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("{}", orderdeck_i18n::t!("err-invoice-line-qty", qty = .0))]
    Quantity(i32),
    #[error("{}", orderdeck_i18n::t!("err-invoice-line-negative-price", price = .0))]
    NegativePrice(Decimal),
    #[error("{}", orderdeck_i18n::t!("err-invoice-line-overflow"))]
    Overflow,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    #[error("{}", orderdeck_i18n::t!("err-invoice-no-lines"))]
    NoLines,
    #[error("{}", orderdeck_i18n::t!("err-invoice-line", line = .line, error = .error.to_string()))]
    Line { line: usize, error: LineError },
    #[error("{}", orderdeck_i18n::t!("err-invoice-total-overflow"))]
    Overflow,
}

/// What one line comes to, in whole đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAmounts {
    /// The unit price to print for this template: before VAT on a VAT invoice, the
    /// price paid on a sales invoice.
    pub unit_price: Decimal,
    /// Before VAT ("Thành tiền").
    pub amount: Decimal,
    /// Zero on sales invoices and for 0%, KCT and KKKNT.
    pub vat_amount: Decimal,
}

impl LineAmounts {
    pub fn with_vat(&self) -> Decimal {
        self.amount + self.vat_amount
    }
}

/// The whole-đồng VAT contained in a VAT-inclusive `gross` at `rate`:
/// gross × r / (100 + r), rounded once. The net is then gross − VAT, so the two always
/// add back up to the gross.
fn vat_inside(gross: Decimal, rate: VatRate) -> Result<Decimal, LineError> {
    match rate.percent() {
        Some(p) if !p.is_zero() => {
            let share = gross
                .checked_mul(p)
                .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED + p))
                .ok_or(LineError::Overflow)?;
            Ok(to_dong(share))
        }
        _ => Ok(Decimal::ZERO),
    }
}

impl InvoiceLine {
    /// A line priced before VAT.
    pub fn net(
        name: impl Into<String>,
        unit: impl Into<String>,
        qty: i32,
        unit_price: Decimal,
        rate: VatRate,
    ) -> Self {
        InvoiceLine {
            name: name.into(),
            unit: unit.into(),
            qty,
            unit_price,
            rate,
            gross_unit_price: None,
        }
    }

    /// A line from the shop's VAT-inclusive selling price. The gross line total
    /// (qty × price, in whole đồng) is split into VAT = round(gross × r / (100 + r)) and
    /// net = gross − VAT, so nothing is lost or invented; `unit_price` becomes net ÷ qty
    /// to 2 decimals, for display only (the amounts come from the split).
    pub fn from_gross(
        name: impl Into<String>,
        unit: impl Into<String>,
        qty: i32,
        gross_unit_price: Decimal,
        rate: VatRate,
    ) -> Result<Self, LineError> {
        let mut line = InvoiceLine {
            name: name.into(),
            unit: unit.into(),
            qty,
            unit_price: Decimal::ZERO,
            rate,
            gross_unit_price: Some(gross_unit_price),
        };
        line.unit_price = line.amounts(InvoiceTemplate::Vat)?.unit_price;
        Ok(line)
    }

    fn checked_total(&self, price: Decimal) -> Result<Decimal, LineError> {
        if self.qty < 1 {
            return Err(LineError::Quantity(self.qty));
        }
        if price.is_sign_negative() && !price.is_zero() {
            return Err(LineError::NegativePrice(price));
        }
        price
            .checked_mul(Decimal::from(self.qty))
            .map(to_dong)
            .ok_or(LineError::Overflow)
    }

    /// The line's amounts on an invoice of `template`, rounded per line (module docs).
    pub fn amounts(&self, template: InvoiceTemplate) -> Result<LineAmounts, LineError> {
        match (template, self.gross_unit_price) {
            // Sales invoices show the price actually charged and no VAT.
            (InvoiceTemplate::Sales, Some(gross)) => Ok(LineAmounts {
                unit_price: gross,
                amount: self.checked_total(gross)?,
                vat_amount: Decimal::ZERO,
            }),
            (InvoiceTemplate::Sales, None) => Ok(LineAmounts {
                unit_price: self.unit_price,
                amount: self.checked_total(self.unit_price)?,
                vat_amount: Decimal::ZERO,
            }),
            (InvoiceTemplate::Vat, Some(gross)) => {
                let total = self.checked_total(gross)?;
                let vat = vat_inside(total, self.rate)?;
                let amount = total - vat;
                Ok(LineAmounts {
                    unit_price: to_cents(amount / Decimal::from(self.qty)),
                    amount,
                    vat_amount: vat,
                })
            }
            (InvoiceTemplate::Vat, None) => {
                let amount = self.checked_total(self.unit_price)?;
                let vat = match self.rate.percent() {
                    Some(p) => amount
                        .checked_mul(p)
                        .map(|x| to_dong(x / Decimal::ONE_HUNDRED))
                        .ok_or(LineError::Overflow)?,
                    None => Decimal::ZERO,
                };
                Ok(LineAmounts {
                    unit_price: self.unit_price,
                    amount,
                    vat_amount: vat,
                })
            }
        }
    }
}

/// One entry of the VAT breakdown (Viettel `taxBreakdowns[]`, MISA `TaxRateInfo[]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateGroup {
    pub rate: VatRate,
    /// Σ line amounts before VAT at this rate.
    pub taxable_amount: Decimal,
    /// Σ line VAT amounts at this rate.
    pub vat_amount: Decimal,
}

/// An invoice's lines, breakdown and totals, consistent by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceTotals {
    pub template: InvoiceTemplate,
    /// In the order of the input lines.
    pub lines: Vec<LineAmounts>,
    /// One entry per rate present, in `VatRate` order; empty on sales invoices.
    pub breakdown: Vec<RateGroup>,
    /// Before VAT.
    pub subtotal: Decimal,
    pub vat_amount: Decimal,
    pub total: Decimal,
}

impl InvoiceTotals {
    /// The total in words, as printed and sent to the providers.
    pub fn total_in_words(&self) -> Result<String, WordsError> {
        vn_words::amount_in_words(self.total)
    }
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal, InvoiceError> {
    a.checked_add(b).ok_or(InvoiceError::Overflow)
}

/// Computes every line, then the breakdown as sums of lines, then the totals as sums of
/// the breakdown: no rounding happens after the lines, so the three always agree.
pub fn compute_totals(
    template: InvoiceTemplate,
    lines: &[InvoiceLine],
) -> Result<InvoiceTotals, InvoiceError> {
    if lines.is_empty() {
        return Err(InvoiceError::NoLines);
    }
    let mut amounts = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let a = l
            .amounts(template)
            .map_err(|error| InvoiceError::Line { line: i + 1, error })?;
        amounts.push(a);
    }
    let (breakdown, subtotal, vat_amount) = if template.has_vat_breakdown() {
        let mut groups: BTreeMap<VatRate, (Decimal, Decimal)> = BTreeMap::new();
        for (l, a) in lines.iter().zip(&amounts) {
            let g = groups.entry(l.rate).or_default();
            g.0 = add(g.0, a.amount)?;
            g.1 = add(g.1, a.vat_amount)?;
        }
        let breakdown: Vec<RateGroup> = groups
            .into_iter()
            .map(|(rate, (taxable_amount, vat_amount))| RateGroup {
                rate,
                taxable_amount,
                vat_amount,
            })
            .collect();
        let mut subtotal = Decimal::ZERO;
        let mut vat = Decimal::ZERO;
        for g in &breakdown {
            subtotal = add(subtotal, g.taxable_amount)?;
            vat = add(vat, g.vat_amount)?;
        }
        (breakdown, subtotal, vat)
    } else {
        let mut subtotal = Decimal::ZERO;
        for a in &amounts {
            subtotal = add(subtotal, a.amount)?;
        }
        (Vec::new(), subtotal, Decimal::ZERO)
    };
    Ok(InvoiceTotals {
        template,
        lines: amounts,
        breakdown,
        subtotal,
        vat_amount,
        total: add(subtotal, vat_amount)?,
    })
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
