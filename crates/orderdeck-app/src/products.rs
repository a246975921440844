//! Products from the console: create one with its variants (every combination of up to
//! three attributes, each with its own SKU) and opening stock; edit its details and prices.

use rust_decimal::Decimal;
use sqlx::PgPool;

use orderdeck_store::{self as store, StoreError};

/// Field key and message.
pub type FieldErrors = Vec<(String, String)>;

#[derive(Debug, Clone, Default)]
pub struct ProductInput {
    pub name: String,
    pub category: String,
    pub brand: String,
    pub vat_rate: String,
    pub media: Vec<String>,
    pub description: String,
    pub specs: String,
    /// "Màu: Đỏ, Xanh" per attribute, at most three.
    pub attributes: Vec<(String, Vec<String>)>,
    pub sku_prefix: String,
    pub cost_price: Decimal,
    pub sale_price: Decimal,
    /// Warehouse code and units, for every variant.
    pub opening: Vec<(String, i32)>,
}

const VAT_RATES: [&str; 6] = ["0", "5", "8", "10", "KCT", "KKKNT"];

/// "Màu: Đỏ, Xanh" → ("Màu", ["Đỏ", "Xanh"]).
pub fn parse_attribute(line: &str) -> Result<(String, Vec<String>), String> {
    let (name, values) = line
        .split_once(':')
        .ok_or_else(|| format!("`{line}`: write it as Name: value, value"))?;
    let values: Vec<String> = values
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if name.trim().is_empty() || values.is_empty() {
        return Err(format!("`{line}`: a name and at least one value"));
    }
    Ok((name.trim().to_string(), values))
}

