//! External services: sales channels (Shopee, Lazada, TikTok Shop), carriers (Giao Hang
//! Nhanh, Viettel Post) and e-invoice providers (Viettel S-Invoice, MISA meInvoice).
//!
//! Every call to one of them carries an idempotency handle that is stored before the
//! call, so a retry after a timeout never makes a second shipment or invoice.

pub mod carrier;
pub mod carriers;
pub mod ghn;
pub mod http;
pub mod invoice_provider;
pub mod invoice_providers;
pub mod invoice_xml;
pub mod llm;
pub mod mail;
pub mod marketplace;
pub mod messenger;
pub mod misa;
pub mod sinvoice;
pub mod storefront;
pub mod viettel_post;
pub mod zalo;

/// The kinds of sales channel an order can come from, as stored in `sales_channels.kind`.
pub const CHANNEL_KINDS: &[&str] = &["website", "shopee", "lazada", "tiktok", "manual"];
