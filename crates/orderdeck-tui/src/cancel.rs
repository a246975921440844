//! Cancelling orders from the console. `x` on an order — or, with orders marked (Space),
//! on all of them — asks the database what cancelling would do first (which cannot be
//! cancelled, which carry an issued VAT invoice), then opens a small form: the reason from
//! a list (↑/↓ or its digit), a note (required for "other"), the invoices it will adjust
//! said above them. Enter on the note (or the form's save key) cancels; many orders show a
//! progress bar and a result per order, each order all-or-nothing on its own.
//!
//! The orders are the ones captured when `x` was pressed, never "the cursor now".

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdeck_domain::cancel_reason::{CancelCode, CancelReason};
use orderdeck_i18n::t;
use ratatui_textarea::CursorMove;

use crate::app::{App, Effect};
use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use crate::jobs::Job;
use crate::keymap::{Action, Mode};

#[derive(Debug, Clone)]
pub enum CancelJob {
    /// What cancelling these orders would do, to open the form.
    Prepare { numbers: Vec<String> },
    /// Cancel them for one reason (`code` of [`CancelCode`], the note as typed).
    Cancel {
        numbers: Vec<String>,
        code: String,
        note: String,
    },
}

#[derive(Debug, Clone)]
pub enum CancelDone {
    /// Per order (its number as stored): `Ok` with the issued invoice it will adjust (if
    /// any), or `Err` with why it cannot be cancelled.
    Draft {
        rows: Vec<(String, Result<Option<String>, String>)>,
    },
    /// Done: a line per order (what happened, whether all went well).
    Finished {
        said: String,
        lines: Vec<(String, bool)>,
    },
}

