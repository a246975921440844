//! Drawing a frame from the app state. Nothing here waits for anything: every row is
//! already formatted, and only the rows on screen are turned into widgets.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Connection, InputKind, MessageKind};
use crate::keymap::Action;
use crate::panes::PaneId;
use crate::view::fit;
use orderdeck_i18n::t;

mod footer;
mod invoice;
pub use footer::*;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    let base = app.theme.style("base");
    frame.render_widget(Block::default().style(base), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from(t!("tui-too-small")),
            Line::from(t!(
                "tui-too-small-sizes",
                need = format!("{MIN_WIDTH}×{MIN_HEIGHT}"),
                have = format!("{}×{}", area.width, area.height)
            )),
            Line::from(t!("tui-too-small-what-to-do")),
        ];
        let y = area.height.saturating_sub(3) / 2;
        let r = Rect::new(area.x, area.y + y, area.width, area.height.min(3));
        frame.render_widget(
            Paragraph::new(text)
                .alignment(ratatui::layout::HorizontalAlignment::Center)
                .wrap(Wrap { trim: true })
                .style(app.theme.style("warn")),
            r,
        );
        return;
    }
    let banner = matches!(app.connection, Connection::Lost { .. });
    // A message longer than the terminal is wide takes a second row rather than losing
    // its end (a shipment's COD, a refusal's reason); a translation runs longer.
    // Keys named in a message (`{ship}` …) as bound here.
    let said = app
        .message
        .as_ref()
        .map(|m| (app.keymap.say(&m.text), m.kind));
    let message_rows = match (&app.input, &said) {
        (None, Some((text, _))) if text.width() > area.width as usize => 2,
        _ => 1,
    };
    let [tabs, banner_area, main, message, footer, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(banner)),
        Constraint::Min(5),
        Constraint::Length(message_rows),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(frame, app, tabs);
    if banner {
        draw_banner(frame, app, banner_area);
    }
    // A form opens beside the lists it came from; a pane that draws itself has none.
    if app.form.is_some() && !app.pane.lists().is_empty() {
        draw_form_pane(frame, app, main);
    } else {
        app.focused_pane().draw(frame, app, main);
    }
    draw_message(frame, app, said, message);
    draw_footer(frame, app, footer);
    draw_status(frame, app, status);
    if let Some(scroll) = app.help {
        draw_help(frame, app, area, scroll);
    }
    if app.log_view.is_some() {
        draw_log(frame, app, area);
    }
    if app
        .input
        .as_ref()
        .is_some_and(|i| i.kind == InputKind::Command)
    {
        draw_completions(frame, app, main);
    }
    if let Some((picker, _)) = &app.picker {
        picker.draw(frame, &app.theme, main);
    }
    if let Some(c) = &app.confirm {
        // The question wraps: its end (the fee, which key says yes) matters most, and a
        // Vietnamese or Indonesian sentence is longer than an English one.
        let question = app.keymap.say(&c.question);
        let w = (question.width() as u16 + 4)
            .min(area.width.saturating_sub(4))
            .max(20);
        let rows = note_height(&question, w.saturating_sub(2)).min(area.height.saturating_sub(4));
        let h = rows + 2;
        let r = Rect::new(
            area.x + (area.width.saturating_sub(w)) / 2,
            area.y + area.height.saturating_sub(h) / 2,
            w,
            h,
        );
        frame.render_widget(Clear, r);
        let b = Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme.style("warn"))
            .title(Span::styled(
                format!(" {} ", t!("tui-confirm-title")),
                app.theme.style("warn"),
            ));
        frame.render_widget(
            Paragraph::new(question)
                .wrap(Wrap { trim: true })
                .style(app.theme.style("base"))
                .block(b),
            r,
        );
    }
}

