//! `orderdeck orders cancel <number> --reason <code> [--note text]`.

use anyhow::{Result, bail};
use orderdeck_app::cancelling::{self, InvoiceAfterCancel};
use orderdeck_domain::cancel_reason::{CancelCode, CancelReason};
use orderdeck_i18n::t;
use orderdeck_integrations::invoice_providers::InvoiceProviders;
use sqlx::PgPool;

use crate::cli::commands::shown;
use crate::cli::setup::Setup;

/// Cancels one order for a reason. Exits non-zero when the order could not be cancelled,
/// and also when it was but its issued invoice still stands (the adjustment could not be
/// issued now): that is for a person to finish, and a script must not take it as done.
pub async fn cancel(
    setup: &Setup,
    pool: &PgPool,
    number: &str,
    reason: Option<&str>,
    note: &str,
    json: bool,
    actor: &str,
) -> Result<()> {
    let Some(code) = reason else {
        bail!(
            "{}",
            t!(
                "cli-cancel-reason-required",
                codes = CancelCode::codes().join(", ")
            )
        );
    };
    let reason = CancelReason::parse(code, note).map_err(|e| anyhow::anyhow!("{e}"))?;
    let providers = InvoiceProviders::new(&setup.config.invoices)
        .ok()
        .filter(|p| !p.configured().is_empty());
    let invoicing = providers.as_ref().map(|p| (p, &setup.config.invoicing));
    let c = cancelling::cancel(pool, number, actor, &reason, invoicing).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&c)?);
    } else {
        say!("{}", t!("cli-order-cancelled", number = shown(&c.number)));
        say!(
            "{}",
            t!("cli-cancel-reason", reason = shown(&reason.shown()))
        );
    }
    match &c.invoice {
        InvoiceAfterCancel::NoInvoice => Ok(()),
        InvoiceAfterCancel::Adjusted {
            adjusts,
            adjustment,
            tax_authority_code,
            ..
        } => {
            if !json {
                say!(
                    "{}",
                    t!(
                        "cli-cancel-invoice-adjusted",
                        invoice = shown(adjusts),
                        adjustment = shown(adjustment),
                        code = shown(tax_authority_code.as_deref().unwrap_or("-"))
                    )
                );
            }
            Ok(())
        }
        InvoiceAfterCancel::NeedsAction { invoice, message } => bail!(
            "{}",
            t!(
                "cli-cancel-invoice-owed",
                number = shown(&c.number),
                invoice = shown(invoice),
                why = shown(message),
                code = reason.code().code()
            )
        ),
    }
}