/// The reasons as the form lists them, the chosen one marked.
fn reason_list(choice: usize) -> String {
    CancelCode::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = if i == choice { "▸" } else { " " };
            format!("{mark} {}  {}", i + 1, c.label())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The form for `numbers`, with `note` saying what it will do.
fn cancel_form(numbers: Vec<String>, note: String, warn: bool) -> FormState {
    let title = match numbers.as_slice() {
        [one] => t!("form-cancel-title", number = one),
        many => t!("form-cancel-title-many", count = many.len()),
    };
    let mut form = Form::new(
        title,
        vec![
            Field::new("reason", "form-cancel-reason", &reason_list(0)).multiline(),
            Field::new("note", "form-cancel-note", "").hint("form-cancel-note-hint"),
        ],
    );
    form.note = Some((note, warn));
    let mut state = FormState {
        form,
        kind: FormKind::Cancel { numbers, choice: 0 },
    };
    show_choice(&mut state, 0);
    state
}

/// Writes the list with `choice` marked, its line in view.
fn show_choice(state: &mut FormState, choice: usize) {
    state.form.set("reason", &reason_list(choice));
    if let Some(f) = state.form.fields.iter_mut().find(|f| f.key == "reason") {
        f.area
            .move_cursor(CursorMove::Jump(u16::try_from(choice).unwrap_or(0), 0));
    }
    if let FormKind::Cancel { choice: c, .. } = &mut state.kind {
        *c = choice;
    }
}

impl App {
    /// `x` in Orders: the marked orders, else the selected one.
    pub(crate) fn start_cancel(&mut self, selected: Option<String>) -> Vec<Effect> {
        let numbers: Vec<String> = if self.marked.is_empty() {
            selected.into_iter().collect()
        } else {
            self.marked.iter().cloned().collect()
        };
        if numbers.is_empty() {
            return Vec::new();
        }
        vec![Effect::Job(Job::Cancel(CancelJob::Prepare { numbers }))]
    }

    /// The form's keys before the generic ones: the reason list is chosen from, not typed
    /// in; Enter on the note cancels. `None` passes the key on.
    pub(crate) fn on_cancel_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        let save = self.keymap.matches(Action::Save, Mode::Form, &key);
        let state = self.form.as_mut()?;
        let FormKind::Cancel { choice, .. } = &state.kind else {
            return None;
        };
        let choice = *choice;
        if save || matches!(key.code, KeyCode::Esc | KeyCode::Tab | KeyCode::BackTab) {
            return None;
        }
        let last = CancelCode::ALL.len() - 1;
        if state.form.focused_key() == "note" {
            return (key.code == KeyCode::Enter).then(|| self.submit_cancel());
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let to = match key.code {
            KeyCode::Up | KeyCode::Char('k') if !ctrl => choice.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') if !ctrl => (choice + 1).min(last),
            KeyCode::Home => 0,
            KeyCode::End => last,
            KeyCode::Char(c @ '1'..='9') if !ctrl => {
                let n = c as usize - '1' as usize;
                if n > last {
                    return Some(Vec::new());
                }
                n
            }
            KeyCode::Enter => {
                state.form.focus = state
                    .form
                    .fields
                    .iter()
                    .position(|f| f.key == "note")
                    .unwrap_or(0);
                return Some(Vec::new());
            }
            // The list is not a text: nothing else changes it.
            _ => return Some(Vec::new()),
        };
        show_choice(state, to);
        Some(Vec::new())
    }

    /// Checks the reason here (the note beside its field when it is wanting), then
    /// cancels; many orders show a bar while they are done.
    pub(crate) fn submit_cancel(&mut self) -> Vec<Effect> {
        let Some(state) = self.form.as_mut() else {
            return Vec::new();
        };
        let FormKind::Cancel { numbers, choice } = state.kind.clone() else {
            return Vec::new();
        };
        // What the form says (the invoices it adjusts) stays on screen through a refusal.
        let said = state.form.note.clone();
        state.form.clear_errors();
        state.form.note = said;
        let code = CancelCode::ALL
            .get(choice)
            .copied()
            .unwrap_or(CancelCode::Other);
        let note = state.form.get("note");
        if let Err(e) = CancelReason::new(code, &note) {
            state.form.show_errors(vec![("note".into(), e.to_string())]);
            return Vec::new();
        }
        state.form.busy = true;
        state.form.note = Some((t!("form-cancelling"), false));
        if numbers.len() > 1 {
            self.bulk = Some((t!("form-cancelling-many"), 0, numbers.len()));
        }
        vec![Effect::Job(Job::Cancel(CancelJob::Cancel {
            numbers,
            code: code.code().to_string(),
            note,
        }))]
    }

    /// A cancel job's answer: the form opens (what it will do said above it), or the
    /// results are said and the marks go.
    pub(crate) fn on_cancel_done(&mut self, done: CancelDone) {
        match done {
            CancelDone::Draft { rows } => self.open_cancel_form(rows),
            CancelDone::Finished { said, lines } => {
                if matches!(
                    self.form.as_ref().map(|s| &s.kind),
                    Some(FormKind::Cancel { .. })
                ) {
                    self.form = None;
                }
                let many = lines.len() > 1;
                self.bulk = None;
                if many {
                    self.marked.clear();
                }
                let failed: Vec<&str> = lines
                    .iter()
                    .filter(|(_, ok)| !ok)
                    .map(|(l, _)| l.as_str())
                    .collect();
                match (many, failed.is_empty()) {
                    (_, true) => self.info(said),
                    (false, false) => self.error(failed.join("; ")),
                    (true, false) => self.error(format!("{said}; {}", failed.join("; "))),
                }
            }
        }
    }

    fn open_cancel_form(&mut self, rows: Vec<(String, Result<Option<String>, String>)>) {
        let refused: Vec<String> = rows
            .iter()
            .filter_map(|(_, r)| r.as_ref().err().cloned())
            .collect();
        if refused.len() == rows.len() {
            // Nothing here can be cancelled: no form, the reasons why.
            self.error(refused.join("; "));
            return;
        }
        let invoices: Vec<String> = rows
            .iter()
            .filter_map(|(n, r)| match r {
                Ok(Some(i)) => Some(format!("{i} ({n})")),
                _ => None,
            })
            .collect();
        let mut note = Vec::new();
        match invoices.as_slice() {
            [] => {}
            [_] if rows.len() == 1 => {
                let one = rows.iter().find_map(|(_, r)| r.clone().ok().flatten());
                note.push(t!(
                    "form-cancel-invoice-issued",
                    invoice = one.unwrap_or_default()
                ));
            }
            many => note.push(t!(
                "form-cancel-invoices-issued",
                count = many.len(),
                invoices = many.join(", ")
            )),
        }
        if !refused.is_empty() {
            note.push(t!(
                "form-cancel-some-refused",
                count = refused.len(),
                why = refused.join("; ")
            ));
        }
        note.push(t!("form-cancel-keys"));
        let warn = !invoices.is_empty() || !refused.is_empty();
        let numbers = rows.into_iter().map(|(n, _)| n).collect();
        self.form = Some(cancel_form(numbers, note.join(" "), warn));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_marks_one_reason_and_names_them_all() {
        let text = reason_list(2);
        assert_eq!(text.lines().count(), CancelCode::ALL.len());
        assert!(text.lines().nth(2).is_some_and(|l| l.starts_with('▸')));
        assert_eq!(text.matches('▸').count(), 1);
    }
}
