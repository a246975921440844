//! Pane 7: the manager's live view — money of today and the week, what needs attention,
//! open orders by age, orders per hour per channel, queues by stage and channel, orders
//! near their ship-by time, low stock and late purchase orders.
//!
//! The layout follows the terminal: on a big screen the blocks stand side by side and the
//! hourly chart spans the width; at 80x24 the money, the attention counts and the ageing
//! come first, and a block that has no room is left out whole rather than cut.

use orderdeck_domain::dashboard::{Dashboard, OPEN_STATUSES};
use orderdeck_domain::order::{OrderStatus, Stage};
use orderdeck_i18n::format::{money, number};
use orderdeck_i18n::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Pane};
use crate::lists::ListKind;
use crate::theme::Theme;
use crate::view::{Column, Fmt, Tone};

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

/// Rows the money and attention blocks take (five lines and the borders).
const TOP_ROWS: u16 = 7;
/// Rows the ageing table takes: a line per open status, its head and the borders.
const AGEING_ROWS: u16 = OPEN_STATUSES.len() as u16 + 3;

/// Text in `width` columns: whole when it fits, else cut after the last whole word that
/// fits (a separator left dangling goes too) and marked with an ellipsis. A single word
/// longer than the room is the only thing cut inside a word.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut head = String::new();
    for ch in text.chars() {
        if head.width() + unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) > width - 1 {
            break;
        }
        head.push(ch);
    }
    // Cut where a word ends: at the last space, unless the next character was one.
    let next_is_space = text[head.len()..].starts_with(' ');
    if !next_is_space && let Some(space) = head.rfind(' ') {
        head.truncate(space);
    }
    let head = head.trim_end_matches([' ', '·', '/', ',', '-', '(', '—', ':']);
    format!("{head}…")
}

struct Ctx<'a> {
    theme: &'a Theme,
    fmt: Fmt,
    d: &'a Dashboard,
}

impl Ctx<'_> {
    /// A bordered block whose title fits its width (cut at a word, never mid-word).
    fn block(&self, title: &str, width: u16) -> Block<'static> {
        let room = usize::from(width.saturating_sub(4));
        Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.style("border"))
            .title(Span::styled(
                format!(" {} ", fit(title, room)),
                self.theme.style("title"),
            ))
    }

    fn style(&self, tone: Tone) -> Style {
        self.theme.style(tone.style_key())
    }
}

fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let Some(d) = &app.dashboard else {
        let b = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.style("border"))
            .title(Span::styled(
                format!(" {} ", t!("tui-pane-dashboard")),
                theme.style("title"),
            ));
        let inner = b.inner(area);
        frame.render_widget(b, area);
        frame.render_widget(
            Paragraph::new(t!("tui-loading")).style(theme.style("dim")),
            inner,
        );
        return;
    };
    let cx = Ctx {
        theme,
        fmt: app.fmt(),
        d,
    };
    if area.width >= 150 {
        draw_wide(frame, &cx, area);
    } else if area.width >= 100 {
        draw_medium(frame, &cx, area);
    } else {
        draw_narrow(frame, &cx, area);
    }
}

/// 150 columns and more: money, attention and queues side by side; the hourly chart
/// across the width; ageing and the three lists side by side below.
fn draw_wide(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let top_h = TOP_ROWS.max(stage_rows()).min(area.height);
    let rest = area.height - top_h;
    // The chart takes what the lists below can spare: they keep at least 12 rows.
    let chart_h = chart_height(cx.d, rest.saturating_sub(AGEING_ROWS.max(12)), 4);
    let [top, chart, bottom] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(chart_h),
        Constraint::Min(0),
    ])
    .areas(area);
    let money_w = money_width(cx.d);
    let [m, att, stages] = Layout::horizontal([
        Constraint::Length(money_w),
        Constraint::Length(attention_width(cx.d).max(36)),
        Constraint::Min(0),
    ])
    .areas(top);
    draw_money(frame, cx, m);
    draw_attention(frame, cx, att);
    draw_stages(frame, cx, stages);
    draw_chart(frame, cx, chart, true);
    // The lists as wide as their lines, the late purchase orders keeping 40 columns.
    let ageing_w = ageing_width().min(bottom.width / 3);
    let risk_w = at_risk_width(cx.d).clamp(24, 44);
    let low_w = low_stock_width(cx.d)
        .max(30)
        .min(bottom.width.saturating_sub(ageing_w + risk_w + 40));
    let [ageing, risk, low, late] = Layout::horizontal([
        Constraint::Length(ageing_w),
        Constraint::Length(risk_w),
        Constraint::Length(low_w),
        Constraint::Fill(1),
    ])
    .areas(bottom);
    draw_ageing(frame, cx, ageing);
    draw_at_risk(frame, cx, risk);
    draw_low_stock(frame, cx, low);
    draw_late_pos(frame, cx, late);
}

