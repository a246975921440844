//! Why an order was cancelled: one of a short list, and words of the person's own
//! (required when the list says "other"). Stored by code, so the timeline and the order's
//! page say it in the reader's language.

use std::fmt;

/// The reasons a shop gives for cancelling, as stored (`orders.cancel_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelCode {
    OutOfStock,
    BuyerAsked,
    Duplicate,
    SuspectedFraud,
    /// The address cannot be reached; the carrier cannot deliver.
    CannotDeliver,
    /// Said in the note, which is then required.
    Other,
}

impl CancelCode {
    /// In the order the form lists them (the most common first).
    pub const ALL: [CancelCode; 6] = [
        CancelCode::OutOfStock,
        CancelCode::BuyerAsked,
        CancelCode::Duplicate,
        CancelCode::SuspectedFraud,
        CancelCode::CannotDeliver,
        CancelCode::Other,
    ];

    /// The stored code, also what `orders cancel --reason` takes.
    pub fn code(self) -> &'static str {
        match self {
            CancelCode::OutOfStock => "out_of_stock",
            CancelCode::BuyerAsked => "buyer_asked",
            CancelCode::Duplicate => "duplicate",
            CancelCode::SuspectedFraud => "fraud",
            CancelCode::CannotDeliver => "cannot_deliver",
            CancelCode::Other => "other",
        }
    }

    /// Every code, for a command's help and its refusal.
    pub fn codes() -> Vec<&'static str> {
        Self::ALL.iter().map(|c| c.code()).collect()
    }

    /// A code as typed: case and `-`/`_` do not matter.
    pub fn parse(s: &str) -> Option<CancelCode> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|c| c.code() == s)
    }

    /// In the reader's language.
    pub fn label(self) -> String {
        // The same words the timeline uses (`event-cancel-reason`), chosen by code.
        orderdeck_i18n::t!("event-cancel-reason", code = self.code())
    }
}

impl fmt::Display for CancelCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The sentences timelines written before reasons were asked carry (a cancellation with
/// free words, or none): they stay in the catalogues so those timelines still read.
pub const EARLIER_SENTENCES: [&str; 2] = ["event-cancelled", "event-cancelled-reason"];

/// Longest note kept with a cancellation (as the order's other one-line texts).
pub const MAX_NOTE: usize = 500;

/// Why a reason was refused; each says what to do, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonError {
    /// A code not in the list (the list is said).
    UnknownCode(String),
    /// "other" without words.
    NoteRequired,
    TooLong(usize),
    /// A control character (a line break, an escape): the note is one line of text.
    ControlCharacter,
}

impl fmt::Display for ReasonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ReasonError::UnknownCode(c) => orderdeck_i18n::t!(
                "err-cancel-reason-unknown",
                code = c,
                codes = CancelCode::codes().join(", ")
            ),
            ReasonError::NoteRequired => orderdeck_i18n::t!("err-cancel-note-required"),
            ReasonError::TooLong(n) => orderdeck_i18n::t!(
                "err-cancel-note-too-long",
                max = MAX_NOTE.to_string(),
                count = n.to_string()
            ),
            ReasonError::ControlCharacter => orderdeck_i18n::t!("err-cancel-note-control"),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ReasonError {}

/// A checked reason: a code, and a note trimmed, one line, at most [`MAX_NOTE`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelReason {
    code: CancelCode,
    note: String,
}

impl CancelReason {
    pub fn new(code: CancelCode, note: &str) -> Result<CancelReason, ReasonError> {
        let note = note.trim();
        if note.chars().any(char::is_control) {
            return Err(ReasonError::ControlCharacter);
        }
        let n = note.chars().count();
        if n > MAX_NOTE {
            return Err(ReasonError::TooLong(n));
        }
        if code == CancelCode::Other && note.is_empty() {
            return Err(ReasonError::NoteRequired);
        }
        Ok(CancelReason {
            code,
            note: note.to_string(),
        })
    }

    /// A code as typed (see [`CancelCode::parse`]) and a note.
    pub fn parse(code: &str, note: &str) -> Result<CancelReason, ReasonError> {
        let c = CancelCode::parse(code).ok_or_else(|| ReasonError::UnknownCode(code.into()))?;
        CancelReason::new(c, note)
    }

    pub fn code(&self) -> CancelCode {
        self.code
    }

    /// Empty when none was given.
    pub fn note(&self) -> &str {
        &self.note
    }

    /// As a person reads it: "buyer asked — wants another colour".
    pub fn shown(&self) -> String {
        if self.note.is_empty() {
            self.code.label()
        } else {
            format!("{} — {}", self.code.label(), self.note)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_back_and_forgive_case_and_dashes() {
        for c in CancelCode::ALL {
            assert_eq!(CancelCode::parse(c.code()), Some(c));
        }
        assert_eq!(
            CancelCode::parse(" Out-Of-Stock "),
            Some(CancelCode::OutOfStock)
        );
        assert_eq!(CancelCode::parse("lost"), None);
    }

    #[test]
    fn the_note_is_trimmed_one_line_and_bounded() {
        let r = CancelReason::parse("buyer_asked", "  wants red  ").unwrap();
        assert_eq!(r.note(), "wants red");
        assert_eq!(r.code(), CancelCode::BuyerAsked);
        assert_eq!(
            CancelReason::parse("duplicate", "a\nb"),
            Err(ReasonError::ControlCharacter)
        );
        assert_eq!(
            CancelReason::parse("duplicate", "\u{1b}[31m"),
            Err(ReasonError::ControlCharacter)
        );
        assert!(CancelReason::parse("duplicate", &"á".repeat(MAX_NOTE)).is_ok());
        assert_eq!(
            CancelReason::parse("duplicate", &"á".repeat(MAX_NOTE + 1)),
            Err(ReasonError::TooLong(MAX_NOTE + 1))
        );
    }

    #[test]
    fn other_needs_words_and_unknown_codes_are_refused() {
        assert_eq!(
            CancelReason::parse("other", "   "),
            Err(ReasonError::NoteRequired)
        );
        assert!(CancelReason::parse("other", "shop closed for Tết").is_ok());
        assert!(CancelReason::parse("fraud", "").is_ok());
        assert_eq!(
            CancelReason::parse("whim", ""),
            Err(ReasonError::UnknownCode("whim".into()))
        );
    }
}