fn draw_tabs(frame: &mut Frame, app: &mut App, area: Rect) {
    app.hits.clear();
    let mut x = area.x;
    // Full names when they fit; else the panes from the right take their short names one
    // by one until the bar fits (the current pane's last of all), and on a very narrow
    // terminal the others keep only their number key.
    let tab_width = |p: PaneId, level: u8| match level {
        0 => p.title().width() + 5,
        1 => p.short_title().width() + 5,
        _ => 4,
    };
    let mut level = [0u8; PaneId::ALL.len()];
    let total = |level: &[u8]| -> usize {
        PaneId::ALL
            .iter()
            .zip(level)
            .map(|(p, l)| tab_width(*p, *l))
            .sum()
    };
    let current = PaneId::ALL.iter().position(|p| *p == app.pane);
    let others: Vec<usize> = (0..PaneId::ALL.len())
        .rev()
        .filter(|k| Some(*k) != current)
        .collect();
    let steps = others
        .iter()
        .map(|k| (*k, 1))
        .chain(current.map(|k| (k, 1)))
        .chain(others.iter().map(|k| (*k, 2)));
    for (k, l) in steps {
        if total(&level) <= area.width as usize {
            break;
        }
        level[k] = l;
    }
    let mut spans = Vec::new();
    for (k, p) in PaneId::ALL.into_iter().enumerate() {
        let tab = match level[k] {
            0 => format!(" {} {} ", p.number(), p.title()),
            1 => format!(" {} {} ", p.number(), p.short_title()),
            _ => format!(" {} ", p.number()),
        };
        let style = if p == app.pane {
            app.theme.style("tab_active")
        } else {
            app.theme.style("tab")
        };
        let w = tab.width() as u16;
        if x < area.x + area.width {
            let hit = Rect::new(x, area.y, w.min(area.x + area.width - x), 1);
            app.hits.tabs.push((hit, p));
        }
        x = x.saturating_add(w + 1);
        spans.push(Span::styled(tab, style));
        spans.push(Span::styled(" ", app.theme.style("base")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_banner(frame: &mut Frame, app: &App, area: Rect) {
    if let Connection::Lost { since, .. } = &app.connection {
        let since = since
            .with_timezone(&app.offset)
            .format("%H:%M:%S")
            .to_string();
        let text = format!(" {} ", t!("tui-database-lost", since = since));
        frame.render_widget(
            Paragraph::new(fit(&text, area.width as usize)).style(app.theme.style("banner")),
            area,
        );
    }
}

fn draw_message(frame: &mut Frame, app: &mut App, said: Option<(String, MessageKind)>, area: Rect) {
    if let Some(input) = app.input.as_mut() {
        let prompt = match input.kind {
            InputKind::Filter => "/",
            InputKind::Command => ":",
        };
        let [p, rest] = Layout::horizontal([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        frame.render_widget(
            Paragraph::new(prompt).style(app.theme.style("footer_key")),
            p,
        );
        input.area.set_style(app.theme.style("input"));
        input.area.set_cursor_line_style(Style::default());
        frame.render_widget(&input.area, rest);
        return;
    }
    // A bulk job under way: its bar, and how many of how many are settled.
    if let Some((label, done, total)) = &app.bulk {
        let room = (area.width as usize)
            .saturating_sub(label.width() + 16)
            .clamp(10, 40);
        let filled = (done * room).checked_div(*total).unwrap_or(0).min(room);
        let text = format!(
            " {label} ▕{}{}▏ {done}/{total}",
            "█".repeat(filled),
            "░".repeat(room - filled)
        );
        frame.render_widget(
            Paragraph::new(fit(&text, area.width as usize)).style(app.theme.style("message_info")),
            area,
        );
        return;
    }
    if let Some((text, kind)) = said {
        let style = match kind {
            MessageKind::Error => app.theme.style("message_error"),
            MessageKind::Info => app.theme.style("message_info"),
        };
        let rows = crate::view::wrap(&text, area.width as usize);
        let shown: Vec<Line> = match rows.len() {
            0..=1 => rows.into_iter().map(Line::from).collect(),
            _ if area.height >= 2 => {
                // Two rows at most: the second ends with "…" and says where the whole
                // text is when even they are not enough.
                let first = rows[0].clone();
                let rest = rows[1..].join(" ");
                let whole = format!(" {}", t!("tui-message-whole"));
                let width = area.width as usize;
                let rest = if rest.width() > width {
                    format!("{}{whole}", fit(&rest, width.saturating_sub(whole.width())))
                } else {
                    rest
                };
                vec![Line::from(first), Line::from(fit(&rest, width))]
            }
            _ => {
                let whole = format!(" {}", t!("tui-message-whole"));
                let width = area.width as usize;
                vec![Line::from(format!(
                    "{}{whole}",
                    fit(&text, width.saturating_sub(whole.width()))
                ))]
            }
        };
        frame.render_widget(Paragraph::new(shown).style(style), area);
    }
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let conn = match &app.connection {
        Connection::Connecting => t!("tui-connecting"),
        Connection::Connected => format!("● {}", t!("tui-connected")),
        Connection::Lost { .. } => format!("○ {}", t!("tui-reconnecting")),
    };
    // A narrow terminal keeps the login and role whole and the clock to the minute.
    let clock = if area.width < 100 {
        app.now
            .with_timezone(&app.offset)
            .format("%H:%M")
            .to_string()
    } else {
        orderdeck_i18n::format::long_time(app.now, app.offset)
    };
    let left = format!(
        " orderdeck │ {} │ {conn} │ {} · {}",
        mode_word(&app.identity.mode),
        app.identity.operator,
        crate::view::role_word(app.identity.role)
    );
    let right = format!("{} ", clock);
    let width = area.width as usize;
    let left = fit(&left, width.saturating_sub(right.width() + 1));
    let gap = width.saturating_sub(left.width() + right.width());
    let text = format!("{left}{}{right}", " ".repeat(gap));
    let style = app.theme.style("status_bar");
    frame.render_widget(Paragraph::new(fit(&text, width)).style(style), area);
}

/// Where the database is, as the status line says it.
fn mode_word(mode: &str) -> String {
    match mode {
        "embedded" => t!("tui-mode-embedded"),
        "shared" => t!("tui-mode-shared"),
        other => other.to_string(),
    }
}

fn draw_help(frame: &mut Frame, app: &App, area: Rect, scroll: usize) {
    // As wide as the screen allows (a line of more than about 110 columns is hard to
    // read), the descriptions wrapped at words under where they start.
    let w = area.width.saturating_sub(4).min(110);
    let h = area.height.saturating_sub(4);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + 2, w, h);
    frame.render_widget(Clear, r);
    let inner_w = w.saturating_sub(2) as usize;
    let key_w = 18usize.min(inner_w / 3);
    let text_w = inner_w.saturating_sub(key_w).max(10);
    let mut lines: Vec<Line> = crate::view::wrap(&t!("tui-help-keys-intro"), inner_w)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, app.theme.style("dim"))))
        .collect();
    lines.push(Line::from(""));
    let role = app.identity.role;
    let entry = |lines: &mut Vec<Line>, key: String, text: String, extra: String| {
        let mut rows = crate::view::wrap(&text, text_w);
        let extra_fits = rows
            .last()
            .is_some_and(|l| l.width() + extra.width() <= text_w);
        let last_extra = if extra.is_empty() {
            None
        } else if extra_fits {
            Some(rows.len() - 1)
        } else {
            rows.push(String::new());
            Some(rows.len() - 1)
        };
        for (i, row) in rows.into_iter().enumerate() {
            let head = if i == 0 {
                format!("{:<key_w$}", fit(&key, key_w.saturating_sub(1)))
            } else {
                " ".repeat(key_w)
            };
            let mut spans = vec![
                Span::styled(head, app.theme.style("footer_key")),
                Span::styled(row, app.theme.style("base")),
            ];
            if last_extra == Some(i) {
                spans.push(Span::styled(extra.clone(), app.theme.style("dim")));
            }
            lines.push(Line::from(spans));
        }
    };
    for a in Action::ALL {
        if crate::access::duty_anywhere(*a).is_some_and(|d| !role.may(d)) {
            continue;
        }
        let extra = format!(
            "  ({} · {})",
            a.name(),
            a.modes()
                .iter()
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(", ")
        );
        entry(&mut lines, app.keymap.label(*a), a.description(), extra);
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        t!("tui-help-commands"),
        app.theme.style("header"),
    )));
    for (c, d) in [
        (t!("tui-help-cmd-goto"), t!("tui-help-cmd-goto-does")),
        (t!("tui-help-cmd-theme"), t!("tui-help-cmd-theme-does")),
        (t!("tui-help-cmd-lang"), t!("tui-help-cmd-lang-does")),
        ("orders … catalog".to_string(), t!("tui-help-cmd-pane-does")),
        ("messages".to_string(), t!("tui-help-cmd-messages-does")),
        ("refresh".to_string(), t!("tui-help-cmd-refresh-does")),
        ("q, quit".to_string(), t!("tui-help-cmd-quit-does")),
    ] {
        entry(&mut lines, c, d, String::new());
    }
    let max_scroll = lines.len().saturating_sub(h.saturating_sub(2) as usize);
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.style("border_focus"))
        .title(Span::styled(
            format!(" {} ", t!("tui-help-title", pane = app.pane.title())),
            app.theme.style("title"),
        ))
        .style(app.theme.style("base"));
    frame.render_widget(
        Paragraph::new(lines)
            .block(b)
            .scroll((scroll.min(max_scroll) as u16, 0)),
        r,
    );
}

