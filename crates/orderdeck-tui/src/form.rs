//! Forms: labelled fields edited in place (ratatui-textarea), errors shown beside the
//! field they are about. Tab and Shift-Tab move between fields, Enter moves on in a
//! one-line field, Esc leaves without saving; saving is the keymap's (`[keys.form] save`,
//! Ctrl-s by default), asked by the app before a key reaches the form.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdeck_i18n::{Lang, t};
use ratatui_textarea::{CursorMove, TextArea};

/// Longest text a one-line field takes; a huge paste is cut, with a message.
pub const MAX_FIELD: usize = 500;
/// Longest text of a multi-line field (description, specifications, order lines).
pub const MAX_TEXT: usize = 20_000;

/// A catalogue text that lives as long as the program, for a field's label and hint
/// (`&'static str`, drawn as they are): looked up once per language and id, so opening a
/// form again costs nothing and a language switch shows in the next form opened.
pub fn static_text(id: &'static str) -> &'static str {
    static SEEN: Mutex<BTreeMap<(Lang, &'static str), &'static str>> = Mutex::new(BTreeMap::new());
    let lang = orderdeck_i18n::current();
    let Ok(mut seen) = SEEN.lock() else {
        return id;
    };
    seen.entry((lang, id))
        .or_insert_with(|| Box::leak(orderdeck_i18n::text(id).into_boxed_str()))
}

fn area_with(value: &str) -> TextArea<'static> {
    let mut area = TextArea::new(
        value
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
            .into_iter()
            .chain(value.is_empty().then(String::new))
            .collect(),
    );
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

pub struct Field {
    pub key: &'static str,
    /// The label as shown (looked up from the catalogue id given to [`Field::new`]).
    pub label: &'static str,
    /// The hint as shown (looked up from the id given to [`Field::hint`]).
    pub hint: &'static str,
    pub area: TextArea<'static>,
    pub multiline: bool,
    pub error: Option<String>,
}

impl Field {
    /// A field keyed `key`, labelled by the catalogue message `label_id`.
    pub fn new(key: &'static str, label_id: &'static str, value: &str) -> Self {
        Self {
            key,
            label: static_text(label_id),
            hint: "",
            area: area_with(value),
            multiline: false,
            error: None,
        }
    }

    pub fn multiline(mut self) -> Self {
        self.multiline = true;
        self
    }

    /// The hint, by its catalogue id, shown in the empty field.
    pub fn hint(mut self, hint_id: &'static str) -> Self {
        let hint = static_text(hint_id);
        self.hint = hint;
        self.area.set_placeholder_text(hint);
        self
    }

    pub fn value(&self) -> String {
        self.area.lines().join("\n").trim().to_string()
    }

    fn len(&self) -> usize {
        self.area
            .lines()
            .iter()
            .map(|l| l.chars().count() + 1)
            .sum()
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Edited,
    Moved,
    Submit,
    Cancel,
}

pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A note under the title (what the form does, or the last refusal).
    pub note: Option<(String, bool)>,
    pub busy: bool,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        Self {
            title: title.into(),
            fields,
            focus: 0,
            note: None,
            busy: false,
        }
    }

    pub fn get(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(Field::value)
            .unwrap_or_default()
    }

    pub fn set(&mut self, key: &str, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.area = area_with(value);
            if !f.hint.is_empty() {
                f.area.set_placeholder_text(f.hint);
            }
        }
    }

    pub fn focused_key(&self) -> &'static str {
        self.fields.get(self.focus).map(|f| f.key).unwrap_or("")
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
        self.note = None;
    }

    /// Puts an error beside its field (or in the note when no field matches).
    pub fn error(&mut self, key: &str, message: impl Into<String>) {
        let message = message.into();
        match self.fields.iter_mut().find(|f| f.key == key) {
            Some(f) => {
                f.error = Some(match f.error.take() {
                    Some(before) => format!("{before}; {message}"),
                    None => message,
                })
            }
            None => self.note = Some((message, true)),
        }
    }

    /// The non-empty lines of a multi-line field, trimmed.
    pub fn lines_of(&self, key: &str) -> Vec<String> {
        self.get(key)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Puts every (field, message) beside its field and moves to the first one.
    pub fn show_errors(&mut self, errors: Vec<(String, String)>) {
        for (k, m) in errors {
            self.error(&k, m);
        }
        self.first_error();
    }

    pub fn first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) -> (FormKey, Option<String>) {
        let n = self.fields.len().max(1);
        match key.code {
            KeyCode::Esc => return (FormKey::Cancel, None),
            KeyCode::Tab => {
                self.focus = (self.focus + 1) % n;
                return (FormKey::Moved, None);
            }
            KeyCode::BackTab => {
                self.focus = (self.focus + n - 1) % n;
                return (FormKey::Moved, None);
            }
            _ => {}
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return (FormKey::Moved, None);
        };
        match key.code {
            KeyCode::Enter if !field.multiline => {
                self.focus = (self.focus + 1) % n;
                return (FormKey::Moved, None);
            }
            KeyCode::Up if !field.multiline => {
                self.focus = (self.focus + n - 1) % n;
                return (FormKey::Moved, None);
            }
            KeyCode::Down if !field.multiline => {
                self.focus = (self.focus + 1) % n;
                return (FormKey::Moved, None);
            }
            _ => {}
        }
        let limit = if field.multiline { MAX_TEXT } else { MAX_FIELD };
        let grows = matches!(key.code, KeyCode::Char(_) | KeyCode::Enter);
        if grows && field.len() >= limit {
            return (
                FormKey::Edited,
                Some(t!(
                    "form-field-too-long",
                    field = field.label,
                    limit = limit.to_string()
                )),
            );
        }
        // Ctrl-U clears the field (the line, in a multi-line one), as in a shell; the
        // text area would read it as undo, one keystroke at a time.
        if key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL) {
            field.area.move_cursor(CursorMove::End);
            field.area.delete_line_by_head();
            field.error = None;
            return (FormKey::Edited, None);
        }
        field.area.input(key);
        field.error = None;
        (FormKey::Edited, None)
    }

    /// Pastes into the focused field, cut to size and without control characters.
    pub fn paste(&mut self, text: &str) -> Option<String> {
        let field = self.fields.get_mut(self.focus)?;
        let limit = if field.multiline { MAX_TEXT } else { MAX_FIELD };
        let room = limit.saturating_sub(field.len());
        let clean: String = text
            .chars()
            .filter(|c| !c.is_control() || (field.multiline && *c == '\n'))
            .take(room)
            .collect();
        let cut = clean.chars().count()
            < text
                .chars()
                .filter(|c| !c.is_control() || (field.multiline && *c == '\n'))
                .count();
        field.area.insert_str(clean);
        cut.then(|| t!("form-paste-cut", limit = limit.to_string()))
    }
}
