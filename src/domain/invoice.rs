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
    #[error("`{0}` is not a VAT rate: use 0, 5, 8, 10, KCT or KKKNT")]
    Unknown(String),
    #[error("other rates (`{0}`, MISA's KHAC:x%) are not supported: use 0, 5, 8, 10, KCT or KKKNT")]
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
// Template and symbol
// ---------------------------------------------------------------------------------------

/// The invoice templates orderdeck issues (reference §5.1, template number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvoiceTemplate {
    /// Template 1, for sellers on the deduction method: VAT shown per rate.
    Vat,
    /// Template 2, for sellers on the direct method: prices include everything, no VAT
    /// breakdown.
    Sales,
}

impl InvoiceTemplate {
    /// The template number ("ký hiệu mẫu số"), the first character of the symbol.
    pub fn number(self) -> u8 {
        match self {
            InvoiceTemplate::Vat => 1,
            InvoiceTemplate::Sales => 2,
        }
    }

    /// The title printed on the invoice.
    pub fn name_vi(self) -> &'static str {
        match self {
            InvoiceTemplate::Vat => "Hóa đơn giá trị gia tăng",
            InvoiceTemplate::Sales => "Hóa đơn bán hàng",
        }
    }

    /// The value stored in `invoices.template`.
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceTemplate::Vat => "vat",
            InvoiceTemplate::Sales => "sales",
        }
    }

    /// Accepts the stored value ("vat", "sales") or the template number ("1", "2").
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vat" | "1" => Some(InvoiceTemplate::Vat),
            "sales" | "2" => Some(InvoiceTemplate::Sales),
            _ => None,
        }
    }

    pub fn from_number(n: u8) -> Option<Self> {
        match n {
            1 => Some(InvoiceTemplate::Vat),
            2 => Some(InvoiceTemplate::Sales),
            _ => None,
        }
    }

    /// Only VAT invoices carry a per-rate VAT breakdown.
    pub fn has_vat_breakdown(self) -> bool {
        self == InvoiceTemplate::Vat
    }
}

/// Character 5 of the symbol: how the invoice is made (reference §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvoiceForm {
    /// T: registered by enterprises or households (the usual one).
    Registered,
    /// D: public-asset or national-reserve sales, special invoices without some fields.
    Special,
    /// L: issued per case by the tax authority.
    TaxAuthority,
    /// M: generated from a cash register.
    CashRegister,
    /// N: electronic internal delivery/transport note (template 6).
    InternalDelivery,
    /// B: electronic delivery note for goods sent to agents (template 6).
    AgentDelivery,
    /// G: VAT invoice as e-stamp, ticket or card (template 1 only).
    VatTicket,
    /// H: sales invoice as e-stamp, ticket or card (template 2 only).
    SalesTicket,
}

impl InvoiceForm {
    pub fn from_char(c: char) -> Option<Self> {
        Some(match c {
            'T' => InvoiceForm::Registered,
            'D' => InvoiceForm::Special,
            'L' => InvoiceForm::TaxAuthority,
            'M' => InvoiceForm::CashRegister,
            'N' => InvoiceForm::InternalDelivery,
            'B' => InvoiceForm::AgentDelivery,
            'G' => InvoiceForm::VatTicket,
            'H' => InvoiceForm::SalesTicket,
            _ => return None,
        })
    }

    pub fn as_char(self) -> char {
        match self {
            InvoiceForm::Registered => 'T',
            InvoiceForm::Special => 'D',
            InvoiceForm::TaxAuthority => 'L',
            InvoiceForm::CashRegister => 'M',
            InvoiceForm::InternalDelivery => 'N',
            InvoiceForm::AgentDelivery => 'B',
            InvoiceForm::VatTicket => 'G',
            InvoiceForm::SalesTicket => 'H',
        }
    }

