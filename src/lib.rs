//! orderdeck: a keyboard-driven terminal console for an online seller's whole order
//! workflow on one shared PostgreSQL database.
//!
//! Layers only point down: `domain` (pure rules) → `store` (PostgreSQL) → `workflow`
//! (use cases) → `tui` (the console). `integrations` and `workers` sit beside
//! `workflow`; `cli` and `bench` are the entry points.

pub mod bench;
pub mod channel_commands;
pub mod cli;
pub mod commands;
pub mod config;
pub mod domain;
pub mod integrations;
pub mod invoice_commands;
pub mod labels;
pub mod listing_commands;
pub mod setup;
pub mod shipping_commands;
pub mod store;
pub mod tui;
pub mod workers;
pub mod workflow;
