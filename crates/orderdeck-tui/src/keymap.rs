//! Actions and the keys that trigger them. Defaults live here; the config file's
//! `[keys]` table replaces an action's keys. The footer and the help overlay are drawn
//! from the live keymap, so they never disagree with what the keys do.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::panes::PaneId;

macro_rules! actions {
    ($($variant:ident => $name:literal, $desc:literal, [$($key:literal),*];)*) => {
        /// Everything a key can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant),* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name used in the config file.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc),* }
            }

            fn default_keys(self) -> &'static [&'static str] {
                match self { $(Action::$variant => &[$($key),*]),* }
            }
        }
    };
}

actions! {
    Quit => "quit", "quit", ["q"];
    ForceQuit => "force_quit", "quit from anywhere", ["Ctrl-c"];
    Down => "down", "next row", ["j", "Down"];
    Up => "up", "previous row", ["k", "Up"];
    Top => "top", "first row", ["gg", "Home"];
    Bottom => "bottom", "last row", ["G", "End"];
    PageDown => "page_down", "page down", ["PageDown", "Ctrl-d"];
    PageUp => "page_up", "page up", ["PageUp", "Ctrl-u"];
    Open => "open", "open details", ["Enter"];
    Back => "back", "back / close", ["Esc"];
    FocusNext => "focus_next", "next list in pane", ["Tab"];
    Filter => "filter", "filter rows", ["/"];
    Command => "command", "command line", [":"];
    Help => "help", "all keys", ["?"];
    Refresh => "refresh", "reload now", ["Ctrl-r"];
    Pack => "pack", "pack station: claim and scan", ["p"];
    CancelSelected => "cancel", "cancel the selected order / PO", ["x"];
    DraftPurchases => "draft_purchases", "draft POs for backorders", ["d"];
    ConfirmPo => "confirm_po", "confirm the selected PO", ["c"];
    ReceivePo => "receive_po", "receive the selected PO in full", ["r"];
    StockCount => "stock_count", "count stock in this warehouse", ["s"];
    NewItem => "new", "new order / warehouse", ["n"];
    EditItem => "edit", "edit the selected order / warehouse", ["e"];
    Ship => "ship", "ship the selected packed order", ["S"];
    Label => "label", "print the selected parcel's label (PDF)", ["L"];
    Redeliver => "redeliver", "ask the carrier to deliver again", ["R"];
    ReturnParcel => "return_parcel", "ask the carrier to return the parcel", ["B"];
    CodReceived => "cod_received", "mark the parcel's COD money received", ["$"];
    NoteParcel => "note", "add a note to the parcel's order", ["N"];
    Invoice => "invoice", "preview / issue the selected order's invoice", ["I"];
    ReturnGoods => "return_goods", "receive a return of the selected order", ["T"];
    InvoicePdf => "invoice_pdf", "save the selected invoice's PDF", ["P"];
    EmailInvoice => "email_invoice", "e-mail the selected invoice to the buyer", ["E"];
    SyncShop => "sync_shop", "Channels: pull the selected shop's orders now", ["s"];
    Reconnect => "reconnect", "Channels: refresh or re-authorise the selected shop", ["r"];
    PaneOrders => "pane_orders", "Orders pane", ["1"];
    PaneStock => "pane_stock", "Stock pane", ["2"];
    PanePurchasing => "pane_purchasing", "Purchasing pane", ["3"];
    PaneShipments => "pane_shipments", "Shipments pane", ["4"];
    PaneInvoices => "pane_invoices", "Invoices pane", ["5"];
    PaneTracking => "pane_tracking", "Tracking pane", ["6"];
    PaneDashboard => "pane_dashboard", "Dashboard pane", ["7"];
    PaneCatalog => "pane_catalog", "Catalog pane", ["8"];
    PaneChannels => "pane_channels", "Channels pane", ["9"];
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    pub fn names() -> Vec<&'static str> {
        Action::ALL.iter().map(|a| a.name()).collect()
    }

    /// The one pane where this action's keys mean it; elsewhere the same keys keep their
    /// everywhere meaning (`s` counts stock, except in Channels where it syncs a shop).
    pub fn only_in(self) -> Option<PaneId> {
        match self {
            Action::SyncShop | Action::Reconnect => Some(PaneId::Channels),
            _ => None,
        }
    }

    /// Whether one key cannot mean both. A pane's own meaning stands beside an everywhere
    /// meaning (it wins in that pane), so only actions of the same reach collide.
    fn overlaps(self, other: Action) -> bool {
        self.only_in() == other.only_in()
    }
}

