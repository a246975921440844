//! Pane 5: VAT e-invoices.

use crate::words::{self, head_left, head_right};
use orderdeck_i18n::format::amount as format_amount;
use orderdeck_i18n::t;
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

/// A VAT e-invoice is in đồng whatever the shop sells in (Vietnamese law); written the
/// reader's way.
fn money(d: rust_decimal::Decimal) -> String {
    use orderdeck_i18n::format::{Currency, money_as};
    money_as(orderdeck_i18n::current(), Currency::Vnd, d)
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
                    None => t!("console-invoice-draft-number"),
                }),
                Cell::new(&i.order_number),
                Cell::new(provider_label(&i.provider)),
                Cell::new(&i.buyer),
                Cell::new(&i.buyer_tax_code),
                Cell::tone(words::invoice_status(&i.status), status_tone(&i.status)),
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
    let mut d = Detail::new(t!(
        "console-invoice-title",
        number = r
            .number
            .as_ref()
            .map(|n| format!("{}-{n}", r.series))
            .unwrap_or_else(|| t!("console-invoice-draft-number"))
    ));
    d.line(vec![
        Cell::tone(
            format!("{:<14}", crate::words::label(t!("console-field-status"))),
            Tone::Dim,
        ),
        Cell::tone(words::invoice_status(&r.status), status_tone(&r.status)),
    ]);
    d.field(
        &crate::words::label(t!("console-field-order")),
        &r.order_number,
    );
    d.field(
        &crate::words::label(t!("console-field-provider")),
        provider_label(&r.provider),
    );
    d.field(
        &crate::words::label(t!("console-field-template")),
        format!(
            "{} ({})",
            if r.template == "vat" {
                t!("console-invoice-template-vat")
            } else {
                t!("console-invoice-template-sales")
            },
            words::invoice_kind(&r.kind)
        ),
    );
    d.field(&crate::words::label(t!("console-field-buyer")), &r.buyer);
    if !r.buyer_tax_code.is_empty() {
        d.field(
            &crate::words::label(t!("console-field-tax-code")),
            &r.buyer_tax_code,
        );
    }
    if let Some(code) = &r.tax_authority_code {
        d.field(
            &crate::words::label(t!("console-field-tax-authority-code")),
            code,
        );
    }
    if let Some(at) = r.issued_at {
        d.field(
            &crate::words::label(t!("console-field-issued")),
            fmt.long(at),
        );
    }
    d.heading(t!("console-heading-lines"));
    d.line(vec![Cell::tone(
        [
            head_left("#".to_string(), 4),
            head_left(t!("console-col-item"), 28),
            head_right(t!("console-col-qty"), 5),
            head_right(t!("console-col-unit-price"), 13),
            head_right(t!("console-col-vat"), 6),
            head_right(t!("console-col-amount"), 13),
            head_right(t!("console-col-vat-amount"), 12),
        ]
        .concat(),
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
    d.heading(t!("console-heading-totals"));
    d.field(
        &crate::words::label(t!("console-field-before-vat")),
        money(r.subtotal),
    );
    d.field(
        &crate::words::label(t!("console-field-vat")),
        money(r.vat_amount),
    );
    d.line(vec![
        Cell::tone(
            format!("{:<14}", crate::words::label(t!("console-field-total"))),
            Tone::Dim,
        ),
        Cell::tone(money(r.total), Tone::Title),
    ]);
    Ok(Some(d))
}
