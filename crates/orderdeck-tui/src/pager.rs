//! A windowed list: holds at most `MAX_ROWS` rows around the cursor and asks for more
//! (by keyset) as the cursor nears either edge. Pure state; the app turns its requests
//! into fetch tasks and feeds the answers back.

use crate::view::DisplayRow;
use orderdeck_domain::page::{Direction, PageRequest, Sort};

pub const PAGE: i64 = 100;
/// Refreshes of one list start at least this far apart: changes coming faster are read
/// together by the next refresh, so a busy shop costs each console a bounded number of
/// reads a second while a lone change is still read at once.
pub const REFRESH_GAP: std::time::Duration = std::time::Duration::from_millis(100);
const MAX_ROWS: usize = 300;
/// Start fetching when the cursor is this close to an edge of the window.
const PREFETCH: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchMode {
    /// Replace everything, cursor on the first row.
    Reset,
    /// Replace everything with the last rows, cursor on the last one.
    ResetEnd,
    Append,
    Prepend,
    /// Re-read the window in place, keeping the cursor on the same row.
    Refresh,
}

#[derive(Debug, Clone, Default)]
pub struct Pager {
    pub rows: Vec<DisplayRow>,
    pub selected: usize,
    /// First row drawn; kept by the renderer so the cursor stays visible.
    pub top: usize,
    pub at_start: bool,
    pub at_end: bool,
    pub loaded: bool,
    pub filter: String,
    generation: u64,
    pending: Option<(u64, FetchMode)>,
    /// A refresh was asked for while another fetch was in flight.
    pub stale: bool,
    /// When the last refresh was asked for: refreshes keep [`REFRESH_GAP`] apart.
    pub refreshed_at: Option<std::time::Instant>,
    /// A row an action just made (its key text: an order, tracking or invoice number):
    /// the cursor goes to it when a fetch brings it, so the next key acts on what was made.
    pub want: Option<String>,
    /// The column the person sorted the list by (`<` `>`); `None`: the list's own order.
    /// Every request carries it.
    pub sort: Option<Sort>,
    /// The row the cursor was on when the sort changed: the re-sorted list's first page
    /// puts the cursor back on it when it holds it.
    keep: Option<(i64, i64)>,
}

/// A fetch the app should run.
#[derive(Debug, Clone)]
pub struct Fetch {
    pub generation: u64,
    pub mode: FetchMode,
    pub request: PageRequest,
}

impl Pager {
    pub fn selected_row(&self) -> Option<&DisplayRow> {
        self.rows.get(self.selected)
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    fn start(&mut self, mode: FetchMode, mut request: PageRequest) -> Fetch {
        request.sort = self.sort.clone();
        if matches!(
            mode,
            FetchMode::Reset | FetchMode::ResetEnd | FetchMode::Refresh
        ) {
            // Supersedes anything in flight.
            self.generation += 1;
        }
        self.pending = Some((self.generation, mode));
        Fetch {
            generation: self.generation,
            mode,
            request,
        }
    }

    pub fn reset(&mut self) -> Fetch {
        self.stale = false;
        self.keep = None;
        let req = PageRequest::first(&self.filter, PAGE);
        self.start(FetchMode::Reset, req)
    }

    pub fn set_filter(&mut self, filter: &str) -> Fetch {
        self.filter = filter.to_string();
        self.reset()
    }

    /// Sorts the list by another column (or its own order): read again from the top,
    /// the cursor staying on its row when the first page holds it.
    pub fn set_sort(&mut self, sort: Option<Sort>) -> Fetch {
        self.sort = sort;
        let keep = self.selected_row().map(|r| (r.id, r.id2));
        let fetch = self.reset();
        self.keep = keep;
        fetch
    }

    /// Whether a refresh may start now: none in flight, and the last one [`REFRESH_GAP`] ago.
    pub fn refresh_due(&self) -> bool {
        !self.is_loading() && self.refreshed_at.is_none_or(|t| t.elapsed() >= REFRESH_GAP)
    }

    /// Re-reads what is on screen (after a change notification or a reconnect).
    pub fn refresh(&mut self) -> Fetch {
        self.stale = false;
        self.refreshed_at = Some(std::time::Instant::now());
        if self.at_start || self.rows.is_empty() {
            let limit = (self.rows.len() as i64).max(PAGE);
            let req = PageRequest::first(&self.filter, limit);
            return self.start(FetchMode::Refresh, req);
        }
        let req = PageRequest {
            filter: self.filter.clone(),
            from: self.rows.first().map(|r| r.key.clone()),
            inclusive: true,
            direction: Direction::Forward,
            limit: (self.rows.len() as i64).max(PAGE),
            sort: self.sort.clone(),
        };
        self.start(FetchMode::Refresh, req)
    }

    /// Moves the cursor; returns a fetch when the window needs extending.
    pub fn move_by(&mut self, delta: isize) -> Option<Fetch> {
        if self.rows.is_empty() {
            return None;
        }
        let last = self.rows.len() - 1;
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, last as isize) as usize;
        self.maybe_extend()
    }

