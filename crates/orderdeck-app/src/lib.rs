//! Use cases. Each owns its transaction boundaries; none holds a database lock across a
//! network call.

pub mod carrier_places;
pub mod catalog_csv;
pub mod channel_sync;
pub mod channels;
pub mod config;
pub mod config_check;
pub mod import;
pub mod intake;
pub mod invoice_corrections;
pub mod invoice_mail;
pub mod invoicing;
pub mod labels;
pub mod orders;
pub mod packing;
pub mod people;
pub mod product_sync;
pub mod products;
pub mod purchasing;
pub mod returns;
pub mod secrets;
pub mod shipping;
pub mod stock_count;
pub mod stock_sync;
pub mod tracking;
pub mod workers;
