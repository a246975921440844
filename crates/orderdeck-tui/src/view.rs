//! The display model: what a list row or a detail page looks like, already formatted.
//! Fetch tasks build it off the render path, so drawing a frame is only copying text.

use chrono::{DateTime, FixedOffset, Utc};

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
    /// A detail page's field label, drawn dim; the page lines its labels up in one column
    /// as wide as the longest, with a gap before the values.
    Label,
}

impl Tone {
    pub fn style_key(self) -> &'static str {
        match self {
            Tone::Normal | Tone::Placeholder => "base",
            Tone::Dim | Tone::Label => "dim",
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

/// A table column. Its width follows its content between `min` and `max`; when the
/// terminal is too narrow for every column, the least important (highest `priority`)
/// shrink to `min` and then drop first, so what a row is about (its number, status,
/// amount) is never the part cut. `min_width` is the narrowest terminal that shows it at
/// all.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub right: bool,
    pub min_width: u16,
    /// Narrowest it is drawn.
    pub min: u16,
    /// Widest its content makes it; a flexible column takes what is left over besides.
    pub max: u16,
    pub flex: bool,
    /// 0: always shown; higher numbers give way first.
    pub priority: u8,
    /// The code the store sorts this column by (`<` `>`); `None`: not sortable.
    pub sort: Option<&'static str>,
}

impl Column {
    /// A column of `width`, shown whole or dropped (dates, codes).
    pub const fn fixed(title: &'static str, width: u16) -> Self {
        Self {
            title,
            right: false,
            min_width: 0,
            min: width,
            max: width,
            flex: false,
            priority: 2,
            sort: None,
        }
    }
    /// A column of text at least `min` wide that takes the room the others leave.
    pub const fn flex(title: &'static str, min: u16) -> Self {
        Self {
            title,
            right: false,
            min_width: 0,
            min,
            max: u16::MAX,
            flex: true,
            priority: 1,
            sort: None,
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
    /// As wide as its content, from `min` to `max`.
    pub const fn sized(self, min: u16, max: u16) -> Self {
        Self { min, max, ..self }
    }
    pub const fn priority(self, priority: u8) -> Self {
        Self { priority, ..self }
    }
    /// Shown whatever the width (the row's number, status, amount).
    pub const fn must(self) -> Self {
        self.priority(0)
    }
    /// Sortable, by the store's column `code` (see `orderdeck_store::page::SortColumn`).
    pub const fn sorts(self, code: &'static str) -> Self {
        Self {
            sort: Some(code),
            ..self
        }
    }
}

/// Widths for a table's columns in `width` cells with one cell between columns: `None`
/// for a column left out. `wants[i]` is how wide column i's content and heading are.
///
/// Columns are taken in order of priority (by position among equals), each at what its
/// content wants, or shrunk to its minimum when that is all the room left, or left out;
/// a column of priority 0 is never left out. A flexible (text) column is taken at its
/// `min` (a comfortable width) and may shrink to two thirds of it; it gets what room is
/// left at the end, so the columns after it line up at the right edge. With no flexible
/// column the last one shown gets that room (a detail table's description).
pub fn layout_columns(cols: &[Column], wants: &[u16], width: u16, screen: u16) -> Vec<Option<u16>> {
    let n = cols.len();
    // (what it takes when there is room, the least it shrinks to)
    let span = |i: usize| -> (u16, u16) {
        let c = &cols[i];
        let want = wants.get(i).copied().unwrap_or(c.min);
        if c.flex {
            let first = want.clamp(1, c.min.max(1));
            (first, (first * 2 / 3).max(first.min(6)))
        } else {
            (want.clamp(c.min, c.max.max(c.min)), c.min)
        }
    };
    let mut order: Vec<usize> = (0..n).filter(|i| cols[*i].min_width <= screen).collect();
    order.sort_by_key(|i| (cols[*i].priority, *i));
    let mut out: Vec<Option<u16>> = vec![None; n];
    let mut used: u32 = 0;
    let width = u32::from(width);
    for &i in &order {
        let gap = u32::from(used > 0);
        let (w, m) = span(i);
        if used + gap + u32::from(w) <= width {
            out[i] = Some(w);
            used += gap + u32::from(w);
        } else if used + gap + u32::from(m) <= width {
            out[i] = Some(m);
            used += gap + u32::from(m);
        } else if cols[i].priority == 0 {
            // What a row is about is shown even cut: less important ones have
            // already given way.
            let room = width.saturating_sub(used + gap).max(1);
            out[i] = Some(u16::try_from(room).unwrap_or(u16::MAX));
            used += gap + room;
        }
    }
    let mut spare = width.saturating_sub(used);
    // Shrunk ones back up to what their content wants, most important first.
    for &i in &order {
        if let Some(w) = out[i] {
            let add = u32::from(span(i).0.saturating_sub(w)).min(spare);
            out[i] = Some(w + add as u16);
            spare -= add;
        }
    }
    if spare > 0 {
        let takers: Vec<usize> = (0..n)
            .filter(|i| out[*i].is_some() && cols[*i].flex)
            .collect();
        let takers = if takers.is_empty() {
            (0..n)
                .rev()
                .find(|i| out[*i].is_some())
                .into_iter()
                .collect()
        } else {
            takers
        };
        let count = takers.len().max(1) as u32;
        for (k, i) in takers.iter().enumerate() {
            let share = spare / count + u32::from((k as u32) < spare % count);
            if let Some(w) = out[*i] {
                out[*i] = Some(w.saturating_add(u16::try_from(share).unwrap_or(u16::MAX)));
            }
        }
    }
    out
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
    /// Runs of lines that are tables (an order's lines): drawn with their columns sized
    /// to content and to the width, not cut at widths chosen beforehand.
    pub tables: Vec<DetailTable>,
}

/// A table inside a detail page: its heading is line `first`, its rows the `rows` lines
/// after it, one cell a column.
#[derive(Debug, Clone, Default)]
pub struct DetailTable {
    pub first: usize,
    pub rows: usize,
    pub cols: Vec<DetailCol>,
}

/// A detail table's column: right-aligned (numbers, money), or the text one that takes
/// the room the others leave (a product's name).
#[derive(Debug, Clone)]
pub struct DetailCol {
    pub right: bool,
    pub flex: bool,
}

impl DetailCol {
    pub fn left() -> Self {
        Self {
            right: false,
            flex: false,
        }
    }
    pub fn right() -> Self {
        Self {
            right: true,
            flex: false,
        }
    }
    pub fn text() -> Self {
        Self {
            right: false,
            flex: true,
        }
    }
}

impl Detail {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
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
        self.field_cell(label, Cell::new(value));
    }
    /// A field whose value has a tone of its own (a status, a total).
    pub fn field_cell(&mut self, label: &str, value: Cell) {
        self.lines
            .push(vec![Cell::tone(label.trim_end(), Tone::Label), value]);
    }
    /// Starts a table: its column heads (drawn dim) and how each column is laid out;
    /// `table_row` adds its rows.
    pub fn table(&mut self, heads: Vec<(String, DetailCol)>) {
        let (heads, cols): (Vec<String>, Vec<DetailCol>) = heads.into_iter().unzip();
        self.tables.push(DetailTable {
            first: self.lines.len(),
            rows: 0,
            cols,
        });
        self.lines.push(
            heads
                .into_iter()
                .map(|h| Cell::tone(h, Tone::Dim))
                .collect(),
        );
    }
    /// A row of the table started last, one cell a column.
    pub fn table_row(&mut self, cells: Vec<Cell>) {
        if let Some(t) = self.tables.last_mut() {
            t.rows += 1;
        }
        self.lines.push(cells);
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
/// longer than a row is broken where the row ends). Spaces the text starts with are kept
/// on its first row: a cell's " " that parts it from the one before (a timeline's
/// sentence after its kind) must not vanish when the sentence is long enough to wrap.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let body = text.trim_start_matches(' ');
    let lead = (text.len() - body.len()).min(width.saturating_sub(1));
    let mut rows: Vec<String> = Vec::new();
    let mut row = " ".repeat(lead);
    // Whether `row` holds a word yet (the lead alone does not count).
    let mut has_word = false;
    for word in body.split(' ') {
        let sep = usize::from(has_word);
        if row.width() + sep + word.width() <= width {
            if sep == 1 {
                row.push(' ');
            }
            row.push_str(word);
            has_word = true;
            continue;
        }
        if has_word {
            rows.push(std::mem::take(&mut row));
            has_word = false;
        }
        // A word wider than a row: cut it into rows.
        for ch in word.chars() {
            let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            if row.width() + w > width && !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            row.push(ch);
            has_word = true;
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
    use super::{layout_columns, wrap};

    /// Purchase orders as the demo has them: number, supplier, warehouse, a status with
    /// the LATE flag, expected date, lines, total.
    const PO_WANTS: [u16; 7] = [8, 29, 4, 23, 10, 5, 11];

    #[test]
    fn a_late_po_keeps_its_flag_and_total_at_80_and_60_columns() {
        let cols = crate::panes::purchasing::COLUMNS;
        // 80 columns: the pane's inner width is 78.
        let w = layout_columns(cols, &PO_WANTS, 78, 80);
        assert_eq!(w[3], Some(23), "the whole status, LATE included: {w:?}");
        assert_eq!(w[0], Some(8));
        assert_eq!(w[6], Some(11));
        assert_eq!(w[5], None, "the line count gives way first: {w:?}");
        assert!(
            w[1].is_some_and(|s| s >= 16),
            "the supplier at a readable width: {w:?}"
        );
        let used: u16 = w.iter().flatten().sum::<u16>() + w.iter().flatten().count() as u16 - 1;
        assert_eq!(used, 78, "the row fills the width: {w:?}");
        // 60 columns: the warehouse and the date go, the supplier shrinks.
        let w = layout_columns(cols, &PO_WANTS, 58, 60);
        assert_eq!((w[0], w[3], w[6]), (Some(8), Some(23), Some(11)));
        assert_eq!((w[2], w[4], w[5]), (None, None, None), "{w:?}");
        assert!(w[1].is_some_and(|s| s >= 10), "{w:?}");
    }

    #[test]
    fn orders_at_60_columns_keep_number_buyer_status_and_total() {
        let cols = crate::panes::orders::COLUMNS;
        // number, created, channel, buyer, phone, province, external id, items, pay,
        // status, total
        let wants = [9, 11, 7, 16, 10, 15, 19, 5, 7, 22, 9];
        let w = layout_columns(cols, &wants, 58, 60);
        let shown: Vec<usize> = (0..cols.len()).filter(|i| w[*i].is_some()).collect();
        assert_eq!(shown, vec![0, 3, 9, 10], "{w:?}");
        assert_eq!((w[0], w[9], w[10]), (Some(9), Some(22), Some(9)));
        // 200 columns: every column, the buyer taking what is left.
        let w = layout_columns(cols, &wants, 198, 200);
        assert!(w.iter().all(Option::is_some), "{w:?}");
        assert!(w[3].is_some_and(|b| b > 16), "{w:?}");
    }

    #[test]
    fn a_must_column_is_shown_even_when_nothing_fits() {
        let cols = crate::panes::orders::COLUMNS;
        let wants = [9, 11, 7, 16, 10, 15, 19, 5, 7, 22, 9];
        let w = layout_columns(cols, &wants, 30, 30);
        assert!(w[0].is_some() && w[9].is_some() && w[10].is_some(), "{w:?}");
        assert!(w[3].is_none());
    }

    #[test]
    fn with_no_flexible_column_the_last_takes_the_room() {
        use super::Column;
        let cols = [
            Column::fixed("a", 4).must(),
            Column::fixed("b", 6).sized(3, 30),
        ];
        assert_eq!(
            layout_columns(&cols, &[4, 12], 40, 40),
            vec![Some(4), Some(35)]
        );
        assert_eq!(
            layout_columns(&cols, &[4, 12], 12, 12),
            vec![Some(4), Some(7)]
        );
    }

    #[test]
    fn rows_break_at_spaces_and_long_words_are_cut() {
        assert_eq!(
            wrap("điện thoại: 0707893267 → 0912345678", 16),
            vec!["điện thoại:", "0707893267 →", "0912345678"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
        // The space that parts a cell from the one before it stays when it wraps.
        assert_eq!(
            wrap(" order received from woo", 12),
            vec![" order", "received", "from woo"]
        );
    }
}
