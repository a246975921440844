//! Integration tests: the use cases, stores, adapters and console state against a real
//! PostgreSQL (each test its own database) and the loopback simulators. One binary, so
//! the suite links once and its tests run in parallel.

#[path = "../common/mod.rs"]
mod common;

mod api;
mod assistant;
mod assistant_model;
mod cancel;
mod carriers;
mod channel_sync;
mod chaos;
mod config_check;
mod console;
mod contracts;
mod dashboard;
mod desk;
mod desk_marketplace;
mod fulfil;
mod invariants;
mod invoice_mail;
mod invoice_providers;
mod invoicing;
mod languages;
mod listener;
mod live;
mod many;
mod marketplaces;
mod roles;
mod search;
mod shipping;
mod sim_activity;
mod snapshots;
mod sort;
mod stations;
mod stations_bench;
mod stock_sync;
mod store;
mod storefront_admin;
mod storefront_sim;
mod storefronts;
mod workflow;
