//! Pane 5: VAT e-invoices.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Pane};
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Number", 15),
    Column::fixed("Order", 10),
    Column::fixed("Provider", 8).from_width(90),
    Column::flex("Buyer", 12),
    Column::fixed("Tax code", 14).from_width(110),
    Column::fixed("Status", 9),
    Column::fixed("Total", 11).right(),
];

pub struct InvoicesPane;

impl Pane for InvoicesPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        COLUMNS
    }

    fn hints(&self, _focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        vec![
            (Action::Invoice, "preview"),
            (Action::InvoicePdf, "save PDF"),
            (Action::EmailInvoice, "e-mail"),
            (Action::ReturnGoods, "return"),
        ]
    }

    fn act(&self, app: &mut App, action: Action, _focus: Option<ListKind>) -> Option<Vec<Effect>> {
        // The selected invoice's order (its second column).
        let order = app.selected_cell(ListKind::Invoices, 1);
        Some(match action {
            Action::Invoice => app.start_invoice(order),
            Action::ReturnGoods => app.start_return(order),
            Action::InvoicePdf => app.save_invoice_pdf(),
            Action::EmailInvoice => app.email_invoice(),
            _ => return None,
        })
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        draw_lists(frame, app, &[ListKind::Invoices], area);
    }
}
