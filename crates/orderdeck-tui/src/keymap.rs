//! Actions and the keys that trigger them, per mode: everywhere (`global`), in one pane
//! (`orders`, `stock` …), or in a modal (`form`, `confirm`, `pack`). Defaults live here;
//! the config file's `[keys.MODE]` tables replace an action's keys in that mode. The
//! footer and the help overlay are drawn from the live keymap, so they never disagree
//! with what the keys do.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::lists::PaneId;

macro_rules! actions {
    ($($variant:ident => $name:literal, [$($key:literal),*];)*) => {
        /// Everything a key can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant),* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name used in the config file.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            /// What the action does, in the person's language (`tui-action-NAME`).
            pub fn description(self) -> String {
                orderdeck_i18n::text(&format!("tui-action-{}", self.name()))
            }

            fn default_keys(self) -> &'static [&'static str] {
                match self { $(Action::$variant => &[$($key),*]),* }
            }
        }
    };
}

actions! {
    Quit => "quit", ["q"];
    ForceQuit => "force_quit", ["Ctrl-c"];
    Down => "down", ["j", "Down"];
    Up => "up", ["k", "Up"];
    Top => "top", ["gg", "Home"];
    Bottom => "bottom", ["G", "End"];
    PageDown => "page_down", ["PageDown", "Ctrl-d"];
    PageUp => "page_up", ["PageUp", "Ctrl-u"];
    Open => "open", ["Enter"];
    Back => "back", ["Esc"];
    FocusNext => "focus_next", ["Tab"];
    Filter => "filter", ["/"];
    Command => "command", [":"];
    Help => "help", ["?"];
    Refresh => "refresh", ["Ctrl-r"];
    Pack => "pack", ["p"];
    CancelSelected => "cancel", ["x"];
    DraftPurchases => "draft_purchases", ["d"];
    ConfirmPo => "confirm_po", ["c"];
    ReceivePo => "receive_po", ["r"];
    StockCount => "stock_count", ["s"];
    NewItem => "new", ["n"];
    EditItem => "edit", ["e"];
    Ship => "ship", ["S"];
    Label => "label", ["L"];
    Redeliver => "redeliver", ["R"];
    ReturnParcel => "return_parcel", ["B"];
    CodReceived => "cod_received", ["$"];
    NoteParcel => "note", ["N"];
    Invoice => "invoice", ["I"];
    ReturnGoods => "return_goods", ["T"];
    InvoicePdf => "invoice_pdf", ["P"];
    EmailInvoice => "email_invoice", ["E"];
    SyncShop => "sync_shop", ["s"];
    Reconnect => "reconnect", ["r"];
    PaneOrders => "pane_orders", ["1"];
    PaneStock => "pane_stock", ["2"];
    PanePurchasing => "pane_purchasing", ["3"];
    PaneShipments => "pane_shipments", ["4"];
    PaneInvoices => "pane_invoices", ["5"];
    PaneTracking => "pane_tracking", ["6"];
    PaneDashboard => "pane_dashboard", ["7"];
    PaneCatalog => "pane_catalog", ["8"];
    PaneChannels => "pane_channels", ["9"];
    PaneInbox => "pane_inbox", ["0"];
    SendDraft => "send_draft", ["s"];
    Reply => "reply", ["r"];
    TakeOver => "take_over", ["t"];
    Save => "save", ["Ctrl-s"];
    InvoiceFormPdf => "pdf", ["Ctrl-p"];
    InvoiceFormTemplate => "template", ["Ctrl-t"];
    CopyLink => "copy_link", ["Ctrl-y"];
    Yes => "yes", ["y", "Y", "Enter"];
    PostCount => "post_count", ["Ctrl-p"];
    Mark => "mark", ["space"];
    Copy => "copy", ["y"];
    CopyMenu => "copy_menu", ["Y"];
    PickList => "pick_list", ["P"];
    AcceptCancel => "accept_cancel", ["a"];
    RejectCancel => "reject_cancel", ["r"];
    SortPrev => "sort_prev", ["<"];
    SortNext => "sort_next", [">"];
}

/// Where a binding holds: everywhere, in one pane, or in a modal that takes the keyboard
/// (a form, a yes/no question, the pack station and the stock count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Global,
    Orders,
    Stock,
    Purchasing,
    Shipments,
    Invoices,
    Catalog,
    Channels,
    Inbox,
    Form,
    Confirm,
    Pack,
}

