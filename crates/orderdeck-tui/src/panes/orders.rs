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
use crate::ship::ShipJob;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("tui-col-number", 9)
        .sized(9, 12)
        .must()
        .sorts("number"),
    Column::fixed("tui-col-created", 11)
        .priority(3)
        .sorts("created"),
    Column::fixed("tui-col-channel", 8)
        .priority(2)
        .sorts("channel"),
    Column::flex("tui-col-buyer", 14).sorts("buyer"),
    Column::fixed("tui-col-phone", 11).priority(4),
    Column::fixed("tui-col-province", 16)
        .sized(8, 18)
        .priority(5)
        .sorts("province"),
    Column::fixed("tui-col-external-id", 20)
        .sized(10, 20)
        .priority(6),
    Column::fixed("tui-col-items", 5)
        .right()
        .priority(3)
        .sorts("items"),
    Column::fixed("tui-col-pay", 7).priority(4),
    Column::fixed("tui-col-status", 22)
        .sized(10, 26)
        .must()
        .sorts("status"),
    Column::fixed("tui-col-total", 10)
        .right()
        .sized(7, 13)
        .must()
        .sorts("total"),
];

pub struct OrdersPane;

impl Pane for OrdersPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        COLUMNS
    }

    fn hints(&self, _focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        vec![
            (Action::NewItem, "tui-hint-new"),
            (Action::EditItem, "tui-hint-edit"),
            (Action::Pack, "tui-hint-pack"),
            (Action::Ship, "tui-hint-ship"),
            (Action::Invoice, "tui-hint-invoice"),
            (Action::ReturnGoods, "tui-hint-return"),
            (Action::CancelSelected, "tui-hint-cancel"),
            (Action::Mark, "tui-hint-mark"),
            (Action::Label, "tui-hint-label"),
            (Action::PickList, "tui-hint-pick-list"),
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
            Action::Mark => app.toggle_mark(ListKind::Orders),
            Action::Ship if !app.marked.is_empty() => app.ship_marked(),
            Action::Ship => app.ship_order(selected),
            // The marked orders' labels as one file, else the selected order's.
            Action::Label => app.marked_job(ListKind::Orders, selected, |numbers| {
                ShipJob::LabelMany { numbers }
            }),
            Action::PickList => app.marked_job(ListKind::Orders, selected, |numbers| {
                ShipJob::PickList { numbers }
            }),
            Action::Invoice => app.start_invoice(selected),
            Action::ReturnGoods => app.start_return(selected),
            // The reason form (the marked orders, else this one); see `tui::cancel`.
            Action::CancelSelected => app.start_cancel(selected),
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
            ("Enter".into(), "tui-hint-scan-next-order"),
            ("Tab".into(), "tui-hint-station-other-carrier"),
            ("Esc".into(), "tui-hint-leave-unfinished-order-goes-back"),
            ("Ctrl-c".into(), "tui-hint-quit"),
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
