//! Pane 8: products (with their variants) and warehouses.

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
    Column::flex("Product", 20),
    Column::fixed("Category", 12).from_width(90),
    Column::fixed("Brand", 10).from_width(110),
    Column::fixed("Var", 3).right(),
    Column::fixed("Price", 19).right(),
    Column::fixed("VAT", 5).right(),
    Column::fixed("On hand", 7).right(),
];

pub const WAREHOUSE_COLUMNS: &[Column] = &[
    Column::fixed("Code", 6),
    Column::flex("Name", 16),
    Column::fixed("Manager", 16).from_width(100),
    Column::fixed("SKUs", 5).right(),
    Column::fixed("On hand", 8).right(),
    Column::fixed("State", 8),
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
        let mut hints = vec![(Action::NewItem, "new"), (Action::EditItem, "edit")];
        if focus == Some(ListKind::Warehouses) {
            hints.push((Action::CancelSelected, "deactivate"));
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
                app.error(
                    "products are not cancelled; `x` deactivates a warehouse (Tab to warehouses)",
                );
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
