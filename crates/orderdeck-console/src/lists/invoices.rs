//! Pane 5: VAT e-invoices.

use orderdeck_domain::money::{format_amount, format_vnd};
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

fn status_tone(s: &str) -> Tone {
    match s {
        "issued" => Tone::Completed,
        "draft" => Tone::New,
        "issuing" => Tone::Processing,
        "failed" => Tone::Error,
        _ => Tone::Cancelled,
    }
}

/// The invoice as people say it: symbol and number. S-Invoice's numbers carry the
/// symbol's last six characters already (`C26TAA75` of `1C26TAA`): not twice.
fn shown_number(series: &str, number: &str) -> String {
    match series.get(1..) {
        Some(tail) if !tail.is_empty() && number.starts_with(tail) => {
            format!("{}{number}", &series[..1])
        }
        _ => format!("{series}-{number}"),
    }
}

fn provider_label(p: &str) -> &str {
    match p {
        "sinvoice" => "Viettel",
        "misa" => "MISA",
        other => other,
    }
}

pub async fn fetch(pool: &PgPool, req: &PageRequest, _fmt: &Fmt) -> store::Result<Vec<DisplayRow>> {
    let rows = store::invoices::page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|i| DisplayRow {
            id: i.id,
            id2: 0,
            key: i.key(),
            cells: vec![
                Cell::new(match &i.number {
                    Some(n) => shown_number(&i.series, n),
                    None => "(draft)".into(),
                }),
                Cell::new(&i.order_number),
                Cell::new(provider_label(&i.provider)),
                Cell::new(&i.buyer),
                Cell::new(&i.buyer_tax_code),
                Cell::tone(&i.status, status_tone(&i.status)),
                Cell::new(format_amount(i.total)),
            ],
        })
        .collect())
}

pub async fn detail(pool: &PgPool, id: i64, fmt: &Fmt) -> store::Result<Option<Detail>> {
    let Some(inv) = store::invoices::detail(pool, id).await? else {
        return Ok(None);
    };
    let r = &inv.row;
    let mut d = Detail::new(format!(
        "Invoice {}",
        r.number
            .as_ref()
            .map(|n| format!("{}-{n}", r.series))
            .unwrap_or_else(|| "(draft)".into())
    ));
    d.line(vec![
        Cell::tone(format!("{:<14}", "Status"), Tone::Dim),
        Cell::tone(&r.status, status_tone(&r.status)),
    ]);
    d.field("Order", &r.order_number);
    d.field("Provider", provider_label(&r.provider));
    d.field(
        "Template",
        format!(
            "{} ({})",
            if r.template == "vat" {
                "VAT invoice"
            } else {
                "sales invoice"
            },
            r.kind
        ),
    );
    d.field("Buyer", &r.buyer);
    if !r.buyer_tax_code.is_empty() {
        d.field("Tax code", &r.buyer_tax_code);
    }
    if let Some(code) = &r.tax_authority_code {
        d.field("Tax auth. code", code);
    }
    if let Some(t) = r.issued_at {
        d.field("Issued", fmt.long(t));
    }
    d.heading("Lines");
    d.line(vec![Cell::tone(
        format!(
            "{:<4}{:<28}{:>5}{:>13}{:>6}{:>13}{:>12}",
            "#", "Item", "Qty", "Unit price", "VAT", "Amount", "VAT amt"
        ),
        Tone::Dim,
    )]);
    for l in &inv.lines {
        d.text(format!(
            "{:<4}{:<28}{:>5}{:>13}{:>6}{:>13}{:>12}",
            l.line_no,
            super::orders::clip(&l.name, 27),
            l.qty,
            format_amount(l.unit_price),
            if l.vat_rate.chars().all(|c| c.is_ascii_digit()) {
                format!("{}%", l.vat_rate)
            } else {
                l.vat_rate.clone()
            },
            format_amount(l.amount),
            format_amount(l.vat_amount)
        ));
    }
    d.heading("Totals");
    d.field("Before VAT", format_vnd(r.subtotal));
    d.field("VAT", format_vnd(r.vat_amount));
    d.line(vec![
        Cell::tone(format!("{:<14}", "Total"), Tone::Dim),
        Cell::tone(format_vnd(r.total), Tone::Title),
    ]);
    Ok(Some(d))
}
