//! Pane 2: stock per SKU and warehouse, and a SKU's ledger.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Pane};
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("tui-col-sku", 14)
        .sized(8, 20)
        .must()
        .sorts("sku"),
    Column::flex("tui-col-product", 14).sorts("product"),
    Column::fixed("tui-col-whse", 5)
        .sized(3, 6)
        .priority(2)
        .sorts("warehouse"),
    Column::fixed("tui-col-on-hand", 7)
        .right()
        .priority(1)
        .sorts("on_hand"),
    Column::fixed("tui-col-resv", 6)
        .right()
        .priority(2)
        .sorts("reserved"),
    Column::fixed("tui-col-avail", 6)
        .right()
        .must()
        .sorts("available"),
    Column::fixed("tui-col-incoming", 8)
        .right()
        .priority(3)
        .sorts("incoming"),
    Column::fixed("tui-col-reorder", 7)
        .right()
        .priority(4)
        .sorts("reorder"),
    Column::fixed("tui-col-flag", 4).sized(4, 10).must(),
];

pub struct StockPane;

impl Pane for StockPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        COLUMNS
    }

    fn hints(&self, _focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        vec![(Action::StockCount, "tui-hint-count")]
    }

    fn act(&self, app: &mut App, action: Action, _focus: Option<ListKind>) -> Option<Vec<Effect>> {
        match action {
            Action::StockCount => Some(app.start_count()),
            _ => None,
        }
    }

    fn station_open(&self, app: &App) -> bool {
        app.count.is_some()
    }

    fn on_station_key(&self, app: &mut App, key: KeyEvent) -> Vec<Effect> {
        app.on_count_key(key)
    }

    fn station_hints(&self, app: &App) -> Vec<(String, &'static str)> {
        vec![
            ("Enter".into(), "tui-hint-count-one"),
            (
                app.keymap.first_key(Action::PostCount),
                "tui-hint-post-differences",
            ),
            ("Esc".into(), "tui-hint-leave"),
        ]
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        if app.count.is_some() {
            super::stations::draw_count(frame, app, area);
        } else {
            draw_lists(frame, app, &[ListKind::Stock], area);
        }
    }
}
