//! What each list shows, fetched: a window of rows, or one row's detail, read from the
//! store and turned into display rows off the render path. One module per list pane.

pub mod catalog;
pub mod channels;
pub mod inbox;
pub mod invoices;
pub mod orders;
pub mod purchasing;
pub mod shipments;
pub mod stock;
pub mod tracking;

use sqlx::PgPool;

use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::panes::ListKind;
use orderdeck_tui::view::{Detail, DisplayRow, Fmt};

pub async fn fetch(
    list: ListKind,
    pool: &PgPool,
    req: &PageRequest,
    fmt: &Fmt,
) -> store::Result<Vec<DisplayRow>> {
    match list {
        ListKind::Orders => orders::fetch(pool, req, fmt).await,
        ListKind::Stock => stock::fetch(pool, req, fmt).await,
        ListKind::Purchasing => purchasing::fetch(pool, req, fmt).await,
        ListKind::Shipments => shipments::fetch(pool, req, fmt).await,
        ListKind::Invoices => invoices::fetch(pool, req, fmt).await,
        ListKind::Tracking => tracking::fetch(pool, req, fmt).await,
        ListKind::Products => catalog::fetch_products(pool, req, fmt).await,
        ListKind::Warehouses => catalog::fetch_warehouses(pool, req, fmt).await,
        ListKind::Suppliers => purchasing::fetch_suppliers(pool, req, fmt).await,
        ListKind::ToShip => shipments::fetch_to_ship(pool, req, fmt).await,
        ListKind::Exceptions => shipments::fetch_exceptions(pool, req, fmt).await,
        ListKind::Channels => channels::fetch(pool, req, fmt).await,
        ListKind::Conversations => inbox::fetch(pool, req, fmt).await,
    }
}

pub async fn detail(
    list: ListKind,
    pool: &PgPool,
    id: i64,
    id2: i64,
    fmt: &Fmt,
) -> store::Result<Option<Detail>> {
    match list {
        ListKind::Orders | ListKind::ToShip => orders::detail(pool, id, fmt).await,
        ListKind::Stock => stock::detail(pool, id, id2, fmt).await,
        ListKind::Purchasing => purchasing::detail(pool, id, fmt).await,
        // A tracking event opens its shipment.
        ListKind::Shipments | ListKind::Tracking | ListKind::Exceptions => {
            shipments::detail(pool, id, fmt).await
        }
        ListKind::Invoices => invoices::detail(pool, id, fmt).await,
        ListKind::Products => catalog::product_detail(pool, id).await,
        ListKind::Warehouses => catalog::warehouse_detail(pool, id, fmt).await,
        ListKind::Suppliers => purchasing::supplier_detail(pool, id, fmt).await,
        ListKind::Channels => channels::detail(pool, id, fmt).await,
        ListKind::Conversations => inbox::detail(pool, id, fmt).await,
    }
}