/// One key press: a code and its modifiers (Shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyPress {
    pub fn from_event(ev: &KeyEvent) -> Self {
        Self {
            code: ev.code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl fmt::Display for KeyPress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("BackTab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A key or a short sequence of keys (`gg`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyChord(pub Vec<KeyPress>);

impl KeyChord {
    /// Parses `j`, `G`, `gg`, `Enter`, `Ctrl-c`, `Alt-x`, `F5`, `PageDown`, `?` ...
    pub fn parse(s: &str) -> Result<KeyChord, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("empty key".into());
        }
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 5 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.len() > 4 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let named = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => Some(KeyCode::Enter),
            "esc" | "escape" => Some(KeyCode::Esc),
            "tab" => Some(KeyCode::Tab),
            "backtab" => Some(KeyCode::BackTab),
            "up" => Some(KeyCode::Up),
            "down" => Some(KeyCode::Down),
            "left" => Some(KeyCode::Left),
            "right" => Some(KeyCode::Right),
            "pageup" | "pgup" => Some(KeyCode::PageUp),
            "pagedown" | "pgdn" => Some(KeyCode::PageDown),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            "backspace" => Some(KeyCode::Backspace),
            "delete" | "del" => Some(KeyCode::Delete),
            "space" => Some(KeyCode::Char(' ')),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                f[1..]
                    .parse()
                    .ok()
                    .filter(|n| (1..=12).contains(n))
                    .map(KeyCode::F)
            }
            _ => None,
        };
        if let Some(code) = named {
            return Ok(KeyChord(vec![KeyPress { code, ctrl, alt }]));
        }
        let chars: Vec<char> = rest.chars().collect();
        match chars.as_slice() {
            [c] => Ok(KeyChord(vec![KeyPress {
                code: KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { *c }),
                ctrl,
                alt,
            }])),
            [a, b] if !ctrl && !alt && !a.is_whitespace() && !b.is_whitespace() => {
                Ok(KeyChord(vec![
                    KeyPress {
                        code: KeyCode::Char(*a),
                        ctrl: false,
                        alt: false,
                    },
                    KeyPress {
                        code: KeyCode::Char(*b),
                        ctrl: false,
                        alt: false,
                    },
                ]))
            }
            _ => Err(format!(
                "`{s}` is not a key (examples: \"j\", \"G\", \"gg\", \"Enter\", \"Ctrl-r\", \"F5\", \"PageDown\")"
            )),
        }
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for k in &self.0 {
            write!(f, "{k}")?;
        }
        Ok(())
    }
}

/// What a key press resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The first key of a longer chord: wait for the next one.
    Pending,
    None,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(KeyChord, Action)>,
    pending: Vec<KeyPress>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = Vec::new();
        for a in Action::ALL {
            for k in a.default_keys() {
                if let Ok(chord) = KeyChord::parse(k) {
                    bindings.push((chord, *a));
                }
            }
        }
        Self {
            bindings,
            pending: Vec::new(),
        }
    }
}

impl Keymap {
    /// Defaults, with each configured action's keys replaced by the configured ones.
    pub fn with_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a str, Vec<String>)>,
    ) -> Result<Self, String> {
        let mut map = Self::default();
        for (name, keys) in overrides {
            let action =
                Action::from_name(name).ok_or_else(|| format!("unknown action `keys.{name}`"))?;
            map.bindings.retain(|(_, a)| *a != action);
            for k in keys {
                let chord = KeyChord::parse(&k).map_err(|e| format!("`keys.{name}`: {e}"))?;
                // A key moved to this action leaves the action it had (where both
                // could be live).
                map.bindings
                    .retain(|(c, a)| *c != chord || !a.overlaps(action));
                map.bindings.push((chord, action));
            }
        }
        Ok(map)
    }

    /// The keys bound to an action, for hints ("j/↓").
    pub fn keys_for(&self, action: Action) -> Vec<&KeyChord> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(c, _)| c)
            .collect()
    }

    pub fn label(&self, action: Action) -> String {
        let keys: Vec<String> = self
            .keys_for(action)
            .iter()
            .map(|k| k.to_string())
            .collect();
        if keys.is_empty() {
            "(unbound)".into()
        } else {
            keys.join("/")
        }
    }

    /// Feeds one key press in `pane`; chords such as `gg` resolve on their second key.
    /// A key bound to an action of this pane wins over its everywhere meaning.
    pub fn resolve(&mut self, ev: &KeyEvent, pane: PaneId) -> Resolved {
        let press = KeyPress::from_event(ev);
        self.pending.push(press);
        let live = |a: &Action| a.only_in().is_none_or(|p| p == pane);
        let found = self
            .bindings
            .iter()
            .filter(|(c, a)| c.0 == self.pending && live(a))
            .min_by_key(|(_, a)| a.only_in().is_none());
        if let Some((_, a)) = found {
            self.pending.clear();
            return Resolved::Action(*a);
        }
        if self.bindings.iter().any(|(c, a)| {
            live(a) && c.0.len() > self.pending.len() && c.0.starts_with(&self.pending)
        }) {
            return Resolved::Pending;
        }
        // Not a chord after all: try the last key on its own.
        let was_chord = self.pending.len() > 1;
        self.pending.clear();
        if was_chord {
            return self.resolve(ev, pane);
        }
        Resolved::None
    }

    pub fn clear_pending(&mut self) {
        self.pending.clear();
    }
}