/// `:messages`: every message of the session in full, newest at the bottom, each with
/// its time; opened scrolled to the end.
fn draw_log(frame: &mut Frame, app: &mut App, area: Rect) {
    let w = area.width.saturating_sub(4).min(140);
    let h = area.height.saturating_sub(4);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + 2, w, h);
    frame.render_widget(Clear, r);
    let inner_w = w.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for e in &app.log {
        let time =
            e.at.with_timezone(&app.offset)
                .format("%H:%M:%S ")
                .to_string();
        let style = match e.kind {
            MessageKind::Error => app.theme.style("message_error"),
            MessageKind::Info => app.theme.style("base"),
        };
        let text = app.keymap.say(&e.text);
        for (i, row) in crate::view::wrap(&text, inner_w.saturating_sub(time.width()))
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 {
                time.clone()
            } else {
                " ".repeat(time.width())
            };
            lines.push(Line::from(vec![
                Span::styled(head, app.theme.style("dim")),
                Span::styled(row, style),
            ]));
        }
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            t!("tui-messages-none"),
            app.theme.style("dim"),
        )));
    }
    let rows = h.saturating_sub(2) as usize;
    let max_scroll = lines.len().saturating_sub(rows);
    let scroll = app.log_view.unwrap_or(0).min(max_scroll);
    // What is drawn is where the keys scroll from.
    app.log_view = Some(scroll);
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.style("border_focus"))
        .title(Span::styled(
            format!(" {} ", t!("tui-messages-title", count = app.log.len())),
            app.theme.style("title"),
        ))
        .style(app.theme.style("base"));
    frame.render_widget(
        Paragraph::new(lines)
            .block(b)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        r,
    );
}

