//! Work the console asks of the workflow layer: each job runs as a task (one
//! transaction) and comes back as a message saying what happened, in words for the
//! message line, or a refusal that changed nothing.

use sqlx::PgPool;

use crate::workflow::packing::{self, PackJob, ScanResult};
use crate::workflow::{orders, purchasing, stock_count};

#[derive(Debug, Clone)]
pub enum Job {
    ClaimNext,
    Scan { order_id: i64, code: String },
    Unclaim { order_id: i64 },
    CancelOrder { number: String },
    DraftPurchases,
    ConfirmPo { number: String },
    ReceivePo { number: String },
    CancelPo { number: String },
    StartCount { warehouse: String },
    CountEnter { count_id: i64, code: String },
    PostCount { count_id: i64 },
}

#[derive(Debug, Clone)]
pub enum Done {
    /// A plain outcome for the message line.
    Said(String),
    /// The pack station's job changed (claimed, scanned, packed), or none is waiting.
    Pack {
        job: Option<PackJob>,
        said: String,
        packed: bool,
    },
    /// A stock count was started.
    CountStarted { count_id: i64, warehouse: String },
    /// A stock count was posted (or refused): the count view closes.
    CountPosted(String),
    /// One unit counted.
    Counted { sku: String, counted: i32 },
}

/// Runs a job; `Err` is a message for the person, and means nothing was changed.
pub async fn run(pool: &PgPool, job: Job, actor: &str) -> Result<Done, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    match job {
        Job::ClaimNext => match packing::claim_next(pool, actor)
            .await
            .map_err(|e| text(&e))?
        {
            Some(j) => {
                let said = format!("claimed {} — scan each item", j.number);
                Ok(Done::Pack {
                    job: Some(j),
                    said,
                    packed: false,
                })
            }
            None => Ok(Done::Pack {
                job: None,
                said: "nothing is waiting to be packed".into(),
                packed: false,
            }),
        },
        Job::Scan { order_id, code } => match packing::scan(pool, order_id, actor, &code)
            .await
            .map_err(|e| text(&e))?
        {
            ScanResult::Counted {
                sku,
                packed,
                qty,
                job,
            } => Ok(Done::Pack {
                job: Some(job),
                said: format!("{sku}: {packed} of {qty}"),
                packed: false,
            }),
            ScanResult::Packed { job } => {
                let said = format!("{} is packed ✓ — Enter for the next order", job.number);
                Ok(Done::Pack {
                    job: Some(job),
                    said,
                    packed: true,
                })
            }
        },
        Job::Unclaim { order_id } => {
            packing::unclaim(pool, order_id, actor)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Pack {
                job: None,
                said: "order returned to the pack queue".into(),
                packed: false,
            })
        }
        Job::CancelOrder { number } => {
            orders::cancel(pool, &number, actor, "cancelled in the console")
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(format!(
                "cancelled {number}; its stock is free again"
            )))
        }
        Job::DraftPurchases => {
            let d = purchasing::draft_from_backorders(pool, actor)
                .await
                .map_err(|e| text(&e))?;
            let mut said = if d.purchase_orders.is_empty() {
                "nothing to order: every shortage is already on an open purchase order".to_string()
            } else {
                format!("drafted {}", d.purchase_orders.join(", "))
            };
            if !d.no_supplier.is_empty() {
                said.push_str(&format!(
                    "; no supplier known for {}",
                    d.no_supplier.join(", ")
                ));
            }
            Ok(Done::Said(said))
        }
        Job::ConfirmPo { number } => {
            purchasing::confirm(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(format!("confirmed {number}")))
        }
        Job::ReceivePo { number } => {
            let r = purchasing::receive(pool, &number, None, actor)
                .await
                .map_err(|e| text(&e))?;
            let mut said = format!("received {number} ({})", r.status.replace('_', " "));
            if !r.filled_orders.is_empty() {
                said.push_str(&format!(
                    "; now ready to pack: {}",
                    r.filled_orders.join(", ")
                ));
            }
            Ok(Done::Said(said))
        }
        Job::CancelPo { number } => {
            purchasing::cancel(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(format!("cancelled {number}")))
        }
        Job::StartCount { warehouse } => {
            let count_id = stock_count::start(pool, &warehouse, None, actor)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::CountStarted {
                count_id,
                warehouse,
            })
        }
        Job::CountEnter { count_id, code } => {
            let (sku, counted) = stock_count::enter(pool, count_id, &code, 1)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Counted { sku, counted })
        }
        Job::PostCount { count_id } => {
            let diffs = stock_count::differences(pool, count_id)
                .await
                .map_err(|e| text(&e))?;
            let n = stock_count::post(pool, count_id, actor)
                .await
                .map_err(|e| text(&e))?;
            let detail: Vec<String> = diffs
                .iter()
                .take(6)
                .map(|d| format!("{} {:+}", d.sku, d.counted - d.system))
                .collect();
            Ok(Done::CountPosted(format!(
                "stock count {count_id} posted: {n} adjustment(s) {}",
                detail.join(", ")
            )))
        }
    }
}
