//! One module per pane, each a component ([`Pane`]): its lists' columns, its own keys and
//! the footer's words for them, what those keys do, a station of its own, and how it
//! draws. `pane_of` registers them; `orderdeck-console` fetches their lists' rows.

pub mod catalog;
pub mod channels;
pub mod dashboard;
pub mod inbox;
pub mod invoices;
pub mod orders;
pub mod purchasing;
pub mod shipments;
mod stations;
pub mod stock;
pub mod tracking;

use crate::app::Pane;
pub use crate::lists::{ListKind, PaneId};

/// Each pane's component: the one place a new pane is registered. The app is handed
/// this function (`App::new`), so the app floor never imports the panes.
pub fn pane_of(id: PaneId) -> &'static dyn Pane {
    match id {
        PaneId::Orders => &orders::OrdersPane,
        PaneId::Stock => &stock::StockPane,
        PaneId::Purchasing => &purchasing::PurchasingPane,
        PaneId::Shipments => &shipments::ShipmentsPane,
        PaneId::Invoices => &invoices::InvoicesPane,
        PaneId::Tracking => &tracking::TrackingPane,
        PaneId::Dashboard => &dashboard::DashboardPane,
        PaneId::Catalog => &catalog::CatalogPane,
        PaneId::Channels => &channels::ChannelsPane,
        PaneId::Inbox => &inbox::InboxPane,
    }
}