/// 100 to 149 columns: money beside attention, the chart, ageing beside the queues, and
/// the lists in what is left.
fn draw_medium(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let top_h = TOP_ROWS.min(area.height);
    let rest = area.height - top_h;
    let chart_h = chart_height(cx.d, rest.saturating_sub(AGEING_ROWS + 6), 2);
    let [top, chart, middle, bottom] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(chart_h),
        Constraint::Length(AGEING_ROWS.min(rest.saturating_sub(chart_h))),
        Constraint::Min(0),
    ])
    .areas(area);
    let [m, att] = Layout::horizontal([
        Constraint::Length(money_width(cx.d).min(top.width.saturating_sub(30))),
        Constraint::Min(0),
    ])
    .areas(top);
    draw_money(frame, cx, m);
    draw_attention(frame, cx, att);
    draw_chart(frame, cx, chart, true);
    let [ageing, stages] =
        Layout::horizontal([Constraint::Length(ageing_width()), Constraint::Min(0)]).areas(middle);
    draw_ageing(frame, cx, ageing);
    draw_stages(frame, cx, stages);
    if bottom.height >= 3 {
        let [risk, low, late] = Layout::horizontal([
            Constraint::Percentage(28),
            Constraint::Percentage(42),
            Constraint::Percentage(30),
        ])
        .areas(bottom);
        draw_at_risk(frame, cx, risk);
        draw_low_stock(frame, cx, low);
        draw_late_pos(frame, cx, late);
    }
}

/// Under 100 columns: money, the attention counts as one wrapped line, ageing beside the
/// day's chart of every channel together; the lists only when the terminal is tall.
fn draw_narrow(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let attention = attention_lines(cx, area.width);
    let att_h = u16::try_from(attention.len()).unwrap_or(u16::MAX);
    let top_h = TOP_ROWS.min(area.height);
    let att_h = att_h.min(area.height - top_h);
    let rest = area.height - top_h - att_h;
    // Lists below the ageing when there are rows for a few of their lines.
    let lists_h = if rest >= AGEING_ROWS + 6 {
        rest - AGEING_ROWS - 1
    } else {
        0
    };
    let [top, att, middle, bottom] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(att_h),
        Constraint::Length(rest - lists_h),
        Constraint::Length(lists_h),
    ])
    .areas(area);
    draw_money(frame, cx, top);
    frame.render_widget(Paragraph::new(attention), att);
    if middle.height >= 3 {
        let ageing_w = ageing_width();
        if middle.width >= ageing_w + 26 {
            let [ageing, chart] =
                Layout::horizontal([Constraint::Length(ageing_w), Constraint::Min(0)])
                    .areas(middle);
            draw_ageing(frame, cx, ageing);
            draw_chart(frame, cx, chart, false);
        } else {
            draw_ageing(frame, cx, middle);
        }
    }
    if bottom.height >= 3 {
        let [low, risk] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(bottom);
        draw_low_stock(frame, cx, low);
        draw_at_risk(frame, cx, risk);
    }
}

// ------------------------------------------------------------------------------------
// Money

struct MoneyRow {
    label: String,
    cells: Vec<(String, String)>,
    tone: Tone,
}

