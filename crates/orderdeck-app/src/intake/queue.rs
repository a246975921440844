//! An intake queue: many producers (channel sync, API clients, a benchmark) hand orders to
//! a few writers, each of which takes whatever is waiting and writes it as one group — one
//! lock of the stock rows, one statement, one commit — then answers every producer on its
//! own. Under load this is group commit for orders; with one order waiting it is simply
//! that order's transaction.

use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};
use tokio::sync::{Mutex, mpsc, oneshot};

use super::{CatalogCache, IntakeError, IntakeOutcome, create_order, create_settled};
use orderdeck_domain::intake::NewOrder;

/// Most orders one group takes: large enough to share a commit widely, small enough that
/// the first order in a group does not wait long for the rest.
const GROUP: usize = 64;

struct Job {
    order: NewOrder,
    actor: String,
    reply: oneshot::Sender<Result<IntakeOutcome, IntakeError>>,
}

/// A handle to submit orders; cheap to clone. Writers stop when every handle is dropped.
#[derive(Clone)]
pub struct IntakeQueue {
    tx: mpsc::Sender<Job>,
}

impl IntakeQueue {
    /// Starts `writers` writer tasks on this pool (each holds one connection while it
    /// writes). Use a pool from [`orderdeck_store::intake_pool`].
    pub fn start(pool: PgPool, writers: usize) -> IntakeQueue {
        let (tx, rx) = mpsc::channel::<Job>(GROUP * writers.max(1) * 4);
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..writers.max(1) {
            tokio::spawn(writer(pool.clone(), rx.clone()));
        }
        IntakeQueue { tx }
    }

    /// Creates one order (or reports it as a duplicate), exactly as
    /// [`create_order`] does, sharing its commit with whatever else is waiting.
    pub async fn create(&self, order: NewOrder, actor: &str) -> Result<IntakeOutcome, IntakeError> {
        order.validate().map_err(IntakeError::Invalid)?;
        let (reply, answer) = oneshot::channel();
        let job = Job {
            order,
            actor: actor.to_string(),
            reply,
        };
        let stopped = || {
            IntakeError::Store(orderdeck_store::StoreError::Invalid(orderdeck_i18n::t!(
                "err-intake-queue-stopped"
            )))
        };
        self.tx.send(job).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn writer(pool: PgPool, rx: Arc<Mutex<mpsc::Receiver<Job>>>) {
    let mut cache = CatalogCache::new();
    // The connection of the last group, kept while orders keep coming: taking one from
    // the pool asks the server whether it is alive first, a round trip (two wake-ups on
    // a busy machine) per group. It goes back to the pool as soon as nothing is waiting,
    // so an idle writer holds nothing that others may need.
    let mut held: Option<PoolConnection<Postgres>> = None;
    loop {
        let mut jobs = Vec::with_capacity(GROUP);
        {
            let mut rx = rx.lock().await;
            if held.is_some() {
                gather(&mut rx, &mut jobs).await;
            }
            if jobs.is_empty() {
                held = None;
                if rx.recv_many(&mut jobs, GROUP).await == 0 {
                    return;
                }
                gather(&mut rx, &mut jobs).await;
            }
        }
        write_group(&pool, &mut held, jobs, &mut cache).await;
    }
}

/// Adds what is waiting to `jobs`, up to a group. The producers just answered are about
/// to hand in their next orders: give them a moment on the runtime so the group is full
/// rather than a trickle.
async fn gather(rx: &mut mpsc::Receiver<Job>, jobs: &mut Vec<Job>) {
    for _ in 0..4 {
        if jobs.len() >= GROUP {
            break;
        }
        tokio::task::yield_now().await;
        while jobs.len() < GROUP {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
    }
}

/// Writes a group; an order the catalog rejects is answered and left out, and if the
/// group fails as a whole each order is tried alone, so one order never fails another.
async fn write_group(
    pool: &PgPool,
    held: &mut Option<PoolConnection<Postgres>>,
    mut jobs: Vec<Job>,
    cache: &mut CatalogCache,
) {
    while !jobs.is_empty() {
        match try_group(pool, held, &jobs, cache).await {
            Ok(outcomes) => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.reply.send(Ok(outcome));
                }
                return;
            }
            Err((i, IntakeError::Invalid(e))) if i < jobs.len() => {
                let job = jobs.remove(i);
                let _ = job.reply.send(Err(IntakeError::Invalid(e)));
            }
            Err(_) => {
                // The connection may be what failed, and the orders alone need one from
                // the pool (which may have no other).
                *held = None;
                for job in jobs {
                    let outcome = create_order(pool, &job.order, &job.actor).await;
                    let _ = job.reply.send(outcome);
                }
                return;
            }
        }
    }
}

async fn try_group(
    pool: &PgPool,
    held: &mut Option<PoolConnection<Postgres>>,
    jobs: &[Job],
    cache: &mut CatalogCache,
) -> Result<Vec<IntakeOutcome>, (usize, IntakeError)> {
    let orders: Vec<&NewOrder> = jobs.iter().map(|j| &j.order).collect();
    let actors: Vec<&str> = jobs.iter().map(|j| j.actor.as_str()).collect();
    let conn = match held {
        Some(conn) => conn,
        None => held.insert(pool.acquire().await.map_err(|e| (usize::MAX, e.into()))?),
    };
    create_settled(conn, &orders, &actors, cache).await
}