    fn meaning(self) -> &'static str {
        match self {
            InvoiceForm::Registered => "registered by the enterprise",
            InvoiceForm::Special => "public-asset, national-reserve or special invoice",
            InvoiceForm::TaxAuthority => "issued per case by the tax authority",
            InvoiceForm::CashRegister => "generated from a cash register",
            InvoiceForm::InternalDelivery => "internal delivery note",
            InvoiceForm::AgentDelivery => "delivery note for goods sent to agents",
            InvoiceForm::VatTicket => "VAT invoice as e-stamp, ticket or card",
            InvoiceForm::SalesTicket => "sales invoice as e-stamp, ticket or card",
        }
    }

    /// The template this form is tied to, if any: N and B are template-6 documents,
    /// G is a VAT invoice and H a sales invoice.
    fn only_template(self) -> Option<u8> {
        match self {
            InvoiceForm::InternalDelivery | InvoiceForm::AgentDelivery => Some(6),
            InvoiceForm::VatTicket => Some(1),
            InvoiceForm::SalesTicket => Some(2),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolError {
    #[error(
        "an invoice symbol has 7 characters (template number, C or K, 2-digit year, form \
         letter, 2 letters, e.g. 1C26TAA); `{0}` has {1}"
    )]
    Length(String, usize),
    #[error(
        "the 1st character is the template number, 1 (VAT invoice) or 2 (sales invoice), \
         not `{0}`"
    )]
    Template(char),
    #[error(
        "template {0} ({1}) is not one orderdeck issues: use 1 (VAT invoice) or 2 (sales \
         invoice)"
    )]
    OtherTemplate(char, &'static str),
    #[error("the 2nd character is C (with tax-authority code) or K (without code), not `{0}`")]
    CodeLetter(char),
    #[error("characters 3–4 are the last two digits of the year of issue, not `{0}`")]
    Year(String),
    #[error("the 5th character is the invoice form (T, D, L, M, N, B, G or H), not `{0}`")]
    Form(char),
    #[error("form {form} ({meaning}) belongs to template {needs}, not to template {template}")]
    FormTemplate {
        form: char,
        meaning: &'static str,
        needs: u8,
        template: u8,
    },
    #[error("the last two characters are the seller's own capital letters A–Z, not `{0}`")]
    Letters(String),
    #[error("year {0} cannot go into an invoice symbol (2000–2099)")]
    YearRange(i32),
    #[error("the symbol is for 20{symbol:02}, but the invoice is issued in {issued}")]
    WrongYear { symbol: u8, issued: i32 },
}

/// A Circular-78 invoice symbol such as `1C26TAA`: the template number followed by the
/// 6-character series (`C26TAA`) that Viettel calls `invoiceSeries` and MISA `InvSeries`.
/// Fields are private so a value is always a valid symbol.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InvoiceSymbol {
    template: InvoiceTemplate,
    with_code: bool,
    year: u8,
    form: InvoiceForm,
    letters: [char; 2],
}

fn template_meaning(c: char) -> &'static str {
    match c {
        '3' => "sale of public assets",
        '4' => "sale of national reserve goods",
        '5' => "other documents such as e-stamps, tickets, cards and receipts",
        '6' => "documents managed like invoices, such as delivery notes",
        _ => "unknown",
    }
}

impl InvoiceSymbol {
    /// Parses a 7-character symbol. Surrounding spaces are ignored and lower case is
    /// accepted (people type it), the result is upper case.
    pub fn parse(s: &str) -> Result<Self, SymbolError> {
        let t = s.trim().to_uppercase();
        let c: Vec<char> = t.chars().collect();
        if c.len() != 7 {
            return Err(SymbolError::Length(s.trim().to_string(), c.len()));
        }
        let template = match c[0] {
            '1' => InvoiceTemplate::Vat,
            '2' => InvoiceTemplate::Sales,
            d @ '3'..='6' => return Err(SymbolError::OtherTemplate(d, template_meaning(d))),
            other => return Err(SymbolError::Template(other)),
        };
        let with_code = match c[1] {
            'C' => true,
            'K' => false,
            other => return Err(SymbolError::CodeLetter(other)),
        };
        let year = match (c[2].to_digit(10), c[3].to_digit(10)) {
            // Two decimal digits: at most 99, so the cast cannot truncate.
            (Some(a), Some(b)) => (a * 10 + b) as u8,
            _ => return Err(SymbolError::Year(c[2..4].iter().collect())),
        };
        let form = InvoiceForm::from_char(c[4]).ok_or(SymbolError::Form(c[4]))?;
        if let Some(needs) = form.only_template()
            && needs != template.number()
        {
            return Err(SymbolError::FormTemplate {
                form: form.as_char(),
                meaning: form.meaning(),
                needs,
                template: template.number(),
            });
        }
        if !c[5..7].iter().all(|ch| ch.is_ascii_uppercase()) {
            return Err(SymbolError::Letters(c[5..7].iter().collect()));
        }
        Ok(InvoiceSymbol {
            template,
            with_code,
            year,
            form,
            letters: [c[5], c[6]],
        })
    }

