//! Products, variants and warehouses.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, SortCells, SortColumn, where_all};
pub use orderdeck_domain::catalog::{
    KnownCustomer, ProductDetail, ProductHeader, VariantDetail, WarehouseInput,
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub brand: String,
    pub vat_rate: String,
    pub variants: i64,
    pub min_price: Option<Decimal>,
    pub max_price: Option<Decimal>,
    pub on_hand: i64,
    /// The sorted column's value when the person sorted the list (`<` `>`).
    #[sqlx(flatten)]
    pub sorted: SortCells,
}

impl ProductRow {
    pub fn key(&self) -> PageKey {
        self.sorted.key(PageKey::Text(self.name.clone(), self.id))
    }
}

/// The columns the products may be sorted by (their codes are the console's).
pub const PRODUCT_SORTS: &[SortColumn] = &[
    SortColumn::text("product", "lower(p.name)"),
    SortColumn::text("category", "lower(p.category)"),
    SortColumn::text("brand", "lower(p.brand)"),
    SortColumn::num(
        "variants",
        "(select count(*) from variants v where v.product_id = p.id)",
    ),
    SortColumn::num(
        "price",
        "coalesce((select min(sale_price) from variants v where v.product_id = p.id), 0)",
    ),
    SortColumn::num(
        "on_hand",
        "(select coalesce(sum(s.on_hand), 0) from stock_levels s
           join variants v on v.id = s.variant_id where v.product_id = p.id)",
    ),
];

pub async fn products_page(pool: &PgPool, req: &PageRequest) -> Result<Vec<ProductRow>> {
    // Every word somewhere in the folded name, category, brand or a variant's SKU, or
    // the whole filter a variant's barcode (what a scanner types).
    let words = req.like_words();
    let mut conds = vec!["p.active".to_string()];
    let mut next = 2;
    if !words.is_empty() {
        let each: Vec<String> = (0..words.len())
            .map(|i| {
                let n = next + 1 + i;
                format!(
                    "(p.search_text like ${n} or exists (select 1 from variants v
                        where v.product_id = p.id and lower(v.sku) like ${n}))"
                )
            })
            .collect();
        conds.push(format!(
            "(exists (select 1 from variants v where v.product_id = p.id and v.barcode = ${next})
              or ({}))",
            each.join(" and ")
        ));
        next += 1 + words.len();
    }
    let keyset = req.sorted_keyset(PRODUCT_SORTS, "p.name", "p.id", false, next);
    conds.push(keyset.cond.clone());
    let sql = format!(
        "select p.id, p.name, p.category, p.brand, p.vat_rate{},
                (select count(*) from variants v where v.product_id = p.id) as variants,
                (select min(sale_price) from variants v where v.product_id = p.id) as min_price,
                (select max(sale_price) from variants v where v.product_id = p.id) as max_price,
                (select coalesce(sum(s.on_hand), 0)::bigint from stock_levels s
                   join variants v on v.id = s.variant_id where v.product_id = p.id) as on_hand
         from products p where {} order by {} limit $1",
        keyset.select,
        where_all(&conds),
        keyset.order
    );
    let mut q = sqlx::query_as::<_, ProductRow>(&sql).bind(req.limit);
    if !words.is_empty() {
        q = q.bind(req.filter.trim().to_string());
        for w in words {
            q = q.bind(w);
        }
    }
    Ok(req.in_display_order(keyset.bind(q).fetch_all(pool).await?))
}

pub async fn product_detail(pool: &PgPool, id: i64) -> Result<Option<ProductDetail>> {
    type HeaderRow = (
        i64,
        String,
        String,
        String,
        String,
        String,
        Vec<String>,
        Vec<String>,
        String,
    );
    let header = sqlx::query_as::<_, HeaderRow>(
        "select id, name, category, brand, description, specs, media_urls, attributes, vat_rate
         from products where id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some((id, name, category, brand, description, specs, media_urls, attributes, vat_rate)) =
        header
    else {
        return Ok(None);
    };
    let header = ProductHeader {
        id,
        name,
        category,
        brand,
        description,
        specs,
        media_urls,
        attributes,
        vat_rate,
    };
    type VariantRow = (
        String,
        i32,
        Option<String>,
        Vec<String>,
        Decimal,
        Decimal,
        i64,
        i64,
    );
    let variants = sqlx::query_as::<_, VariantRow>(
        "select v.sku, v.reorder_point, v.barcode, v.attr_values, v.cost_price, v.sale_price,
                coalesce(sum(s.on_hand), 0)::bigint as on_hand, coalesce(sum(s.reserved), 0)::bigint as reserved
         from variants v left join stock_levels s on s.variant_id = v.id
         where v.product_id = $1 group by v.id order by v.sku",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(
        |(sku, reorder_point, barcode, attr_values, cost_price, sale_price, on_hand, reserved)| {
            VariantDetail {
                sku,
                reorder_point,
                barcode,
                attr_values,
                cost_price,
                sale_price,
                on_hand,
                reserved,
            }
        },
    )
    .collect();
    Ok(Some(ProductDetail { header, variants }))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WarehouseRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub address: String,
    pub manager: String,
    pub active: bool,
    pub skus: i64,
    pub on_hand: i64,
    pub created_at: DateTime<Utc>,
}

impl WarehouseRow {
    pub fn key(&self) -> PageKey {
        PageKey::Text(self.code.clone(), self.id)
    }
}

pub async fn warehouses_page(pool: &PgPool, req: &PageRequest) -> Result<Vec<WarehouseRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(w.code) like ${next} or lower(w.name) like ${next} or lower(w.address) like ${next})"
        ));
        next += 1;
    }
    let (key_cond, order) = req.keyset("w.code", "w.id", false, next);
    conds.push(key_cond);
    let sql = format!(
        "select w.id, w.code, w.name, w.address, w.manager, w.active, w.created_at,
                (select count(*) from stock_levels s where s.warehouse_id = w.id and s.on_hand > 0) as skus,
                (select coalesce(sum(s.on_hand), 0)::bigint from stock_levels s where s.warehouse_id = w.id) as on_hand
         from warehouses w where {} order by {order} limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, WarehouseRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(req.bind_key(q).fetch_all(pool).await?))
}

