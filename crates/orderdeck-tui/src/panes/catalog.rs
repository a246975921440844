//! Pane 8: products (with their variants) and warehouses.

use orderdeck_i18n::t;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Pane};
use crate::app_forms::{new_product_form, warehouse_form};
use crate::jobs::Job;
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;
use orderdeck_domain::catalog::WarehouseInput;

pub const PRODUCT_COLUMNS: &[Column] = &[
    Column::flex("tui-col-product", 24).must().sorts("product"),
    Column::fixed("tui-col-category", 12)
        .priority(3)
        .sorts("category"),
    Column::fixed("tui-col-brand", 10)
        .priority(4)
        .sorts("brand"),
    Column::fixed("tui-col-var", 3)
        .right()
        .priority(2)
        .sorts("variants"),
    Column::fixed("tui-col-price", 19)
        .right()
        .sized(9, 19)
        .must()
        .sorts("price"),
    Column::fixed("tui-col-vat", 5).right().priority(3),
    Column::fixed("tui-col-on-hand", 7)
        .right()
        .priority(1)
        .sorts("on_hand"),
];

pub const WAREHOUSE_COLUMNS: &[Column] = &[
    Column::fixed("tui-col-code", 6).must(),
    Column::flex("tui-col-name", 12),
    Column::fixed("tui-col-manager", 16)
        .sized(8, 20)
        .priority(3),
    Column::fixed("tui-col-skus", 5).right().priority(2),
    Column::fixed("tui-col-on-hand", 8).right().priority(1),
    Column::fixed("tui-col-state", 8).sized(6, 12).priority(1),
];

pub struct CatalogPane;

impl Pane for CatalogPane {
    fn columns(&self, list: ListKind) -> &'static [Column] {
        match list {
            ListKind::Warehouses => WAREHOUSE_COLUMNS,
            _ => PRODUCT_COLUMNS,
        }
    }

    fn hints(&self, focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        let mut hints = vec![
            (Action::NewItem, "tui-hint-new"),
            (Action::EditItem, "tui-hint-edit"),
        ];
        if focus == Some(ListKind::Warehouses) {
            hints.push((Action::CancelSelected, "tui-hint-deactivate"));
        }
        hints
    }

    fn act(&self, app: &mut App, action: Action, focus: Option<ListKind>) -> Option<Vec<Effect>> {
        let warehouses = focus == Some(ListKind::Warehouses);
        Some(match action {
            Action::NewItem if warehouses => {
                app.open_form(warehouse_form(None, &WarehouseInput::default()))
            }
            Action::NewItem => app.open_form(new_product_form()),
            Action::EditItem if warehouses => {
                app.load_selected(ListKind::Warehouses, |id| Job::LoadWarehouse { id })
            }
            Action::EditItem => app.load_selected(ListKind::Products, |id| Job::LoadProduct { id }),
            Action::CancelSelected if warehouses => app.confirm_deactivate_warehouse(),
            Action::CancelSelected => {
                app.error(t!("tui-products-not-cancelled"));
                Vec::new()
            }
            _ => return None,
        })
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        draw_lists(
            frame,
            app,
            &[ListKind::Products, ListKind::Warehouses],
            area,
        );
    }
}
