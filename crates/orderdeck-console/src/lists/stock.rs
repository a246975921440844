//! Pane 2: stock per SKU and warehouse, and a SKU's ledger.

use crate::words::{self, head_left, head_right};
use orderdeck_i18n::t;
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

pub async fn fetch(pool: &PgPool, req: &PageRequest, _fmt: &Fmt) -> store::Result<Vec<DisplayRow>> {
    let rows = store::stock::page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let low = s.is_low();
            let avail = s.figures().available();
            let product = if s.attr_values.is_empty() {
                s.product.clone()
            } else {
                format!("{} ({})", s.product, s.attr_values.join("/"))
            };
            DisplayRow {
                id: s.variant_id,
                id2: s.warehouse_id,
                key: s.key(),
                cells: vec![
                    Cell::new(&s.sku),
                    Cell::new(product),
                    Cell::new(&s.warehouse),
                    Cell::new(s.on_hand.to_string()),
                    Cell::new(s.reserved.to_string()),
                    Cell::tone(
                        avail.to_string(),
                        if avail == 0 {
                            Tone::Error
                        } else {
                            Tone::Normal
                        },
                    ),
                    Cell::tone(
                        s.incoming.to_string(),
                        if s.incoming > 0 { Tone::Ok } else { Tone::Dim },
                    ),
                    Cell::tone(s.reorder_point.to_string(), Tone::Dim),
                    if low {
                        Cell::tone(t!("console-stock-low"), Tone::Warn)
                    } else {
                        Cell::new("")
                    },
                ],
            }
        })
        .collect())
}

pub async fn detail(
    pool: &PgPool,
    variant_id: i64,
    warehouse_id: i64,
    fmt: &Fmt,
) -> store::Result<Option<Detail>> {
    let moves = store::stock::ledger(pool, variant_id, warehouse_id, 200).await?;
    let names = store::stock::names(pool, variant_id, warehouse_id).await?;
    let Some((sku, product, wh)) = names else {
        return Ok(None);
    };
    let mut d = Detail::new(t!(
        "console-stock-ledger-title",
        sku = &sku,
        warehouse = &wh
    ));
    d.field(&crate::words::label(t!("console-field-product")), product);
    d.heading(t!("console-stock-moves", count = moves.len()));
    d.line(vec![Cell::tone(
        [
            head_left(t!("console-col-when"), 20),
            head_right(t!("console-col-qty"), 7),
            head_right(t!("console-col-balance"), 9),
            "  ".to_string(),
            head_left(t!("console-col-kind"), 11),
            t!("console-col-reason"),
        ]
        .concat(),
        Tone::Dim,
    )]);
    for m in moves {
        d.line(vec![
            Cell::tone(format!("{:<20}", fmt.long(m.created_at)), Tone::Dim),
            Cell::tone(
                format!("{:>+7}", m.qty),
                if m.qty < 0 { Tone::Warn } else { Tone::Ok },
            ),
            Cell::new(format!(
                "{:>9}  {:<11}{}",
                m.balance,
                words::stock_move_kind(&m.kind),
                m.reason
            )),
        ]);
    }
    Ok(Some(d))
}
