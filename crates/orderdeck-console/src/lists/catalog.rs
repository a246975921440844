//! Pane 8: products (with their variants) and warehouses.

use crate::words::{head_left, head_right};
use orderdeck_i18n::format::amount as format_amount;
use orderdeck_i18n::t;
use orderdeck_store::{self as store, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

fn vat_text(rate: &str) -> String {
    if rate.chars().all(|c| c.is_ascii_digit()) {
        format!("{rate}%")
    } else {
        rate.to_string()
    }
}

pub async fn fetch_products(
    pool: &PgPool,
    req: &PageRequest,
    _fmt: &Fmt,
) -> store::Result<Vec<DisplayRow>> {
    let rows = store::catalog::products_page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let price = match (p.min_price, p.max_price) {
                (Some(a), Some(b)) if a != b => {
                    format!("{}–{}", format_amount(a), format_amount(b))
                }
                (Some(a), _) => format_amount(a),
                _ => "-".into(),
            };
            DisplayRow {
                id: p.id,
                id2: 0,
                key: p.key(),
                cells: vec![
                    Cell::new(&p.name),
                    Cell::new(&p.category),
                    Cell::new(&p.brand),
                    Cell::new(p.variants.to_string()),
                    Cell::new(price),
                    Cell::new(vat_text(&p.vat_rate)),
                    Cell::tone(
                        p.on_hand.to_string(),
                        if p.on_hand == 0 {
                            Tone::Error
                        } else {
                            Tone::Normal
                        },
                    ),
                ],
            }
        })
        .collect())
}

pub async fn product_detail(pool: &PgPool, id: i64) -> store::Result<Option<Detail>> {
    let Some(p) = store::catalog::product_detail(pool, id).await? else {
        return Ok(None);
    };
    let h = &p.header;
    let mut d = Detail::new(h.name.clone());
    d.field(
        &crate::words::label(t!("console-field-category")),
        &h.category,
    );
    d.field(&crate::words::label(t!("console-field-brand")), &h.brand);
    d.field(
        &crate::words::label(t!("console-field-vat-rate")),
        vat_text(&h.vat_rate),
    );
    if !h.attributes.is_empty() {
        d.field(
            &crate::words::label(t!("console-field-attributes")),
            h.attributes.join(", "),
        );
    }
    for url in &h.media_urls {
        d.field(&crate::words::label(t!("console-field-media")), url);
    }
    d.heading(t!("console-product-variants", count = p.variants.len()));
    d.line(vec![Cell::tone(
        [
            head_left(t!("console-col-sku"), 14),
            head_left(t!("console-col-variant"), 18),
            head_right(t!("console-col-cost"), 11),
            head_right(t!("console-col-price"), 11),
            head_right(t!("console-col-margin"), 11),
            head_right(t!("console-col-margin-pct"), 7),
            head_right(t!("console-col-stock"), 7),
            head_right(t!("console-col-reserved"), 6),
        ]
        .concat(),
        Tone::Dim,
    )]);
    for v in &p.variants {
        let margin = v.sale_price - v.cost_price;
        let pct = if v.sale_price.is_zero() {
            "-".to_string()
        } else {
            format!(
                "{}%",
                format_amount(
                    (margin * rust_decimal::Decimal::ONE_HUNDRED / v.sale_price).round_dp(1)
                )
            )
        };
        d.line(vec![
            Cell::new(format!(
                "{:<14}{:<18}{:>11}{:>11}",
                v.sku,
                super::orders::clip(&v.attr_values.join("/"), 17),
                format_amount(v.cost_price),
                format_amount(v.sale_price)
            )),
            Cell::tone(
                format!("{:>11}{:>7}", format_amount(margin), pct),
                if margin.is_sign_negative() {
                    Tone::Error
                } else {
                    Tone::Ok
                },
            ),
            Cell::new(format!("{:>7}{:>6}", v.on_hand, v.reserved)),
        ]);
        if let Some(b) = &v.barcode {
            d.line(vec![Cell::tone(
                format!("    {}", t!("console-product-barcode", barcode = b)),
                Tone::Dim,
            )]);
        }
    }
    if !h.description.is_empty() {
        d.heading(t!("console-product-description"));
        for l in h.description.lines() {
            d.text(l);
        }
    }
    if !h.specs.is_empty() {
        d.heading(t!("console-product-specs"));
        for l in h.specs.lines() {
            d.text(l);
        }
    }
    Ok(Some(d))
}

pub async fn fetch_warehouses(
    pool: &PgPool,
    req: &PageRequest,
    _fmt: &Fmt,
) -> store::Result<Vec<DisplayRow>> {
    let rows = store::catalog::warehouses_page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|w| DisplayRow {
            id: w.id,
            id2: 0,
            key: w.key(),
            cells: vec![
                Cell::new(&w.code),
                Cell::new(&w.name),
                Cell::new(&w.manager),
                Cell::new(w.skus.to_string()),
                Cell::new(w.on_hand.to_string()),
                if w.active {
                    Cell::tone(t!("console-warehouse-active"), Tone::Ok)
                } else {
                    Cell::tone(t!("console-warehouse-inactive"), Tone::Cancelled)
                },
            ],
        })
        .collect())
}

pub async fn warehouse_detail(pool: &PgPool, id: i64, fmt: &Fmt) -> store::Result<Option<Detail>> {
    let req = PageRequest::first("", 1000);
    let rows = store::catalog::warehouses_page(pool, &req).await?;
    let Some(w) = rows.into_iter().find(|w| w.id == id) else {
        return Ok(None);
    };
    let mut d = Detail::new(t!(
        "console-warehouse-title",
        code = &w.code,
        name = &w.name
    ));
    d.field(
        &crate::words::label(t!("console-field-address")),
        &w.address,
    );
    d.field(
        &crate::words::label(t!("console-field-in-charge")),
        &w.manager,
    );
    d.field(
        &crate::words::label(t!("console-field-state")),
        if w.active {
            t!("console-warehouse-active")
        } else {
            t!("console-warehouse-inactive")
        },
    );
    d.field(
        &crate::words::label(t!("console-field-skus-in-stock")),
        w.skus.to_string(),
    );
    d.field(
        &crate::words::label(t!("console-field-units-on-hand")),
        w.on_hand.to_string(),
    );
    d.field(
        &crate::words::label(t!("console-field-created")),
        fmt.long(w.created_at),
    );
    Ok(Some(d))
}