impl Mode {
    pub const ALL: [Mode; 12] = [
        Mode::Global,
        Mode::Orders,
        Mode::Stock,
        Mode::Purchasing,
        Mode::Shipments,
        Mode::Invoices,
        Mode::Catalog,
        Mode::Channels,
        Mode::Inbox,
        Mode::Form,
        Mode::Confirm,
        Mode::Pack,
    ];

    /// The section of the config file: `[keys.NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Orders => "orders",
            Mode::Stock => "stock",
            Mode::Purchasing => "purchasing",
            Mode::Shipments => "shipments",
            Mode::Invoices => "invoices",
            Mode::Catalog => "catalog",
            Mode::Channels => "channels",
            Mode::Inbox => "inbox",
            Mode::Form => "form",
            Mode::Confirm => "confirm",
            Mode::Pack => "pack",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The pane whose own keys this mode holds.
    pub fn pane(self) -> Option<PaneId> {
        match self {
            Mode::Orders => Some(PaneId::Orders),
            Mode::Stock => Some(PaneId::Stock),
            Mode::Purchasing => Some(PaneId::Purchasing),
            Mode::Shipments => Some(PaneId::Shipments),
            Mode::Invoices => Some(PaneId::Invoices),
            Mode::Catalog => Some(PaneId::Catalog),
            Mode::Channels => Some(PaneId::Channels),
            Mode::Inbox => Some(PaneId::Inbox),
            _ => None,
        }
    }

