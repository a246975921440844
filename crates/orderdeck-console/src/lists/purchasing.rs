//! Pane 3: purchase orders, late ones flagged.

use crate::words;
use orderdeck_i18n::format::{amount as format_amount, money};
use orderdeck_i18n::t;
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DetailCol, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

fn status_tone(status: &str, late: bool) -> Tone {
    if late {
        return Tone::Error;
    }
    match status {
        "draft" => Tone::New,
        "confirmed" | "partially_received" => Tone::Processing,
        "received" => Tone::Completed,
        _ => Tone::Cancelled,
    }
}

pub async fn fetch(pool: &PgPool, req: &PageRequest, fmt: &Fmt) -> store::Result<Vec<DisplayRow>> {
    let today = fmt.now.with_timezone(&fmt.offset).date_naive();
    let rows = store::purchasing::page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let late = p.is_late(today);
            let status = if late {
                t!("console-po-late", status = words::po_status(&p.status))
            } else {
                words::po_status(&p.status)
            };
            DisplayRow {
                id: p.id,
                id2: 0,
                key: p.key(),
                cells: vec![
                    Cell::new(&p.number),
                    Cell::new(&p.supplier),
                    Cell::new(&p.warehouse),
                    Cell::tone(status, status_tone(&p.status, late)),
                    Cell::new(p.expected_at.map(|d| fmt.date(d)).unwrap_or_default()),
                    Cell::new(p.lines.to_string()),
                    Cell::new(format_amount(p.total)),
                ],
            }
        })
        .collect())
}

pub async fn detail(pool: &PgPool, id: i64, fmt: &Fmt) -> store::Result<Option<Detail>> {
    let Some(po) = store::purchasing::detail(pool, id).await? else {
        return Ok(None);
    };
    let today = fmt.now.with_timezone(&fmt.offset).date_naive();
    let mut d = Detail::new(t!("console-po-title", number = &po.row.number));
    d.field_cell(
        &crate::words::label(t!("console-field-status")),
        Cell::tone(
            words::po_status(&po.row.status),
            status_tone(&po.row.status, po.row.is_late(today)),
        ),
    );
    d.field(
        &crate::words::label(t!("console-field-supplier")),
        &po.supplier.name,
    );
    d.field(
        &crate::words::label(t!("console-field-contact")),
        format!("{} {}", po.supplier.contact, po.supplier.phone),
    );
    if !po.supplier.tax_code.is_empty() {
        d.field(
            &crate::words::label(t!("console-field-tax-code")),
            &po.supplier.tax_code,
        );
    }
    d.field(
        &crate::words::label(t!("console-field-lead-time")),
        t!("console-days", days = po.supplier.lead_time_days),
    );
    d.field(
        &crate::words::label(t!("console-field-warehouse")),
        &po.row.warehouse,
    );
    d.field(
        &crate::words::label(t!("console-field-expected")),
        po.row
            .expected_at
            .map(|x| fmt.date(x))
            .unwrap_or_else(|| "-".into()),
    );
    d.field(
        &crate::words::label(t!("console-field-created")),
        fmt.long(po.row.created_at),
    );
    d.heading(t!("console-heading-lines"));
    d.table(vec![
        (t!("console-col-sku"), DetailCol::left()),
        (t!("console-col-product"), DetailCol::text()),
        (t!("console-col-qty"), DetailCol::right()),
        (t!("console-col-received"), DetailCol::right()),
        (t!("console-col-rejected"), DetailCol::right()),
        (t!("console-col-unit-price"), DetailCol::right()),
    ]);
    for l in &po.lines {
        d.table_row(vec![
            Cell::new(&l.sku),
            Cell::new(&l.product),
            Cell::new(l.qty.to_string()),
            Cell::new(l.received_qty.to_string()),
            Cell::new(l.rejected_qty.to_string()),
            Cell::new(format_amount(l.unit_price)),
        ]);
    }
    d.field(
        &crate::words::label(t!("console-field-total")),
        money(po.row.total),
    );
    Ok(Some(d))
}

pub async fn fetch_suppliers(
    pool: &PgPool,
    req: &PageRequest,
    _fmt: &Fmt,
) -> store::Result<Vec<DisplayRow>> {
    let rows = store::purchasing::suppliers_page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|s| DisplayRow {
            id: s.id,
            id2: 0,
            key: s.key(),
            cells: vec![
                Cell::new(&s.name),
                Cell::new(&s.contact),
                Cell::new(&s.phone),
                Cell::new(&s.tax_code),
                Cell::new(t!("console-days-short", days = s.lead_time_days)),
                Cell::new(s.open_pos.to_string()),
            ],
        })
        .collect())
}

pub async fn supplier_detail(pool: &PgPool, id: i64, _fmt: &Fmt) -> store::Result<Option<Detail>> {
    let req = PageRequest::first("", 10_000);
    let Some(s) = store::purchasing::suppliers_page(pool, &req)
        .await?
        .into_iter()
        .find(|s| s.id == id)
    else {
        return Ok(None);
    };
    let mut d = Detail::new(t!("console-supplier-title", name = &s.name));
    d.field(
        &crate::words::label(t!("console-field-contact")),
        &s.contact,
    );
    d.field(&crate::words::label(t!("console-field-phone")), &s.phone);
    d.field(
        &crate::words::label(t!("console-field-tax-code")),
        &s.tax_code,
    );
    d.field(
        &crate::words::label(t!("console-field-lead-time")),
        t!("console-days", days = s.lead_time_days),
    );
    d.field(
        &crate::words::label(t!("console-field-open-pos")),
        s.open_pos.to_string(),
    );
    Ok(Some(d))
}
