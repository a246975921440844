//! The pack station and the stock count on screen: the scan input, and the claimed
//! order's lines or what was counted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table};

use ratatui_textarea::TextArea;

use crate::app::{App, StationStep};
use crate::theme::Theme;
use crate::view::fit;
use orderdeck_i18n::t;

/// The pack station: the claimed order's lines with what is scanned, and the scan input.
pub(super) fn draw_pack(frame: &mut Frame, app: &mut App, area: Rect) {
    let theme = app.theme.clone();
    let fmt = app.fmt();
    let app_risk_hours = app.at_risk_hours;
    let Some(view) = app.pack.as_mut() else {
        return;
    };
    let title = match &view.job {
        Some(j) => t!("tui-pack-title", number = &j.number, buyer = &j.buyer),
        None => t!("tui-pack-station"),
    };
    let (done, total) = view
        .job
        .as_ref()
        .map(|j| {
            (
                j.lines.iter().map(|l| l.packed_qty.min(l.qty)).sum::<i32>(),
                j.lines.iter().map(|l| l.qty).sum::<i32>(),
            )
        })
        .unwrap_or((0, 0));
    let mut right = if total > 0 {
        t!("tui-pack-scanned", done = done, total = total)
    } else {
        String::new()
    };
    // The platform's deadline beside the count: red once it is near or past.
    let ship_by = view.job.as_ref().and_then(|j| j.ship_by);
    let mut right_style = theme.style("dim");
    if let Some(at) = ship_by {
        let late = at <= fmt.now;
        let near = at <= fmt.now + chrono::Duration::hours(i64::from(app_risk_hours));
        let said = if late {
            t!("tui-pack-late", at = fmt.short(at))
        } else {
            t!("tui-pack-ship-by", at = fmt.short(at))
        };
        right = if right.is_empty() {
            said
        } else {
            format!("{said} · {right}")
        };
        if near {
            right_style = theme.style("message_error").add_modifier(Modifier::BOLD);
        }
    }
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("border_focus"))
        .title(Span::styled(
            format!(" {} ", fit(&title, area.width.saturating_sub(20) as usize)),
            theme.style("title"),
        ))
        .title(Line::from(Span::styled(format!(" {right} "), right_style)).right_aligned());
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let step = step_lines(&view.step, &theme);
    let [input_row, last_row, step_row, _, table_area] = Layout::vertical([
        Constraint::Length(1),
        // A label's path or a refusal can be long: three rows, wrapped.
        Constraint::Length(3),
        // The way in words may wrap once.
        Constraint::Length(step.len() as u16 + u16::from(!step.is_empty())),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(step).wrap(ratatui::widgets::Wrap { trim: true }),
        step_row,
    );
    draw_scan_input(frame, &theme, &mut view.input, input_row);
    if let Some((text, bad)) = &view.last {
        let style = if *bad {
            theme.style("message_error")
        } else if view.packed {
            theme.style("ok").add_modifier(Modifier::BOLD)
        } else {
            theme.style("message_info")
        };
        frame.render_widget(
            Paragraph::new(orderdeck_domain::text::visible(text).into_owned())
                .style(style)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            last_row,
        );
    }
    let Some(job) = &view.job else {
        frame.render_widget(
            Paragraph::new(t!("tui-pack-press-enter")).style(theme.style("dim")),
            table_area,
        );
        return;
    };
    // A buyer's cancellation request stops the station: the reason, and the keys.
    if let Some(c) = &job.cancel_request {
        let mut lines = vec![
            Line::from(Span::styled(
                t!(
                    "tui-pack-cancel-stop",
                    reason = if c.reason.trim().is_empty() {
                        t!("tui-pack-cancel-no-reason")
                    } else {
                        orderdeck_domain::text::visible(&c.reason).into_owned()
                    }
                ),
                theme.style("message_error").add_modifier(Modifier::BOLD),
            )),
            Line::from(Span::styled(
                if c.can_reject {
                    t!("tui-pack-cancel-keys")
                } else {
                    t!("tui-pack-cancel-keys-no-reject")
                },
                theme.style("message_info"),
            )),
        ];
        if let Some(at) = c.respond_by {
            lines.push(Line::from(Span::styled(
                t!("tui-pack-cancel-respond-by", at = fmt.short(at)),
                theme.style("dim"),
            )));
        }
        frame.render_widget(
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
            table_area,
        );
        return;
    }
    let header = Row::new([
        t!("tui-col-sku"),
        t!("tui-pack-col-barcode"),
        t!("tui-pack-col-item"),
        t!("tui-pack-col-scanned"),
    ])
    .style(theme.style("header"));
    let widths = [
        Constraint::Length(14),
        Constraint::Length(14),
        Constraint::Min(10),
        Constraint::Length(9),
    ];
    let rows: Vec<Row> = job
        .lines
        .iter()
        .map(|l| {
            let complete = l.packed_qty >= l.qty;
            let tone = if complete {
                theme.style("ok")
            } else {
                theme.style("base")
            };
            Row::new([
                ratatui::widgets::Cell::from(l.sku.clone()),
                ratatui::widgets::Cell::from(l.barcode.clone().unwrap_or_default()),
                ratatui::widgets::Cell::from(fit(
                    &l.name,
                    table_area.width.saturating_sub(40) as usize,
                )),
                ratatui::widgets::Cell::from(format!(
                    "{:>3}/{:<3}{}",
                    l.packed_qty,
                    l.qty,
                    if complete { "✓" } else { "" }
                )),
            ])
            .style(tone)
        })
        .collect();
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
}

