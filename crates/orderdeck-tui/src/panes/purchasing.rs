//! Pane 3: purchase orders, late ones flagged.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Pane};
use crate::app_forms::{manual_po_form, supplier_form};
use crate::jobs::Job;
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Number", 9),
    Column::flex("Supplier", 12),
    Column::fixed("Whse", 5),
    Column::fixed("Status", 18),
    Column::fixed("Expected", 10),
    Column::fixed("Lines", 5).right().from_width(100),
    Column::fixed("Total", 12).right(),
];

pub const SUPPLIER_COLUMNS: &[Column] = &[
    Column::flex("Supplier", 16),
    Column::fixed("Contact", 16).from_width(100),
    Column::fixed("Phone", 12),
    Column::fixed("Tax code", 14).from_width(90),
    Column::fixed("Lead", 5).right(),
    Column::fixed("Open POs", 8).right(),
];

pub struct PurchasingPane;

impl Pane for PurchasingPane {
    fn columns(&self, list: ListKind) -> &'static [Column] {
        match list {
            ListKind::Suppliers => SUPPLIER_COLUMNS,
            _ => COLUMNS,
        }
    }

    fn hints(&self, focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        if focus == Some(ListKind::Suppliers) {
            return vec![(Action::NewItem, "new"), (Action::EditItem, "edit")];
        }
        vec![
            (Action::NewItem, "new"),
            (Action::DraftPurchases, "draft"),
            (Action::ConfirmPo, "confirm"),
            (Action::ReceivePo, "receive"),
            (Action::CancelSelected, "cancel"),
        ]
    }

    fn act(&self, app: &mut App, action: Action, focus: Option<ListKind>) -> Option<Vec<Effect>> {
        let suppliers = focus == Some(ListKind::Suppliers);
        let po_keys = matches!(
            action,
            Action::ConfirmPo | Action::ReceivePo | Action::CancelSelected
        );
        if suppliers && po_keys {
            app.error("select a purchase order first (Tab moves to the list of purchase orders)");
            return Some(Vec::new());
        }
        let selected_po = || app.selected_cell(ListKind::Purchasing, 0);
        Some(match action {
            Action::NewItem if suppliers => app.open_form(supplier_form(None, &Default::default())),
            Action::NewItem => app.open_form(manual_po_form()),
            Action::EditItem if suppliers => {
                app.load_selected(ListKind::Suppliers, |id| Job::LoadSupplier { id })
            }
            Action::EditItem => {
                app.error("`e` edits a supplier: Tab to the list of suppliers");
                Vec::new()
            }
            Action::DraftPurchases => vec![Effect::Job(Job::DraftPurchases)],
            Action::ConfirmPo => match selected_po() {
                Some(number) => vec![Effect::Job(Job::ConfirmPo { number })],
                None => Vec::new(),
            },
            Action::ReceivePo => match selected_po() {
                Some(number) => vec![Effect::Job(Job::LoadReceipt { number })],
                None => Vec::new(),
            },
            Action::CancelSelected => match selected_po() {
                Some(number) => app.ask(
                    format!("Cancel purchase order {number}? {{yes}} = yes, any other key = no"),
                    Job::CancelPo { number },
                ),
                None => Vec::new(),
            },
            _ => return None,
        })
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        draw_lists(
            frame,
            app,
            &[ListKind::Purchasing, ListKind::Suppliers],
            area,
        );
    }
}
