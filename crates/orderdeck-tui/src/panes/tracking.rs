//! Pane 6: carrier tracking events as they are recorded, newest first.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Pane};
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("tui-col-time", 11),
    Column::fixed("tui-col-carrier", 7),
    Column::fixed("tui-col-tracking", 14),
    Column::fixed("tui-col-order", 10).from_width(100),
    Column::fixed("tui-col-status", 16),
    Column::flex("tui-col-description", 12),
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
