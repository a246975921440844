//! Marketplace shops in the console: sync now with its progress bar, reconnect, stock
//! buffer.

use crate::app::App;

/// The pulls running now, one bar each: what has been read and taken in, and how far
/// through the time range the platform's pages have come.
pub fn draw_bars(frame: &mut ratatui::Frame, app: &App, area: ratatui::layout::Rect) {
    use ratatui::layout::Rect;
    use ratatui::text::Span;
    use ratatui::widgets::{Block, Borders, LineGauge, Paragraph};

    let theme = &app.theme;
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("border_focus"))
        .title(Span::styled(" Pulling orders ", theme.style("title")));
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
