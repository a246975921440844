//! Pane 1: the order queue, newest first, and one order with its timeline.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Pane};
use crate::app_forms::{FormKind, FormState};
use crate::jobs::Job;
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::order_form;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Number", 10),
    Column::fixed("Created", 11),
    Column::fixed("Channel", 7),
    Column::flex("Buyer", 12),
    Column::fixed("Phone", 11).from_width(110),
    Column::fixed("Province", 16).from_width(150),
    Column::fixed("External id", 20).from_width(180),
    Column::fixed("Items", 5).right().from_width(100),
    Column::fixed("Pay", 7).from_width(120),
    Column::fixed("Status", 22),
    Column::fixed("Total", 10).right(),
];

pub struct OrdersPane;

impl Pane for OrdersPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        COLUMNS
    }

    fn hints(&self, _focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        vec![
            (Action::NewItem, "new"),
            (Action::EditItem, "edit"),
            (Action::Pack, "pack"),
            (Action::Ship, "ship"),
            (Action::Invoice, "invoice"),
            (Action::ReturnGoods, "return"),
            (Action::CancelSelected, "cancel"),
        ]
    }

    fn act(&self, app: &mut App, action: Action, _focus: Option<ListKind>) -> Option<Vec<Effect>> {
        // The order the keys act on: the open one, else the selected row.
        let selected = app.selected_cell(ListKind::Orders, 0);
        Some(match action {
            Action::Pack => app.start_pack(),
            Action::NewItem => app.open_form(FormState {
                form: order_form::new_order_form(),
                kind: FormKind::NewOrder,
            }),
            Action::EditItem => match selected {
                Some(number) => vec![Effect::Job(Job::LoadOrderForEdit { number })],
                None => Vec::new(),
            },
            Action::Ship => app.ship_order(selected),
            Action::Invoice => app.start_invoice(selected),
            Action::ReturnGoods => app.start_return(selected),
            Action::CancelSelected => match selected {
                Some(number) => app.ask(
                    format!("Cancel order {number}? {{yes}} = yes, any other key = no"),
                    Job::CancelOrder { number },
                ),
                None => Vec::new(),
            },
            _ => return None,
        })
    }

    fn station_open(&self, app: &App) -> bool {
        app.pack.is_some()
    }

    fn on_station_key(&self, app: &mut App, key: KeyEvent) -> Vec<Effect> {
        app.on_pack_key(key)
    }

    fn station_hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        vec![
            ("Enter".into(), "scan / next order"),
            ("Esc".into(), "leave (unfinished order goes back)"),
            ("Ctrl-c".into(), "quit"),
        ]
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        if app.pack.is_some() {
            super::stations::draw_pack(frame, app, area);
        } else {
            draw_lists(frame, app, &[ListKind::Orders], area);
        }
    }
}
