//! Automatic invoicing: the invoices completed orders call for, issued by the elected
//! worker.

use super::*;
use orderdeck_domain::order_event::OrderEventKind;

/// What one automatic-issuing round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AutoRound {
    pub issued: Vec<String>,
    /// (order, why) — left for a person: the order's timeline says so once.
    pub refused: Vec<(String, String)>,
    /// Unclear answers: the next round looks them up first.
    pub unsure: usize,
}

/// Issues the invoices that completing orders call for: the customer asked for one
/// (`wants_invoice`) or the total is at or above the threshold. Orders completed in
/// the last week and never invoiced, plus invoices an earlier round left 'issuing'.
/// A refusal is written on the order's timeline and the order is not tried again
/// (a person fixes the buyer in the preview and issues it).
pub async fn auto_issue_round(
    pool: &PgPool,
    providers: &InvoiceProviders,
    config: &InvoicingConfig,
    limit: i64,
    actor: &str,
) -> Result<AutoRound, IssueError> {
    let mut round = AutoRound::default();
    let Some(code) = config.auto_provider.as_deref() else {
        return Ok(round);
    };
    let kind = ProviderKind::parse(code).ok_or_else(|| {
        IssueError::Config(format!(
            "invoicing.auto_provider = `{code}`: use sinvoice or misa"
        ))
    })?;
    let template = match config.auto_template.as_deref() {
        None => InvoiceTemplate::Vat,
        Some(t) => InvoiceTemplate::parse(t).ok_or_else(|| {
            IssueError::Config(format!("invoicing.auto_template = `{t}`: use vat or sales"))
        })?,
    };
    let threshold = config.auto_threshold.map_or(Decimal::MAX, Decimal::from);
    let due: Vec<(String, String)> = sqlx::query_as(
        "select o.number, coalesce(i.provider, '') from orders o
         left join lateral (select provider, status, updated_at from invoices
                            where order_id = o.id and kind = 'original'
                            order by id desc limit 1) i on true
         where (o.status = 'completed' and o.updated_at > now() - interval '7 days'
                and (o.wants_invoice or o.total >= $1)
                and i.status is null
                and not exists (select 1 from order_events e
                                where e.order_id = o.id and e.kind = 'invoice_auto_refused'))
            or (i.status = 'issuing' and i.updated_at < now() - interval '30 seconds')
         order by o.id limit $2",
    )
    .bind(threshold)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    for (number, pending_with) in due {
        // An 'issuing' row is finished with the provider it started with.
        let kind = ProviderKind::parse(&pending_with).unwrap_or(kind);
        match issue(
            pool, providers, config, &number, template, kind, None, actor,
        )
        .await
        {
            Ok(i) => round
                .issued
                .push(format!("{} {} {}", i.order_number, i.series, i.number)),
            // Kept issuing under its uuid: the next round looks it up first.
            Err(IssueError::Unsure { .. } | IssueError::Held { .. }) => round.unsure += 1,
            Err(IssueError::AlreadyIssued { .. } | IssueError::IssuingElsewhere { .. }) => {}
            Err(e @ (IssueError::Store(_) | IssueError::Config(_))) => return Err(e),
            Err(e) => {
                let why = e.to_string();
                note_refused(pool, &number, &why, actor).await?;
                round.refused.push((number, why));
            }
        }
    }
    Ok(round)
}

async fn note_refused(
    pool: &PgPool,
    number: &str,
    why: &str,
    actor: &str,
) -> Result<(), IssueError> {
    let mut tx = pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar("select id from orders where number = $1")
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(id) = id {
        orderdeck_store::orders::add_event(
            &mut tx,
            id,
            actor,
            &OrderEventKind::InvoiceAutoRefused,
            &format!("the invoice was not issued by itself: {why} — issue it from the preview (I)"),
            None,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
