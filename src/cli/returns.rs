//! `orderdeck returns create`: goods back from a buyer, a refund, an exchange, and the
//! invoice follow-up a return calls for.

use anyhow::Result;

use orderdeck_app::returns;
use orderdeck_i18n::t;
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
        let received = t!(
            "cli-return-received",
            id = r.return_id.to_string(),
            number = &r.order_number,
            restocked = r.restocked,
            written_off = r.written_off,
            status = crate::cli::commands::order_status(&r.order_status)
        );
        match r.refund_id {
            Some(id) => say!(
                "{received}; {}",
                t!("cli-return-refund-recorded", id = id.to_string())
            ),
            None => say!("{received}"),
        }
        if let Some(n) = &o.exchange_order {
            say!("{}", t!("cli-return-exchange-order", number = n));
        }
        if let Some(e) = &o.exchange_error {
            say!(
                "{}",
                t!("cli-return-exchange-failed", problem = e.to_string())
            );
        }
        match &o.invoice {
            returns::InvoiceFollowUp::NoInvoice => {}
            returns::InvoiceFollowUp::Replaced {
                replaced,
                series,
                number,
                tax_authority_code,
            } => say!(
                "{}",
                t!(
                    "cli-return-invoice-replaced",
                    invoice = orderdeck_domain::invoice::shown_number(series, number),
                    replaced = replaced.to_string(),
                    code = tax_authority_code
                        .clone()
                        .unwrap_or_else(|| t!("common-invoice-no-code-yet"))
                )
            ),
            returns::InvoiceFollowUp::Pending { message } => say!("{message}"),
        }
    }
    Ok(())
}
