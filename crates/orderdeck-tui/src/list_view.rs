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
use crate::view::{Cell, Tone, fit};
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

fn draw_list(frame: &mut Frame, app: &mut App, kind: ListKind, area: Rect, focused: bool) {
    let columns = app.columns(kind);
    let theme = app.theme.clone();
    // Only the Orders list takes marks (borrowed: the rows below borrow another field).
    let no_marks = std::collections::BTreeSet::new();
    let marks = if kind == ListKind::Orders {
        &app.marked
    } else {
        &no_marks
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
    let cols: Vec<_> = columns
        .iter()
        .filter(|c| c.min_width <= area.width)
        .collect();
    let widths = Layout::horizontal(cols.iter().map(|c| c.width))
        .spacing(1)
        .split(Rect::new(0, 0, inner.width, 1));
    let body_height = inner.height as usize - 1;
    if focused {
        app.view_height = body_height;
    }
    let st = app.lists.entry(kind).or_default();
    let pager = &mut st.pager;
    let header = Row::new(cols.iter().zip(widths.iter()).map(|(c, w)| {
        let t = fit(&c.heading(), w.width as usize);
        ratatui::widgets::Cell::from(if c.right {
            pad_left(&t, w.width as usize)
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
            let cells = columns
                .iter()
                .zip(r.cells.iter())
                .filter(|(c, _)| c.min_width <= area.width)
                .zip(widths.iter())
                .map(|((c, cell), w)| styled_cell(&theme, cell, w.width as usize, c.right));
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
    let table = Table::new(rows, widths.iter().map(|w| Constraint::Length(w.width)))
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
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    for cells in detail.lines.iter().skip(view.scroll) {
        if lines.len() >= height {
            break;
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

pub(crate) fn pad_left(text: &str, width: usize) -> String {
    let w = text.width();
    if w >= width {
        text.to_string()
    } else {
        format!("{}{text}", " ".repeat(width - w))
    }
}
