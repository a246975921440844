//! An issued invoice's number as people see it, one way wherever it is shown (the
//! Invoices list and page, the order's timeline, the CLI).
//!
//! The tax authority's XML keeps three parts: the template number (`KHMSHDon`, `1`), the
//! 6-character series symbol (`KHHDon`, `C26TAA`) and the number (`SHDon`, at most 8
//! digits). We store the printed 7-character symbol (`1C26TAA`) as `series` and the
//! number as the provider answered it: MISA's `InvNo` is the 8 digits (`00000012`),
//! S-Invoice's `invoiceNo` carries the series symbol in front (`C26TAA12`). Shown:
//! `1C26TAA-00000012` for both.

/// How many digits an invoice number has at most (Circular 78/2021/TT-BTC); shorter
/// numbers are shown zero-padded to it, as MISA gives them.
const DIGITS: usize = 8;

/// `1C26TAA-00000012` from the stored series and number (see the module's note).
pub fn shown_number(series: &str, number: &str) -> String {
    let series = series.trim();
    let number = number.trim();
    // S-Invoice: the 6-character symbol (the series without its template digit) first.
    let tail = series.get(1..).unwrap_or("");
    let digits = match number.strip_prefix(tail) {
        Some(rest) if !tail.is_empty() && !rest.is_empty() => rest,
        _ => number,
    };
    let digits = if !digits.is_empty()
        && digits.len() < DIGITS
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        format!("{digits:0>DIGITS$}")
    } else {
        digits.to_string()
    };
    if series.is_empty() {
        digits
    } else {
        format!("{series}-{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::shown_number;

    #[test]
    fn both_providers_read_alike() {
        // MISA: the number alone, 8 digits.
        assert_eq!(shown_number("1C26TAA", "00000012"), "1C26TAA-00000012");
        // S-Invoice: the symbol in front, not zero-padded.
        assert_eq!(shown_number("1C26TAA", "C26TAA12"), "1C26TAA-00000012");
        // A number given short, and one that is not digits: kept as given.
        assert_eq!(shown_number("2K26TBB", "7"), "2K26TBB-00000007");
        assert_eq!(shown_number("1C26TAA", "X-9"), "1C26TAA-X-9");
        assert_eq!(shown_number("", "00000012"), "00000012");
    }
}
