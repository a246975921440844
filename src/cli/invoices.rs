//! `orderdeck invoice`: preview, issue, replace, PDF and e-mail of an order's VAT
//! e-invoice.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use chrono::FixedOffset;
use sqlx::PgPool;

use orderdeck_app::invoice_corrections;
use orderdeck_app::invoicing::{self, InvoiceDraft, InvoicingConfig};
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate};
use orderdeck_domain::invoice_document::BuyerOverride;
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_integrations::invoice_providers::InvoiceProviders;
use orderdeck_print as labels;

use crate::cli::InvoiceAction;
use crate::cli::setup::Setup;

pub async fn run(setup: &Setup, action: InvoiceAction, actor: &str) -> Result<()> {
    match action {
        InvoiceAction::Preview {
            order,
            template,
            buyer,
            json,
            pdf,
        } => {
            let offset = setup.offset().map_err(anyhow::Error::msg)?;
            let pool = setup.target.open(2).await?;
            let args = PreviewArgs {
                order,
                template,
                buyer: buyer.into_override(),
                json,
                pdf,
            };
            preview(&pool, &setup.config.invoicing, offset, args).await
        }
        InvoiceAction::Auto {
            dry_run,
            older,
            json,
        } => auto(setup, dry_run, older, json, actor).await,
        InvoiceAction::Issue {
            order,
            provider,
            template,
            buyer,
            json,
        } => {
            let template = InvoiceTemplate::parse(&template)
                .ok_or_else(|| anyhow!("--template `{template}`: use vat or sales"))?;
            let kind = ProviderKind::parse(&provider)
                .ok_or_else(|| anyhow!("--provider `{provider}`: use sinvoice or misa"))?;
            let providers = InvoiceProviders::new(&setup.config.invoices)?;
            let pool = setup.target.open(2).await?;
            let buyer = if buyer.given() {
                // Fields not given come from the order, as in the preview.
                let d = invoicing::draft(
                    &pool,
                    &setup.config.invoicing,
                    &order,
                    template,
                    None,
                    chrono::Utc::now(),
                )
                .await?;
                Some(Buyer {
                    company: buyer.company.unwrap_or_default(),
                    tax_code: buyer.buyer_tax_code.unwrap_or_default(),
                    address: buyer.buyer_address.unwrap_or(d.buyer.address),
                    email: buyer.buyer_email.unwrap_or(d.buyer.email),
                    name: buyer.buyer_name.unwrap_or(d.buyer.name),
                })
            } else {
                None
            };
            let issued = invoicing::issue(
                &pool,
                &providers,
                &setup.config.invoicing,
                &order,
                template,
                kind,
                buyer,
                actor,
            )
            .await?;
            if json {
                say!("{}", serde_json::to_string_pretty(&issued)?);
            } else {
                say!(
                    "{}: invoice {} {} issued with {}",
                    issued.order_number,
                    issued.series,
                    issued.number,
                    kind.label()
                );
                say!(
                    "tax-authority code: {}",
                    orderdeck_domain::text::visible(
                        issued.tax_authority_code.as_deref().unwrap_or("(none yet)")
                    )
                );
                if issued.recovered {
                    say!(
                        "{} answered unclearly at first; found by transaction {}: this is that invoice, not a second one",
                        kind.label(),
                        issued.transaction_uuid
                    );
                }
                if !issued.pdf_stored {
                    say!(
                        "the PDF was not fetched; `orderdeck invoice pdf {} --out FILE` fetches it",
                        issued.order_number
                    );
                }
            }
            Ok(())
        }
        InvoiceAction::Pdf { order, out } => {
            let providers = InvoiceProviders::new(&setup.config.invoices)?;
            let pool = setup.target.open(2).await?;
            let bytes = invoicing::pdf(&pool, Some(&providers), &order).await?;
            std::fs::write(&out, &bytes)
                .map_err(|e| anyhow!("cannot write {}: {e}", out.display()))?;
            say!("{} bytes written to {}", bytes.len(), out.display());
            Ok(())
        }
        InvoiceAction::Email { order, to, json } => {
            let mailer = orderdeck_integrations::mail::Mailer::new(setup.config.smtp.as_ref())?;
            let pool = setup.target.open(2).await?;
            let sent = orderdeck_app::invoice_mail::send(
                &pool,
                &mailer,
                &setup.config.invoicing,
                &order,
                to.as_deref(),
                actor,
            )
            .await?;
            if json {
                say!("{}", serde_json::to_string_pretty(&sent)?);
            } else {
                say!(
                    "sent invoice {} {} to {}",
                    sent.series,
                    sent.number,
                    sent.to.join(", ")
                );
            }
            Ok(())
        }
        InvoiceAction::Replace {
            order,
            return_id,
            reason,
            buyer,
        } => {
            let providers = InvoiceProviders::new(&setup.config.invoices)?;
            let pool = setup.target.open(2).await?;
            let config = &setup.config.invoicing;
            let issued = match (return_id, order) {
                (Some(r), _) => {
                    invoice_corrections::replace_after_return(&pool, &providers, config, r, actor)
                        .await?
                }
                (None, Some(order)) => {
                    // The buyer as the current invoice states it, with the flags over it.
                    let current = invoice_corrections::current_buyer(&pool, &order).await?;
                    let buyer = Buyer {
                        company: buyer.company.unwrap_or(current.company),
                        tax_code: buyer.buyer_tax_code.unwrap_or(current.tax_code),
                        address: buyer.buyer_address.unwrap_or(current.address),
                        email: buyer.buyer_email.unwrap_or(current.email),
                        name: buyer.buyer_name.unwrap_or(current.name),
                    };
                    Some(
                        invoice_corrections::replace_with_buyer(
                            &pool, &providers, config, &order, buyer, &reason, actor,
                        )
                        .await?,
                    )
                }
                (None, None) => anyhow::bail!("name the order, or the return with --return N"),
            };
            match issued {
                None => say!("its order has no issued invoice to replace"),
                Some(i) => say!(
                    "{}: replacement invoice {} {} issued; tax-authority code: {}",
                    i.order_number,
                    i.series,
                    i.number,
                    i.tax_authority_code.as_deref().unwrap_or("(none yet)")
                ),
            }
            Ok(())
        }
    }
}

