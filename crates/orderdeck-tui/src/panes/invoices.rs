//! Pane 5: VAT e-invoices.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Pane};
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("tui-col-number", 15)
        .sized(8, 24)
        .must()
        .sorts("number"),
    Column::fixed("tui-col-order", 10)
        .sized(9, 12)
        .priority(1)
        .sorts("order"),
    Column::fixed("tui-col-provider", 8)
        .priority(3)
        .sorts("provider"),
    Column::flex("tui-col-buyer", 14).priority(2).sorts("buyer"),
    Column::fixed("tui-col-tax-code", 14)
        .sized(10, 14)
        .priority(4)
        .sorts("tax_code"),
    Column::fixed("tui-col-status", 10)
        .sized(6, 20)
        .must()
        .sorts("status"),
    Column::fixed("tui-col-total", 11)
        .right()
        .sized(7, 14)
        .must()
        .sorts("total"),
];

pub struct InvoicesPane;

impl Pane for InvoicesPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        COLUMNS
    }

    fn hints(&self, _focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        vec![
            (Action::Invoice, "tui-hint-preview"),
            (Action::InvoicePdf, "tui-hint-save-pdf"),
            (Action::EmailInvoice, "tui-hint-e-mail"),
            (Action::ReturnGoods, "tui-hint-return"),
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