fn money_rows(d: &Dashboard) -> Vec<MoneyRow> {
    let orders = |n: i64| t!("tui-dash-orders", count = number(n));
    let parcels = |n: i64| t!("tui-dash-parcels", count = number(n));
    let refunds = |n: i64| t!("tui-dash-refund-count", count = number(n));
    vec![
        MoneyRow {
            label: t!("tui-dash-revenue"),
            cells: vec![
                (money(d.today.revenue), orders(d.today.orders)),
                (money(d.week.revenue), orders(d.week.orders)),
            ],
            tone: Tone::Ok,
        },
        MoneyRow {
            label: t!("tui-dash-refunds"),
            cells: vec![
                (money(d.today.refunds), refunds(d.today.refund_count)),
                (money(d.week.refunds), refunds(d.week.refund_count)),
            ],
            tone: if d.week.refunds.is_zero() {
                Tone::Normal
            } else {
                Tone::Warn
            },
        },
        MoneyRow {
            label: t!("tui-dash-cod-owed"),
            cells: vec![(money(d.cod.total()), parcels(d.cod.parcels()))],
            tone: Tone::Normal,
        },
        MoneyRow {
            label: format!("  {}", t!("tui-dash-cod-delivered")),
            cells: vec![(money(d.cod.collected), parcels(d.cod.collected_parcels))],
            tone: if d.cod.collected.is_zero() {
                Tone::Normal
            } else {
                Tone::Warn
            },
        },
    ]
}

/// Widths of the money block's columns: label, amount, count.
fn money_columns(rows: &[MoneyRow]) -> (usize, usize, usize) {
    let label = rows.iter().map(|r| r.label.width()).max().unwrap_or(0);
    let heads = [t!("tui-dash-today"), t!("tui-dash-week")];
    let amount = rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.0.width()))
        .chain(heads.iter().map(|h| h.width()))
        .max()
        .unwrap_or(0);
    let count = rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.1.width()))
        .max()
        .unwrap_or(0);
    (label, amount, count)
}

fn money_width(d: &Dashboard) -> u16 {
    let (label, amount, count) = money_columns(&money_rows(d));
    u16::try_from(label + 2 * (amount + count + 3) + 2).unwrap_or(u16::MAX)
}

