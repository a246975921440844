//! Pane 3: purchase orders, late ones flagged.

use orderdeck_i18n::t;
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
    Column::fixed("tui-col-number", 9)
        .sized(8, 12)
        .must()
        .sorts("number"),
    Column::flex("tui-col-supplier", 16).sorts("supplier"),
    Column::fixed("tui-col-whse", 5)
        .sized(3, 6)
        .priority(3)
        .sorts("warehouse"),
    Column::fixed("tui-col-status", 18)
        .sized(10, 28)
        .must()
        .sorts("status"),
    Column::fixed("tui-col-expected", 10)
        .priority(2)
        .sorts("expected"),
    Column::fixed("tui-col-lines", 5)
        .right()
        .priority(4)
        .sorts("lines"),
    Column::fixed("tui-col-total", 12)
        .right()
        .sized(8, 14)
        .must()
        .sorts("total"),
];

pub const SUPPLIER_COLUMNS: &[Column] = &[
    Column::flex("tui-col-supplier", 16).must(),
    Column::fixed("tui-col-contact", 16)
        .sized(8, 22)
        .priority(3),
    Column::fixed("tui-col-phone", 12).priority(2),
    Column::fixed("tui-col-tax-code", 14)
        .sized(10, 14)
        .priority(4),
    Column::fixed("tui-col-lead", 5).right().priority(2),
    Column::fixed("tui-col-open-pos", 8)
        .right()
        .sized(4, 8)
        .priority(1),
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
            return vec![
                (Action::NewItem, "tui-hint-new"),
                (Action::EditItem, "tui-hint-edit"),
            ];
        }
        vec![
            (Action::NewItem, "tui-hint-new"),
            (Action::DraftPurchases, "tui-hint-draft"),
            (Action::ConfirmPo, "tui-hint-confirm"),
            (Action::ReceivePo, "tui-hint-receive"),
            (Action::CancelSelected, "tui-hint-cancel"),
        ]
    }

    fn act(&self, app: &mut App, action: Action, focus: Option<ListKind>) -> Option<Vec<Effect>> {
        let suppliers = focus == Some(ListKind::Suppliers);
        let po_keys = matches!(
            action,
            Action::ConfirmPo | Action::ReceivePo | Action::CancelSelected
        );
        if suppliers && po_keys {
            app.error(t!("tui-select-po-first"));
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
                app.error(t!("tui-e-edits-supplier"));
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
                    format!(
                        "{} {}",
                        t!("tui-ask-cancel-po", number = &number),
                        t!("tui-confirm-keys", yes = "{yes}")
                    ),
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
