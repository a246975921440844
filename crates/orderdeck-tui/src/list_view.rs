//! A list pane's lists on screen: a window of rows with its columns, or one row's detail
//! page. Every pane with lists draws them through here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::keymap::Action;
use crate::lists::ListKind;
use crate::view::{Cell, Tone, fit, layout_columns};
use orderdeck_i18n::t;

/// A pane's lists: one fills the pane; two share it (65 % / 35 %); three or more take it
/// in turn (Shipments: all, to ship, exceptions), the focused one shown.
pub fn draw_lists(frame: &mut Frame, app: &mut App, lists: &[ListKind], area: Rect) {
    match lists {
        [] => {}
        [one] => draw_list_or_detail(frame, app, *one, area),
        [first, second] => {
            let [top, bottom] =
                Layout::vertical([Constraint::Percentage(65), Constraint::Percentage(35)])
                    .areas(area);
            draw_list_or_detail(frame, app, *first, top);
            draw_list_or_detail(frame, app, *second, bottom);
        }
        _ => {
            if let Some(k) = app.focused_list() {
                draw_list_or_detail(frame, app, k, area);
            }
        }
    }
}

fn draw_list_or_detail(frame: &mut Frame, app: &mut App, kind: ListKind, area: Rect) {
    let focused = app.focused_list() == Some(kind);
    app.hits.lists.push((area, kind));
    if app.list(kind).detail.is_some() {
        draw_detail(frame, app, kind, area, focused);
    } else {
        draw_list(frame, app, kind, area, focused);
    }
}

pub(crate) fn block<'a>(app: &App, title: String, right: String, focused: bool) -> Block<'a> {
    let border = if focused {
        app.theme.style("border_focus")
    } else {
        app.theme.style("border")
    };
    let mut b = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(format!(" {title} "), app.theme.style("title")));
    if !right.is_empty() {
        b = b.title(
            Line::from(Span::styled(format!(" {right} "), app.theme.style("dim"))).right_aligned(),
        );
    }
    b
}

/// A column's head, with ▼ (largest, last or newest first) or ▲ before it when the list
/// is sorted by it: before, so that a narrow column cuts the words, not the sign.
fn heading(c: &crate::view::Column, sort: Option<&orderdeck_domain::page::Sort>) -> String {
    match sort {
        Some(s) if c.sort == Some(s.column.as_str()) => {
            format!("{}{}", if s.desc { "▼" } else { "▲" }, c.heading())
        }
        _ => c.heading(),
    }
}