/// The command line's completions, listed on the row above it as vim's wildmenu does:
/// what Tab would complete to, as it is typed.
fn draw_completions(frame: &mut Frame, app: &App, main: Rect) {
    let Some(input) = &app.input else { return };
    let (_, candidates) = crate::app::complete(&input.text(), &app.theme_names);
    if candidates.is_empty() || main.height < 2 {
        return;
    }
    let width = main.width as usize;
    let mut spans = Vec::new();
    let mut used = 0usize;
    let total = candidates.len();
    for (i, c) in candidates.iter().enumerate() {
        let piece = c.width() + 2;
        // Room kept for "+n" when more follow.
        let keep = if i + 1 < total { 5 } else { 0 };
        if used + piece + keep > width {
            spans.push(Span::styled(
                format!(" +{}", total - i),
                app.theme.style("dim"),
            ));
            break;
        }
        used += piece;
        let style = if total == 1 {
            app.theme.style("selected")
        } else {
            app.theme.style("footer_key")
        };
        spans.push(Span::styled(format!(" {c} "), style));
    }
    let row = Rect::new(main.x, main.y + main.height - 1, main.width, 1);
    frame.render_widget(Clear, row);
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.style("status_bar")),
        row,
    );
}

/// Highlight used for bold titles in the dashboard.
pub fn bold(style: Style) -> Style {
    style.add_modifier(Modifier::BOLD)
}

