//! Telling a barcode scanner from a person at the keyboard. A scanner is a keyboard that
//! types a whole code in a burst and ends it with Enter; in a list those keys must not be
//! read as commands (a digit flips the pane, the final Enter opens whatever is selected).
//! Two ways to tell, as scanners are set up in shops: by timing (keys closer together
//! than a person types, at least a few of them, then Enter), or by a prefix and suffix
//! character the scanner is programmed to send around each code.
//!
//! Pure state: the event loop feeds it keys with the time they came and releases what it
//! holds when [`Burst::deadline`] passes. A key a person types is held for at most
//! `max_gap` (40 ms by default), which nobody notices.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// `[scanner]` in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannerSettings {
    /// Keys closer together than this belong to one burst.
    pub max_gap: Duration,
    /// A burst shorter than this is typing, not a scan.
    pub min_len: usize,
    /// Characters the scanner sends before and after each code, when it is set up so.
    pub prefix: Option<char>,
    pub suffix: Option<char>,
}

impl Default for ScannerSettings {
    fn default() -> Self {
        Self {
            max_gap: Duration::from_millis(40),
            min_len: 4,
            prefix: None,
            suffix: None,
        }
    }
}

/// What the loop should do with what came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fed {
    /// Keys a person typed: handled as keys, in order.
    Keys(Vec<KeyEvent>),
    /// A whole code from the scanner.
    Scan(String),
}

#[derive(Debug, Default)]
pub struct Burst {
    settings: ScannerSettings,
    held: Vec<KeyEvent>,
    last: Option<Instant>,
    /// Inside a prefix … suffix frame.
    framed: bool,
}

fn printable(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

impl Burst {
    pub fn new(settings: ScannerSettings) -> Self {
        Self {
            settings,
            ..Self::default()
        }
    }

    /// When the held keys must be let go as typing, if any are held.
    pub fn deadline(&self) -> Option<Instant> {
        if self.framed {
            // A frame waits for its suffix, but not for ever (a scanner unplugged mid-code).
            return self.last.map(|t| t + Duration::from_millis(500));
        }
        match (self.held.is_empty(), self.last) {
            (false, Some(t)) => Some(t + self.settings.max_gap),
            _ => None,
        }
    }

    /// Lets the held keys go as typing once their time is up.
    pub fn expire(&mut self, now: Instant) -> Vec<Fed> {
        match self.deadline() {
            Some(d) if now >= d => self.release(),
            _ => Vec::new(),
        }
    }

    /// Lets every held key go as typing now (a key that does not pass through the
    /// detector must not overtake them).
    pub fn release(&mut self) -> Vec<Fed> {
        self.framed = false;
        if self.held.is_empty() {
            return Vec::new();
        }
        vec![Fed::Keys(std::mem::take(&mut self.held))]
    }

    fn code(&mut self) -> String {
        self.framed = false;
        std::mem::take(&mut self.held)
            .iter()
            .filter_map(printable)
            .collect()
    }

    /// One key, come at `at`.
    pub fn feed(&mut self, key: KeyEvent, at: Instant) -> Vec<Fed> {
        let close = self
            .last
            .is_some_and(|t| at.saturating_duration_since(t) <= self.settings.max_gap);
        self.last = Some(at);
        let c = printable(&key);
        // Framed codes: everything between prefix and suffix (or Enter) is the code.
        if self.settings.prefix.is_some() {
            if self.framed {
                let ends = c.is_some() && c == self.settings.suffix || key.code == KeyCode::Enter;
                if ends {
                    return vec![Fed::Scan(self.code())];
                }
                if c.is_some() {
                    self.held.push(key);
                    return Vec::new();
                }
                let mut out = self.release();
                out.push(Fed::Keys(vec![key]));
                return out;
            }
            if c.is_some() && c == self.settings.prefix {
                let out = self.release();
                self.framed = true;
                return out;
            }
            return vec![Fed::Keys(vec![key])];
        }
        // By timing.
        let mut out = Vec::new();
        if !close {
            out.extend(self.release());
        }
        match (c, key.code) {
            (Some(_), _) => self.held.push(key),
            (None, KeyCode::Enter) if close && self.held.len() >= self.settings.min_len => {
                out.push(Fed::Scan(self.code()));
            }
            _ => {
                out.extend(self.release());
                out.push(Fed::Keys(vec![key]));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn enter() -> KeyEvent {
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
    }

    fn type_all(b: &mut Burst, text: &str, gap_ms: u64) -> Vec<Fed> {
        let start = Instant::now();
        let mut out = Vec::new();
        let mut t = start;
        for c in text.chars() {
            out.extend(b.expire(t));
            out.extend(b.feed(key(c), t));
            t += Duration::from_millis(gap_ms);
        }
        out.extend(b.expire(t));
        out.extend(b.feed(enter(), t));
        out.extend(b.expire(t + Duration::from_secs(1)));
        out
    }

    #[test]
    fn a_fast_burst_ending_in_enter_is_a_scan() {
        let mut b = Burst::new(ScannerSettings::default());
        assert_eq!(
            type_all(&mut b, "OD-000273", 5),
            vec![Fed::Scan("OD-000273".into())]
        );
    }

    #[test]
    fn the_same_keys_typed_by_a_person_are_keys() {
        let mut b = Burst::new(ScannerSettings::default());
        let out = type_all(&mut b, "4j", 150);
        let keys: Vec<KeyEvent> = out
            .into_iter()
            .flat_map(|f| match f {
                Fed::Keys(k) => k,
                Fed::Scan(s) => panic!("typing read as a scan: {s}"),
            })
            .collect();
        assert_eq!(keys, vec![key('4'), key('j'), enter()]);
    }

    #[test]
    fn a_short_fast_burst_is_keys() {
        let mut b = Burst::new(ScannerSettings::default());
        let out = type_all(&mut b, "gg", 5);
        assert!(out.iter().all(|f| matches!(f, Fed::Keys(_))));
    }

    #[test]
    fn framed_codes_need_no_timing() {
        let mut b = Burst::new(ScannerSettings {
            prefix: Some('~'),
            suffix: Some('!'),
            ..ScannerSettings::default()
        });
        let t = Instant::now();
        let mut out = Vec::new();
        for (i, c) in "~8934567!".chars().enumerate() {
            out.extend(b.feed(key(c), t + Duration::from_secs(i as u64 / 4)));
        }
        assert_eq!(out, vec![Fed::Scan("8934567".into())]);
        assert_eq!(b.feed(key('j'), t), vec![Fed::Keys(vec![key('j')])]);
    }
}