    /// The mode of a pane's own keys (Tracking and Dashboard have none).
    pub fn of_pane(pane: PaneId) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.pane() == Some(pane))
    }
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    pub fn names() -> Vec<&'static str> {
        Action::ALL.iter().map(|a| a.name()).collect()
    }

    /// The modes whose keymaps hold this action (its defaults are bound in each).
    pub fn modes(self) -> &'static [Mode] {
        use Action::*;
        use Mode as M;
        match self {
            Pack => &[M::Orders],
            CancelSelected => &[M::Orders, M::Purchasing, M::Shipments, M::Catalog],
            DraftPurchases | ConfirmPo | ReceivePo => &[M::Purchasing],
            StockCount => &[M::Stock],
            NewItem => &[M::Orders, M::Purchasing, M::Catalog],
            EditItem => &[M::Orders, M::Purchasing, M::Catalog, M::Channels],
            Ship => &[M::Orders, M::Shipments],
            Label => &[M::Orders, M::Shipments],
            Redeliver | ReturnParcel | CodReceived | NoteParcel => &[M::Shipments],
            PickList => &[M::Orders],
            Invoice | ReturnGoods => &[M::Orders, M::Invoices],
            InvoicePdf | EmailInvoice => &[M::Invoices],
            SyncShop | Reconnect => &[M::Channels],
            SendDraft | Reply | TakeOver => &[M::Inbox],
            Save | InvoiceFormPdf | InvoiceFormTemplate | CopyLink => &[M::Form],
            Yes => &[M::Confirm],
            PostCount | AcceptCancel | RejectCancel => &[M::Pack],
            Mark => &[M::Orders, M::Shipments],
            _ => &[M::Global],
        }
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
            KeyCode::Char(' ') => f.write_str("Space"),
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
    /// Not a key here, but this action's key in that pane.
    Elsewhere(Action, PaneId),
    None,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Mode, KeyChord, Action)>,
    pending: Vec<KeyPress>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = Vec::new();
        for a in Action::ALL {
            for m in a.modes() {
                for k in a.default_keys() {
                    if let Ok(chord) = KeyChord::parse(k) {
                        bindings.push((*m, chord, *a));
                    }
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
    /// Defaults, with each configured (mode, action)'s keys replaced by the configured
    /// ones: `(section, action, keys)` as [`check_key`] accepts them.
    pub fn with_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a str, &'a str, Vec<String>)>,
    ) -> Result<Self, String> {
        let mut map = Self::default();
        for (section, name, keys) in overrides {
            let (mode, action, chords) = parse_binding(section, name, &keys)?;
            map.bindings
                .retain(|(m, _, a)| !(*m == mode && *a == action));
            for chord in chords {
                // A key moved to this action leaves the action it had in the same mode.
                map.bindings
                    .retain(|(m, c, _)| !(*m == mode && *c == chord));
                map.bindings.push((mode, chord, action));
            }
        }
        Ok(map)
    }

    /// The keys bound to an action, in any of its modes, for hints ("j/↓").
    pub fn keys_for(&self, action: Action) -> Vec<&KeyChord> {
        let mut keys: Vec<&KeyChord> = Vec::new();
        for (_, c, a) in &self.bindings {
            if *a == action && !keys.contains(&c) {
                keys.push(c);
            }
        }
        keys
    }

    /// A text for the screen (a form's note, a question) with each `{action}` — an action's
    /// config name — replaced by its first key here, so a note never names a key the user
    /// has moved. Braces around anything else stay as they are.
    pub fn say(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').map(|close| (&after[..close], close)) {
                Some((name, close)) if Action::from_name(name).is_some() => {
                    if let Some(a) = Action::from_name(name) {
                        out.push_str(&self.first_key(a));
                    }
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The first key of an action, for a footer hint ("-" when it has none).
    pub fn first_key(&self, action: Action) -> String {
        self.keys_for(action)
            .first()
            .map(|c| c.to_string())
            .unwrap_or_else(|| "-".into())
    }

    pub fn label(&self, action: Action) -> String {
        let keys: Vec<String> = self
            .keys_for(action)
            .iter()
            .map(|k| k.to_string())
            .collect();
        if keys.is_empty() {
            format!("({})", orderdeck_i18n::t!("tui-unbound"))
        } else {
            keys.join("/")
        }
    }

    /// Whether this key press is one of `action`'s keys in `mode` (modal keys, one key
    /// each: a form's save, a question's yes).
    pub fn matches(&self, action: Action, mode: Mode, ev: &KeyEvent) -> bool {
        let press = KeyPress::from_event(ev);
        self.bindings
            .iter()
            .any(|(m, c, a)| *m == mode && *a == action && c.0 == [press])
    }

    /// Feeds one key press in `pane`; chords such as `gg` resolve on their second key.
    /// The pane's own keymap comes first, then the global one.
    pub fn resolve(&mut self, ev: &KeyEvent, pane: PaneId) -> Resolved {
        let press = KeyPress::from_event(ev);
        self.pending.push(press);
        let own = Mode::of_pane(pane);
        let live = |m: &Mode| *m == Mode::Global || Some(*m) == own;
        let found = self
            .bindings
            .iter()
            .filter(|(m, c, _)| c.0 == self.pending && live(m))
            .min_by_key(|(m, _, _)| *m == Mode::Global);
        if let Some((_, _, a)) = found {
            self.pending.clear();
            return Resolved::Action(*a);
        }
        if self.bindings.iter().any(|(m, c, _)| {
            live(m) && c.0.len() > self.pending.len() && c.0.starts_with(&self.pending)
        }) {
            return Resolved::Pending;
        }
        // Not a chord after all: try the last key on its own.
        let was_chord = self.pending.len() > 1;
        let pressed = std::mem::take(&mut self.pending);
        if was_chord {
            return self.resolve(ev, pane);
        }
        // A key of another pane: say where it works.
        match self
            .bindings
            .iter()
            .find(|(m, c, _)| m.pane().is_some() && c.0 == pressed)
        {
            Some((m, _, a)) => Resolved::Elsewhere(*a, m.pane().unwrap_or(pane)),
            None => Resolved::None,
        }
    }

    pub fn clear_pending(&mut self) {
        self.pending.clear();
    }
}

/// Checks one key binding of the config: `[keys.SECTION] action = keys` — a known
/// section, an action of that section, keys that parse. An entry written straight under
/// `[keys]` (the old flat table; `section` empty) is refused with the section it goes in.
/// Given to [`orderdeck_app::config::Config::check_keys`].
pub fn check_key(section: &str, action: &str, keys: &[String]) -> Result<(), String> {
    parse_binding(section, action, keys).map(|_| ())
}

/// One binding of the config read: its mode, its action and its keys (see [`check_key`]).
fn parse_binding(
    section: &str,
    action: &str,
    keys: &[String],
) -> Result<(Mode, Action, Vec<KeyChord>), String> {
    let Some(mode) = Mode::from_name(section) else {
        let sections: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
        if section.is_empty() {
            let home = Action::from_name(action).map_or("global", |a| a.modes()[0].name());
            return Err(format!(
                "`keys.{action}`: keys are set per section now — write it under \
                 [keys.{home}] as `{action} = …` (sections: {})",
                sections.join(", ")
            ));
        }
        return Err(format!(
            "unknown section `[keys.{section}]`; sections: {}",
            sections.join(", ")
        ));
    };
    let Some(a) = Action::from_name(action) else {
        let known: Vec<&str> = Action::ALL
            .iter()
            .filter(|a| a.modes().contains(&mode))
            .map(|a| a.name())
            .collect();
        return Err(format!(
            "unknown action `keys.{section}.{action}`; actions of [keys.{section}]: {}",
            known.join(", ")
        ));
    };
    if !a.modes().contains(&mode) {
        let homes: Vec<String> = a
            .modes()
            .iter()
            .map(|m| format!("[keys.{}]", m.name()))
            .collect();
        return Err(format!(
            "`keys.{section}.{action}`: {action} is not a key of [keys.{section}]; it goes in {}",
            homes.join(" or ")
        ));
    }
    let chords = keys
        .iter()
        .map(|k| KeyChord::parse(k).map_err(|e| format!("`keys.{section}.{action}`: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((mode, a, chords))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // Elsewhere `s` is no key, and says where it works.
        assert_eq!(
            m.resolve(&s, PaneId::Orders),
            Resolved::Elsewhere(Action::StockCount, PaneId::Stock)
        );
        assert_eq!(
            m.resolve(&key('r'), PaneId::Channels),
            Resolved::Action(Action::Reconnect)
        );
        assert_eq!(
            m.resolve(&key('r'), PaneId::Purchasing),
            Resolved::Action(Action::ReceivePo)
        );
        // A global key given `s` takes it where no pane key has it.
        let mut m = Keymap::with_overrides([("global", "refresh", vec!["s".to_string()])]).unwrap();
        assert_eq!(
            m.resolve(&s, PaneId::Channels),
            Resolved::Action(Action::SyncShop)
        );
        assert_eq!(
            m.resolve(&s, PaneId::Stock),
            Resolved::Action(Action::StockCount)
        );
        assert_eq!(
            m.resolve(&s, PaneId::Orders),
            Resolved::Action(Action::Refresh)
        );
        assert_eq!(m.label(Action::Refresh), "s");
    }

    #[test]
    fn overrides_replace_and_move_keys() {
        let mut m = Keymap::with_overrides([
            ("global", "down", vec!["n".to_string()]),
            ("global", "quit", vec!["j".to_string()]),
            ("shipments", "label", vec!["l".to_string()]),
        ])
        .unwrap();
        assert_eq!(
            m.resolve(&key('n'), PaneId::Tracking),
            Resolved::Action(Action::Down)
        );
        assert_eq!(
            m.resolve(&key('j'), PaneId::Orders),
            Resolved::Action(Action::Quit)
        );
        assert_eq!(m.resolve(&key('q'), PaneId::Orders), Resolved::None);
        assert_eq!(m.label(Action::Down), "n");
        assert_eq!(
            m.resolve(&key('l'), PaneId::Shipments),
            Resolved::Action(Action::Label)
        );
        assert!(Keymap::with_overrides([("global", "fly", vec!["f".to_string()])]).is_err());
        assert!(Keymap::with_overrides([("", "down", vec!["f".to_string()])]).is_err());
    }

    #[test]
    fn modal_keys_are_in_the_keymap_too() {
        let m = Keymap::default();
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert!(m.matches(Action::Save, Mode::Form, &ctrl('s')));
        assert!(m.matches(Action::Yes, Mode::Confirm, &key('y')));
        assert!(!m.matches(Action::Yes, Mode::Confirm, &key('n')));
        let m = Keymap::with_overrides([("form", "save", vec!["Ctrl-w".to_string()])]).unwrap();
        assert!(m.matches(Action::Save, Mode::Form, &ctrl('w')));
        assert!(!m.matches(Action::Save, Mode::Form, &ctrl('s')));
    }

    #[test]
    fn a_note_names_the_keys_as_bound() {
        let m =
            Keymap::with_overrides([("form", "save", vec!["Ctrl-w".to_string()])]).expect("valid");
        assert_eq!(
            m.say("{save} saves · {yes} = yes"),
            "Ctrl-w saves · y = yes"
        );
        // Not an action, or not closed: left as typed (a pasted link may hold braces).
        assert_eq!(m.say("{link} a{b {"), "{link} a{b {");
    }
}