/// A form: one row per field (more for multi-line ones), errors under their field, the
/// focused field kept in view.
/// Rows a wrapped note takes at this width (a row more for each line that wraps, as
/// words do not fill rows exactly).
fn note_height(text: &str, width: u16) -> u16 {
    let w = usize::from(width.max(1));
    text.split('\n')
        .map(|line| match line.width() {
            n if n <= w => 1,
            n => n.div_ceil(w) + 1,
        })
        .sum::<usize>()
        .try_into()
        .unwrap_or(u16::MAX)
}

fn draw_form(frame: &mut Frame, app: &mut App, area: Rect) {
    let theme = app.theme.clone();
    let Some(state) = app.form.as_mut() else {
        return;
    };
    let form = &mut state.form;
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("border_focus"))
        .title(Span::styled(
            format!(
                " {} ",
                fit(&form.title, area.width.saturating_sub(4) as usize)
            ),
            theme.style("title"),
        ));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if inner.height < 3 {
        return;
    }
    // As many rows as the note takes (the consent form's carries a long link), leaving
    // room for the fields.
    // Keys named in the note as bound here (`{save}` …).
    let note = form
        .note
        .as_ref()
        .map(|(text, bad)| (app.keymap.say(text), *bad));
    let note_rows = note
        .as_ref()
        .map_or(1, |(text, _)| note_height(text, inner.width))
        .clamp(1, inner.height.saturating_sub(2).max(1));
    let [note_row, body] =
        Layout::vertical([Constraint::Length(note_rows), Constraint::Min(1)]).areas(inner);
    if let Some((text, bad)) = &note {
        let style = if *bad {
            theme.style("message_error")
        } else {
            theme.style("dim")
        };
        frame.render_widget(
            Paragraph::new(text.as_str())
                .wrap(Wrap { trim: true })
                .style(style),
            note_row,
        );
    }
    // Heights: a field row; a multi-line field as many rows as it has lines and one to
    // type on (at least 5, at most what the form has room for, so a PO's seventh line
    // is on screen); plus a row for its error.
    let tall = body.height.saturating_sub(4).max(5);
    let field_rows = |f: &crate::form::Field| -> u16 {
        if f.multiline {
            u16::try_from(f.area.lines().len() + 1)
                .unwrap_or(u16::MAX)
                .clamp(5, tall)
        } else {
            1
        }
    };
    let heights: Vec<u16> = form
        .fields
        .iter()
        .map(|f| field_rows(f) + u16::from(f.error.is_some()))
        .collect();
    // When the fields do not all fit, a row above and a row below say how many are out
    // of sight (a PO's seventh line must not vanish unseen); the focused one is in view.
    let all: u16 = heights.iter().sum();
    let overflow = all > body.height && body.height >= 3;
    let room = if overflow {
        body.height - 2
    } else {
        body.height
    };
    let mut start = 0;
    while start < form.focus && heights[start..=form.focus].iter().sum::<u16>() > room {
        start += 1;
    }
    let mut end = start;
    let mut filled = 0u16;
    while end < heights.len() && filled + heights[end] <= room {
        filled += heights[end];
        end += 1;
    }
    let fields_area = if overflow {
        let sign = |text: String, y: u16| {
            let r = Rect::new(body.x, y, body.width, 1);
            (
                Paragraph::new(fit(&text, r.width as usize)).style(theme.style("dim")),
                r,
            )
        };
        if start > 0 {
            let (p, r) = sign(t!("tui-form-more-above", count = start), body.y);
            frame.render_widget(p, r);
        }
        let below = heights.len() - end;
        if below > 0 {
            let (p, r) = sign(
                t!("tui-form-more-below", count = below),
                body.y + body.height - 1,
            );
            frame.render_widget(p, r);
        }
        Rect::new(body.x, body.y + 1, body.width, room)
    } else {
        body
    };
    let body = fields_area;
    let label_w = 14u16;
    let mut y = body.y;
    for (i, f) in form.fields.iter_mut().enumerate().skip(start) {
        let h = heights[i];
        if i >= end || y + h > body.y + body.height {
            break;
        }
        let focused = i == form.focus;
        let field_h = field_rows(f);
        let label = Rect::new(body.x, y, label_w.min(body.width), 1);
        let input = Rect::new(
            body.x + label_w.min(body.width),
            y,
            body.width.saturating_sub(label_w),
            field_h,
        );
        let label_style = if focused {
            theme.style("footer_key")
        } else if f.error.is_some() {
            theme.style("error")
        } else {
            theme.style("dim")
        };
        frame.render_widget(
            Paragraph::new(fit(f.label, label_w as usize - 1)).style(label_style),
            label,
        );
        f.area.set_style(if focused {
            theme.style("input")
        } else {
            theme.style("base")
        });
        f.area.set_cursor_line_style(Style::default());
        f.area.set_cursor_style(if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        });
        frame.render_widget(&f.area, input);
        // Lines of a multi-line field beyond its rows: said under its label.
        let hidden = f.area.lines().len().saturating_sub(usize::from(field_h));
        if f.multiline && hidden > 0 && field_h > 1 {
            let r = Rect::new(body.x, y + field_h - 1, label_w.min(body.width), 1);
            frame.render_widget(
                Paragraph::new(fit(
                    &t!("tui-form-more-lines", count = hidden),
                    label_w as usize - 1,
                ))
                .style(theme.style("warn")),
                r,
            );
        }
        if let Some(e) = &f.error {
            let r = Rect::new(input.x, y + field_h, input.width, 1);
            frame.render_widget(
                Paragraph::new(fit(&format!("↑ {e}"), r.width as usize))
                    .style(theme.style("message_error")),
                r,
            );
        }
        y += h;
    }
}