/// What `orderdeck invoice preview` was asked for.
#[derive(Debug, Clone)]
pub struct PreviewArgs {
    pub order: String,
    /// "vat" or "sales".
    pub template: String,
    /// Buyer fields typed on the command line, over what the order holds.
    pub buyer: BuyerOverride,
    pub json: bool,
    /// Write the invoice as an A4 PDF here.
    pub pdf: Option<PathBuf>,
}

/// Drafts the order's invoice once, puts the given buyer fields over the order's and
/// checks them, then prints it as text or JSON, or writes it as a PDF.
pub async fn preview(
    pool: &PgPool,
    config: &InvoicingConfig,
    offset: FixedOffset,
    args: PreviewArgs,
) -> Result<()> {
    let template = InvoiceTemplate::parse(&args.template)
        .ok_or_else(|| anyhow!("--template `{}`: use vat or sales", args.template))?;
    let d = draft_with(pool, config, &args.order, template, &args.buyer).await?;
    match &args.pdf {
        Some(path) => {
            let pages = write_pdf(&d, offset, path)?;
            let wrote = format!("wrote {} ({pages} page{})", path.display(), plural(pages));
            if args.json {
                // stdout stays one JSON document.
                warn_user!("{wrote}");
                say!("{}", serde_json::to_string_pretty(&invoicing::to_json(&d))?);
            } else {
                say!("{wrote}");
                if !d.problems.is_empty() {
                    say!("Cannot be issued yet:");
                    for p in &d.problems {
                        say!("  - {p}");
                    }
                }
            }
        }
        None if args.json => {
            say!("{}", serde_json::to_string_pretty(&invoicing::to_json(&d))?);
        }
        None => print!("{}", invoicing::render_text(&d, offset)),
    }
    Ok(())
}

/// The order's draft with `buyer` over the order's own buyer fields, checked again.
pub async fn draft_with(
    pool: &PgPool,
    config: &InvoicingConfig,
    order: &str,
    template: InvoiceTemplate,
    buyer: &BuyerOverride,
) -> Result<InvoiceDraft> {
    let mut d = invoicing::draft(pool, config, order, template, None, chrono::Utc::now()).await?;
    if !buyer.is_empty() {
        let b = buyer.apply(&d.buyer);
        d.set_buyer(b);
    }
    Ok(d)
}

