//! The seller's own website on a storefront platform (Haravan, Sapo, WooCommerce,
//! Shopify): its config table, the admin-API client that reads its variants and sets
//! their stock (the same [`crate::marketplace::SalesChannel`] the marketplaces
//! implement, so the stock outbox drains to it), and the webhooks its orders arrive by.

pub mod client;
pub mod config;
mod haravan;
pub mod hooks;
mod sapo;
mod shopify;
mod woocommerce;

pub use client::StorefrontClient;
pub use config::StorefrontConfig;

#[cfg(test)]
mod tests;
