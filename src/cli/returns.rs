//! `orderdeck returns create`: goods back from a buyer, a refund, an exchange, and the
//! invoice follow-up a return calls for.

use anyhow::Result;

use orderdeck_app::returns;
use orderdeck_integrations::invoice_providers::InvoiceProviders;

use crate::cli::ReturnsAction;
use crate::cli::setup::Setup;

pub async fn run(setup: &Setup, action: ReturnsAction, actor: &str) -> Result<()> {
    let ReturnsAction::Create {
        order,
        lines,
        reason,
        warehouse,
        refund,
        method,
        reference,
        exchange,
        exchange_same,
        json,
    } = action;
    let pool = setup.target.open(2).await?;
    let input = returns::ReturnInput {
        order_number: order,
        lines: lines
            .iter()
            .map(|l| returns::ReturnLine::parse(l))
            .collect::<Result<_, _>>()?,
        reason,
        warehouse,
        refund: refund.map(|amount| returns::RefundInput {
            amount,
            method,
            reference,
        }),
    };
    let exchange_with = if exchange_same {
        returns::ExchangeWith::Same
    } else if exchange.is_empty() {
        returns::ExchangeWith::Nothing
    } else {
        returns::ExchangeWith::Lines(
            exchange
                .iter()
                .map(|l| returns::ExchangeLine::parse(l))
                .collect::<Result<_, _>>()?,
        )
    };
    let providers = InvoiceProviders::new(&setup.config.invoices)
        .ok()
        .filter(|p| !p.configured().is_empty());
    let invoicing = providers.as_ref().map(|p| (p, &setup.config.invoicing));
    let o = returns::receive(&pool, invoicing, &input, &exchange_with, actor).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&o)?);
    } else {
        let r = &o.report;
        say!(
            "return {} of {}: {} back in stock, {} written off; order is now {}{}",
            r.return_id,
            r.order_number,
            r.restocked,
            r.written_off,
            r.order_status.replace('_', " "),
            r.refund_id
                .map(|id| format!("; refund {id} recorded"))
                .unwrap_or_default()
        );
        if let Some(n) = &o.exchange_order {
            say!("exchange: replacement order {n}");
        }
        if let Some(e) = &o.exchange_error {
            say!("exchange NOT made: {e}");
        }
        match &o.invoice {
            returns::InvoiceFollowUp::NoInvoice => {}
            returns::InvoiceFollowUp::Replaced {
                replaced,
                series,
                number,
                tax_authority_code,
            } => say!(
                "replacement invoice {series} {number} issued (replaces {replaced}); \
                 tax-authority code: {}",
                tax_authority_code.as_deref().unwrap_or("(none yet)")
            ),
            returns::InvoiceFollowUp::Pending { message } => say!("{message}"),
        }
    }
    Ok(())
}
