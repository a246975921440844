//! Who the invoice is for, and what makes a buyer's company, tax code, address and e-mail
//! acceptable.

use super::*;

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

pub(super) fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Field limits from Viettel's DTO (reference §3.3); MISA's are not documented.
pub(super) const MAX_COMPANY: usize = 1200;
pub(super) const MAX_ADDRESS: usize = 1200;
pub(super) const MAX_NAME: usize = 800;
pub(super) const MAX_EMAIL: usize = 254;

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
            InvoiceTemplate::Vat => orderdeck_i18n::t!("err-invoice-kind-vat"),
            InvoiceTemplate::Sales => orderdeck_i18n::t!("err-invoice-kind-sales"),
        };
        let company = self.company.trim();
        let tax = self.tax_code.trim();
        if self.is_company() {
            if company.is_empty() {
                e.push(field_error(
                    "buyer.company",
                    orderdeck_i18n::t!("err-buyer-company-required"),
                ));
            }
            if tax.is_empty() {
                e.push(field_error(
                    "buyer.tax_code",
                    orderdeck_i18n::t!("err-buyer-tax-code-required", kind = &kind),
                ));
            } else if let Some(why) = tax_code_problem(tax) {
                e.push(field_error("buyer.tax_code", why));
            }
            if self.address.trim().is_empty() {
                e.push(field_error(
                    "buyer.address",
                    orderdeck_i18n::t!("err-buyer-address-required", kind = &kind),
                ));
            }
        } else if self.name.trim().is_empty() {
            e.push(field_error(
                "buyer.name",
                orderdeck_i18n::t!("err-buyer-name-required", kind = &kind),
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
                    orderdeck_i18n::t!(
                        "err-too-long-limit",
                        length = n.to_string(),
                        max = max.to_string()
                    ),
                ));
            }
            if value.chars().any(|c| c.is_control()) {
                e.push(field_error(
                    field,
                    orderdeck_i18n::t!("err-control-characters"),
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
        TaxCodeError::ZeroSequence => orderdeck_i18n::t!("err-tax-code-zero-sequence"),
        TaxCodeError::ZeroBranch => orderdeck_i18n::t!("err-tax-code-zero-branch-range"),
        TaxCodeError::CheckDigit(main) => {
            let digits: Vec<u8> = main.bytes().map(|b| b.wrapping_sub(b'0')).collect();
            let mut first9 = [0u8; 9];
            if digits.len() == 10 {
                first9.copy_from_slice(&digits[..9]);
            }
            let actual = digits.get(9).copied().unwrap_or(0);
            match tax_code::check_digit(&first9) {
                Some(expected) => orderdeck_i18n::t!(
                    "err-tax-code-check-digit-should-be",
                    expected = expected.to_string(),
                    actual = actual.to_string()
                ),
                None => orderdeck_i18n::t!(
                    "err-tax-code-impossible-start",
                    start = &main[..9.min(main.len())]
                ),
            }
        }
    })
}

/// Explains a tax code that is the wrong shape (letters, length, dash).
pub(super) fn shape_problem(code: &str) -> String {
    if let Some(c) = code.chars().find(|c| !c.is_ascii_digit() && *c != '-') {
        return orderdeck_i18n::t!("err-tax-code-contains", character = c.to_string());
    }
    let parts: Vec<&str> = code.split('-').collect();
    match parts.as_slice() {
        [main] if main.len() == 13 => orderdeck_i18n::t!(
            "err-tax-code-13-digits",
            written = format!("{}-{}", &main[..10], &main[10..])
        ),
        [main] => orderdeck_i18n::t!("err-tax-code-digit-count", count = main.len()),
        [main, _] if main.len() != 10 => {
            orderdeck_i18n::t!("err-tax-code-digits-before-dash", count = main.len())
        }
        [_, branch] => orderdeck_i18n::t!("err-tax-code-branch-digits", count = branch.len()),
        _ => orderdeck_i18n::t!("err-tax-code-dashes"),
    }
}

/// Why `email` does not look like one e-mail address, or `None`.
pub(super) fn email_problem(email: &str) -> Option<String> {
    if email.contains([';', ',']) {
        return Some(orderdeck_i18n::t!("err-email-one-only"));
    }
    if email.chars().any(char::is_whitespace) {
        return Some(orderdeck_i18n::t!("err-email-spaces"));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some(orderdeck_i18n::t!("err-email-no-at", email = email));
    };
    if domain.contains('@') {
        return Some(orderdeck_i18n::t!("err-email-two-at"));
    }
    if local.is_empty() {
        return Some(orderdeck_i18n::t!("err-email-nothing-before-at"));
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
        return Some(orderdeck_i18n::t!("err-email-domain", domain = domain));
    }
    None
}