/// Renders the PDF, then writes it (so a failed render leaves no file behind); returns
/// its page count.
fn write_pdf(d: &InvoiceDraft, offset: FixedOffset, path: &Path) -> Result<usize> {
    let (bytes, pages) = labels::invoice_pdf_pages(d, offset)
        .with_context(|| format!("cannot draw the invoice of {}", d.order_number))?;
    std::fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(pages)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `invoice auto`: a round of automatic invoicing now, or (--dry-run) what it would do.
async fn auto(setup: &Setup, dry_run: bool, older: bool, json: bool, actor: &str) -> Result<()> {
    let pool = setup.target.open(2).await?;
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    let config = &setup.config.invoicing;
    let plan = invoicing::auto_plan(&pool, config).await?;
    if dry_run {
        if json {
            say!("{}", serde_json::to_string_pretty(&plan)?);
            return Ok(());
        }
        match (&config.auto_provider, plan.since) {
            (None, _) => {
                say!("automatic invoicing is off (invoicing.auto_provider is not set)")
            }
            (Some(p), Some(since)) => say!(
                "automatic invoicing with {p} since {}",
                since.with_timezone(&offset).format("%Y-%m-%d %H:%M")
            ),
            (Some(p), None) => say!(
                "automatic invoicing with {p}: starts with its first round (orders completed after it)"
            ),
        }
        say!("would issue now: {}", list_or_none(&plan.due));
        if !plan.older.is_empty() {
            say!(
                "completed before it started, issued only on request (`invoice auto --older`, or `invoice issue ORDER`):"
            );
            for o in &plan.older {
                say!(
                    "  {}  completed {}  {}",
                    o.number,
                    o.completed_at.with_timezone(&offset).format("%Y-%m-%d"),
                    orderdeck_domain::money::format_vnd(o.total)
                );
            }
        }
        return Ok(());
    }
    let Some(code) = config.auto_provider.as_deref() else {
        anyhow::bail!(
            "automatic invoicing is off: set invoicing.auto_provider (sinvoice or misa), or issue one order with `invoice issue ORDER --provider …`"
        );
    };
    let providers = InvoiceProviders::new(&setup.config.invoices)?;
    let round = invoicing::auto_issue_round(&pool, &providers, config, 500, actor).await?;
    let mut issued = round.issued.clone();
    let mut refused = round.refused.clone();
    if older {
        let kind = ProviderKind::parse(code)
            .ok_or_else(|| anyhow!("invoicing.auto_provider = `{code}`: use sinvoice or misa"))?;
        let template = match config.auto_template.as_deref() {
            None => InvoiceTemplate::Vat,
            Some(t) => InvoiceTemplate::parse(t)
                .ok_or_else(|| anyhow!("invoicing.auto_template = `{t}`: use vat or sales"))?,
        };
        for o in &plan.older {
            match invoicing::issue(
                &pool, &providers, config, &o.number, template, kind, None, actor,
            )
            .await
            {
                Ok(i) => issued.push(format!("{} {} {}", i.order_number, i.series, i.number)),
                Err(e) => refused.push((o.number.clone(), e.to_string())),
            }
        }
    }
    if json {
        say!(
            "{}",
            serde_json::json!({ "issued": issued, "refused": refused, "unsure": round.unsure })
        );
    } else {
        say!(
            "issued: {}",
            orderdeck_domain::text::visible(&list_or_none(&issued))
        );
        for (n, why) in &refused {
            say!("not issued: {n}: {}", orderdeck_domain::text::visible(why));
        }
        if round.unsure > 0 {
            say!(
                "{} unclear answer(s): kept issuing, looked up first next time",
                round.unsure
            );
        }
        if !older && !plan.older.is_empty() {
            say!(
                "{} older order(s) call for an invoice but were completed before automatic invoicing started: `invoice auto --dry-run` lists them, `--older` issues them",
                plan.older.len()
            );
        }
    }
    Ok(())
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}
