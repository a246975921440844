//! The display model: what a list row or a detail page looks like, already formatted.
//! Fetch tasks build it off the render path, so drawing a frame is only copying text.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::layout::Constraint;

use orderdeck_domain::page::PageKey;

/// Semantic colour of a cell or a text run; the theme decides the actual style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Normal,
    Dim,
    Ok,
    Warn,
    Error,
    Title,
    Header,
    New,
    Processing,
    Completed,
    Cancelled,
    Returned,
    /// Drawn as normal text, but it stands where a value is missing ("(no tracking number
    /// yet)"): keys never take it for the row's name.
    Placeholder,
}

impl Tone {
    pub fn style_key(self) -> &'static str {
        match self {
            Tone::Normal | Tone::Placeholder => "base",
            Tone::Dim => "dim",
            Tone::Ok => "ok",
            Tone::Warn => "warn",
            Tone::Error => "error",
            Tone::Title => "title",
            Tone::Header => "header",
            Tone::New => "status_new",
            Tone::Processing => "status_processing",
            Tone::Completed => "status_completed",
            Tone::Cancelled => "status_cancelled",
            Tone::Returned => "status_returned",
        }
    }

    /// The tone of an order's three-word stage.
    pub fn for_stage(stage: orderdeck_domain::order::Stage) -> Tone {
        use orderdeck_domain::order::Stage;
        match stage {
            Stage::New => Tone::New,
            Stage::Processing => Tone::Processing,
            Stage::Completed => Tone::Completed,
            Stage::Cancelled => Tone::Cancelled,
            Stage::Returned => Tone::Returned,
        }
    }
}

/// A table column. `min_width` is the narrowest terminal that shows it, so a narrow
/// terminal drops whole columns instead of squeezing every one.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: Constraint,
    pub right: bool,
    pub min_width: u16,
}

impl Column {
    pub const fn fixed(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width: Constraint::Length(width),
            right: false,
            min_width: 0,
        }
    }
    pub const fn flex(title: &'static str, min: u16) -> Self {
        Self {
            title,
            width: Constraint::Min(min),
            right: false,
            min_width: 0,
        }
    }
    /// The column's head in the person's language (`title` is its message id).
    pub fn heading(&self) -> String {
        orderdeck_i18n::text(self.title)
    }
    pub const fn right(self) -> Self {
        Self {
            right: true,
            ..self
        }
    }
    pub const fn from_width(self, min_width: u16) -> Self {
        Self { min_width, ..self }
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            tone: Tone::Normal,
        }
    }
    pub fn tone(text: impl Into<String>, tone: Tone) -> Self {
        Self {
            text: text.into(),
            tone,
        }
    }
}

/// One list row: identity, position in the sort order, and its cells.
#[derive(Debug, Clone)]
pub struct DisplayRow {
    pub id: i64,
    /// A second identity where one id is not enough (the warehouse of a stock row).
    pub id2: i64,
    pub key: PageKey,
    pub cells: Vec<Cell>,
}

/// A detail page: lines of text runs.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub title: String,
    pub lines: Vec<Vec<Cell>>,
    /// What the page is about as the keys name it (an order's number), whatever the
    /// language of its title.
    pub key: Option<String>,
}

impl Detail {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            lines: Vec::new(),
            key: None,
        }
    }
    pub fn line(&mut self, cells: Vec<Cell>) {
        self.lines.push(cells);
    }
    pub fn text(&mut self, text: impl Into<String>) {
        self.lines.push(vec![Cell::new(text)]);
    }
    pub fn heading(&mut self, text: impl Into<String>) {
        if !self.lines.is_empty() {
            self.lines.push(Vec::new());
        }
        self.lines.push(vec![Cell::tone(text, Tone::Header)]);
    }
    pub fn field(&mut self, label: &str, value: impl Into<String>) {
        self.lines.push(vec![
            Cell::tone(format!("{label:<14}"), Tone::Dim),
            Cell::new(value),
        ]);
    }
}

/// How times are shown: the seller's offset (Vietnam, +07:00, by default).
#[derive(Debug, Clone, Copy)]
pub struct Fmt {
    pub offset: FixedOffset,
    pub now: DateTime<Utc>,
}

/// Each in the person's language (`07/12 14:30` in Vietnamese and Indonesian).
impl Fmt {
    pub fn short(&self, t: DateTime<Utc>) -> String {
        orderdeck_i18n::format::short_time(t, self.offset)
    }
    pub fn long(&self, t: DateTime<Utc>) -> String {
        orderdeck_i18n::format::long_time(t, self.offset)
    }
    pub fn date(&self, t: chrono::NaiveDate) -> String {
        orderdeck_i18n::format::date(t)
    }
}

/// Text broken into rows of at most `width` columns, at spaces where it can be (a word
/// longer than a row is broken where the row ends).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for word in text.split(' ') {
        let sep = usize::from(!row.is_empty());
        if row.width() + sep + word.width() <= width {
            if sep == 1 {
                row.push(' ');
            }
            row.push_str(word);
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        // A word wider than a row: cut it into rows.
        for ch in word.chars() {
            let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            if row.width() + w > width {
                rows.push(std::mem::take(&mut row));
            }
            row.push(ch);
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// Fits text into `width` columns: whole when it fits, otherwise cut at a word
/// boundary where one is near, and marked with an ellipsis — never a silent mid-word cut.
pub fn fit(text: &str, width: usize) -> String {
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    if let Some(space) = out.rfind(' ')
        && space * 3 >= out.len() * 2
    {
        out.truncate(space);
    }
    let trimmed = out.trim_end().to_string();
    format!("{trimmed}…")
}

/// A role as people call it, in their language (the status line, the people list).
pub fn role_word(role: orderdeck_domain::access::Role) -> String {
    use orderdeck_domain::access::Role;
    match role {
        Role::Packer => orderdeck_i18n::t!("tui-role-packer"),
        Role::Support => orderdeck_i18n::t!("tui-role-support"),
        Role::Manager => orderdeck_i18n::t!("tui-role-manager"),
        Role::Admin => orderdeck_i18n::t!("tui-role-admin"),
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn rows_break_at_spaces_and_long_words_are_cut() {
        assert_eq!(
            wrap("điện thoại: 0707893267 → 0912345678", 16),
            vec!["điện thoại:", "0707893267 →", "0912345678"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
    }
}
