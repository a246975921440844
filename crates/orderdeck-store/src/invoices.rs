//! VAT e-invoices.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, SortCells, SortColumn, where_all};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: i64,
    pub order_number: String,
    pub provider: String,
    pub template: String,
    pub kind: String,
    pub series: String,
    pub number: Option<String>,
    pub status: String,
    pub buyer: String,
    pub buyer_tax_code: String,
    pub subtotal: Decimal,
    pub vat_amount: Decimal,
    pub total: Decimal,
    pub tax_authority_code: Option<String>,
    pub issued_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The sorted column's value when the person sorted the list (`<` `>`).
    #[sqlx(flatten)]
    pub sorted: SortCells,
}

impl InvoiceRow {
    pub fn key(&self) -> PageKey {
        self.sorted.key(PageKey::Time(self.created_at, self.id))
    }
}

/// The columns the invoices may be sorted by (their codes are the console's).
pub const SORTS: &[SortColumn] = &[
    SortColumn::text("number", "coalesce(i.number, '')"),
    SortColumn::text("order", "o.number"),
    SortColumn::text("provider", "i.provider"),
    SortColumn::text(
        "buyer",
        "lower(case when i.buyer_company <> '' then i.buyer_company else i.buyer_name end)",
    ),
    SortColumn::text("tax_code", "i.buyer_tax_code"),
    SortColumn::text("status", "i.status"),
    SortColumn::num("total", "i.total"),
];

const SELECT: &str = "select i.id, o.number as order_number, i.provider, i.template, i.kind, i.series,
        i.number, i.status,
        case when i.buyer_company <> '' then i.buyer_company else i.buyer_name end as buyer,
        i.buyer_tax_code, i.subtotal, i.vat_amount, i.total, i.tax_authority_code, i.issued_at, i.created_at
     from invoices i join orders o on o.id = i.order_id";

pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<InvoiceRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(coalesce(i.number, '')) like ${next} or lower(o.number) like ${next}
              or o.search_text like ${next} or i.buyer_tax_code like ${next} or i.status like ${next})"
        ));
        next += 1;
    }
    let keyset = req.sorted_keyset(SORTS, "i.created_at", "i.id", true, next);
    conds.push(keyset.cond.clone());
    // The sorted column goes after the select list's last column (`… i.created_at`).
    let select = SELECT.replacen(
        " from invoices i",
        &format!("{} from invoices i", keyset.select),
        1,
    );
    let sql = format!(
        "{select} where {} order by {} limit $1",
        where_all(&conds),
        keyset.order
    );
    let mut q = sqlx::query_as::<_, InvoiceRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(keyset.bind(q).fetch_all(pool).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceLineRow {
    pub line_no: i32,
    pub name: String,
    pub unit: String,
    pub qty: i32,
    pub unit_price: Decimal,
    pub vat_rate: String,
    pub amount: Decimal,
    pub vat_amount: Decimal,
}

#[derive(Debug, Clone)]
pub struct InvoiceDetail {
    pub row: InvoiceRow,
    pub lines: Vec<InvoiceLineRow>,
}

pub async fn detail(pool: &PgPool, id: i64) -> Result<Option<InvoiceDetail>> {
    let row = sqlx::query_as::<_, InvoiceRow>(&format!("{SELECT} where i.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let lines = sqlx::query_as::<_, InvoiceLineRow>(
        "select line_no, name, unit, qty, unit_price, vat_rate, amount, vat_amount
         from invoice_lines where invoice_id = $1 order by line_no",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(InvoiceDetail { row, lines }))
}

/// How many invoices the database holds, of any status.
pub async fn count(pool: &PgPool) -> Result<i64> {
    Ok(sqlx::query_scalar("select count(*) from invoices")
        .fetch_one(pool)
        .await?)
}
