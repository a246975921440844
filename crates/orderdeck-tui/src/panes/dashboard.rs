//! Pane 7: the manager's live view — queues by status and channel, ageing of unshipped
//! orders, orders per hour today, backorders, low stock and late purchase orders.

use orderdeck_i18n::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Sparkline, Table};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Pane};
use crate::lists::ListKind;
use crate::view::Column;
use crate::view::fit;
use orderdeck_domain::order::{OrderStatus, Stage};

/// Draws itself from the figures the app keeps fresh; it has no lists and no keys of its own.
pub struct DashboardPane;

impl Pane for DashboardPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        &[]
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        draw(frame, app, area);
    }
}

fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let block = |title: &str| {
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme.style("border"))
            .title(Span::styled(format!(" {title} "), theme.style("title")))
    };
    let Some(d) = &app.dashboard else {
        let b = block(&t!("tui-pane-dashboard"));
        let inner = b.inner(area);
        frame.render_widget(b, area);
        frame.render_widget(
            Paragraph::new(t!("tui-loading")).style(theme.style("dim")),
            inner,
        );
        return;
    };
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(8),
        Constraint::Length(5),
        Constraint::Min(3),
    ])
    .areas(area);
    let [queues, ageing] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(22)]).areas(top);

    // Orders by stage × channel.
    let channels: Vec<&String> = d.channels.iter().collect();
    let label = |c: &str| orderdeck_domain::channels::channel_word_short(c);
    let inner_w = queues.width.saturating_sub(2) as usize;
    // The stage column is as wide as the language's longest stage word.
    let stage_w = Stage::ALL
        .iter()
        .map(|s| s.shown().width())
        .max()
        .unwrap_or(10)
        + 1;
    let col_w = ((inner_w.saturating_sub(stage_w + 7)) / channels.len().max(1)).clamp(3, 8) - 1;
    let shown = channels
        .len()
        .min(inner_w.saturating_sub(stage_w + 7) / (col_w + 1))
        .max(1);
    let mut header = vec![ratatui::widgets::Cell::from("")];
    header.extend(channels.iter().take(shown).map(|c| {
        ratatui::widgets::Cell::from(format!("{:>w$}", fit(&label(c), col_w), w = col_w))
    }));
    header.push(ratatui::widgets::Cell::from(t!("tui-col-total")));
    let mut rows = Vec::new();
    for stage in Stage::ALL {
        let count = |ch: Option<&str>| -> i64 {
            d.by_status_channel
                .iter()
                .filter(|(c, s, _)| {
                    ch.is_none_or(|x| x == c)
                        && s.parse::<OrderStatus>().map(|st| st.stage()) == Ok(stage)
                })
                .map(|(_, _, n)| *n)
                .sum()
        };
        let mut cells = vec![ratatui::widgets::Cell::from(Span::styled(
            stage.shown(),
            theme.style(crate::view::Tone::for_stage(stage).style_key()),
        ))];
        cells.extend(
            channels.iter().take(shown).map(|c| {
                ratatui::widgets::Cell::from(format!("{:>w$}", count(Some(c)), w = col_w))
            }),
        );
        cells.push(ratatui::widgets::Cell::from(format!("{:>6}", count(None))));
        rows.push(Row::new(cells));
    }
    let mut widths = vec![Constraint::Length(stage_w as u16)];
    widths.extend(std::iter::repeat_n(Constraint::Length(col_w as u16), shown));
    widths.push(Constraint::Length(6));
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(theme.style("header")))
            .block(block(&t!("tui-dash-by-status"))),
        queues,
    );

    let labels = ["< 1 h", "1–4 h", "4–24 h", "> 24 h"];
    let backorder = OrderStatus::Backordered.shown();
    let label_w = backorder.width().max(9);
    let mut lines: Vec<Line> = labels
        .iter()
        .zip(d.ageing.iter())
        .enumerate()
        .map(|(i, (l, n))| {
            let style = if i == 3 && *n > 0 {
                theme.style("error")
            } else if i == 2 && *n > 0 {
                theme.style("warn")
            } else {
                theme.style("base")
            };
            Line::from(vec![
                Span::styled(format!("{l:<label_w$}"), theme.style("dim")),
                Span::styled(format!("{n:>6}"), style),
            ])
        })
        .collect();
    lines.push(Line::from(vec![
        Span::styled(format!("{backorder:<label_w$}"), theme.style("dim")),
        Span::styled(
            format!("{:>6}", d.backorders),
            if d.backorders > 0 {
                theme.style("warn")
            } else {
                theme.style("base")
            },
        ),
    ]));
    frame.render_widget(
        Paragraph::new(lines).block(block(&t!("tui-dash-unshipped-by-age"))),
        ageing,
    );

    let total_today: i64 = d.per_hour.iter().sum();
    let per_hour: Vec<u64> = d
        .per_hour
        .iter()
        .map(|n| u64::try_from(*n).unwrap_or(0))
        .collect();
    let peak = d.per_hour.iter().copied().max().unwrap_or(0);
    frame.render_widget(
        Sparkline::default()
            .data(&per_hour)
            .style(theme.style("ok"))
            .block(block(&t!(
                "tui-dash-per-hour",
                total = total_today,
                peak = peak
            ))),
        middle,
    );

    let [risk, low, late] = Layout::horizontal([
        Constraint::Percentage(34),
        Constraint::Percentage(33),
        Constraint::Percentage(33),
    ])
    .areas(bottom);
    // Marketplace orders near their ship-by time: late ones in red, the rest in amber.
    let fmt = app.fmt();
    let risk_lines: Vec<Line> = d
        .at_risk
        .iter()
        .map(|(n, channel, at)| {
            let late = *at <= fmt.now;
            Line::from(vec![
                Span::raw(format!("{n:<10}")),
                Span::styled(
                    format!("{} ", fmt.short(*at)),
                    if late {
                        theme.style("error")
                    } else {
                        theme.style("warn")
                    },
                ),
                Span::styled(
                    fit(
                        &orderdeck_domain::channels::channel_word_short(channel),
                        (risk.width as usize).saturating_sub(24),
                    ),
                    theme.style("dim"),
                ),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(risk_lines).block(block(&t!("tui-dash-at-risk", count = d.at_risk_count))),
        risk,
    );
    let low_lines: Vec<Line> = d
        .low_stock
        .iter()
        .map(|(sku, incoming, avail, point)| {
            Line::from(vec![
                Span::raw(format!("{:<14}", fit(sku, 13))),
                Span::styled(
                    format!("{avail:>5}"),
                    if *avail <= 0 {
                        theme.style("error")
                    } else {
                        theme.style("warn")
                    },
                ),
                Span::styled(format!(" / {point:<4}"), theme.style("dim")),
                Span::styled(
                    if *incoming > 0 {
                        format!(" {}", t!("tui-dash-incoming-due", incoming = *incoming))
                    } else {
                        String::new()
                    },
                    theme.style("ok"),
                ),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(low_lines)
            .block(block(&t!("tui-dash-low-stock", count = d.low_stock_count))),
        low,
    );
    let late_lines: Vec<Line> = d
        .late_pos
        .iter()
        .map(|(n, s, date)| {
            Line::from(vec![
                Span::raw(format!("{n:<9}")),
                Span::styled(
                    format!("{} ", orderdeck_i18n::format::day_month(*date)),
                    theme.style("error"),
                ),
                Span::raw(fit(s, (late.width as usize).saturating_sub(18))),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(late_lines).block(block(&t!("tui-dash-late-pos", count = d.late_pos.len()))),
        late,
    );
}
