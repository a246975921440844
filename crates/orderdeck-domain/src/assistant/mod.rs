//! The customer assistant's understanding of one buyer message, with no network and no
//! database: its language ([`language`]), what it asks ([`intent`]) and what it names
//! ([`slots`]). What the shop answers is decided by the app, from its own data.

pub mod details;
pub mod intent;
pub mod language;
pub mod slots;

pub use intent::Intent;
pub use slots::Slots;

use orderdeck_i18n::Lang;

/// A message as the assistant understood it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The message's own language, or the conversation's when the message has none.
    pub lang: Lang,
    pub intent: Intent,
    pub slots: Slots,
}

/// Reads one message; `usual` is the language of the conversation so far (or the shop's).
pub fn read(text: &str, usual: Lang) -> Reading {
    let slots = slots::read(text);
    Reading {
        lang: language::detect(text).unwrap_or(usual),
        intent: intent::classify(text, &slots),
        slots,
    }
}