/// "HN=10, HCM=5" → [("HN", 10), ("HCM", 5)].
pub fn parse_opening(text: &str) -> Result<Vec<(String, i32)>, String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (code, qty) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}`: write WAREHOUSE=units"))?;
            let qty: i32 = qty
                .trim()
                .parse()
                .ok()
                .filter(|q| (0..=1_000_000).contains(q))
                .ok_or_else(|| format!("`{part}`: units must be a whole number from 0"))?;
            Ok((code.trim().to_uppercase(), qty))
        })
        .collect()
}

impl ProductInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = Vec::new();
        if self.name.trim().is_empty() || self.name.chars().count() > 300 {
            e.push(("name".into(), "1–300 characters".into()));
        }
        if !VAT_RATES.contains(&self.vat_rate.as_str()) {
            e.push(("vat_rate".into(), "0, 5, 8, 10, KCT or KKKNT".into()));
        }
        if self.attributes.len() > 3 {
            e.push((
                "attributes".into(),
                "at most three attributes (for example colour, size, material)".into(),
            ));
        }
        let combos: usize = self.attributes.iter().map(|(_, v)| v.len()).product();
        if combos > 200 {
            e.push((
                "attributes".into(),
                format!("{combos} combinations: at most 200 variants per product"),
            ));
        }
        let prefix_ok = !self.sku_prefix.is_empty()
            && self.sku_prefix.len() <= 40
            && self
                .sku_prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !prefix_ok {
            e.push((
                "sku_prefix".into(),
                "letters, digits, - or _ (variants get PREFIX-1, PREFIX-2 …)".into(),
            ));
        }
        for (k, v) in [
            ("cost_price", self.cost_price),
            ("sale_price", self.sale_price),
        ] {
            if v.is_sign_negative() {
                e.push((k.into(), "cannot be negative".into()));
            }
        }
        for url in &self.media {
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 1000 {
                e.push(("media".into(), format!("`{url}` is not an http(s) link")));
            }
        }
        e
    }

    /// Every combination of attribute values, in order.
    pub fn combinations(&self) -> Vec<Vec<String>> {
        let mut out = vec![Vec::new()];
        for (_, values) in &self.attributes {
            out = out
                .iter()
                .flat_map(|prefix| {
                    values
                        .iter()
                        .map(move |v| [prefix.clone(), vec![v.clone()]].concat())
                })
                .collect();
        }
        out
    }
}

/// Creates the product, its variants and their opening stock in one transaction.
pub async fn create(
    pool: &PgPool,
    p: &ProductInput,
    actor: &str,
) -> Result<Result<String, FieldErrors>, StoreError> {
    let mut errors = p.validate();
    let mut tx = pool.begin().await?;
    let mut warehouses = Vec::new();
    for (code, qty) in &p.opening {
        match sqlx::query_scalar::<_, i64>("select id from warehouses where code = $1 and active")
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?
        {
            Some(id) => warehouses.push((id, *qty)),
            None => errors.push(("opening".into(), format!("no active warehouse {code}"))),
        }
    }
    let combos = p.combinations();
    let skus: Vec<String> = (1..=combos.len())
        .map(|i| {
            if combos.len() == 1 {
                p.sku_prefix.clone()
            } else {
                format!("{}-{i}", p.sku_prefix)
            }
        })
        .collect();
    let taken: Vec<String> = sqlx::query_scalar("select sku from variants where sku = any($1)")
        .bind(&skus)
        .fetch_all(&mut *tx)
        .await?;
    if !taken.is_empty() {
        errors.push((
            "sku_prefix".into(),
            format!("SKU {} already exists", taken.join(", ")),
        ));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let names: Vec<String> = p.attributes.iter().map(|(n, _)| n.clone()).collect();
    let search = store::orders::search_text(&[&p.name, &p.category, &p.brand, &skus.join(" ")]);
    let id: i64 = sqlx::query_scalar(
        "insert into products (name, category, brand, description, specs, media_urls, attributes, vat_rate, search_text)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
    )
    .bind(p.name.trim())
    .bind(p.category.trim())
    .bind(p.brand.trim())
    .bind(&p.description)
    .bind(&p.specs)
    .bind(&p.media)
    .bind(&names)
    .bind(&p.vat_rate)
    .bind(search)
    .fetch_one(&mut *tx)
    .await?;
    for (sku, values) in skus.iter().zip(&combos) {
        let vid: i64 = sqlx::query_scalar(
            "insert into variants (product_id, sku, attr_values, cost_price, sale_price) values ($1, $2, $3, $4, $5) returning id",
        )
        .bind(id)
        .bind(sku)
        .bind(values)
        .bind(p.cost_price)
        .bind(p.sale_price)
        .fetch_one(&mut *tx)
        .await?;
        for (wh, qty) in &warehouses {
            let m = store::stock::Move {
                variant_id: vid,
                warehouse_id: *wh,
                qty: *qty,
                kind: "opening",
                reason: "opening stock",
                actor,
                reference: None,
            };
            store::stock::post_move(&mut tx, &m).await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(format!(
        "created {} with {} variant(s): {}",
        p.name.trim(),
        skus.len(),
        skus.join(", ")
    )))
}

#[derive(Debug, Clone, Default)]
pub struct ProductEdit {
    pub name: String,
    pub category: String,
    pub brand: String,
    pub vat_rate: String,
    pub media: Vec<String>,
    pub description: String,
    pub specs: String,
    /// SKU, cost price, selling price, reorder point (None keeps it).
    pub prices: Vec<(String, Decimal, Decimal, Option<i32>)>,
}

/// Saves a product's details and its variants' prices in one transaction.
pub async fn update(
    pool: &PgPool,
    id: i64,
    e: &ProductEdit,
) -> Result<Result<String, FieldErrors>, StoreError> {
    let mut errors = Vec::new();
    if e.name.trim().is_empty() || e.name.chars().count() > 300 {
        errors.push(("name".into(), "1–300 characters".into()));
    }
    if !VAT_RATES.contains(&e.vat_rate.as_str()) {
        errors.push(("vat_rate".into(), "0, 5, 8, 10, KCT or KKKNT".into()));
    }
    let mut tx = pool.begin().await?;
    let own: Vec<String> = sqlx::query_scalar("select sku from variants where product_id = $1")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
    for (sku, cost, price, reorder) in &e.prices {
        if reorder.is_some_and(|r| r < 0) {
            errors.push((
                "prices".into(),
                format!("{sku}: the reorder point cannot be negative"),
            ));
        }
        if !own.contains(sku) {
            errors.push((
                "prices".into(),
                format!("{sku} is not a variant of this product"),
            ));
        }
        if cost.is_sign_negative() || price.is_sign_negative() {
            errors.push(("prices".into(), format!("{sku}: prices cannot be negative")));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let search = store::orders::search_text(&[&e.name, &e.category, &e.brand, &own.join(" ")]);
    sqlx::query(
        "update products set name = $2, category = $3, brand = $4, vat_rate = $5, media_urls = $6, description = $7, specs = $8,
                search_text = $9, updated_at = now() where id = $1",
    )
    .bind(id)
    .bind(e.name.trim())
    .bind(e.category.trim())
    .bind(e.brand.trim())
    .bind(&e.vat_rate)
    .bind(&e.media)
    .bind(&e.description)
    .bind(&e.specs)
    .bind(search)
    .execute(&mut *tx)
    .await?;
    for (sku, cost, price, reorder) in &e.prices {
        sqlx::query("update variants set cost_price = $2, sale_price = $3, reorder_point = coalesce($4, reorder_point), updated_at = now() where sku = $1")
            .bind(sku)
            .bind(cost)
            .bind(price)
            .bind(reorder)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(format!("saved {}", e.name.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_opening_parse() {
        assert_eq!(
            parse_attribute("Màu: Đỏ, Xanh ,"),
            Ok(("Màu".into(), vec!["Đỏ".into(), "Xanh".into()]))
        );
        assert!(parse_attribute("Màu Đỏ").is_err());
        assert_eq!(
            parse_opening("HN=10, hcm=5"),
            Ok(vec![("HN".into(), 10), ("HCM".into(), 5)])
        );
        assert!(parse_opening("HN=-1").is_err());
    }

    #[test]
    fn one_variant_per_combination() {
        let p = ProductInput {
            attributes: vec![
                ("Màu".into(), vec!["Đỏ".into(), "Xanh".into()]),
                ("Size".into(), vec!["S".into(), "M".into(), "L".into()]),
            ],
            ..Default::default()
        };
        let c = p.combinations();
        assert_eq!(c.len(), 6);
        assert_eq!(c[0], vec!["Đỏ".to_string(), "S".to_string()]);
        assert_eq!(
            ProductInput::default().combinations(),
            vec![Vec::<String>::new()]
        );
    }
}
