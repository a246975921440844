//! Keyset paging as the lists ask for it: where a window of rows starts, which way it
//! goes and how long it is. The store turns a request into SQL (`orderdeck_store::page`);
//! the console only keeps the keys of the rows it shows.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// The position of a row in its list's sort order; `id` breaks ties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKey {
    Time(DateTime<Utc>, i64),
    Text(String, i64),
    /// Under a sort the person chose ([`Sort`]): the sorted column's value, then the
    /// list's own key, which breaks ties (two orders of the same total keep one order
    /// and no row is lost or repeated between pages).
    Sorted(SortValue, Box<PageKey>),
}

/// A sorted column's value in a row's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortValue {
    Num(Decimal),
    Text(String),
    Time(DateTime<Utc>),
}

/// A column the person sorts a list by (`<` `>` in the console): its code, which the
/// store looks up in the list's own table of sortable columns (an unknown code leaves
/// the list in its own order; no text from here reaches SQL).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sort {
    pub column: String,
    /// Largest (or last, newest) first.
    pub desc: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Rows after the key, in display order.
    Forward,
    /// Rows before the key; returned in display order too.
    Backward,
}

#[derive(Debug, Clone)]
pub struct PageRequest {
    /// What the user typed after `/`; folded and matched per pane.
    pub filter: String,
    pub from: Option<PageKey>,
    /// Include the row at `from` itself (used to refresh a window in place).
    pub inclusive: bool,
    pub direction: Direction,
    pub limit: i64,
    /// The column the person sorted by; `None`: the list's own order.
    pub sort: Option<Sort>,
}

impl PageRequest {
    pub fn first(filter: &str, limit: i64) -> Self {
        Self {
            filter: filter.to_string(),
            from: None,
            inclusive: false,
            direction: Direction::Forward,
            limit,
            sort: None,
        }
    }

    pub fn last(filter: &str, limit: i64) -> Self {
        Self {
            direction: Direction::Backward,
            ..Self::first(filter, limit)
        }
    }

    /// Puts rows fetched backwards into display order.
    pub fn in_display_order<T>(&self, mut rows: Vec<T>) -> Vec<T> {
        if self.direction == Direction::Backward {
            rows.reverse();
        }
        rows
    }
}
