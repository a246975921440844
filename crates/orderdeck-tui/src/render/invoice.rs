//! Invoices and returns in the console: the preview, issuing, replacing, the return form.

use orderdeck_domain::invoice_document as invoicing;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::App;
use crate::invoice::*;

/// The invoice as it would print, with the buyer as typed, under the form.
pub fn draw_preview(frame: &mut Frame, app: &App, area: Rect) {
    let (Some(p), Some(state)) = (app.invoice.as_ref(), app.form.as_ref()) else {
        return;
    };
    let mut draft = (*p.draft).clone();
    draft.set_buyer(buyer_from_form(&state.form));
    let text = invoicing::render_text(&draft, app.offset);
    let title = match &p.issued {
        Some(i) => format!(
            " {} ",
            orderdeck_i18n::t!("form-invoice-preview-issued-title", issued = i)
        ),
        None => format!(" {} ", orderdeck_i18n::t!("form-invoice-preview-title")),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.style("border"))
        .title(Span::styled(title, app.theme.style("title")));
    let lines = text.lines().count() as u16;
    let inner_h = area.height.saturating_sub(2);
    let scroll = p.scroll.min(lines.saturating_sub(inner_h));
    frame.render_widget(
        Paragraph::new(text)
            .block(block)
            .style(app.theme.style("base"))
            .scroll((scroll, 0)),
        area,
    );
}
