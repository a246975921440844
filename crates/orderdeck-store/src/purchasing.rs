//! Suppliers, purchase orders and goods receipts.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, SortCells, SortColumn, where_all};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PurchaseOrderRow {
    pub id: i64,
    pub number: String,
    pub supplier: String,
    pub warehouse: String,
    pub status: String,
    pub expected_at: Option<NaiveDate>,
    pub total: Decimal,
    pub lines: i64,
    pub created_at: DateTime<Utc>,
    /// The sorted column's value when the person sorted the list (`<` `>`).
    #[sqlx(flatten)]
    pub sorted: SortCells,
}

/// The columns the purchase orders may be sorted by (their codes are the console's).
pub const SORTS: &[SortColumn] = &[
    SortColumn::text("number", "po.number"),
    SortColumn::text("supplier", "lower(s.name)"),
    SortColumn::text("warehouse", "w.code"),
    SortColumn::text("status", "po.status"),
    // Undated last when the earliest come first (a real far date, not 'infinity', which
    // does not read back into a time).
    SortColumn::time(
        "expected",
        "coalesce(po.expected_at::timestamptz, '9999-12-31T00:00:00Z'::timestamptz)",
    ),
    SortColumn::num(
        "lines",
        "(select count(*) from purchase_order_lines l where l.purchase_order_id = po.id)",
    ),
    SortColumn::num("total", "po.total"),
];

impl PurchaseOrderRow {
    pub fn key(&self) -> PageKey {
        self.sorted.key(PageKey::Time(self.created_at, self.id))
    }

    /// Still expected, and the expected date has passed.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        matches!(self.status.as_str(), "confirmed" | "partially_received")
            && self.expected_at.is_some_and(|d| d < today)
    }
}

pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<PurchaseOrderRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(po.number) like ${next} or lower(s.name) like ${next} or po.status like ${next})"
        ));
        next += 1;
    }
    let keyset = req.sorted_keyset(SORTS, "po.created_at", "po.id", true, next);
    conds.push(keyset.cond.clone());
    let sql = format!(
        "select po.id, po.number, s.name as supplier, w.code as warehouse, po.status, po.expected_at,
                po.total, po.created_at,
                (select count(*) from purchase_order_lines l where l.purchase_order_id = po.id) as lines{}
         from purchase_orders po
         join suppliers s on s.id = po.supplier_id
         join warehouses w on w.id = po.warehouse_id
         where {} order by {} limit $1",
        keyset.select,
        where_all(&conds),
        keyset.order
    );
    let mut q = sqlx::query_as::<_, PurchaseOrderRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(keyset.bind(q).fetch_all(pool).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PurchaseLine {
    pub sku: String,
    pub product: String,
    pub qty: i32,
    pub unit_price: Decimal,
    pub received_qty: i32,
    pub rejected_qty: i32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupplierInfo {
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub tax_code: String,
    pub lead_time_days: i32,
}

#[derive(Debug, Clone)]
pub struct PurchaseOrderDetail {
    pub row: PurchaseOrderRow,
    pub supplier: SupplierInfo,
    pub lines: Vec<PurchaseLine>,
}

pub async fn detail(pool: &PgPool, id: i64) -> Result<Option<PurchaseOrderDetail>> {
    let row = sqlx::query_as::<_, PurchaseOrderRow>(
        "select po.id, po.number, s.name as supplier, w.code as warehouse, po.status, po.expected_at,
                po.total, po.created_at,
                (select count(*) from purchase_order_lines l where l.purchase_order_id = po.id) as lines
         from purchase_orders po join suppliers s on s.id = po.supplier_id
         join warehouses w on w.id = po.warehouse_id where po.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let supplier = sqlx::query_as::<_, SupplierInfo>(
        "select s.name, s.contact, s.phone, s.tax_code, s.lead_time_days
         from suppliers s join purchase_orders po on po.supplier_id = s.id where po.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let lines = sqlx::query_as::<_, PurchaseLine>(
        "select v.sku, p.name as product, l.qty, l.unit_price, l.received_qty, l.rejected_qty
         from purchase_order_lines l join variants v on v.id = l.variant_id
         join products p on p.id = v.product_id where l.purchase_order_id = $1 order by v.sku",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(PurchaseOrderDetail {
        row,
        supplier,
        lines,
    }))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupplierRow {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub tax_code: String,
    pub lead_time_days: i32,
    pub open_pos: i64,
}

impl SupplierRow {
    pub fn key(&self) -> PageKey {
        PageKey::Text(self.name.clone(), self.id)
    }
}

pub async fn suppliers_page(pool: &PgPool, req: &PageRequest) -> Result<Vec<SupplierRow>> {
    let pattern = req.like_pattern();
    let mut conds = vec!["s.active".to_string()];
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(s.name) like ${next} or s.phone like ${next} or s.tax_code like ${next})"
        ));
        next += 1;
    }
    let (key_cond, order) = req.keyset("s.name", "s.id", false, next);
    conds.push(key_cond);
    let sql = format!(
        "select s.id, s.name, s.contact, s.phone, s.tax_code, s.lead_time_days,
                (select count(*) from purchase_orders po where po.supplier_id = s.id and po.status in ('draft', 'confirmed', 'partially_received')) as open_pos
         from suppliers s where {} order by {order} limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, SupplierRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(req.bind_key(q).fetch_all(pool).await?))
}