/// Checks one `[keys]` entry of the config: a known action, and keys that parse.
/// Given to [`orderdeck_app::config::Config::check_keys`].
pub fn check_key(action: &str, keys: &[String]) -> Result<(), String> {
    if Action::from_name(action).is_none() {
        return Err(format!(
            "unknown action `keys.{action}`; known actions: {}",
            Action::names().join(", ")
        ));
    }
    for k in keys {
        KeyChord::parse(k).map_err(|e| format!("`keys.{action}`: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_checked(p: &std::path::Path) -> String {
        let (config, _) = orderdeck_app::config::Config::load(Some(p), vec![]).expect("loads");
        config.check_keys(check_key).unwrap_err().to_string()
    }

    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("config.toml");
        std::fs::write(&p, text).expect("write");
        (dir, p)
    }

    #[test]
    fn unknown_action_in_keys_names_it() {
        let (_d, p) = write("[keys]\ndown = \"j\"\nfly = \"f\"\n");
        let err = load_checked(&p);
        assert!(err.contains("keys.fly") && err.contains("line 3"), "{err}");
    }

    #[test]
    fn bad_key_name_is_an_error() {
        let (_d, p) = write("[keys]\ndown = \"Ctrl-Banana\"\n");
        let err = load_checked(&p);
        assert!(err.contains("keys.down"), "{err}");
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn parses_keys() {
        assert_eq!(KeyChord::parse("Ctrl-C").unwrap().to_string(), "Ctrl-c");
        assert_eq!(KeyChord::parse("gg").unwrap().0.len(), 2);
        assert_eq!(KeyChord::parse("PageDown").unwrap().to_string(), "PgDn");
        assert!(KeyChord::parse("Ctrl-Banana").is_err());
        assert!(KeyChord::parse("abc").is_err());
        assert_eq!(KeyChord::parse("F5").unwrap().to_string(), "F5");
    }

    #[test]
    fn chords_and_single_keys_resolve() {
        let mut m = Keymap::default();
        assert_eq!(
            m.resolve(&key('j'), PaneId::Orders),
            Resolved::Action(Action::Down)
        );
        assert_eq!(m.resolve(&key('g'), PaneId::Orders), Resolved::Pending);
        assert_eq!(
            m.resolve(&key('g'), PaneId::Orders),
            Resolved::Action(Action::Top)
        );
        assert_eq!(m.resolve(&key('g'), PaneId::Orders), Resolved::Pending);
        // `g` then `j`: the chord is abandoned and `j` still works.
        assert_eq!(
            m.resolve(&key('j'), PaneId::Orders),
            Resolved::Action(Action::Down)
        );
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            m.resolve(&shift_g, PaneId::Orders),
            Resolved::Action(Action::Bottom)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            m.resolve(&ctrl_c, PaneId::Orders),
            Resolved::Action(Action::ForceQuit)
        );
    }

    #[test]
    fn a_pane_key_wins_in_its_pane_only() {
        let mut m = Keymap::default();
        let s = key('s');
        assert_eq!(
            m.resolve(&s, PaneId::Channels),
            Resolved::Action(Action::SyncShop)
        );
        assert_eq!(
            m.resolve(&s, PaneId::Stock),
            Resolved::Action(Action::StockCount)
        );
        // Elsewhere `s` keeps its everywhere meaning (which then says where it works).
        assert_eq!(
            m.resolve(&s, PaneId::Orders),
            Resolved::Action(Action::StockCount)
        );
        assert_eq!(
            m.resolve(&key('r'), PaneId::Channels),
            Resolved::Action(Action::Reconnect)
        );
        assert_eq!(
            m.resolve(&key('r'), PaneId::Purchasing),
            Resolved::Action(Action::ReceivePo)
        );
        // Moving `s` to another everywhere action leaves the Channels meaning alone.
        let mut m = Keymap::with_overrides([("refresh", vec!["s".to_string()])]).unwrap();
        assert_eq!(
            m.resolve(&s, PaneId::Channels),
            Resolved::Action(Action::SyncShop)
        );
        assert_eq!(
            m.resolve(&s, PaneId::Stock),
            Resolved::Action(Action::Refresh)
        );
        assert_eq!(m.label(Action::StockCount), "(unbound)");
    }

    #[test]
    fn overrides_replace_and_move_keys() {
        let mut m = Keymap::with_overrides([
            ("down", vec!["n".to_string()]),
            ("quit", vec!["j".to_string()]),
        ])
        .unwrap();
        assert_eq!(
            m.resolve(&key('n'), PaneId::Orders),
            Resolved::Action(Action::Down)
        );
        assert_eq!(
            m.resolve(&key('j'), PaneId::Orders),
            Resolved::Action(Action::Quit)
        );
        assert_eq!(m.resolve(&key('q'), PaneId::Orders), Resolved::None);
        assert_eq!(m.label(Action::Down), "n");
        assert!(Keymap::with_overrides([("fly", vec!["f".to_string()])]).is_err());
    }
}
