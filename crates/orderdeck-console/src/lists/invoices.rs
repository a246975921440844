//! Pane 5: VAT e-invoices.

use crate::words;
use orderdeck_i18n::format::amount as format_amount;
use orderdeck_i18n::t;
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DetailCol, DisplayRow, Fmt, Tone};
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

/// The invoice as people say it, the same everywhere (`1C26TAA-00000012`).
fn shown_number(series: &str, number: &str) -> String {
    orderdeck_domain::invoice::shown_number(series, number)
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
            .map(|n| shown_number(&r.series, n))
            .unwrap_or_else(|| t!("console-invoice-draft-number"))
    ));
    d.field_cell(
        &crate::words::label(t!("console-field-status")),
        Cell::tone(words::invoice_status(&r.status), status_tone(&r.status)),
    );
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
    d.table(vec![
        ("#".to_string(), DetailCol::left()),
        (t!("console-col-item"), DetailCol::text()),
        (t!("console-col-qty"), DetailCol::right()),
        (t!("console-col-unit-price"), DetailCol::right()),
        (t!("console-col-vat"), DetailCol::right()),
        (t!("console-col-amount"), DetailCol::right()),
        (t!("console-col-vat-amount"), DetailCol::right()),
    ]);
    for l in &inv.lines {
        d.table_row(vec![
            Cell::new(l.line_no.to_string()),
            Cell::new(&l.name),
            Cell::new(l.qty.to_string()),
            Cell::new(format_amount(l.unit_price)),
            Cell::new(if l.vat_rate.chars().all(|c| c.is_ascii_digit()) {
                format!("{}%", l.vat_rate)
            } else {
                l.vat_rate.clone()
            }),
            Cell::new(format_amount(l.amount)),
            Cell::new(format_amount(l.vat_amount)),
        ]);
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
    d.field_cell(
        &crate::words::label(t!("console-field-total")),
        Cell::tone(money(r.total), Tone::Title),
    );
    Ok(Some(d))
}
