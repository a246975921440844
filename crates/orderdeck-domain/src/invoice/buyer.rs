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
pub(super) fn shape_problem(code: &str) -> String {
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
pub(super) fn email_problem(email: &str) -> Option<String> {
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
