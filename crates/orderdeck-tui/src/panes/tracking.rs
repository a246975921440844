//! Pane 6: carrier tracking events as they are recorded, newest first.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Pane};
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("tui-col-time", 11).priority(1),
    Column::fixed("tui-col-carrier", 7).priority(2),
    Column::fixed("tui-col-tracking", 14).sized(10, 22).must(),
    Column::fixed("tui-col-order", 10).sized(9, 12).priority(3),
    Column::fixed("tui-col-status", 16).sized(8, 24).must(),
    Column::flex("tui-col-description", 12).priority(2),
];

/// Read-only: its events open their shipment; parcel keys are in Shipments.
pub struct TrackingPane;

impl Pane for TrackingPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        COLUMNS
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        draw_lists(frame, app, &[ListKind::Tracking], area);
    }
}