    fn maybe_extend(&mut self) -> Option<Fetch> {
        if self.pending.is_some() {
            return None;
        }
        if !self.at_end && self.selected + PREFETCH >= self.rows.len() {
            let req = PageRequest {
                filter: self.filter.clone(),
                from: self.rows.last().map(|r| r.key.clone()),
                inclusive: false,
                direction: Direction::Forward,
                limit: PAGE,
                sort: self.sort.clone(),
            };
            return Some(self.start(FetchMode::Append, req));
        }
        if !self.at_start && self.selected < PREFETCH {
            let req = PageRequest {
                filter: self.filter.clone(),
                from: self.rows.first().map(|r| r.key.clone()),
                inclusive: false,
                direction: Direction::Backward,
                limit: PAGE,
                sort: self.sort.clone(),
            };
            return Some(self.start(FetchMode::Prepend, req));
        }
        None
    }

    pub fn first(&mut self) -> Option<Fetch> {
        if self.at_start {
            self.selected = 0;
            None
        } else {
            Some(self.reset())
        }
    }

    pub fn last(&mut self) -> Option<Fetch> {
        if self.at_end {
            self.selected = self.rows.len().saturating_sub(1);
            self.maybe_extend()
        } else {
            self.stale = false;
            let req = PageRequest::last(&self.filter, PAGE);
            Some(self.start(FetchMode::ResetEnd, req))
        }
    }

    /// Takes a fetch's answer; answers to superseded fetches are dropped.
    /// Returns a follow-up fetch when the window should grow further.
    pub fn apply(
        &mut self,
        generation: u64,
        mode: FetchMode,
        limit: i64,
        rows: Vec<DisplayRow>,
    ) -> Option<Fetch> {
        if self.pending != Some((generation, mode)) {
            return None;
        }
        self.pending = None;
        self.loaded = true;
        let full = rows.len() as i64 >= limit;
        match mode {
            FetchMode::Reset => {
                self.rows = rows;
                let keep = self.keep.take();
                self.selected = keep
                    .and_then(|k| self.rows.iter().position(|r| (r.id, r.id2) == k))
                    .unwrap_or(0);
                self.top = 0;
                self.at_start = true;
                self.at_end = !full;
            }
            FetchMode::ResetEnd => {
                self.rows = rows;
                self.selected = self.rows.len().saturating_sub(1);
                self.top = self.selected;
                self.at_end = true;
                self.at_start = !full;
            }
            FetchMode::Append => {
                self.at_end = !full;
                self.rows.extend(rows);
                if self.rows.len() > MAX_ROWS {
                    let drop = self.rows.len() - MAX_ROWS;
                    self.rows.drain(..drop);
                    self.selected = self.selected.saturating_sub(drop);
                    self.top = self.top.saturating_sub(drop);
                    self.at_start = false;
                }
            }
            FetchMode::Prepend => {
                self.at_start = !full;
                let added = rows.len();
                let mut new_rows = rows;
                new_rows.append(&mut self.rows);
                self.rows = new_rows;
                self.selected += added;
                self.top += added;
                if self.rows.len() > MAX_ROWS {
                    self.rows.truncate(MAX_ROWS);
                    self.at_end = false;
                }
            }
            FetchMode::Refresh => {
                let keep = self.selected_row().map(|r| (r.id, r.id2));
                let keep_index = self.selected;
                self.rows = rows;
                self.at_end = !full;
                self.selected = keep
                    .and_then(|k| self.rows.iter().position(|r| (r.id, r.id2) == k))
                    .unwrap_or(keep_index)
                    .min(self.rows.len().saturating_sub(1));
            }
        }
        self.take_want();
        if self.stale && self.refresh_due() {
            return Some(self.refresh());
        }
        self.maybe_extend()
    }