fn draw_list(frame: &mut Frame, app: &mut App, kind: ListKind, area: Rect, focused: bool) {
    let columns = app.columns(kind);
    let theme = app.theme.clone();
    // Orders and parcels take marks (borrowed: the rows below borrow another field).
    let no_marks = std::collections::BTreeSet::new();
    let marks = match kind {
        ListKind::Orders => &app.marked,
        ListKind::Shipments => &app.marked_parcels,
        _ => &no_marks,
    };
    let st = app.lists.entry(kind).or_default();
    let pager = &mut st.pager;
    // Borders and the header row; scrolled first so the title can say what is above.
    pager.scroll_into_view((area.height as usize).saturating_sub(3));
    let mut right = Vec::new();
    if !pager.filter.is_empty() {
        right.push(t!("form-list-filter", filter = &pager.filter));
    }
    if pager.is_loading() {
        right.push(t!("form-list-loading"));
    }
    // Rows above the window: read and scrolled past, or arrived above the cursor (which
    // stays on its row) — say how many, so a watched queue never looks still.
    if pager.top > 0 && pager.loaded {
        right.push(if pager.at_start {
            t!("form-list-above", count = pager.top)
        } else {
            t!("form-list-above-more", count = pager.top)
        });
    } else if !pager.at_start && pager.loaded {
        right.push(t!("form-list-more-above"));
    }
    if !pager.at_end && pager.loaded {
        right.push(t!("form-list-more-below"));
    }
    if !marks.is_empty() {
        right.push(t!("form-marked", count = marks.len()));
    }
    let title = kind.title().to_string();
    let title_room = area.width.saturating_sub(title.width() as u16 + 8) as usize;
    let right = fit(&right.join(" · "), title_room);
    let b = block(app, title, right, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if inner.height < 2 {
        return;
    }
    // Each column as wide as its heading and the loaded rows' cells want, within the
    // pane's width, by priority (`layout_columns`).
    let sort = app.list(kind).pager.sort.clone();
    let wants: Vec<u16> = {
        let st = app.lists.entry(kind).or_default();
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cells = st
                    .pager
                    .rows
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .map(|cell| cell.text.width())
                    .max()
                    .unwrap_or(0);
                u16::try_from(cells.max(heading(c, sort.as_ref()).width())).unwrap_or(u16::MAX)
            })
            .collect()
    };
    let laid = layout_columns(columns, &wants, inner.width, area.width);
    let cols: Vec<_> = columns
        .iter()
        .zip(laid.iter())
        .filter_map(|(c, w)| w.map(|w| (c, w)))
        .collect();
    let body_height = inner.height as usize - 1;
    if focused {
        app.view_height = body_height;
    }
    let st = app.lists.entry(kind).or_default();
    let pager = &mut st.pager;
    let header = Row::new(cols.iter().map(|(c, w)| {
        let t = fit(&heading(c, sort.as_ref()), *w as usize);
        ratatui::widgets::Cell::from(if c.right {
            pad_left(&t, *w as usize)
        } else {
            t
        })
    }))
    .style(theme.style("header"));
    let visible = pager
        .rows
        .iter()
        .enumerate()
        .skip(pager.top)
        .take(body_height);
    let selected_style = theme.style("selected");
    let marked_style = theme
        .style("ok")
        .add_modifier(ratatui::style::Modifier::BOLD);
    let rows: Vec<Row> = visible
        .map(|(i, r)| {
            let cells = laid
                .iter()
                .zip(columns.iter())
                .zip(r.cells.iter())
                .filter_map(|((w, c), cell)| w.map(|w| (w, c, cell)))
                .map(|(w, c, cell)| styled_cell(&theme, cell, w as usize, c.right));
            let row = Row::new(cells);
            let marked = r.cells.first().is_some_and(|c| marks.contains(&c.text));
            match (i == pager.selected && focused, marked) {
                (true, true) => row.style(selected_style.patch(marked_style)),
                (true, false) => row.style(selected_style),
                (false, true) => row.style(marked_style),
                (false, false) => row,
            }
        })
        .collect();
    let empty = pager.rows.is_empty();
    let loaded = pager.loaded;
    let table = Table::new(rows, cols.iter().map(|(_, w)| Constraint::Length(*w)))
        .header(header)
        .column_spacing(1);
    frame.render_widget(table, inner);
    if empty {
        let text = if !loaded {
            t!("form-list-loading")
        } else if app.list(kind).pager.filter.is_empty() {
            t!("form-list-empty")
        } else {
            t!("form-list-no-match")
        };
        let r = Rect::new(
            inner.x + 1,
            inner.y + 2.min(inner.height - 1),
            inner.width.saturating_sub(2),
            1,
        );
        frame.render_widget(Paragraph::new(text).style(theme.style("dim")), r);
    }
}

fn styled_cell<'a>(
    theme: &crate::theme::Theme,
    cell: &Cell,
    width: usize,
    right: bool,
) -> ratatui::widgets::Cell<'a> {
    let text = fit(&cell.text, width);
    let text = if right { pad_left(&text, width) } else { text };
    let style = if cell.tone == Tone::Normal {
        Style::default()
    } else {
        theme.style(cell.tone.style_key())
    };
    ratatui::widgets::Cell::from(Span::styled(text, style))
}

fn draw_detail(frame: &mut Frame, app: &mut App, kind: ListKind, area: Rect, focused: bool) {
    let theme = app.theme.clone();
    let back = app.keymap.label(Action::Back);
    let Some(view) = app.lists.get(&kind).and_then(|l| l.detail.as_ref()) else {
        return;
    };
    let title = view
        .detail
        .as_ref()
        .map(|d| d.title.clone())
        .unwrap_or_else(|| t!("form-list-loading"));
    let total = view.detail.as_ref().map(|d| d.lines.len()).unwrap_or(0);
    let right = t!(
        "form-detail-position",
        back = back,
        at = ((view.scroll + 1).min(total.max(1))).to_string(),
        total = total.max(1).to_string()
    );
    let b = block(
        app,
        fit(&title, area.width.saturating_sub(24) as usize),
        right,
        focused,
    );
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let Some(detail) = &view.detail else { return };
    let width = inner.width as usize;
    let height = inner.height as usize;
    let label_w = label_width(detail, width);
    let tables: Vec<(std::ops::Range<usize>, Vec<Option<u16>>)> = detail
        .tables
        .iter()
        .map(|t| {
            let lines = t.first..(t.first + t.rows + 1).min(detail.lines.len());
            let widths = table_widths(t, &detail.lines[lines.clone()], inner.width);
            (lines, widths)
        })
        .collect();
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    for (index, cells) in detail.lines.iter().enumerate().skip(view.scroll) {
        if lines.len() >= height {
            break;
        }
        if let Some((_, widths)) = tables.iter().find(|(r, _)| r.contains(&index)) {
            lines.push(table_line(&theme, cells, widths, detail, index));
            continue;
        }
        let mut used = 0usize;
        let mut spans = Vec::new();
        let mut wrapped = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            let room = width.saturating_sub(used);
            if room == 0 {
                break;
            }
            let style = if c.tone == Tone::Normal {
                theme.style("base")
            } else {
                theme.style(c.tone.style_key())
            };
            // A label is padded to the page's label column: values line up, and one
            // never runs into its label whatever the language.
            if c.tone == Tone::Label && i == 0 && i + 1 < cells.len() {
                let t = fit(&c.text, label_w.saturating_sub(2).min(room));
                let padded = format!(
                    "{t}{}",
                    " ".repeat(label_w.min(room).saturating_sub(t.width()))
                );
                used += padded.width();
                spans.push(Span::styled(padded, style));
                continue;
            }
            // A row's last cell (a timeline sentence, an address) goes on under where
            // it starts instead of being cut: what an edit changed is what a support
            // agent opened the order to read, and a translation runs longer.
            let last = i + 1 == cells.len();
            if last && c.text.width() > room && room >= 20 {
                let mut pieces = crate::view::wrap(&c.text, room).into_iter();
                if let Some(first) = pieces.next() {
                    spans.push(Span::styled(first, style));
                }
                let indent = " ".repeat(used);
                wrapped.extend(
                    pieces.map(|p| {
                        Line::from(vec![Span::raw(indent.clone()), Span::styled(p, style)])
                    }),
                );
                break;
            }
            let t = fit(&c.text, room);
            used += t.width();
            spans.push(Span::styled(t, style));
        }
        lines.push(Line::from(spans));
        lines.extend(wrapped);
    }
    lines.truncate(height);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The width of a detail page's label column: its longest label and a gap of two, at
