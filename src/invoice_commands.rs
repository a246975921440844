//! The invoice side of the command line that is more than a call and a print:
//! `orderdeck invoice preview`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use chrono::FixedOffset;
use sqlx::PgPool;

use crate::domain::invoice::InvoiceTemplate;
use crate::domain::invoice_document::BuyerOverride;
use crate::labels;
use crate::workflow::invoicing::{self, InvoiceDraft, InvoicingConfig};

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
                eprintln!("{wrote}");
                println!("{}", serde_json::to_string_pretty(&invoicing::to_json(&d))?);
            } else {
                println!("{wrote}");
                if !d.problems.is_empty() {
                    println!("Cannot be issued yet:");
                    for p in &d.problems {
                        println!("  - {p}");
                    }
                }
            }
        }
        None if args.json => {
            println!("{}", serde_json::to_string_pretty(&invoicing::to_json(&d))?);
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
