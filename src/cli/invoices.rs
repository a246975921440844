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
use orderdeck_i18n::t;
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
                .ok_or_else(|| anyhow!("{}", t!("cli-invoice-template-flag", given = &template)))?;
            let kind = ProviderKind::parse(&provider)
                .ok_or_else(|| anyhow!("{}", t!("cli-invoice-provider-flag", given = &provider)))?;
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
                    "{}",
                    t!(
                        "cli-invoice-issued",
                        order = &issued.order_number,
                        invoice =
                            orderdeck_domain::invoice::shown_number(&issued.series, &issued.number),
                        provider = kind.label()
                    )
                );
                say!(
                    "{}",
                    t!(
                        "cli-invoice-tax-code",
                        code = orderdeck_domain::text::visible(
                            &issued
                                .tax_authority_code
                                .clone()
                                .unwrap_or_else(|| t!("common-invoice-no-code-yet"))
                        )
                    )
                );
                if issued.recovered {
                    say!(
                        "{}",
                        t!(
                            "cli-invoice-recovered",
                            provider = kind.label(),
                            transaction = issued.transaction_uuid.to_string()
                        )
                    );
                }
                if !issued.pdf_stored {
                    say!(
                        "{}",
                        t!("cli-invoice-pdf-not-fetched", order = &issued.order_number)
                    );
                }
            }
            Ok(())
        }
        InvoiceAction::Pdf { order, out } => {
            let providers = InvoiceProviders::new(&setup.config.invoices)?;
            let pool = setup.target.open(2).await?;
            let bytes = invoicing::pdf(&pool, Some(&providers), &order).await?;
            std::fs::write(&out, &bytes).map_err(|e| {
                anyhow!(
                    "{}: {e}",
                    t!("cli-cannot-write", path = out.display().to_string())
                )
            })?;
            say!(
                "{}",
                t!(
                    "cli-invoice-pdf-written",
                    bytes = bytes.len(),
                    path = out.display().to_string()
                )
            );
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
                    "{}",
                    t!(
                        "cli-invoice-sent",
                        invoice =
                            orderdeck_domain::invoice::shown_number(&sent.series, &sent.number),
                        to = sent.to.join(", ")
                    )
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
                (None, None) => anyhow::bail!("{}", t!("cli-invoice-replace-what")),
            };
            match issued {
                None => say!("{}", t!("cli-invoice-nothing-to-replace")),
                Some(i) => say!(
                    "{}",
                    t!(
                        "cli-invoice-replaced",
                        order = &i.order_number,
                        invoice = orderdeck_domain::invoice::shown_number(&i.series, &i.number),
                        code = i
                            .tax_authority_code
                            .clone()
                            .unwrap_or_else(|| t!("common-invoice-no-code-yet"))
                    )
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
    let template = InvoiceTemplate::parse(&args.template).ok_or_else(|| {
        anyhow!(
            "{}",
            t!("cli-invoice-template-flag", given = &args.template)
        )
    })?;
    let d = draft_with(pool, config, &args.order, template, &args.buyer).await?;
    match &args.pdf {
        Some(path) => {
            let pages = write_pdf(&d, offset, path)?;
            let wrote = t!(
                "cli-invoice-pdf-wrote",
                path = path.display().to_string(),
                pages = pages
            );
            if args.json {
                // stdout stays one JSON document.
                warn_user!("{wrote}");
                say!("{}", serde_json::to_string_pretty(&invoicing::to_json(&d))?);
            } else {
                say!("{wrote}");
                if !d.problems.is_empty() {
                    say!("{}", t!("cli-invoice-cannot-issue-yet"));
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
        .with_context(|| t!("cli-invoice-cannot-draw", order = &d.order_number))?;
    std::fs::write(path, &bytes)
        .with_context(|| t!("cli-cannot-write", path = path.display().to_string()))?;
    Ok(pages)
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
            (None, _) => say!("{}", t!("cli-invoice-auto-off")),
            (Some(p), Some(since)) => say!(
                "{}",
                t!(
                    "cli-invoice-auto-since",
                    provider = p,
                    since = orderdeck_i18n::format::minute_time(since, offset)
                )
            ),
            (Some(p), None) => say!("{}", t!("cli-invoice-auto-first-round", provider = p)),
        }
        say!(
            "{}",
            t!("cli-invoice-would-issue", orders = list_or_none(&plan.due))
        );
        if !plan.older.is_empty() {
            say!("{}", t!("cli-invoice-older-heading"));
            for o in &plan.older {
                say!(
                    "  {}  {}  {}",
                    o.number,
                    t!(
                        "cli-invoice-completed-on",
                        date = orderdeck_i18n::format::date(
                            o.completed_at.with_timezone(&offset).date_naive()
                        )
                    ),
                    orderdeck_i18n::format::money(o.total)
                );
            }
        }
        return Ok(());
    }
    let Some(code) = config.auto_provider.as_deref() else {
        anyhow::bail!("{}", t!("cli-invoice-auto-off-refused"));
    };
    let providers = InvoiceProviders::new(&setup.config.invoices)?;
    let round = invoicing::auto_issue_round(&pool, &providers, config, 500, actor).await?;
    let mut issued = round.issued.clone();
    let mut refused = round.refused.clone();
    if older {
        let kind = ProviderKind::parse(code)
            .ok_or_else(|| anyhow!("{}", t!("cli-invoice-auto-provider-bad", given = code)))?;
        let template = match config.auto_template.as_deref() {
            None => InvoiceTemplate::Vat,
            Some(t) => InvoiceTemplate::parse(t)
                .ok_or_else(|| anyhow!("{}", t!("cli-invoice-auto-template-bad", given = t)))?,
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
            "{}",
            t!(
                "cli-invoice-auto-issued",
                orders = orderdeck_domain::text::visible(&list_or_none(&issued))
            )
        );
        for (n, why) in &refused {
            say!(
                "{}",
                t!(
                    "cli-invoice-auto-not-issued",
                    order = n,
                    problem = orderdeck_domain::text::visible(why)
                )
            );
        }
        if round.unsure > 0 {
            say!("{}", t!("cli-invoice-auto-unsure", count = round.unsure));
        }
        if !older && !plan.older.is_empty() {
            say!(
                "{}",
                t!("cli-invoice-auto-older-waiting", count = plan.older.len())
            );
        }
    }
    Ok(())
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        t!("cli-invoice-none")
    } else {
        items.join(", ")
    }
}