/// most half the page.
pub(crate) fn label_width(detail: &crate::view::Detail, width: usize) -> usize {
    detail
        .lines
        .iter()
        .filter_map(|l| l.first().filter(|c| c.tone == Tone::Label))
        .map(|c| c.text.width())
        .max()
        .map_or(0, |w| (w + 2).min(width / 2))
}

/// A detail table's column widths: each as wide as its widest cell, with a gap after it,
/// the text column shrinking first when they do not fit (so a wide screen shows a
/// product's whole name, not one cut at a width chosen beforehand).
pub(crate) fn table_widths(
    table: &crate::view::DetailTable,
    lines: &[Vec<Cell>],
    width: u16,
) -> Vec<Option<u16>> {
    let n = table.cols.len();
    let wants: Vec<u16> = (0..n)
        .map(|i| {
            let w = lines
                .iter()
                .filter_map(|l| l.get(i))
                .map(|c| c.text.width())
                .max()
                .unwrap_or(0)
                + usize::from(i + 1 < n) * 2;
            u16::try_from(w).unwrap_or(u16::MAX)
        })
        .collect();
    let cols: Vec<crate::view::Column> = table
        .cols
        .iter()
        .zip(wants.iter())
        .map(|(c, w)| crate::view::Column {
            title: "",
            right: c.right,
            min_width: 0,
            min: if c.flex { (*w).min(12) } else { *w },
            max: *w,
            flex: c.flex,
            priority: 0,
            sort: None,
        })
        .collect();
    // The gaps are inside the widths (two cells after each column), so the one-cell
    // gaps `layout_columns` leaves are given back.
    let gaps = u16::try_from(n.saturating_sub(1)).unwrap_or(0);
    // Room left over stays on the right: numbers next to their names read better than
    // numbers at the far edge of a wide screen.
    layout_columns(&cols, &wants, width.saturating_add(gaps), u16::MAX)
        .into_iter()
        .zip(wants.iter())
        .map(|(w, want)| w.map(|w| w.min(*want)))
        .collect()
}

fn table_line<'a>(
    theme: &crate::theme::Theme,
    cells: &[Cell],
    widths: &[Option<u16>],
    detail: &crate::view::Detail,
    index: usize,
) -> Line<'a> {
    let table = detail
        .tables
        .iter()
        .find(|t| (t.first..=t.first + t.rows).contains(&index));
    let n = widths.len();
    let mut spans = Vec::new();
    for (i, (cell, w)) in cells.iter().zip(widths.iter()).enumerate() {
        let Some(w) = w else { continue };
        let w = *w as usize;
        let gap = if i + 1 < n { 2.min(w) } else { 0 };
        let room = w - gap;
        let right = table.and_then(|t| t.cols.get(i)).is_some_and(|c| c.right);
        let text = fit(&cell.text, room);
        let text = if right {
            pad_left(&text, room)
        } else {
            format!("{text}{}", " ".repeat(room.saturating_sub(text.width())))
        };
        let style = if cell.tone == Tone::Normal {
            theme.style("base")
        } else {
            theme.style(cell.tone.style_key())
        };
        spans.push(Span::styled(format!("{text}{}", " ".repeat(gap)), style));
    }
    Line::from(spans)
}

pub(crate) fn pad_left(text: &str, width: usize) -> String {
    let w = text.width();
    if w >= width {
        text.to_string()
    } else {
        format!("{}{text}", " ".repeat(width - w))
    }
}