    /// Puts the cursor on the wanted row if the window holds it. Kept until found: the
    /// refresh that brings a new row may come after one that does not have it yet.
    fn take_want(&mut self) {
        let Some(want) = self.want.as_deref() else {
            return;
        };
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| r.cells.iter().any(|c| c.text == want))
        {
            self.selected = i;
            self.want = None;
        }
    }

    /// Asks for the cursor to land on the row showing `key` (see `want`), at once if it is
    /// already in the window.
    pub fn select_key(&mut self, key: &str) {
        self.want = Some(key.to_string());
        self.take_want();
    }

    /// A fetch failed: forget it so the next key can try again.
    pub fn failed(&mut self, generation: u64, mode: FetchMode) {
        if self.pending == Some((generation, mode)) {
            self.pending = None;
        }
    }

    /// Keeps the cursor inside a view of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        if height == 0 {
            return;
        }
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + height {
            self.top = self.selected + 1 - height;
        }
        let max_top = self.rows.len().saturating_sub(height);
        self.top = self.top.min(max_top);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderdeck_domain::page::PageKey;

    fn rows(range: std::ops::Range<i64>) -> Vec<DisplayRow> {
        range
            .map(|i| DisplayRow {
                id: i,
                id2: 0,
                key: PageKey::Text(format!("{i:06}"), i),
                cells: vec![],
            })
            .collect()
    }

    #[test]
    fn window_grows_and_stays_bounded() {
        let mut p = Pager::default();
        let f = p.reset();
        assert!(p.apply(f.generation, f.mode, PAGE, rows(0..100)).is_none());
        assert!(p.at_start && !p.at_end);
        // Walk down: appends are asked for near the edge, and the window stays bounded.
        let mut next = 100;
        for _ in 0..1000 {
            if let Some(f) = p.move_by(1) {
                assert_eq!(f.mode, FetchMode::Append);
                assert_eq!(f.request.from, p.rows.last().map(|r| r.key.clone()));
                p.apply(f.generation, f.mode, PAGE, rows(next..next + 100));
                next += 100;
            }
            assert!(p.rows.len() <= MAX_ROWS);
        }
        assert_eq!(p.selected_row().map(|r| r.id), Some(1000));
        assert!(!p.at_start);
    }

    #[test]
    fn stale_answers_are_dropped_and_refresh_keeps_the_cursor() {
        let mut p = Pager::default();
        let old = p.reset();
        let new = p.set_filter("x");
        assert!(
            p.apply(old.generation, old.mode, PAGE, rows(0..5))
                .is_none()
        );
        assert!(!p.loaded);
        p.apply(new.generation, new.mode, PAGE, rows(10..15));
        p.move_by(2);
        assert_eq!(p.selected_row().map(|r| r.id), Some(12));
        let f = p.refresh();
        // A new row arrived at the top: the cursor stays on the same order.
        p.apply(f.generation, f.mode, f.request.limit, rows(9..15));
        assert_eq!(p.selected_row().map(|r| r.id), Some(12));
    }

    #[test]
    fn every_request_carries_the_sort_and_a_new_sort_keeps_the_cursor_row() {
        let mut p = Pager::default();
        let f = p.reset();
        assert_eq!(f.request.sort, None);
        p.apply(f.generation, f.mode, PAGE, rows(0..100));
        p.move_by(5);
        let total = Some(Sort {
            column: "total".into(),
            desc: true,
        });
        let f = p.set_sort(total.clone());
        assert_eq!(f.mode, FetchMode::Reset);
        assert_eq!(f.request.sort, total);
        assert_eq!(f.request.from, None);
        // The re-sorted first page holds row 5 further down: the cursor follows it.
        let resorted: Vec<DisplayRow> = rows(0..100).into_iter().rev().collect();
        let follow = p.apply(f.generation, f.mode, PAGE, resorted);
        assert_eq!(p.selected_row().map(|r| r.id), Some(5));
        assert_eq!(p.selected, 94);
        // Paging on and refreshing ask in the same sort.
        let f = follow.expect("append near the end");
        assert_eq!(
            (f.mode, f.request.sort.clone()),
            (FetchMode::Append, total.clone())
        );
        p.apply(f.generation, f.mode, PAGE, rows(200..300));
        assert_eq!(p.refresh().request.sort, total);
        let f = p.last().expect("fetch the end");
        assert_eq!(f.request.sort, total);
        // A row not in the new first page: the cursor goes to the top.
        p.apply(f.generation, f.mode, PAGE, rows(900..1000));
        let f = p.set_sort(None);
        p.apply(f.generation, f.mode, PAGE, rows(0..100));
        assert_eq!(p.selected, 0);
        assert_eq!(p.sort, None);
    }

    #[test]
    fn end_jumps_to_the_last_rows() {
        let mut p = Pager::default();
        let f = p.reset();
        p.apply(f.generation, f.mode, PAGE, rows(0..100));
        let f = p.last().expect("fetch the end");
        assert_eq!(f.mode, FetchMode::ResetEnd);
        p.apply(f.generation, f.mode, PAGE, rows(900..1000));
        assert_eq!(p.selected_row().map(|r| r.id), Some(999));
        assert!(p.at_end && !p.at_start);
    }
}
