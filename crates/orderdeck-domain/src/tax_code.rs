//! Vietnamese tax codes (MST): 10 digits with a check digit, or 13 with a branch
//! suffix written `0123456789-001`.

const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// The check digit for the first nine digits, or `None` when no valid code exists for them.
pub fn check_digit(first9: &[u8; 9]) -> Option<u8> {
    let sum: u32 = first9
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match sum % 11 {
        0 => None,
        r => Some((10 - r) as u8),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxCodeError {
    #[error("{}", orderdeck_i18n::t!("err-tax-code-shape"))]
    Shape,
    #[error("{}", orderdeck_i18n::t!("err-tax-code-zero-sequence"))]
    ZeroSequence,
    #[error("{}", orderdeck_i18n::t!("err-tax-code-check-digit", code = .0))]
    CheckDigit(String),
    #[error("{}", orderdeck_i18n::t!("err-tax-code-zero-branch"))]
    ZeroBranch,
}

/// Validates a tax code and returns it normalised (spaces removed).
pub fn validate(code: &str) -> Result<String, TaxCodeError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let (main, branch) = match code.split_once('-') {
        Some((m, b)) => (m, Some(b)),
        None => (code.as_str(), None),
    };
    if main.len() != 10 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TaxCodeError::Shape);
    }
    if let Some(b) = branch {
        if b.len() != 3 || !b.bytes().all(|c| c.is_ascii_digit()) {
            return Err(TaxCodeError::Shape);
        }
        if b == "000" {
            return Err(TaxCodeError::ZeroBranch);
        }
    }
    let digits: Vec<u8> = main.bytes().map(|b| b - b'0').collect();
    if digits[2..9].iter().all(|d| *d == 0) {
        return Err(TaxCodeError::ZeroSequence);
    }
    let mut first9 = [0u8; 9];
    first9.copy_from_slice(&digits[..9]);
    if check_digit(&first9) != Some(digits[9]) {
        return Err(TaxCodeError::CheckDigit(main.to_string()));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_codes_validate() {
        for c in ["0100109106", "0104093672", "0100233488", "0314409058-002"] {
            assert_eq!(validate(c).as_deref(), Ok(c), "{c}");
        }
    }

    #[test]
    fn bad_codes_are_refused() {
        assert_eq!(
            validate("0100109107"),
            Err(TaxCodeError::CheckDigit("0100109107".into()))
        );
        assert_eq!(validate("010010910"), Err(TaxCodeError::Shape));
        assert_eq!(validate("0314409058-000"), Err(TaxCodeError::ZeroBranch));
        assert_eq!(validate("0100000000"), Err(TaxCodeError::ZeroSequence));
    }
}
