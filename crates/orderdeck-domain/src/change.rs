//! What the database announces when a row changes (LISTEN/NOTIFY), as every console
//! hears it. The listener itself is `orderdeck_store::listen`.

use serde::Deserialize;

/// What a change notification says: which table, what happened, which row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Change {
    pub table: String,
    pub op: String,
    pub id: Option<i64>,
}

/// What the listener reports to its console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbEvent {
    Changed(Change),
    /// The connection is gone; the listener keeps retrying.
    Lost(String),
    /// Listening again after a loss (or for the first time): anything may have changed.
    Connected,
}
