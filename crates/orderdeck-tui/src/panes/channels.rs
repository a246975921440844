//! Pane 9: the shops orderdeck sells through — platform, token state and expiry (never
//! the token itself), last successful sync, stock pushes waiting, last error.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::layout::{Constraint, Layout};

use crate::app::{App, Effect, Pane};
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("tui-col-shop", 9).sized(6, 12).must(),
    Column::fixed("tui-col-platform", 8)
        .sized(6, 11)
        .priority(2),
    Column::flex("tui-col-name", 10),
    Column::fixed("tui-col-token", 18).sized(10, 24).must(),
    Column::fixed("tui-col-last-sync", 11).priority(2),
    Column::fixed("tui-col-pending", 7).right().priority(1),
    Column::fixed("tui-col-not-in", 6).right().priority(1),
    Column::flex("tui-col-last-error", 12).priority(3),
];

pub struct ChannelsPane;

impl Pane for ChannelsPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        COLUMNS
    }

    fn hints(&self, _focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        vec![
            (Action::SyncShop, "tui-hint-sync-now"),
            (Action::Reconnect, "tui-hint-reconnect"),
            (Action::EditItem, "tui-hint-buffer"),
        ]
    }

    fn act(&self, app: &mut App, action: Action, _focus: Option<ListKind>) -> Option<Vec<Effect>> {
        Some(match action {
            Action::SyncShop => app.sync_selected_shop(),
            Action::Reconnect => app.reconnect_selected_shop(),
            Action::EditItem => app.edit_shop_buffer(),
            _ => return None,
        })
    }

    /// The shops, and a progress bar under them for each pull running.
    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        if app.syncs.is_empty() {
            return draw_lists(frame, app, &[ListKind::Channels], area);
        }
        let bars = app.syncs.len() as u16 * 2 + 2;
        let [top, bottom] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(bars)]).areas(area);
        draw_lists(frame, app, &[ListKind::Channels], top);
        draw_bars(frame, app, bottom);
    }
}

/// The pulls running now, one bar each: what has been read and taken in, and how far
/// through the time range the platform's pages have come.
fn draw_bars(frame: &mut ratatui::Frame, app: &App, area: ratatui::layout::Rect) {
    use ratatui::layout::Rect;
    use ratatui::text::Span;
    use ratatui::widgets::{Block, Borders, LineGauge, Paragraph};

    let theme = &app.theme;
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("border_focus"))
        .title(Span::styled(
            format!(" {} ", orderdeck_i18n::t!("tui-pulling-orders")),
            theme.style("title"),
        ));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    for (i, bar) in app.syncs.iter().enumerate() {
        let y = inner.y + 2 * i as u16;
        if y + 1 >= inner.y + inner.height {
            break;
        }
        frame.render_widget(
            Paragraph::new(bar.said()).style(theme.style("base")),
            Rect::new(inner.x, y, inner.width, 1),
        );
        let (ratio, label) = match bar.progress.permille {
            Some(p) => (
                f64::from(p.min(1000)) / 1000.0,
                format!("{:>3}%", p.min(1000) / 10),
            ),
            None => (0.0, " …".to_string()),
        };
        frame.render_widget(
            LineGauge::default()
                .ratio(ratio)
                .label(label)
                .filled_symbol("━")
                .unfilled_symbol("─")
                .filled_style(theme.style("ok"))
                .unfilled_style(theme.style("dim")),
            Rect::new(inner.x, y + 1, inner.width, 1),
        );
    }
}
