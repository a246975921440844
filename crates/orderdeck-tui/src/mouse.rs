//! The mouse: a click on a pane's tab shows it, a click on a row selects it (a second
//! click on the same row opens it), the wheel moves through a list or a page. Where
//! things are is written down by the last frame drawn ([`Hits`]).

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::{App, Effect};
use crate::keymap::Action;
use crate::lists::{ListKind, PaneId};

/// Where the last frame drew what a click can hit.
#[derive(Debug, Default, Clone)]
pub struct Hits {
    /// The tab bar's row, and each tab's columns.
    pub tabs: Vec<(Rect, PaneId)>,
    /// Each list drawn: its whole box (borders and header included).
    pub lists: Vec<(Rect, ListKind)>,
    /// The last click, to tell a second click on the same row.
    pub last_click: Option<(Instant, ListKind, usize)>,
}

impl Hits {
    pub fn clear(&mut self) {
        self.tabs.clear();
        self.lists.clear();
    }
}

fn inside(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}

impl App {
    pub fn on_mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        // Over a form, a question or a station the keyboard leads; clicks are not read.
        if self.form.is_some()
            || self.confirm.is_some()
            || self.picker.is_some()
            || self.input.is_some()
            || self.focused_pane().station_open(self)
        {
            return Vec::new();
        }
        if self.help.is_some() {
            if matches!(m.kind, MouseEventKind::Down(_)) {
                self.help = None;
            }
            return Vec::new();
        }
        let (x, y) = (m.column, m.row);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(pane) = self
                    .hits
                    .tabs
                    .iter()
                    .find(|(r, _)| inside(*r, x, y))
                    .map(|(_, p)| *p)
                {
                    return self.on_action(pane_action(pane));
                }
                let Some((area, list)) = self.list_at(x, y) else {
                    return Vec::new();
                };
                let mut fx = self.focus_list(list);
                if self.list(list).detail.is_some() {
                    return fx;
                }
                // Below the top border and the header row.
                let Some(offset) = y.checked_sub(area.y + 2).map(usize::from) else {
                    return fx;
                };
                let pager = &self.list(list).pager;
                let (index, selected) = (pager.top + offset, pager.selected);
                if index >= pager.rows.len() {
                    return fx;
                }
                let now = Instant::now();
                let again = self.hits.last_click.is_some_and(|(at, k, i)| {
                    k == list && i == index && now.duration_since(at) < Duration::from_millis(400)
                });
                self.hits.last_click = Some((now, list, index));
                let delta = index as isize - selected as isize;
                fx.extend(self.on_action_moves(list, delta));
                if again {
                    fx.extend(self.on_action(Action::Open));
                }
                fx
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let Some((_, list)) = self.list_at(x, y) else {
                    return Vec::new();
                };
                let mut fx = self.focus_list(list);
                let step = if m.kind == MouseEventKind::ScrollDown {
                    Action::Down
                } else {
                    Action::Up
                };
                for _ in 0..3 {
                    fx.extend(self.on_action(step));
                }
                fx
            }
            _ => Vec::new(),
        }
    }

    fn list_at(&self, x: u16, y: u16) -> Option<(Rect, ListKind)> {
        self.hits
            .lists
            .iter()
            .find(|(r, _)| inside(*r, x, y))
            .copied()
    }

    /// Gives the keyboard to a list of this pane (a click or the wheel on it).
    fn focus_list(&mut self, list: ListKind) -> Vec<Effect> {
        match self.pane.lists().iter().position(|k| *k == list) {
            Some(i) if i != self.catalog_focus => {
                self.catalog_focus = i;
                self.on_action(Action::Refresh)
            }
            _ => Vec::new(),
        }
    }

    /// Moves a list's cursor by `delta` rows, fetching more when it nears an edge.
    fn on_action_moves(&mut self, list: ListKind, delta: isize) -> Vec<Effect> {
        let st = self.lists.entry(list).or_default();
        st.pager
            .move_by(delta)
            .map(|fetch| vec![Effect::FetchList { list, fetch }])
            .unwrap_or_default()
    }
}

fn pane_action(pane: PaneId) -> Action {
    match pane {
        PaneId::Orders => Action::PaneOrders,
        PaneId::Stock => Action::PaneStock,
        PaneId::Purchasing => Action::PanePurchasing,
        PaneId::Shipments => Action::PaneShipments,
        PaneId::Invoices => Action::PaneInvoices,
        PaneId::Tracking => Action::PaneTracking,
        PaneId::Dashboard => Action::PaneDashboard,
        PaneId::Catalog => Action::PaneCatalog,
        PaneId::Channels => Action::PaneChannels,
        PaneId::Inbox => Action::PaneInbox,
    }
}
