//! Pane 4: shipments handed to carriers.

use orderdeck_i18n::t;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Pane};
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::ship::ShipJob;
use crate::view::Column;
use orderdeck_integrations::carrier::ParcelAction;

pub const COLUMNS: &[Column] = &[
    Column::fixed("tui-col-tracking", 14)
        .sized(10, 22)
        .must()
        .sorts("tracking"),
    Column::fixed("tui-col-order", 10)
        .sized(9, 12)
        .priority(1)
        .sorts("order"),
    Column::fixed("tui-col-carrier", 7)
        .priority(1)
        .sorts("carrier"),
    Column::fixed("tui-col-service", 7).priority(3),
    Column::flex("tui-col-status", 16).must().sorts("status"),
    Column::fixed("tui-col-cod", 11)
        .right()
        .sized(5, 14)
        .must()
        .sorts("cod"),
    Column::fixed("tui-col-fee", 8)
        .right()
        .priority(4)
        .sorts("fee"),
    Column::fixed("tui-col-created", 11)
        .priority(2)
        .sorts("created"),
];

pub const TO_SHIP_COLUMNS: &[Column] = &[
    Column::fixed("tui-col-order", 10).sized(9, 12).must(),
    Column::flex("tui-col-buyer", 14),
    Column::fixed("tui-col-province", 16)
        .sized(8, 20)
        .priority(3),
    Column::fixed("tui-col-total", 11)
        .right()
        .sized(7, 14)
        .must(),
    Column::fixed("tui-col-pay", 7).priority(2),
    Column::fixed("tui-col-packed", 11).priority(3),
    Column::fixed("tui-col-ship-by", 11).must(),
];

pub struct ShipmentsPane;

impl Pane for ShipmentsPane {
    fn columns(&self, list: ListKind) -> &'static [Column] {
        match list {
            ListKind::ToShip => TO_SHIP_COLUMNS,
            _ => COLUMNS,
        }
    }

    fn hints(&self, focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        if focus == Some(ListKind::ToShip) {
            return vec![(Action::Ship, "tui-hint-ship")];
        }
        vec![
            (Action::Label, "tui-hint-label"),
            (Action::Redeliver, "tui-hint-redeliver"),
            (Action::ReturnParcel, "tui-hint-return"),
            (Action::CancelSelected, "tui-hint-cancel"),
            (Action::NoteParcel, "tui-hint-note"),
            (Action::CodReceived, "tui-hint-cod-in"),
            (Action::Mark, "tui-hint-mark"),
        ]
    }

    fn act(&self, app: &mut App, action: Action, focus: Option<ListKind>) -> Option<Vec<Effect>> {
        Some(match action {
            Action::Ship if focus == Some(ListKind::ToShip) => {
                let number = app.selected_cell(ListKind::ToShip, 0);
                app.ship_order(number)
            }
            Action::Ship => {
                app.error(t!("tui-select-packed-order"));
                Vec::new()
            }
            Action::Mark if focus == Some(ListKind::Shipments) => {
                app.toggle_mark(ListKind::Shipments)
            }
            Action::Label if !app.marked_parcels.is_empty() => {
                app.marked_job(ListKind::Shipments, None, |numbers| ShipJob::LabelMany {
                    numbers,
                })
            }
            Action::Label => app.parcel_action(|t| ShipJob::Label { tracking: t }, None),
            Action::Redeliver => app.parcel_action(
                |t| ShipJob::Act {
                    tracking: t,
                    action: ParcelAction::Redeliver,
                },
                Some(&t!("tui-ask-redeliver")),
            ),
            Action::ReturnParcel => app.parcel_action(
                |t| ShipJob::Act {
                    tracking: t,
                    action: ParcelAction::ReturnToSender,
                },
                Some(&t!("tui-ask-return-parcel")),
            ),
            Action::CancelSelected => app.parcel_action(
                |t| ShipJob::Act {
                    tracking: t,
                    action: ParcelAction::Cancel,
                },
                Some(&t!("tui-ask-cancel-parcel")),
            ),
            Action::CodReceived => app.parcel_action(
                |t| ShipJob::CodReceived { tracking: t },
                Some(&t!("tui-ask-cod-received")),
            ),
            Action::NoteParcel => app.start_note(),
            _ => return None,
        })
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        draw_lists(
            frame,
            app,
            &[ListKind::Shipments, ListKind::ToShip, ListKind::Exceptions],
            area,
        );
    }
}