fn draw_money(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let rows = money_rows(cx.d);
    let (label_w, amount_w, count_w) = money_columns(&rows);
    let inner = usize::from(area.width.saturating_sub(2));
    // The count goes first when the room is short; then the label is cut at a word.
    let count_w = if label_w.min(12) + 2 * (amount_w + count_w + 3) <= inner {
        count_w
    } else {
        0
    };
    let label_w = label_w.min(inner.saturating_sub(2 * (amount_w + count_w + 3)));
    let count_pad = if count_w > 0 { count_w + 1 } else { 0 };
    let mut lines = vec![Line::from(vec![
        Span::raw(" ".repeat(label_w)),
        Span::styled(
            format!("{:>w$}", t!("tui-dash-today"), w = amount_w + 2),
            cx.theme.style("header"),
        ),
        Span::raw(" ".repeat(count_pad)),
        Span::styled(
            format!("{:>w$}", t!("tui-dash-week"), w = amount_w + 2),
            cx.theme.style("header"),
        ),
    ])];
    for row in &rows {
        let mut spans = vec![Span::styled(
            format!("{:<label_w$}", fit(&row.label, label_w)),
            cx.style(Tone::Dim),
        )];
        for (amount, count) in &row.cells {
            spans.push(Span::styled(
                format!("  {amount:>amount_w$}"),
                cx.style(row.tone),
            ));
            if count_w > 0 {
                spans.push(Span::styled(
                    format!(" {count:<count_w$}"),
                    cx.style(Tone::Dim),
                ));
            }
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(
        Paragraph::new(lines).block(cx.block(&t!("tui-dash-money"), area.width)),
        area,
    );
}

// ------------------------------------------------------------------------------------
// What needs attention

/// (label, figure, tone when not zero)
fn attention(d: &Dashboard) -> Vec<(String, i64, Tone)> {
    vec![
        (t!("tui-dash-exceptions"), d.exceptions, Tone::Error),
        (t!("tui-dash-ship-by-risk"), d.at_risk_count, Tone::Error),
        (
            t!("tui-dash-backordered"),
            d.open(OrderStatus::Backordered),
            Tone::Warn,
        ),
        (t!("tui-dash-low-stock-word"), d.low_stock_count, Tone::Warn),
        (t!("tui-dash-late-pos-word"), d.late_pos_count, Tone::Error),
    ]
}

fn attention_width(d: &Dashboard) -> u16 {
    let items = attention(d);
    let w = items
        .iter()
        .map(|(l, n, _)| l.width() + number(*n).width() + 3)
        .max()
        .unwrap_or(0);
    u16::try_from(w + 2).unwrap_or(u16::MAX)
}

fn draw_attention(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let inner = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = attention(cx.d)
        .into_iter()
        .map(|(label, n, tone)| {
            let figure = number(n);
            let label_w = inner.saturating_sub(figure.width() + 1);
            Line::from(vec![
                Span::styled(
                    format!("{:<label_w$} ", fit(&label, label_w)),
                    cx.style(Tone::Dim),
                ),
                Span::styled(figure, cx.style(if n > 0 { tone } else { Tone::Normal })),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(cx.block(&t!("tui-dash-attention"), area.width)),
        area,
    );
}

/// The attention counts as lines of `label figure` pairs, broken between pairs.
fn attention_lines(cx: &Ctx, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut lines = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    for (label, n, tone) in attention(cx.d) {
        let figure = number(n);
        let w = label.width() + 1 + figure.width();
        if used > 0 && used + 3 + w > width {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if used > 0 {
            spans.push(Span::raw(" · "));
            used += 3;
        }
        spans.push(Span::styled(
            format!("{} ", fit(&label, width.saturating_sub(figure.width() + 1))),
            cx.style(Tone::Dim),
        ));
        spans.push(Span::styled(
            figure,
            cx.style(if n > 0 { tone } else { Tone::Normal }),
        ));
        used += w;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

// ------------------------------------------------------------------------------------
// Open orders by age

const BUCKETS: [&str; 4] = ["<1h", "1–6h", "6–24h", ">24h"];
const COUNT_W: usize = 6;
const BUCKET_W: usize = 6;

fn status_width() -> usize {
    OPEN_STATUSES
        .iter()
        .map(|s| s.shown().width())
        .chain([t!("tui-col-status").width()])
        .max()
        .unwrap_or(10)
}

fn oldest_width() -> usize {
    t!("tui-dash-oldest")
        .width()
        .max(t!("tui-dash-age-minutes", n = 59).width())
        .max(t!("tui-dash-age-hours", n = 47).width())
        .max(t!("tui-dash-age-days", n = 99).width())
}

fn ageing_width() -> u16 {
    let w = status_width() + COUNT_W + 4 * BUCKET_W + 2 + oldest_width() + 2;
    u16::try_from(w).unwrap_or(u16::MAX)
}

/// How long ago, in the unit that says it best: minutes, hours up to two days, then days.
fn age(fmt: &Fmt, since: chrono::DateTime<chrono::Utc>) -> String {
    let minutes = (fmt.now - since).num_minutes().max(0);
    if minutes < 60 {
        t!("tui-dash-age-minutes", n = minutes)
    } else if minutes < 48 * 60 {
        t!("tui-dash-age-hours", n = minutes / 60)
    } else {
        t!("tui-dash-age-days", n = minutes / (24 * 60))
    }
}

fn draw_ageing(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let status_w = status_width();
    let oldest_w = oldest_width();
    let mut head = format!(
        "{:<status_w$}{:>COUNT_W$}",
        t!("tui-col-status"),
        t!("tui-col-total")
    );
    for b in BUCKETS {
        head.push_str(&format!("{b:>BUCKET_W$}"));
    }
    head.push_str(&format!("  {:>oldest_w$}", t!("tui-dash-oldest")));
    let mut lines = vec![Line::styled(head, cx.theme.style("header"))];
    for a in &cx.d.ageing {
        let Ok(status) = a.status.parse::<OrderStatus>() else {
            continue;
        };
        let mut spans = vec![
            Span::styled(
                format!("{:<status_w$}", status.shown()),
                cx.style(Tone::for_stage(status.stage())),
            ),
            Span::raw(format!("{:>COUNT_W$}", number(a.count))),
        ];
        // Old orders waiting before they ship are the ones to chase.
        let waiting = status.is_unshipped();
        for (i, n) in a.buckets.iter().enumerate() {
            let tone = match (i, waiting && *n > 0) {
                (3, true) => Tone::Error,
                (2, true) => Tone::Warn,
                _ if *n == 0 => Tone::Dim,
                _ => Tone::Normal,
            };
            spans.push(Span::styled(
                format!("{:>BUCKET_W$}", number(*n)),
                cx.style(tone),
            ));
        }
        let oldest = a.oldest.map(|t| age(&cx.fmt, t)).unwrap_or_default();
        spans.push(Span::styled(
            format!("  {oldest:>oldest_w$}"),
            cx.style(Tone::Dim),
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(
        Paragraph::new(lines).block(cx.block(&t!("tui-dash-ageing"), area.width)),
        area,
    );
}

// ------------------------------------------------------------------------------------
// Orders per hour

/// Rows for the hourly chart: a band per channel of up to `max_rows` rows, an hour scale
/// and the borders — or 0 when not even one row per channel fits in `room`.
fn chart_height(d: &Dashboard, room: u16, max_rows: u16) -> u16 {
    let channels = u16::try_from(d.per_hour.len().max(1)).unwrap_or(u16::MAX);
    let per = (room.saturating_sub(3) / channels).min(max_rows);
    if per == 0 { 0 } else { per * channels + 3 }
}

/// The bars of 24 hours across `width` columns: each hour as wide as the room allows,
/// a blank column between hours once they are wider than two columns.
fn hour_bars(hours: &[i64; 24], width: usize) -> (Vec<Option<u64>>, usize) {
    let slot = (width / 24).max(1);
    let mut bars = Vec::with_capacity(slot * 24);
    for n in hours {
        let v = u64::try_from(*n).unwrap_or(0);
        let bar = if slot > 2 { slot - 1 } else { slot };
        bars.extend(std::iter::repeat_n(Some(v), bar));
        if slot > 2 {
            bars.push(None);
        }
    }
    (bars, slot)
}

/// The hour scale under the bars: the shop's hour at the start of every few slots.
fn hour_scale(cx: &Ctx, slot: usize) -> String {
    use chrono::Timelike;
    let every = match slot {
        s if s >= 3 => 1,
        2 => 2,
        _ => 3,
    };
    let mut scale = String::new();
    for i in (0..24).step_by(every) {
        let at = cx.d.hours_from + chrono::Duration::hours(i64::try_from(i).unwrap_or(0));
        let hour = at.with_timezone(&cx.fmt.offset).hour();
        let col = i * slot;
        while scale.width() < col {
            scale.push(' ');
        }
        if scale.width() == col {
            scale.push_str(&format!("{hour:02}"));
        }
    }
    scale
}

/// Orders per hour over the last 24 hours: a band per channel (`per_channel`), or every
/// channel together.
fn draw_chart(frame: &mut Frame, cx: &Ctx, area: Rect, per_channel: bool) {
    if area.height < 3 || area.width < 10 {
        return;
    }
    let d = cx.d;
    let title = t!(
        "tui-dash-per-hour-24",
        total = number(d.last_day_orders()),
        peak = number(d.peak_hour())
    );
    // A narrow chart says the day's total in fewer words rather than losing it.
    let title = if title.width() + 4 > usize::from(area.width) {
        t!(
            "tui-dash-per-hour-short",
            total = number(d.last_day_orders())
        )
    } else {
        title
    };
    let block = cx.block(&title, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = d.per_hour_total();
    let bands: Vec<(String, [i64; 24])> = if per_channel && !d.per_hour.is_empty() {
        d.per_hour
            .iter()
            .map(|(c, h)| (orderdeck_domain::channels::channel_word(c), *h))
            .collect()
    } else {
        vec![(String::new(), all)]
    };
    let label_w = bands
        .iter()
        .map(|(l, h)| l.width() + number(h.iter().sum()).width() + 2)
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width) / 3);
    let label_w = if per_channel { label_w } else { 0 };
    // The bars end at the right border: the label column takes the columns 24 hours
    // cannot share evenly.
    let spark_w = usize::from(inner.width).saturating_sub(label_w) / 24 * 24;
    let label_w = usize::from(inner.width).saturating_sub(spark_w);
    // One scale for every band, so a quiet channel looks quiet.
    let peak = if per_channel {
        d.peak_hour()
    } else {
        all.iter().copied().max().unwrap_or(0)
    };
    let peak = u64::try_from(peak).unwrap_or(0).max(1);
    let bands_h = inner.height.saturating_sub(1);
    let n = u16::try_from(bands.len()).unwrap_or(u16::MAX).max(1);
    let per = (bands_h / n).max(1);
    let mut slot = 1;
    for (i, (label, hours)) in bands.iter().enumerate() {
        let y = inner.y + per * u16::try_from(i).unwrap_or(u16::MAX);
        if y + per > inner.y + bands_h {
            break;
        }
        if per_channel && label_w > 0 {
            let total = number(hours.iter().sum());
            let name_w = label_w.saturating_sub(total.width() + 2);
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(
                        format!("{:<name_w$}", fit(label, name_w)),
                        cx.style(Tone::Dim),
                    ),
                    Span::raw(format!(" {total} ")),
                ])),
                Rect::new(inner.x, y + per - 1, u16::try_from(label_w).unwrap_or(0), 1),
            );
        }
        let (bars, s) = hour_bars(hours, spark_w);
        slot = s;
        frame.render_widget(
            Sparkline::default()
                .data(bars)
                .max(peak)
                .absent_value_symbol(" ")
                .style(cx.style(Tone::Ok)),
            Rect::new(
                inner.x + u16::try_from(label_w).unwrap_or(0),
                y,
                u16::try_from(spark_w).unwrap_or(0),
                per,
            ),
        );
    }
    frame.render_widget(
        Paragraph::new(Span::styled(hour_scale(cx, slot), cx.style(Tone::Dim))),
        Rect::new(
            inner.x + u16::try_from(label_w).unwrap_or(0),
            inner.y + inner.height - 1,
            u16::try_from(spark_w).unwrap_or(0),
            1,
        ),
    );
}

// ------------------------------------------------------------------------------------
// Orders by stage × channel

fn stage_rows() -> u16 {
    Stage::ALL.len() as u16 + 3
}

fn draw_stages(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let d = cx.d;
    let inner_w = usize::from(area.width.saturating_sub(2));
    let stage_w = Stage::ALL
        .iter()
        .map(|s| s.shown().width())
        .max()
        .unwrap_or(10)
        + 1;
    let count = |ch: Option<&str>, stage: Stage| -> i64 {
        d.by_status_channel
            .iter()
            .filter(|(c, s, _)| {
                ch.is_none_or(|x| x == c)
                    && s.parse::<OrderStatus>().map(|st| st.stage()) == Ok(stage)
            })
            .map(|(_, _, n)| *n)
            .sum()
    };
    let total_w = Stage::ALL
        .iter()
        .map(|s| number(count(None, *s)).width())
        .chain([t!("tui-col-total").width()])
        .max()
        .unwrap_or(5)
        + 1;
    let col_w = (inner_w.saturating_sub(stage_w + total_w) / d.channels.len().max(1)).clamp(4, 9);
    let shown = d
        .channels
        .len()
        .min(inner_w.saturating_sub(stage_w + total_w) / col_w);
    let label = |c: &str| orderdeck_domain::channels::channel_word_short(c);
    let mut head = " ".repeat(stage_w);
    for c in d.channels.iter().take(shown) {
        head.push_str(&format!("{:>col_w$}", fit(&label(c), col_w - 1)));
    }
    head.push_str(&format!("{:>total_w$}", t!("tui-col-total")));
    let mut lines = vec![Line::styled(head, cx.theme.style("header"))];
    for stage in Stage::ALL {
        let mut spans = vec![Span::styled(
            format!("{:<stage_w$}", stage.shown()),
            cx.style(Tone::for_stage(stage)),
        )];
        for c in d.channels.iter().take(shown) {
            spans.push(Span::raw(format!(
                "{:>col_w$}",
                number(count(Some(c), stage))
            )));
        }
        spans.push(Span::styled(
            format!("{:>total_w$}", number(count(None, stage))),
            cx.theme.style("header"),
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(
        Paragraph::new(lines).block(cx.block(&t!("tui-dash-by-stage"), area.width)),
        area,
    );
}

// ------------------------------------------------------------------------------------
// Lists: near ship-by, low stock, late purchase orders

fn draw_at_risk(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let fmt = &cx.fmt;
    let inner = usize::from(area.width.saturating_sub(2));
    let number_w = cx.d.at_risk.iter().map(|r| r.0.width()).max().unwrap_or(0);
    let lines: Vec<Line> =
        cx.d.at_risk
            .iter()
            .map(|(n, channel, at)| {
                // Late ones in red, the rest in amber.
                let late = *at <= fmt.now;
                let when = fmt.short(*at);
                let rest = inner.saturating_sub(number_w + when.width() + 2);
                Line::from(vec![
                    Span::raw(format!("{n:<number_w$} ")),
                    Span::styled(
                        format!("{when} "),
                        cx.style(if late { Tone::Error } else { Tone::Warn }),
                    ),
                    Span::styled(
                        fit(&orderdeck_domain::channels::channel_word(channel), rest),
                        cx.style(Tone::Dim),
                    ),
                ])
            })
            .collect();
    frame.render_widget(
        Paragraph::new(lines).block(cx.block(
            &t!("tui-dash-at-risk", count = cx.d.at_risk_count),
            area.width,
        )),
        area,
    );
}

/// Widths of the low-stock lines' SKU, quantity and incoming columns.
fn low_stock_columns(d: &Dashboard) -> (usize, usize, usize) {
    let rows = &d.low_stock;
    let sku_w = rows
        .iter()
        .map(|r| r.sku.width())
        .max()
        .unwrap_or(0)
        .min(16);
    let qty_w = rows
        .iter()
        .map(|r| format!("{} / {}", r.available, r.reorder_point).width())
        .max()
        .unwrap_or(0);
    let due_w = rows
        .iter()
        .filter(|r| r.incoming > 0)
        .map(|r| t!("tui-dash-incoming-due", incoming = r.incoming).width() + 1)
        .max()
        .unwrap_or(0);
    (sku_w, qty_w, due_w)
}

/// Columns the low-stock block needs to show every name whole.
fn low_stock_width(d: &Dashboard) -> u16 {
    let (sku_w, qty_w, due_w) = low_stock_columns(d);
    let name_w = d
        .low_stock
        .iter()
        .map(|r| r.name.width())
        .max()
        .unwrap_or(0);
    u16::try_from(sku_w + qty_w + due_w + name_w + 5).unwrap_or(u16::MAX)
}

/// Columns the ship-by block needs: number, time and channel.
fn at_risk_width(d: &Dashboard) -> u16 {
    let w = d
        .at_risk
        .iter()
        .map(|(n, c, _)| n.width() + orderdeck_domain::channels::channel_word(c).width() + 14)
        .max()
        .unwrap_or(0);
    u16::try_from(w + 2).unwrap_or(u16::MAX)
}

fn draw_low_stock(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let inner = usize::from(area.width.saturating_sub(2));
    let rows = &cx.d.low_stock;
    let (sku_w, qty_w, due_w) = low_stock_columns(cx.d);
    let lines: Vec<Line> = rows
        .iter()
        .map(|r| {
            let qty = format!("{} / {}", r.available, r.reorder_point);
            let due = if r.incoming > 0 {
                t!("tui-dash-incoming-due", incoming = r.incoming)
            } else {
                String::new()
            };
            // The name takes what the figures leave, cut at a word when it must be.
            let name_w = inner.saturating_sub(sku_w + qty_w + due_w + 3);
            Line::from(vec![
                Span::raw(format!("{:<sku_w$} ", fit(&r.sku, sku_w))),
                Span::styled(
                    format!("{qty:>qty_w$} "),
                    cx.style(if r.available <= 0 {
                        Tone::Error
                    } else {
                        Tone::Warn
                    }),
                ),
                Span::styled(
                    format!("{:<w$}", due, w = due_w.saturating_sub(1)),
                    cx.style(Tone::Ok),
                ),
                Span::raw(if due_w > 0 { " " } else { "" }),
                Span::raw(fit(&r.name, name_w)),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(cx.block(
            &t!("tui-dash-low-stock", count = cx.d.low_stock_count),
            area.width,
        )),
        area,
    );
}

fn draw_late_pos(frame: &mut Frame, cx: &Ctx, area: Rect) {
    let inner = usize::from(area.width.saturating_sub(2));
    let number_w =
        cx.d.late_pos
            .iter()
            .map(|p| p.number.width())
            .max()
            .unwrap_or(0);
    let lines: Vec<Line> =
        cx.d.late_pos
            .iter()
            .map(|p| {
                let date = orderdeck_i18n::format::day_month(p.expected);
                let rest = inner.saturating_sub(number_w + date.width() + 2);
                Line::from(vec![
                    Span::raw(format!("{:<number_w$} ", p.number)),
                    Span::styled(format!("{date} "), cx.style(Tone::Error)),
                    Span::raw(fit(&p.supplier, rest)),
                ])
            })
            .collect();
    frame.render_widget(
        Paragraph::new(lines).block(cx.block(
            &t!("tui-dash-late-pos", count = cx.d.late_pos_count),
            area.width,
        )),
        area,
    );
}
