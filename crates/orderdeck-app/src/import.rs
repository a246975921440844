//! Bulk import of orders: all or nothing, in one transaction, through the same intake
//! as a single order (same de-duplication, same reservation).

use sqlx::PgPool;

use crate::intake::{IntakeError, IntakeOutcome, create_batch};
use orderdeck_domain::intake::NewOrder;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub reserved: usize,
    pub backordered: usize,
    pub duplicates: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("order {index} ({what}): {source}; nothing imported")]
pub struct ImportError {
    pub index: usize,
    pub what: String,
    #[source]
    pub source: IntakeError,
}

/// Orders per transaction chunk: each chunk is reserved against one lock of its rows.
const CHUNK: usize = 1000;

pub async fn import_orders(
    pool: &PgPool,
    orders: &[NewOrder],
    actor: &str,
) -> Result<ImportReport, ImportError> {
    let wrap = |index: usize, source: IntakeError| ImportError {
        index: index + 1,
        what: orders
            .get(index)
            .map(|o| {
                o.external_id
                    .clone()
                    .unwrap_or_else(|| o.customer.name.clone())
            })
            .unwrap_or_default(),
        source,
    };
    for (i, o) in orders.iter().enumerate() {
        o.validate().map_err(|e| wrap(i, IntakeError::Invalid(e)))?;
    }
    // All or nothing: one transaction for the whole file.
    let mut tx = pool.begin().await.map_err(|e| wrap(0, e.into()))?;
    let mut report = ImportReport::default();
    for (c, chunk) in orders.chunks(CHUNK).enumerate() {
        let outcomes = create_batch(&mut tx, chunk, actor)
            .await
            .map_err(|(i, e)| wrap(c * CHUNK + i, e))?;
        for o in outcomes {
            match o {
                IntakeOutcome::Created { status, .. } => {
                    report.created += 1;
                    if status == "reserved" {
                        report.reserved += 1;
                    } else {
                        report.backordered += 1;
                    }
                }
                IntakeOutcome::Duplicate { .. } => report.duplicates += 1,
            }
        }
    }
    tx.commit()
        .await
        .map_err(|e| wrap(orders.len().saturating_sub(1), e.into()))?;
    Ok(report)
}