/// The ship step under the scans: what Enter will do once the order is packed.
fn step_lines(step: &StationStep, theme: &Theme) -> Vec<Line<'static>> {
    match step {
        StationStep::None => Vec::new(),
        StationStep::Preparing { number } => vec![Line::from(Span::styled(
            t!("tui-pack-step-preparing", number = number),
            theme.style("dim"),
        ))],
        StationStep::Ready { said, .. } => vec![
            Line::from(Span::styled(
                said.clone(),
                theme.style("ok").add_modifier(Modifier::BOLD),
            )),
            Line::from(Span::styled(
                t!("tui-pack-step-ready"),
                theme.style("footer_key"),
            )),
        ],
        StationStep::Sending => vec![Line::from(Span::styled(
            t!("tui-pack-step-sending"),
            theme.style("message_info"),
        ))],
    }
}

/// A stock count in progress: the scan input and what was counted.
pub(super) fn draw_count(frame: &mut Frame, app: &mut App, area: Rect) {
    let theme = app.theme.clone();
    let Some(view) = app.count.as_mut() else {
        return;
    };
    let title = match view.count_id {
        Some(id) => t!("tui-count-title", id = id, warehouse = &view.warehouse),
        None => t!("tui-count-starting", warehouse = &view.warehouse),
    };
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("border_focus"))
        .title(Span::styled(format!(" {title} "), theme.style("title")));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let [input_row, _, log_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    draw_scan_input(frame, &theme, &mut view.input, input_row);
    let lines: Vec<Line> = view
        .log
        .iter()
        .take(log_area.height as usize)
        .map(|(t, bad)| {
            Line::from(Span::styled(
                fit(t, log_area.width as usize),
                if *bad {
                    theme.style("message_error")
                } else {
                    theme.style("base")
                },
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), log_area);
}

/// The "Scan:" row both stations start with: the label, then the scanner's input.
fn draw_scan_input(frame: &mut Frame, theme: &Theme, input: &mut TextArea<'static>, row: Rect) {
    let said = format!("{}: ", t!("tui-scan"));
    let width = unicode_width::UnicodeWidthStr::width(said.as_str()) as u16;
    let [label, field] =
        Layout::horizontal([Constraint::Length(width), Constraint::Min(10)]).areas(row);
    frame.render_widget(Paragraph::new(said).style(theme.style("footer_key")), label);
    input.set_style(theme.style("input"));
    input.set_cursor_line_style(Style::default());
    frame.render_widget(&*input, field);
}
