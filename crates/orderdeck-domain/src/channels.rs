//! A marketplace shop as the console shows it: how far a pull has got, and the stock
//! buffer held back from it.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// What a pull did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Pages of changed orders read.
    pub pages: usize,
    /// Orders whose details were read.
    pub fetched: usize,
    /// Taken in through intake.
    pub created: usize,
    /// Already here (found before intake or by its unique key).
    pub duplicates: usize,
    /// Ours cancelled because the platform cancelled them.
    pub cancelled: usize,
    /// Ours changed or their timeline told (address, platform status).
    pub updated: usize,
    /// Left out: not paid yet, or already cancelled or shipped when first seen.
    pub skipped: usize,
    /// Could not be taken in (kept in `channel_order_problems`).
    pub problems: usize,
}

/// Where a pull stands, told after each page it took in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncProgress {
    /// What the pull has done so far.
    pub report: SyncReport,
    /// How far through the time range it is, in thousandths; `None` when the platform
    /// gives no time order to measure by.
    pub permille: Option<u16>,
}

impl SyncReport {
    pub fn add(&mut self, o: &SyncReport) {
        self.pages += o.pages;
        self.fetched += o.fetched;
        self.created += o.created;
        self.duplicates += o.duplicates;
        self.cancelled += o.cancelled;
        self.updated += o.updated;
        self.skipped += o.skipped;
        self.problems += o.problems;
    }

    /// Nothing worth a log line.
    pub fn is_quiet(&self) -> bool {
        self.created + self.cancelled + self.updated + self.problems == 0
    }
}

/// The stock buffer as typed: whole units held back from the shop, 0 or more.
pub fn parse_stock_buffer(text: &str) -> Result<i32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(orderdeck_i18n::t!("err-buffer-empty"));
    }
    match t.parse::<i64>() {
        Ok(n) if n < 0 => Err(orderdeck_i18n::t!("err-buffer-negative")),
        Ok(n) if n > 100_000 => Err(orderdeck_i18n::t!("err-buffer-too-large")),
        Ok(n) => Ok(n as i32),
        Err(_) => {
            let shown: String = t.chars().take(20).collect();
            Err(orderdeck_i18n::t!("err-buffer-not-whole", value = shown))
        }
    }
}

impl std::fmt::Display for SyncReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&orderdeck_i18n::t!(
            "common-sync-report",
            fetched = self.fetched,
            created = self.created,
            duplicates = self.duplicates,
            cancelled = self.cancelled,
            updated = self.updated,
            skipped = self.skipped,
            problems = self.problems
        ))
    }
}

impl SyncProgress {
    /// Where a pull through `from`..`to` stands once it has reached `reached`.
    pub fn at(
        report: &SyncReport,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        reached: Option<DateTime<Utc>>,
    ) -> SyncProgress {
        let span = (to - from).num_seconds().max(1);
        let permille = reached.map(|t| {
            let done = (t.min(to) - from).num_seconds().clamp(0, span);
            u16::try_from(done * 1000 / span).unwrap_or(1000)
        });
        SyncProgress {
            report: *report,
            permille,
        }
    }
}

/// A sales channel's code as people read it in a list: the platforms keep their names
/// (shopee, lazada, tiktok); "website" and "manual" are words, so they are translated.
pub fn channel_word(code: &str) -> String {
    match code {
        "website" => orderdeck_i18n::t!("common-channel-website"),
        "manual" => orderdeck_i18n::t!("common-channel-manual"),
        other => other.to_string(),
    }
}

/// The same in six columns at most (the dashboard's narrow channel heads).
pub fn channel_word_short(code: &str) -> String {
    match code {
        "website" => orderdeck_i18n::t!("common-channel-website-short"),
        "manual" => orderdeck_i18n::t!("common-channel-manual-short"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_stock_buffer;

    #[test]
    fn a_buffer_is_a_whole_number_of_units_from_zero() {
        assert_eq!(parse_stock_buffer(" 3 "), Ok(3));
        assert_eq!(parse_stock_buffer("0"), Ok(0));
        assert!(parse_stock_buffer("-1").unwrap_err().contains("negative"));
        assert!(
            parse_stock_buffer("2.5")
                .unwrap_err()
                .contains("whole number")
        );
        assert!(parse_stock_buffer("").is_err());
        assert!(parse_stock_buffer(&"9".repeat(10_000)).is_err());
        assert!(parse_stock_buffer("1000000").is_err());
    }
}
