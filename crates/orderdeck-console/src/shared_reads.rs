//! List reads shared by the consoles of one process. Consoles watching the same list read
//! the same window after the same change: the first asks the server, the others take its
//! answer, so the server's work grows with the distinct windows shown, not with the
//! consoles. Off unless the listener of the consoles on a database says what it hears
//! ([`share`], [`heard`]), since only then is it known when an answer has gone stale; a
//! console alone in its process reads for itself.
//!
//! An answer serves a console when the read started after the last change to the list's
//! tables the process had heard when the console asked: a change is announced after its
//! commit, so such a read sees it.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use sqlx::PgPool;

use orderdeck_store::page::PageRequest;
use orderdeck_tui::app::FetchError;
use orderdeck_tui::panes::ListKind;
use orderdeck_tui::view::{DisplayRow, Fmt};

type Answer = Result<Arc<Vec<DisplayRow>>, FetchError>;
type Read = Shared<BoxFuture<'static, Answer>>;

/// The shared databases (by name), each with what its listener heard.
static SHARED: LazyLock<Mutex<HashMap<String, State>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

#[derive(Default)]
struct State {
    /// Changes heard per table, and an epoch bumped when anything may have changed
    /// (the listener connected again).
    heard: HashMap<String, u64>,
    epoch: u64,
    /// Reads sent to the server, for the figures.
    started: u64,
    /// Reads by list and request, with what had been heard when each started.
    reads: HashMap<(ListKind, String), (u64, Read)>,
}

impl State {
    /// What this process has heard of changes a list shows: grows with each of them.
    fn mark(&self, list: ListKind) -> u64 {
        self.epoch
            + list
                .tables()
                .iter()
                .map(|t| self.heard.get(*t).copied().unwrap_or(0))
                .sum::<u64>()
    }
}

/// Turns sharing on for the consoles of `database` in this process; their listener must
/// then call [`heard`] for every event before the consoles get it.
pub fn share(database: &str) {
    if let Ok(mut all) = SHARED.lock() {
        all.entry(database.to_string()).or_default();
    }
}

/// The listener of `database`'s consoles heard a change to `table`, or (`None`)
/// connected again.
pub fn heard(database: &str, table: Option<&str>) {
    if let Ok(mut all) = SHARED.lock()
        && let Some(s) = all.get_mut(database)
    {
        match table {
            Some(t) => *s.heard.entry(t.to_string()).or_default() += 1,
            None => s.epoch += 1,
        }
    }
}

/// How many list reads the shared consoles of `database` sent to the server.
pub fn reads_sent(database: &str) -> Option<u64> {
    SHARED.lock().ok()?.get(database).map(|s| s.started)
}

/// One page of a list, read once for every console asking for it at the same point.
pub async fn fetch(
    list: ListKind,
    pool: &PgPool,
    request: &PageRequest,
    fmt: &Fmt,
    to_error: fn(orderdeck_store::StoreError) -> FetchError,
) -> Result<Vec<DisplayRow>, FetchError> {
    match shared_read(list, pool, request, fmt, to_error) {
        Some(read) => read.await.map(|rows| rows.as_ref().clone()),
        None => crate::lists::fetch(list, pool, request, fmt)
            .await
            .map_err(to_error),
    }
}

/// The read to wait on, started here unless a fresh one is out or done; `None` when
/// the database is not shared.
fn shared_read(
    list: ListKind,
    pool: &PgPool,
    request: &PageRequest,
    fmt: &Fmt,
    to_error: fn(orderdeck_store::StoreError) -> FetchError,
) -> Option<Read> {
    let options = pool.connect_options();
    let database = options.get_database().unwrap_or_default();
    let mut all = SHARED.lock().ok()?;
    let s = all.get_mut(database)?;
    let mark = s.mark(list);
    // Rows are written in the reader's offset; its clock (what is late) moves little
    // between the consoles reading after one change.
    let key = (list, format!("{request:?}|{}", fmt.offset));
    if let Some((_, r)) = s.reads.get(&key).filter(|(m, _)| *m >= mark) {
        return Some(r.clone());
    }
    // Answers older than what has been heard serve no one any more.
    let marks: HashMap<ListKind, u64> = ListKind::ALL.iter().map(|k| (*k, s.mark(*k))).collect();
    s.reads
        .retain(|(l, _), (m, _)| marks.get(l).is_some_and(|now| *m >= *now));
    let (pool, request, fmt) = (pool.clone(), request.clone(), *fmt);
    let r = async move {
        crate::lists::fetch(list, &pool, &request, &fmt)
            .await
            .map(Arc::new)
            .map_err(to_error)
    }
    .boxed()
    .shared();
    s.started += 1;
    s.reads.insert(key, (mark, r.clone()));
    Some(r)
}
