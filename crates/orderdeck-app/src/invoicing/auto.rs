//! Automatic invoicing: the invoices completed orders call for, issued by the elected
//! worker — for orders completed after it was switched on. Its start is recorded (the
//! first round with `auto_provider` set; switching it off clears it), so switching it on
//! never issues invoices dated today for orders completed days before: those are listed
//! by `invoice auto --dry-run` and issued only on request (`--older`).

use super::*;
use orderdeck_domain::order_event::{OrderEventKind, Said};

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
/// (`wants_invoice`) or the total is at or above the threshold. Orders completed since
/// automatic invoicing started and never invoiced, plus invoices an earlier round left
/// 'issuing'.
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
        auto_off(pool).await?;
        return Ok(round);
    };
    let kind = ProviderKind::parse(code)
        .ok_or_else(|| IssueError::Config(orderdeck_i18n::t!("err-auto-provider", code = code)))?;
    let template = match config.auto_template.as_deref() {
        None => InvoiceTemplate::Vat,
        Some(t) => InvoiceTemplate::parse(t).ok_or_else(|| {
            IssueError::Config(orderdeck_i18n::t!("err-auto-template", template = t))
        })?,
    };
    let threshold = config.auto_threshold.map_or(Decimal::MAX, Decimal::from);
    let since = started(pool, kind).await?;
    let due: Vec<(String, String)> = sqlx::query_as(
        "select o.number, coalesce(i.provider, '') from orders o
         left join lateral (select provider, status, updated_at from invoices
                            where order_id = o.id and kind = 'original'
                            order by id desc limit 1) i on true
         where (o.status = 'completed' and o.completed_at >= $3
                and (o.wants_invoice or o.total >= $1)
                and i.status is null
                and not exists (select 1 from order_events e
                                where e.order_id = o.id and e.kind = 'invoice_auto_refused'))
            or (i.status = 'issuing' and i.updated_at < now() - interval '30 seconds')
         order by o.id limit $2",
    )
    .bind(threshold)
    .bind(limit)
    .bind(since)
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
            // The provider did not look at this order (slow down, log-in, configuration)
            // or could not be reached: nothing is wrong with the order, so it is not marked
            // refused; the round stops and the next one tries again.
            Err(IssueError::Provider(e)) if e.not_processed() || e.is_transient() => {
                return Err(IssueError::Provider(e));
            }
            Err(e) => {
                let why = e.to_string();
                note_refused(pool, &number, &why, actor).await?;
                round.refused.push((number, why));
            }
        }
    }
    Ok(round)
}

/// When automatic invoicing started: recorded by the first round that runs with it on.
/// Rounds run every few seconds: the row is written only when it is missing or names
/// another provider, not on every round.
async fn started(pool: &PgPool, kind: ProviderKind) -> Result<DateTime<Utc>, IssueError> {
    sqlx::query(
        "insert into auto_invoicing (provider) values ($1)
         on conflict (only_one) do update set provider = excluded.provider
         where auto_invoicing.provider <> excluded.provider",
    )
    .bind(kind.code())
    .execute(pool)
    .await?;
    Ok(sqlx::query_scalar("select since from auto_invoicing")
        .fetch_one(pool)
        .await?)
}

/// Automatic invoicing is off: its recorded start goes, so switching it on later is a new
/// start and never reaches back over what completed while it was off.
pub async fn auto_off(pool: &PgPool) -> Result<(), IssueError> {
    sqlx::query("delete from auto_invoicing")
        .execute(pool)
        .await?;
    Ok(())
}

/// A completed order that calls for an invoice but was completed before automatic
/// invoicing started (or while it is off): issued only when a person asks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotAutomatic {
    pub number: String,
    pub completed_at: DateTime<Utc>,
    pub total: Decimal,
}

/// What automatic invoicing would do now, and what it leaves to a person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AutoPlan {
    /// When it started; `None` while it is off (or before its first round).
    pub since: Option<DateTime<Utc>>,
    /// Orders the next round issues for.
    pub due: Vec<String>,
    /// Orders that call for an invoice, completed before it started: only on request.
    pub older: Vec<NotAutomatic>,
}

/// `invoice auto --dry-run`: the orders the next round would issue for, and the older
/// ones it never issues by itself. Changes nothing.
pub async fn auto_plan(pool: &PgPool, config: &InvoicingConfig) -> Result<AutoPlan, IssueError> {
    let since: Option<DateTime<Utc>> = match config.auto_provider {
        Some(_) => {
            sqlx::query_scalar("select since from auto_invoicing")
                .fetch_optional(pool)
                .await?
        }
        None => None,
    };
    let threshold = config.auto_threshold.map_or(Decimal::MAX, Decimal::from);
    let rows: Vec<(String, DateTime<Utc>, Decimal)> = sqlx::query_as(
        "select o.number, o.completed_at, o.total from orders o
         where o.status = 'completed' and o.completed_at is not null
           and (o.wants_invoice or o.total >= $1)
           and not exists (select 1 from invoices i where i.order_id = o.id and i.kind = 'original')
           and not exists (select 1 from order_events e
                           where e.order_id = o.id and e.kind = 'invoice_auto_refused')
         order by o.completed_at, o.id",
    )
    .bind(threshold)
    .fetch_all(pool)
    .await?;
    let auto_on = config.auto_provider.is_some();
    let mut plan = AutoPlan {
        since,
        due: Vec::new(),
        older: Vec::new(),
    };
    for (number, completed_at, total) in rows {
        // Before its first round, everything completed so far is older than its start.
        if auto_on && since.is_some_and(|s| completed_at >= s) {
            plan.due.push(number);
        } else {
            plan.older.push(NotAutomatic {
                number,
                completed_at,
                total,
            });
        }
    }
    Ok(plan)
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
        orderdeck_store::orders::add_event_said(
            &mut tx,
            id,
            actor,
            &OrderEventKind::InvoiceAutoRefused,
            &Said::new("event-invoice-not-automatic").with("why", why.to_string()),
            None,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