/// A form, and under it (or beside it, on a wide screen) the invoice preview when the
/// form is an invoice's.
fn draw_form_pane(frame: &mut Frame, app: &mut App, area: Rect) {
    let is_invoice = matches!(
        app.form.as_ref().map(|s| &s.kind),
        Some(crate::app_forms::FormKind::Invoice { .. })
    ) && app.invoice.is_some();
    if !is_invoice {
        return draw_form(frame, app, area);
    }
    if area.width >= 160 {
        let [left, right] =
            Layout::horizontal([Constraint::Min(60), Constraint::Length(82)]).areas(area);
        draw_form(frame, app, left);
        invoice::draw_preview(frame, app, right);
        return;
    }
    let rows = app.form.as_ref().map_or(0, |s| {
        s.form
            .fields
            .iter()
            .map(|f| 1 + u16::from(f.error.is_some()))
            .sum::<u16>()
    }) + 4;
    let [top, bottom] = Layout::vertical([
        Constraint::Length(rows.min(area.height / 2 + 2)),
        Constraint::Min(3),
    ])
    .areas(area);
    draw_form(frame, app, top);
    invoice::draw_preview(frame, app, bottom);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_at_words_with_an_ellipsis() {
        assert_eq!(fit("Nguyễn Văn An", 20), "Nguyễn Văn An");
        assert_eq!(fit("Nguyễn Thị Thanh Hương", 16), "Nguyễn Thị…");
        assert_eq!(fit("ABCDEFGHIJ", 5), "ABCD…");
        assert_eq!(fit("abc", 0), "");
    }
}
