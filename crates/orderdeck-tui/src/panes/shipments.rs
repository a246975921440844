//! Pane 4: shipments handed to carriers.

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
    Column::fixed("Tracking", 14),
    Column::fixed("Order", 10),
    Column::fixed("Carrier", 7),
    Column::fixed("Service", 7).from_width(100),
    Column::flex("Status", 12),
    Column::fixed("COD", 11).right(),
    Column::fixed("Fee", 8).right().from_width(110),
    Column::fixed("Created", 11).from_width(90),
];

pub const TO_SHIP_COLUMNS: &[Column] = &[
    Column::fixed("Order", 10),
    Column::flex("Buyer", 14),
    Column::fixed("Province", 16).from_width(90),
    Column::fixed("Total", 11).right(),
    Column::fixed("Pay", 7),
    Column::fixed("Packed", 11).from_width(100),
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
            return vec![(Action::Ship, "ship")];
        }
        vec![
            (Action::Label, "label"),
            (Action::Redeliver, "redeliver"),
            (Action::ReturnParcel, "return"),
            (Action::CancelSelected, "cancel"),
            (Action::NoteParcel, "note"),
            (Action::CodReceived, "COD in"),
        ]
    }

    fn act(&self, app: &mut App, action: Action, focus: Option<ListKind>) -> Option<Vec<Effect>> {
        Some(match action {
            Action::Ship if focus == Some(ListKind::ToShip) => {
                let number = app.selected_cell(ListKind::ToShip, 0);
                app.ship_order(number)
            }
            Action::Ship => {
                app.error("select a packed order: Orders (1), or Shipments (4) → Tab to “to ship”");
                Vec::new()
            }
            Action::Label => app.parcel_action(|t| ShipJob::Label { tracking: t }, None),
            Action::Redeliver => app.parcel_action(
                |t| ShipJob::Act {
                    tracking: t,
                    action: ParcelAction::Redeliver,
                },
                Some("Ask the carrier to deliver again"),
            ),
            Action::ReturnParcel => app.parcel_action(
                |t| ShipJob::Act {
                    tracking: t,
                    action: ParcelAction::ReturnToSender,
                },
                Some("Ask the carrier to return to us"),
            ),
            Action::CancelSelected => app.parcel_action(
                |t| ShipJob::Act {
                    tracking: t,
                    action: ParcelAction::Cancel,
                },
                Some("Ask the carrier to cancel parcel"),
            ),
            Action::CodReceived => app.parcel_action(
                |t| ShipJob::CodReceived { tracking: t },
                Some("Record the COD money as received for"),
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