    /// Parses a provider's 6-character series (`C26TAA`) for a known template.
    pub fn from_series(template: InvoiceTemplate, series: &str) -> Result<Self, SymbolError> {
        Self::parse(&format!("{}{}", template.number(), series.trim()))
    }

    /// The symbol a new shop uses unless it registered another: with tax-authority code
    /// (C, what e-commerce sellers are normally registered for), form T (registered by
    /// the enterprise) and letters AA, e.g. `1C26TAA` for a VAT invoice in 2026.
    pub fn default_for(template: InvoiceTemplate, year: i32) -> Result<Self, SymbolError> {
        if !(2000..=2099).contains(&year) {
            return Err(SymbolError::YearRange(year));
        }
        Ok(InvoiceSymbol {
            template,
            with_code: true,
            // 0..=99 after the range check above.
            year: (year % 100) as u8,
            form: InvoiceForm::Registered,
            letters: ['A', 'A'],
        })
    }

    pub fn template(&self) -> InvoiceTemplate {
        self.template
    }

    /// C symbols get a tax-authority code (MCCQT) before they reach the buyer.
    pub fn with_tax_authority_code(&self) -> bool {
        self.with_code
    }

    /// The two year digits (26 for 2026).
    pub fn year(&self) -> u8 {
        self.year
    }

    pub fn form(&self) -> InvoiceForm {
        self.form
    }

    /// The 6 characters after the template number (`C26TAA`), for Viettel's
    /// `invoiceSeries` and MISA's `OrgInvSeries`.
    pub fn series(&self) -> String {
        let mut s = String::with_capacity(6);
        s.push(if self.with_code { 'C' } else { 'K' });
        s.push_str(&format!("{:02}", self.year));
        s.push(self.form.as_char());
        s.extend(self.letters);
        s
    }

    /// The year in the symbol must be the year the invoice is issued in; an invoice
    /// issued on 2027-01-01 under a `…26…` symbol is wrong.
    pub fn check_issue_year(&self, issued: i32) -> Result<(), SymbolError> {
        if issued.rem_euclid(100) == i32::from(self.year) && (2000..=2099).contains(&issued) {
            Ok(())
        } else {
            Err(SymbolError::WrongYear {
                symbol: self.year,
                issued,
            })
        }
    }
}

impl FromStr for InvoiceSymbol {
    type Err = SymbolError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InvoiceSymbol::parse(s)
    }
}

/// The printed 7-character form, `1C26TAA`.
impl fmt::Display for InvoiceSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.template.number(), self.series())
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
    #[error("the quantity must be at least 1, not {0}")]
    Quantity(i32),
    #[error("the unit price cannot be negative ({0})")]
    NegativePrice(Decimal),
    #[error("the amount is too large to compute")]
    Overflow,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    #[error("an invoice needs at least one line")]
    NoLines,
    #[error("line {line}: {error}")]
    Line { line: usize, error: LineError },
    #[error("the invoice total is too large to compute")]
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

// ---------------------------------------------------------------------------------------
// Buyer
// ---------------------------------------------------------------------------------------

/// Who the invoice is for. Empty strings mean "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Buyer {
    /// Legal name of the buying company (`buyerLegalName`, `BuyerLegalName`).
    pub company: String,
    /// MST: `0123456789` or `0123456789-001`.
    pub tax_code: String,
    pub address: String,
    pub email: String,
    /// The person buying (`buyerName`, `BuyerFullName`).
    pub name: String,
}

fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Field limits from Viettel's DTO (reference §3.3); MISA's are not documented.
const MAX_COMPANY: usize = 1200;
const MAX_ADDRESS: usize = 1200;
const MAX_NAME: usize = 800;
const MAX_EMAIL: usize = 254;

