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
#[error(
    "{}",
    orderdeck_i18n::t!(
        "err-import-order",
        index = .index.to_string(),
        what = .what,
        source = .source.to_string()
    )
)]
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
    let mut chunks = orders.chunks(CHUNK).map(|c| Ok(c.to_vec()));
    import_chunks(pool, actor, || chunks.next()).await
}

/// The same, with the orders handed over a chunk at a time (a file read as it goes, so a
/// 100 MB import never holds all its orders at once). Still one transaction: all or
/// nothing. `Some(Err(message))` from `next` (a line that cannot be read) ends it with
/// nothing imported.
pub async fn import_chunks(
    pool: &PgPool,
    actor: &str,
    mut next: impl FnMut() -> Option<Result<Vec<NewOrder>, String>>,
) -> Result<ImportReport, ImportError> {
    let fail = |index: usize, what: String, source: IntakeError| ImportError {
        index: index + 1,
        what,
        source,
    };
    let name = |o: &NewOrder| {
        o.external_id
            .clone()
            .unwrap_or_else(|| o.customer.name.clone())
    };
    let mut tx = pool
        .begin()
        .await
        .map_err(|e| fail(0, String::new(), e.into()))?;
    let mut report = ImportReport::default();
    let mut done = 0usize;
    let mut own_seen: Vec<String> = Vec::new();
    while let Some(chunk) = next() {
        let chunk = chunk.map_err(|message| {
            fail(
                done,
                String::new(),
                IntakeError::Invalid(vec![orderdeck_domain::intake::FieldError {
                    field: "file".into(),
                    message,
                }]),
            )
        })?;
        for (i, o) in chunk.iter().enumerate() {
            o.validate()
                .map_err(|e| fail(done + i, name(o), IntakeError::Invalid(e)))?;
            // The website and manual channels come with their first order, as in
            // `create_order`.
            let code = o.channel.trim();
            if !own_seen.iter().any(|c| c == code) {
                orderdeck_store::channels::ensure_own(pool, code)
                    .await
                    .map_err(|e| fail(done + i, name(o), e.into()))?;
                own_seen.push(code.to_string());
            }
        }
        for (c, part) in chunk.chunks(CHUNK).enumerate() {
            let outcomes = create_batch(&mut tx, part, actor).await.map_err(|(i, e)| {
                let at = c * CHUNK + i;
                fail(done + at, chunk.get(at).map(name).unwrap_or_default(), e)
            })?;
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
        done += chunk.len();
    }
    tx.commit()
        .await
        .map_err(|e| fail(done.saturating_sub(1), String::new(), e.into()))?;
    Ok(report)
}
