//! Runs effects as tasks against the pool and sends their results back as messages.
//! The event loop never awaits a query itself.

use chrono::FixedOffset;
use sqlx::PgPool;
use tokio::sync::mpsc::UnboundedSender;

use orderdeck_store::{self as store, StoreError};
use orderdeck_tui::app::{Effect, FetchError, Msg};
use orderdeck_tui::view::Fmt;

#[derive(Clone)]
pub struct Runner {
    pub pool: PgPool,
    pub tx: UnboundedSender<Msg>,
    pub offset: FixedOffset,
    /// Written on every timeline event and stock move this console makes.
    pub operator: String,
    /// Config, carriers and invoice providers, for jobs that call out.
    pub services: Option<std::sync::Arc<crate::services::Services>>,
}

fn to_fetch_error(e: StoreError) -> FetchError {
    FetchError {
        connection: store::is_connection_error(&e),
        message: e.to_string(),
    }
}

impl Runner {
    pub fn run(&self, effects: Vec<Effect>, now: chrono::DateTime<chrono::Utc>) {
        for effect in effects {
            let pool = self.pool.clone();
            let tx = self.tx.clone();
            let fmt = Fmt {
                offset: self.offset,
                now,
            };
            let operator = self.operator.clone();
            let services = self.services.clone();
            tokio::spawn(async move {
                let msg = match effect {
                    Effect::FetchList { list, fetch } => {
                        let result = crate::shared_reads::fetch(
                            list,
                            &pool,
                            &fetch.request,
                            &fmt,
                            to_fetch_error,
                        )
                        .await;
                        Msg::Page {
                            list,
                            generation: fetch.generation,
                            mode: fetch.mode,
                            limit: fetch.request.limit,
                            result,
                        }
                    }
                    Effect::FetchDetail { list, id, id2 } => {
                        let result = crate::lists::detail(list, &pool, id, id2, &fmt)
                            .await
                            .map_err(to_fetch_error);
                        Msg::Detail {
                            list,
                            id,
                            id2,
                            result,
                        }
                    }
                    Effect::FetchDashboard => {
                        let hours = services
                            .as_deref()
                            .map_or(orderdeck_app::packing::AT_RISK_HOURS, |s| {
                                s.config.shipping.at_risk_hours()
                            });
                        let result = store::dashboard::load(&pool, fmt.now, fmt.offset, hours)
                            .await
                            .map_err(to_fetch_error);
                        Msg::Dashboard(Box::new(result))
                    }
                    Effect::Job(job) => {
                        let progress_tx = tx.clone();
                        let progress = move |bar| {
                            let _ = progress_tx.send(Msg::Progress(bar));
                        };
                        Msg::Done(
                            crate::jobs::run(&pool, job, &operator, services.as_deref(), &progress)
                                .await,
                        )
                    }
                    Effect::Lookup(code) => {
                        use orderdeck_tui::app::Found;
                        let result = store::lookup::scanned(&pool, &code)
                            .await
                            .map(|found| {
                                found.map(|f| match f {
                                    store::lookup::Scanned::Order(id) => Found::Order(id),
                                    store::lookup::Scanned::Product(id) => Found::Product(id),
                                })
                            })
                            .map_err(to_fetch_error);
                        Msg::Looked { code, result }
                    }
                    Effect::Goto(number) => {
                        // An order number or its digits, a tracking number, a channel's order id.
                        let result = store::orders::find_for_goto(&pool, &number)
                            .await
                            .map(|o| o.map(|o| o.id))
                            .map_err(to_fetch_error);
                        Msg::Goto { number, result }
                    }
                };
                // The console may have quit meanwhile; nothing to do then.
                let _ = tx.send(msg);
            });
        }
    }
}