impl Buyer {
    /// A company invoice: a company name or a tax code was given.
    pub fn is_company(&self) -> bool {
        !self.company.trim().is_empty() || !self.tax_code.trim().is_empty()
    }

    /// Every problem at once, each naming its field and saying why.
    ///
    /// Rules: a company invoice needs the company's name, a valid tax code and an
    /// address (MISA requires name and address whenever a tax code is given); any
    /// invoice needs someone to be for, a company or a person's name; an e-mail, if
    /// given, must be one address. The rules are the same for both templates (the
    /// reference gives none that differ); the template only words the messages.
    pub fn validate(&self, template: InvoiceTemplate) -> Vec<FieldError> {
        let mut e = Vec::new();
        let kind = match template {
            InvoiceTemplate::Vat => "a VAT invoice",
            InvoiceTemplate::Sales => "a sales invoice",
        };
        let company = self.company.trim();
        let tax = self.tax_code.trim();
        if self.is_company() {
            if company.is_empty() {
                e.push(field_error(
                    "buyer.company",
                    "is required when a tax code is given (the invoice names the company \
                     the tax code belongs to)",
                ));
            }
            if tax.is_empty() {
                e.push(field_error(
                    "buyer.tax_code",
                    format!("is required: {kind} for a company must carry its tax code (MST)"),
                ));
            } else if let Some(why) = tax_code_problem(tax) {
                e.push(field_error("buyer.tax_code", why));
            }
            if self.address.trim().is_empty() {
                e.push(field_error(
                    "buyer.address",
                    format!("is required: {kind} for a company must carry its address"),
                ));
            }
        } else if self.name.trim().is_empty() {
            e.push(field_error(
                "buyer.name",
                format!("is required: {kind} needs a buyer, a person's name or a company with its tax code"),
            ));
        }
        let email = self.email.trim();
        if !email.is_empty()
            && let Some(why) = email_problem(email)
        {
            e.push(field_error("buyer.email", why));
        }
        for (field, value, max) in [
            ("buyer.company", &self.company, MAX_COMPANY),
            ("buyer.address", &self.address, MAX_ADDRESS),
            ("buyer.name", &self.name, MAX_NAME),
            ("buyer.email", &self.email, MAX_EMAIL),
        ] {
            let n = value.chars().count();
            if n > max {
                e.push(field_error(
                    field,
                    format!("is {n} characters long; the limit is {max}"),
                ));
            }
            if value.chars().any(|c| c.is_control()) {
                e.push(field_error(
                    field,
                    "contains control characters (line breaks, tabs)",
                ));
            }
        }
        e
    }
}

/// Why `code` is not a valid tax code, or `None` when it is. `tax_code::validate` decides;
/// this only turns its verdict into a sentence a person can act on.
pub fn tax_code_problem(code: &str) -> Option<String> {
    let err = tax_code::validate(code).err()?;
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match err {
        TaxCodeError::Shape => shape_problem(&compact),
        TaxCodeError::ZeroSequence => "digits 3–9 of a tax code cannot all be zero".to_string(),
        TaxCodeError::ZeroBranch => {
            "branch 000 is not a branch: branches run from 001 to 999".to_string()
        }
        TaxCodeError::CheckDigit(main) => {
            let digits: Vec<u8> = main.bytes().map(|b| b.wrapping_sub(b'0')).collect();
            let mut first9 = [0u8; 9];
            if digits.len() == 10 {
                first9.copy_from_slice(&digits[..9]);
            }
            let actual = digits.get(9).copied().unwrap_or(0);
            match tax_code::check_digit(&first9) {
                Some(expected) => format!(
                    "the check digit (10th digit) should be {expected}, not {actual}: check \
                     for a mistyped digit"
                ),
                None => format!(
                    "no tax code can start with {}: its check digit would be 10",
                    &main[..9.min(main.len())]
                ),
            }
        }
    })
}

