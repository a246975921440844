//! The invoice template (form number) and the 7-character invoice symbol (Circular
//! 78/2021/TT-BTC).

use super::*;

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
    #[error("{}", orderdeck_i18n::t!("err-symbol-length", symbol = .0, count = .1))]
    Length(String, usize),
    #[error("{}", orderdeck_i18n::t!("err-symbol-template", character = .0.to_string()))]
    Template(char),
    #[error("{}", orderdeck_i18n::t!("err-symbol-other-template", template = .0.to_string(), meaning = .1))]
    OtherTemplate(char, &'static str),
    #[error("{}", orderdeck_i18n::t!("err-symbol-code-letter", character = .0.to_string()))]
    CodeLetter(char),
    #[error("{}", orderdeck_i18n::t!("err-symbol-year", year = .0))]
    Year(String),
    #[error("{}", orderdeck_i18n::t!("err-symbol-form", character = .0.to_string()))]
    Form(char),
    #[error("{}", orderdeck_i18n::t!("err-symbol-form-template", form = .form.to_string(), meaning = .meaning, needs = .needs, template = .template))]
    FormTemplate {
        form: char,
        meaning: &'static str,
        needs: u8,
        template: u8,
    },
    #[error("{}", orderdeck_i18n::t!("err-symbol-letters", letters = .0))]
    Letters(String),
    #[error("{}", orderdeck_i18n::t!("err-symbol-year-range", year = .0.to_string()))]
    YearRange(i32),
    #[error("{}", orderdeck_i18n::t!("err-symbol-wrong-year", symbol = format!("20{:02}", .symbol), issued = .issued.to_string()))]
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

pub(super) fn template_meaning(c: char) -> &'static str {
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
