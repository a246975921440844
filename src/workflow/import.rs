//! Bulk import of orders: all or nothing, in one transaction, through the same intake
//! as a single order (same de-duplication, same reservation).

use sqlx::PgPool;

use crate::domain::intake::NewOrder;
use crate::workflow::intake::{IntakeError, IntakeOutcome, create_in};

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

pub async fn import_orders(
    pool: &PgPool,
    orders: &[NewOrder],
    actor: &str,
) -> Result<ImportReport, ImportError> {
    let wrap = |index: usize, o: Option<&NewOrder>, source: IntakeError| ImportError {
        index,
        what: o
            .map(|o| {
                o.external_id
                    .clone()
                    .unwrap_or_else(|| o.customer.name.clone())
            })
            .unwrap_or_default(),
        source,
    };
    let mut tx = pool.begin().await.map_err(|e| wrap(0, None, e.into()))?;
    let mut report = ImportReport::default();
    for (i, o) in orders.iter().enumerate() {
        o.validate()
            .map_err(|e| wrap(i + 1, Some(o), IntakeError::Invalid(e)))?;
        match create_in(&mut tx, o, actor)
            .await
            .map_err(|e| wrap(i + 1, Some(o), e))?
        {
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
    tx.commit()
        .await
        .map_err(|e| wrap(orders.len(), None, e.into()))?;
    Ok(report)
}