/// Explains a tax code that is the wrong shape (letters, length, dash).
fn shape_problem(code: &str) -> String {
    const FORMS: &str = "a tax code is 10 digits, or 10 digits, a dash and a 3-digit branch \
                         (0123456789-001)";
    if let Some(c) = code.chars().find(|c| !c.is_ascii_digit() && *c != '-') {
        return format!("contains `{c}`; {FORMS}");
    }
    let parts: Vec<&str> = code.split('-').collect();
    match parts.as_slice() {
        [main] if main.len() == 13 => format!(
            "has 13 digits without a dash; write the branch after a dash: {}-{}",
            &main[..10],
            &main[10..]
        ),
        [main] => format!("has {} digits; {FORMS}", main.len()),
        [main, _] if main.len() != 10 => {
            format!("has {} digits before the dash; it needs 10", main.len())
        }
        [_, branch] => format!(
            "the branch after the dash has {} digits; it needs 3 (001–999)",
            branch.len()
        ),
        _ => format!("has more than one dash; {FORMS}"),
    }
}

/// Why `email` does not look like one e-mail address, or `None`.
fn email_problem(email: &str) -> Option<String> {
    if email.contains([';', ',']) {
        return Some("give one address only (MISA takes a single address)".into());
    }
    if email.chars().any(char::is_whitespace) {
        return Some("an e-mail address cannot contain spaces".into());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some(format!(
            "`{email}` has no @; an e-mail address looks like an@example.vn"
        ));
    };
    if domain.contains('@') {
        return Some("an e-mail address has exactly one @".into());
    }
    if local.is_empty() {
        return Some("nothing before the @; an e-mail address looks like an@example.vn".into());
    }
    let labels_ok = !domain.is_empty()
        && domain.contains('.')
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if !labels_ok {
        return Some(format!(
            "`{domain}` after the @ is not a domain such as example.vn"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn vat_rates_parse_and_encode() {
        for (s, r) in [
            ("0", VatRate::Zero),
            ("0%", VatRate::Zero),
            ("5", VatRate::Five),
            (" 8 % ", VatRate::Eight),
            ("10", VatRate::Ten),
            ("10%", VatRate::Ten),
            ("kct", VatRate::Kct),
            ("KKKNT", VatRate::Kkknt),
            ("kkknt", VatRate::Kkknt),
        ] {
            assert_eq!(VatRate::parse(s), Ok(r), "{s}");
        }
        for r in VatRate::ALL {
            assert_eq!(VatRate::parse(r.as_str()), Ok(r));
            assert_eq!(VatRate::parse(r.misa_name()), Ok(r));
        }
        assert!(matches!(VatRate::parse("7"), Err(VatRateError::Unknown(_))));
        assert!(matches!(VatRate::parse(""), Err(VatRateError::Unknown(_))));
        assert!(matches!(
            VatRate::parse("KHAC:3.5%"),
            Err(VatRateError::Other(_))
        ));
        assert_eq!(VatRate::Kct.viettel_percentage(), -2);
        assert_eq!(VatRate::Kkknt.viettel_percentage(), -1);
        assert_eq!(VatRate::Eight.viettel_percentage(), 8);
        assert_eq!(VatRate::Ten.to_string(), "10%");
        assert_eq!(VatRate::Kct.percent(), None);
    }

    #[test]
    fn templates() {
        assert_eq!(InvoiceTemplate::Vat.number(), 1);
        assert_eq!(InvoiceTemplate::Sales.name_vi(), "Hóa đơn bán hàng");
        assert_eq!(InvoiceTemplate::parse("vat"), Some(InvoiceTemplate::Vat));
        assert_eq!(InvoiceTemplate::parse("2"), Some(InvoiceTemplate::Sales));
        assert_eq!(InvoiceTemplate::parse("3"), None);
    }

    #[test]
    fn symbols_parse_and_print() {
        let s = InvoiceSymbol::parse("1C26TAA").unwrap();
        assert_eq!(s.template(), InvoiceTemplate::Vat);
        assert!(s.with_tax_authority_code());
        assert_eq!(s.year(), 26);
        assert_eq!(s.form(), InvoiceForm::Registered);
        assert_eq!(s.series(), "C26TAA");
        assert_eq!(s.to_string(), "1C26TAA");
        assert_eq!(
            InvoiceSymbol::parse(" 2k25myy ").unwrap().to_string(),
            "2K25MYY"
        );
        assert_eq!(
            InvoiceSymbol::from_series(InvoiceTemplate::Vat, "K24TJS")
                .unwrap()
                .to_string(),
            "1K24TJS"
        );
        assert_eq!(
            InvoiceSymbol::default_for(InvoiceTemplate::Vat, 2026)
                .unwrap()
                .to_string(),
            "1C26TAA"
        );
        assert_eq!(
            InvoiceSymbol::default_for(InvoiceTemplate::Sales, 2030)
                .unwrap()
                .to_string(),
            "2C30TAA"
        );
        assert_eq!(
            InvoiceSymbol::default_for(InvoiceTemplate::Vat, 1999),
            Err(SymbolError::YearRange(1999))
        );
    }

    #[test]
    fn symbol_errors_say_what_is_wrong() {
        let e = |s: &str| InvoiceSymbol::parse(s).unwrap_err();
        assert_eq!(e("1C26TA"), SymbolError::Length("1C26TA".into(), 6));
        assert_eq!(e("1C26TAAA"), SymbolError::Length("1C26TAAA".into(), 8));
        assert_eq!(e("7C26TAA"), SymbolError::Template('7'));
        assert!(matches!(e("3C26TAA"), SymbolError::OtherTemplate('3', _)));
        assert_eq!(e("1X26TAA"), SymbolError::CodeLetter('X'));
        assert_eq!(e("1C2ATAA"), SymbolError::Year("2A".into()));
        assert_eq!(e("1C26XAA"), SymbolError::Form('X'));
        assert!(matches!(
            e("1C26NAA"),
            SymbolError::FormTemplate {
                form: 'N',
                needs: 6,
                ..
            }
        ));
        assert!(matches!(
            e("2C26GAA"),
            SymbolError::FormTemplate {
                form: 'G',
                needs: 1,
                ..
            }
        ));
        assert!(InvoiceSymbol::parse("1C26GAA").is_ok());
        assert!(InvoiceSymbol::parse("2C26HAA").is_ok());
        assert_eq!(e("1C26TA1"), SymbolError::Letters("A1".into()));
        assert!(
            e("1C26TA")
                .to_string()
                .contains("7 characters (template number, C or K")
        );
    }

    #[test]
    fn symbol_year_must_match_issue_year() {
        let s = InvoiceSymbol::parse("1C26TAA").unwrap();
        assert!(s.check_issue_year(2026).is_ok());
        assert_eq!(
            s.check_issue_year(2027),
            Err(SymbolError::WrongYear {
                symbol: 26,
                issued: 2027
            })
        );
    }

    #[test]
    fn payment_methods() {
        assert_eq!(PaymentMethod::default().code(), "TM/CK");
        assert_eq!(PaymentMethod::parse("tm"), Some(PaymentMethod::Cash));
        assert_eq!(PaymentMethod::parse("CK"), Some(PaymentMethod::Transfer));
        assert_eq!(
            PaymentMethod::parse("TM / CK"),
            Some(PaymentMethod::CashOrTransfer)
        );
        assert_eq!(PaymentMethod::parse("COD"), None);
        assert_eq!(
            serde_json::to_string(&PaymentMethod::CashOrTransfer).unwrap(),
            "\"TM/CK\""
        );
    }

    #[test]
    fn serde_uses_the_stored_text() {
        for r in VatRate::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
            assert_eq!(serde_json::from_str::<VatRate>(&json).unwrap(), r);
        }
    }

    #[test]
    fn net_lines_round_per_line() {
        // 3 × 33 333.33 = 99 999.99 → 100 000; VAT 10% = 10 000.
        let l = InvoiceLine::net("Áo", "cái", 3, dec!(33333.33), VatRate::Ten);
        let a = l.amounts(InvoiceTemplate::Vat).unwrap();
        assert_eq!(a.amount, dec!(100000));
        assert_eq!(a.vat_amount, dec!(10000));
        // 8% of 12 345 = 987.6 → 988.
        let l = InvoiceLine::net("Nón", "cái", 1, dec!(12345), VatRate::Eight);
        assert_eq!(
            l.amounts(InvoiceTemplate::Vat).unwrap().vat_amount,
            dec!(988)
        );
        // Half a đồng goes up: 5% of 10 = 0.5 → 1.
        let l = InvoiceLine::net("Kẹp", "cái", 1, dec!(10), VatRate::Five);
        assert_eq!(l.amounts(InvoiceTemplate::Vat).unwrap().vat_amount, dec!(1));
        let l = InvoiceLine::net("Sách", "cuốn", 2, dec!(50000), VatRate::Kct);
        assert_eq!(l.amounts(InvoiceTemplate::Vat).unwrap().vat_amount, dec!(0));
    }

    #[test]
    fn gross_lines_split_exactly() {
        let l = InvoiceLine::from_gross("Áo", "cái", 1, dec!(108000), VatRate::Eight).unwrap();
        let a = l.amounts(InvoiceTemplate::Vat).unwrap();
        assert_eq!((a.amount, a.vat_amount), (dec!(100000), dec!(8000)));
        assert_eq!(l.unit_price, dec!(100000));
        // 3 × 99 000 = 297 000 at 10%: VAT 27 000, net 270 000.
        let l = InvoiceLine::from_gross("Quần", "cái", 3, dec!(99000), VatRate::Ten).unwrap();
        let a = l.amounts(InvoiceTemplate::Vat).unwrap();
        assert_eq!((a.amount, a.vat_amount), (dec!(270000), dec!(27000)));
        assert_eq!(l.unit_price, dec!(90000));
        // 199 000 at 10%: 18 090.9… → 18 091 VAT, 180 909 net.
        let l = InvoiceLine::from_gross("Giày", "đôi", 1, dec!(199000), VatRate::Ten).unwrap();
        let a = l.amounts(InvoiceTemplate::Vat).unwrap();
        assert_eq!((a.amount, a.vat_amount), (dec!(180909), dec!(18091)));
        assert_eq!(a.with_vat(), dec!(199000));
        // On a sales invoice the gross price is the price.
        let s = l.amounts(InvoiceTemplate::Sales).unwrap();
        assert_eq!(
            (s.unit_price, s.amount, s.vat_amount),
            (dec!(199000), dec!(199000), dec!(0))
        );
    }

    #[test]
    fn bad_lines_are_refused() {
        let l = InvoiceLine::net("X", "cái", 0, dec!(1000), VatRate::Ten);
        assert_eq!(l.amounts(InvoiceTemplate::Vat), Err(LineError::Quantity(0)));
        let l = InvoiceLine::net("X", "cái", 1, dec!(-1), VatRate::Ten);
        assert_eq!(
            l.amounts(InvoiceTemplate::Vat),
            Err(LineError::NegativePrice(dec!(-1)))
        );
        assert_eq!(
            compute_totals(InvoiceTemplate::Vat, &[]),
            Err(InvoiceError::NoLines)
        );
        assert_eq!(
            compute_totals(InvoiceTemplate::Vat, &[l]),
            Err(InvoiceError::Line {
                line: 1,
                error: LineError::NegativePrice(dec!(-1))
            })
        );
        let huge = InvoiceLine::net("X", "cái", i32::MAX, Decimal::MAX, VatRate::Ten);
        assert_eq!(huge.amounts(InvoiceTemplate::Vat), Err(LineError::Overflow));
    }

    #[test]
    fn totals_follow_the_lines() {
        let lines = [
            InvoiceLine::net("Áo", "cái", 2, dec!(150000), VatRate::Ten),
            InvoiceLine::net("Sách", "cuốn", 1, dec!(80000), VatRate::Kct),
            InvoiceLine::net("Nón", "cái", 1, dec!(12345), VatRate::Eight),
            InvoiceLine::net("Quần", "cái", 1, dec!(200000), VatRate::Ten),
        ];
        let t = compute_totals(InvoiceTemplate::Vat, &lines).unwrap();
        assert_eq!(
            t.breakdown,
            vec![
                RateGroup {
                    rate: VatRate::Eight,
                    taxable_amount: dec!(12345),
                    vat_amount: dec!(988)
                },
                RateGroup {
                    rate: VatRate::Ten,
                    taxable_amount: dec!(500000),
                    vat_amount: dec!(50000)
                },
                RateGroup {
                    rate: VatRate::Kct,
                    taxable_amount: dec!(80000),
                    vat_amount: dec!(0)
                },
            ]
        );
        assert_eq!(t.subtotal, dec!(592345));
        assert_eq!(t.vat_amount, dec!(50988));
        assert_eq!(t.total, dec!(643333));
        assert_eq!(
            t.total_in_words().unwrap(),
            "Sáu trăm bốn mươi ba nghìn ba trăm ba mươi ba đồng"
        );
        let s = compute_totals(InvoiceTemplate::Sales, &lines).unwrap();
        assert!(s.breakdown.is_empty());
        assert_eq!(s.vat_amount, dec!(0));
        assert_eq!(s.total, dec!(592345));
    }

    fn company(tax_code: &str) -> Buyer {
        Buyer {
            company: "Tổng Công ty Viễn thông Viettel".into(),
            tax_code: tax_code.into(),
            address: "Số 1 Giang Văn Minh, Ba Đình, Hà Nội".into(),
            email: "ketoan@example.vn".into(),
            name: "Nguyễn Văn An".into(),
        }
    }

    fn messages(b: &Buyer) -> Vec<String> {
        b.validate(InvoiceTemplate::Vat)
            .into_iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn real_tax_codes_pass() {
        for c in [
            "0100109106",
            "0104093672",
            "0100233488",
            "0314409058-002",
            " 0100109106 ",
        ] {
            assert!(
                messages(&company(c)).is_empty(),
                "{c}: {:?}",
                messages(&company(c))
            );
        }
    }

    #[test]
    fn tax_code_messages_say_why() {
        assert_eq!(
            messages(&company("0100109105")),
            vec![
                "buyer.tax_code: the check digit (10th digit) should be 6, not 5: check for \
                 a mistyped digit"
            ]
        );
        let m = |c: &str| tax_code_problem(c).unwrap();
        assert!(
            m("010010910").starts_with("has 9 digits"),
            "{}",
            m("010010910")
        );
        assert!(m("01001091066").starts_with("has 11 digits"));
        assert!(m("01001O9106").starts_with("contains `O`"));
        assert!(m("0100109106001").contains("0100109106-001"));
        assert!(m("0100109106-01").contains("has 2 digits; it needs 3"));
        assert!(m("010010910-001").contains("9 digits before the dash"));
        assert!(m("0100109106-000").contains("branch 000"));
        assert!(m("0100000000").contains("cannot all be zero"));
        assert!(m("0100109106-001-2").contains("more than one dash"));
        assert_eq!(tax_code_problem("0100109106"), None);
    }

    #[test]
    fn company_needs_tax_code_and_address() {
        let b = Buyer {
            company: "Công ty TNHH ABC".into(),
            ..Buyer::default()
        };
        let fields: Vec<String> = b
            .validate(InvoiceTemplate::Vat)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["buyer.tax_code", "buyer.address"]);
        let b = Buyer {
            tax_code: "0100109106".into(),
            ..Buyer::default()
        };
        let fields: Vec<String> = b
            .validate(InvoiceTemplate::Sales)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["buyer.company", "buyer.address"]);
    }

    #[test]
    fn individuals_need_a_name_only() {
        let b = Buyer {
            name: "Trần Thị Bình".into(),
            ..Buyer::default()
        };
        assert!(b.validate(InvoiceTemplate::Vat).is_empty());
        let fields: Vec<String> = Buyer::default()
            .validate(InvoiceTemplate::Vat)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["buyer.name"]);
    }

    #[test]
    fn emails_must_look_like_one() {
        for good in ["an@example.vn", "nguyen.van.an+shop@mail.example.com.vn"] {
            assert_eq!(email_problem(good), None, "{good}");
        }
        for bad in [
            "an.example.vn",
            "@example.vn",
            "an@",
            "an@example",
            "an@@example.vn",
            "an@example..vn",
            "an @example.vn",
            "a@example.vn; b@example.vn",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
        let mut b = company("0100109106");
        b.email = "ketoan.example.vn".into();
        assert_eq!(
            b.validate(InvoiceTemplate::Vat)
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>(),
            vec!["buyer.email"]
        );
    }
}
