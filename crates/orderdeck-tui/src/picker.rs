//! A pick list over a form: a question, the choices, and a filter typed in place (with or
//! without diacritics: "ben ng" finds "Phường Bến Nghé"). ↑/↓ and PgUp/PgDn move, Enter
//! picks, Esc goes back to the form without picking.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdeck_domain::text::{fold, visible};
use orderdeck_i18n::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::theme::Theme;
use crate::view::fit;

/// Longest filter kept (a paste into the filter is cut).
const MAX_FILTER: usize = 80;

pub struct Picker {
    pub title: String,
    /// What went wrong and what picking does.
    pub note: String,
    /// (id, label shown, folded label for the filter).
    items: Vec<(String, String, String)>,
    pub filter: String,
    /// Index into the filtered list.
    pub selected: usize,
    /// Each choice shows its id (a carrier's ward code); off where the id means nothing
    /// to a person.
    pub show_ids: bool,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// The id and label of the choice.
    Chosen(String, String),
    Cancelled,
    Nothing,
}

impl Picker {
    /// Labels are outside text (a carrier's names): shown, never sent raw.
    pub fn new(
        title: impl Into<String>,
        note: impl Into<String>,
        items: Vec<(String, String)>,
    ) -> Picker {
        Picker {
            title: title.into(),
            note: note.into(),
            items: items
                .into_iter()
                .map(|(id, label)| {
                    let label = visible(&label).into_owned();
                    let folded = fold(&format!("{label} {id}"));
                    (id, label, folded)
                })
                .collect(),
            filter: String::new(),
            selected: 0,
            show_ids: true,
        }
    }

    /// The choices the filter lets through: every word of it starts a word of the
    /// choice, in any order ("quan 3" finds "Quận 3", not "Quận 8 (27394)").
    pub fn shown(&self) -> Vec<(&str, &str)> {
        let words: Vec<String> = fold(&self.filter)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        self.items
            .iter()
            .filter(|(_, _, folded)| {
                let mine: Vec<&str> = folded
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                words
                    .iter()
                    .all(|w| mine.iter().any(|m| m.starts_with(w.as_str())))
            })
            .map(|(id, label, _)| (id.as_str(), label.as_str()))
            .collect()
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Picked {
        let shown = self.shown().len();
        match key.code {
            KeyCode::Esc => return Picked::Cancelled,
            KeyCode::Enter => {
                return match self.shown().get(self.selected) {
                    Some((id, label)) => Picked::Chosen(id.to_string(), label.to_string()),
                    None => Picked::Nothing,
                };
            }
            KeyCode::Down => self.selected = (self.selected + 1).min(shown.saturating_sub(1)),
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::PageDown => self.selected = (self.selected + 10).min(shown.saturating_sub(1)),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::Backspace => {
                self.filter.pop();
                self.selected = 0;
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() =>
            {
                if self.filter.chars().count() < MAX_FILTER {
                    self.filter.push(c);
                }
                self.selected = 0;
            }
            _ => {}
        }
        Picked::Nothing
    }

    /// Drawn over the middle of `area`.
    pub fn draw(&self, frame: &mut Frame, theme: &Theme, area: Rect) {
        // Never wider or taller than the area, however small the terminal.
        let w = area.width.saturating_sub(4).clamp(20, 90).min(area.width);
        let h = area.height.saturating_sub(2).clamp(8, 22).min(area.height);
        let r = Rect::new(
            area.x + area.width.saturating_sub(w) / 2,
            area.y + area.height.saturating_sub(h) / 2,
            w,
            h,
        );
        frame.render_widget(Clear, r);
        let inner_w = w.saturating_sub(2) as usize;
        let shown = self.shown();
        // The note may take two lines; the rest is the list.
        let note: Vec<char> = self.note.chars().collect();
        let first: String = note.iter().take(inner_w).collect();
        let second: String = note.iter().skip(inner_w).collect();
        let filter_label = format!("{} ", t!("form-picker-filter"));
        let filter_w = unicode_width::UnicodeWidthStr::width(filter_label.as_str());
        let mut lines = vec![
            Line::from(Span::styled(first, theme.style("warn"))),
            Line::from(Span::styled(fit(&second, inner_w), theme.style("warn"))),
            Line::from(vec![
                Span::styled(filter_label, theme.style("dim")),
                Span::styled(
                    fit(
                        &format!("{}▏", self.filter),
                        inner_w.saturating_sub(filter_w),
                    ),
                    theme.style("input"),
                ),
            ]),
        ];
        let rows = h.saturating_sub(6) as usize;
        let start = self.selected.saturating_sub(rows.saturating_sub(1));
        for (i, (id, label)) in shown.iter().enumerate().skip(start).take(rows) {
            let style = if i == self.selected {
                theme.style("selected")
            } else {
                theme.style("base")
            };
            lines.push(Line::from(Span::styled(
                fit(
                    &if self.show_ids {
                        format!(" {label}  ({id})")
                    } else {
                        format!(" {label}")
                    },
                    inner_w,
                ),
                style,
            )));
        }
        if shown.is_empty() {
            lines.push(Line::from(Span::styled(
                format!(" {}", t!("form-picker-no-match")),
                theme.style("dim"),
            )));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.style("border_focus"))
            .title(Span::styled(
                format!(
                    " {} ",
                    t!(
                        "form-picker-title",
                        title = &self.title,
                        shown = shown.len(),
                        total = self.items.len()
                    )
                ),
                theme.style("title"),
            ));
        frame.render_widget(
            Paragraph::new(lines)
                .style(theme.style("base"))
                .block(block),
            r,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn typing_filters_without_diacritics_and_enter_picks() {
        let mut p = Picker::new(
            "Ward",
            "pick one",
            vec![
                ("27139".into(), "Phường 1, Quận 3, Hồ Chí Minh".into()),
                ("27301".into(), "Phường 1, Quận 5, Hồ Chí Minh".into()),
                (
                    "26740".into(),
                    "Phường Bến Nghé, Quận 1, \u{1b}[31mHồ Chí Minh".into(),
                ),
            ],
        );
        assert_eq!(p.shown().len(), 3);
        // Outside text is shown, not sent.
        assert!(!p.shown()[2].1.contains('\u{1b}'));
        for c in "quan 5".chars() {
            p.on_key(key(KeyCode::Char(c)));
        }
        assert_eq!(p.shown(), vec![("27301", "Phường 1, Quận 5, Hồ Chí Minh")]);
        assert_eq!(
            p.on_key(key(KeyCode::Enter)),
            Picked::Chosen("27301".into(), "Phường 1, Quận 5, Hồ Chí Minh".into())
        );
        for _ in 0..6 {
            p.on_key(key(KeyCode::Backspace));
        }
        p.on_key(key(KeyCode::Down));
        p.on_key(key(KeyCode::Down));
        p.on_key(key(KeyCode::Down));
        assert_eq!(p.selected, 2);
        assert_eq!(p.on_key(key(KeyCode::Esc)), Picked::Cancelled);
    }
}