/// What an item code typed in a form turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemMatch {
    One(String),
    Many(Vec<String>),
    None,
}

/// Finds a variant by SKU or barcode (exact), else by name words (with or without
/// diacritics, colour/size included), so "ao thun basic trang s" finds one SKU.
pub async fn find_item(pool: &PgPool, code: &str) -> Result<ItemMatch> {
    let code = code.trim();
    let exact: Vec<String> = sqlx::query_scalar("select sku from variants where active and (upper(sku) = upper($1) or barcode = $1) limit 2")
        .bind(code)
        .fetch_all(pool)
        .await?;
    if let [one] = exact.as_slice() {
        return Ok(ItemMatch::One(one.clone()));
    }
    let words: Vec<String> = orderdeck_domain::text::fold(code)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return Ok(ItemMatch::None);
    }
    let first = format!("%{}%", words[0].replace(['%', '_'], ""));
    let rows: Vec<(String, String, Vec<String>)> = sqlx::query_as(
        "select v.sku, p.name, v.attr_values from variants v join products p on p.id = v.product_id
         where v.active and p.active and p.search_text like $1 order by v.sku limit 500",
    )
    .bind(first)
    .fetch_all(pool)
    .await?;
    let hits: Vec<String> = rows
        .into_iter()
        .filter(|(sku, name, attrs)| {
            let hay = orderdeck_domain::text::fold(&format!("{sku} {name} {}", attrs.join(" ")));
            let tokens: Vec<&str> = hay.split_whitespace().collect();
            words.iter().all(|w| {
                tokens.iter().any(|t| t.starts_with(w.as_str()))
                    || hay.contains(w.as_str()) && w.len() > 2
            })
        })
        .map(|(sku, ..)| sku)
        .collect();
    Ok(match hits.len() {
        0 => ItemMatch::None,
        1 => ItemMatch::One(hits[0].clone()),
        _ => ItemMatch::Many(hits),
    })
}

pub async fn customer_by_phone(pool: &PgPool, phone: &str) -> Result<Option<KnownCustomer>> {
    let row: Option<(String, String, serde_json::Value)> = sqlx::query_as(
        "select name, email, address from customers where phone = $1 order by updated_at desc limit 1",
    )
    .bind(phone)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(name, email, address)| KnownCustomer {
        name,
        email,
        address,
    }))
}

/// Creates (`id` None) or updates a warehouse. A code already taken is a field error.
pub async fn save_warehouse(
    pool: &PgPool,
    id: Option<i64>,
    w: &WarehouseInput,
) -> Result<std::result::Result<i64, Vec<(String, String)>>> {
    let errors = w.validate();
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let res: std::result::Result<i64, sqlx::Error> = match id {
        None => sqlx::query_scalar("insert into warehouses (code, name, address, manager) values ($1, $2, $3, $4) returning id")
            .bind(&w.code)
            .bind(w.name.trim())
            .bind(w.address.trim())
            .bind(w.manager.trim())
            .fetch_one(pool)
            .await,
        Some(id) => sqlx::query_scalar(
            "update warehouses set code = $2, name = $3, address = $4, manager = $5, updated_at = now() where id = $1 returning id",
        )
        .bind(id)
        .bind(&w.code)
        .bind(w.name.trim())
        .bind(w.address.trim())
        .bind(w.manager.trim())
        .fetch_one(pool)
        .await,
    };
    match res {
        Ok(id) => Ok(Ok(id)),
        Err(e) if e.as_database_error().and_then(|d| d.code()).as_deref() == Some("23505") => {
            Ok(Err(vec![(
                "code".into(),
                format!("{} is already another warehouse's code", w.code),
            )]))
        }
        Err(e) => Err(e.into()),
    }
}

/// Deactivates a warehouse: refused while it still holds stock or reservations.
pub async fn deactivate_warehouse(
    pool: &PgPool,
    code: &str,
) -> Result<std::result::Result<(), String>> {
    let held: Option<(i64, i64)> = sqlx::query_as(
        "select coalesce(sum(s.on_hand), 0)::bigint, coalesce(sum(s.reserved), 0)::bigint
         from warehouses w left join stock_levels s on s.warehouse_id = w.id where w.code = $1 group by w.id",
    )
    .bind(code)
    .fetch_optional(pool)
    .await?;
    match held {
        None => Ok(Err(format!("no warehouse {code}"))),
        Some((on_hand, _)) if on_hand > 0 => Ok(Err(format!(
            "{code} still holds {on_hand} unit(s): move or count them out first"
        ))),
        Some(_) => {
            sqlx::query("update warehouses set active = false, updated_at = now() where code = $1")
                .bind(code)
                .execute(pool)
                .await?;
            Ok(Ok(()))
        }
    }
}

/// A warehouse as its form edits it.
pub async fn warehouse_input(pool: &PgPool, id: i64) -> Result<Option<WarehouseInput>> {
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("select code, name, address, manager from warehouses where id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(code, name, address, manager)| WarehouseInput {
        code,
        name,
        address,
        manager,
    }))
}
