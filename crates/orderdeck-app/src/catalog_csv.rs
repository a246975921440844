//! Products as CSV, one row per variant (and warehouse):
//! `product,sku,barcode,category,brand,attr1,value1,attr2,value2,attr3,value3,cost_price,vat_rate,sale_price,warehouse,opening_stock`.
//! An import is all or nothing: a file with any bad row imports nothing, and every bad
//! row is reported with its line number and reason. Export writes the same format.

use std::collections::{BTreeMap, HashMap, HashSet};

use orderdeck_domain::money::read::{self as money_read, DecimalMark, read_vnd};
use rust_decimal::Decimal;
use sqlx::PgPool;

use orderdeck_store::{self as store, StoreError};

pub const HEADER: [&str; 16] = [
    "product",
    "sku",
    "barcode",
    "category",
    "brand",
    "attr1",
    "value1",
    "attr2",
    "value2",
    "attr3",
    "value3",
    "cost_price",
    "vat_rate",
    "sale_price",
    "warehouse",
    "opening_stock",
];

#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-csv-bad-rows",
            count = .0.len(),
            rows = .0
                .iter()
                .map(|(l, m)| orderdeck_i18n::t!("err-csv-line", line = l.to_string(), problem = m))
                .collect::<Vec<_>>()
                .join("\n")
        )
    )]
    BadRows(Vec<(u64, String)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CsvError {
    fn from(e: sqlx::Error) -> Self {
        CsvError::Store(e.into())
    }
}

#[derive(Debug, Clone)]
struct Row {
    line: u64,
    product: String,
    sku: String,
    barcode: Option<String>,
    category: String,
    brand: String,
    attrs: Vec<(String, String)>,
    cost: Decimal,
    vat: String,
    price: Decimal,
    warehouse: Option<String>,
    opening: i32,
}

/// A price in the file's decimal mark (see `orderdeck_domain::money::read`): whole đồng,
/// `150.000` being a hundred and fifty thousand.
fn money(s: &str, what: &str, mark: Option<DecimalMark>) -> Result<Decimal, String> {
    match read_vnd(s, mark) {
        Ok(d) if d > Decimal::from(1_000_000_000_000i64) => Err(orderdeck_i18n::t!(
            "err-csv-implausibly-large",
            column = what,
            value = s
        )),
        Ok(d) => Ok(d),
        Err(e) => Err(orderdeck_i18n::t!(
            "err-csv-column",
            column = what,
            problem = e.to_string()
        )),
    }
}

fn vat(s: &str) -> Result<String, String> {
    let t = s.trim().trim_end_matches('%').to_uppercase();
    match t.as_str() {
        "0" | "5" | "8" | "10" | "KCT" | "KKKNT" => Ok(t),
        _ => Err(orderdeck_i18n::t!("err-csv-vat-rate", value = s)),
    }
}

/// Reads and checks every row; every problem is reported, nothing is written.
#[cfg(test)]
fn parse(text: &str) -> Result<Vec<Row>, Vec<(u64, String)>> {
    let (rows, errors) = parse_all(text, None);
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The rows that are good on their own, and every problem found. Prices are read with
/// `mark`, or the mark the file's prices agree on.
fn parse_all(text: &str, mark: Option<DecimalMark>) -> (Vec<Row>, Vec<(u64, String)>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    match reader.headers() {
        Ok(h)
            if h.iter()
                .map(|x| x.to_ascii_lowercase())
                .eq(HEADER.iter().map(|x| x.to_string())) => {}
        Ok(h) => {
            return (
                Vec::new(),
                vec![(
                    1,
                    orderdeck_i18n::t!(
                        "err-csv-header",
                        expected = HEADER.join(","),
                        found = h.iter().collect::<Vec<_>>().join(",")
                    ),
                )],
            );
        }
        Err(e) => {
            return (
                Vec::new(),
                vec![(
                    1,
                    orderdeck_i18n::t!("err-csv-unreadable-header", error = e.to_string()),
                )],
            );
        }
    }
    let mut rows = Vec::new();
    let mut records = Vec::new();
    for rec in reader.records() {
        match rec {
            Ok(r) => records.push(r),
            Err(e) => errors.push((
                e.position().map(|p| p.line()).unwrap_or(0),
                orderdeck_i18n::t!("err-csv-unreadable", error = e.to_string()),
            )),
        }
    }
    // One decimal mark for the whole file: given, or the one its prices agree on.
    let mark = match mark {
        Some(m) => Some(m),
        None => match money_read::detect(
            records
                .iter()
                .flat_map(|r| [r.get(11).unwrap_or(""), r.get(13).unwrap_or("")]),
        ) {
            Ok(m) => m,
            Err(e) => return (Vec::new(), vec![(1, e)]),
        },
    };
    for rec in records {
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() != HEADER.len() {
            errors.push((
                line,
                orderdeck_i18n::t!(
                    "err-csv-field-count",
                    found = rec.len().to_string(),
                    expected = HEADER.len().to_string()
                ),
            ));
            continue;
        }
        let f = |i: usize| rec.get(i).unwrap_or("").to_string();
        let mut problems = Vec::new();
        let product = f(0);
        if product.is_empty() || product.chars().count() > 300 {
            problems.push(orderdeck_i18n::t!("err-csv-product-name"));
        }
        let sku = f(1);
        if sku.is_empty() || sku.len() > 64 || sku.chars().any(char::is_whitespace) {
            problems.push(orderdeck_i18n::t!("err-csv-sku", sku = &sku));
        }
        let barcode = Some(f(2)).filter(|b| !b.is_empty());
        let mut attrs = Vec::new();
        for k in 0..3 {
            let (name, value) = (f(5 + 2 * k), f(6 + 2 * k));
            match (name.is_empty(), value.is_empty()) {
                (true, true) => {}
                (false, false) => attrs.push((name, value)),
                _ => problems.push(orderdeck_i18n::t!(
                    "err-csv-attr-pair",
                    n = (k + 1).to_string()
                )),
            }
        }
        let cost = money(&f(11), "cost_price", mark)
            .map_err(|e| problems.push(e))
            .unwrap_or_default();
        let vat_rate = vat(&f(12))
            .map_err(|e| problems.push(e))
            .unwrap_or_default();
        let price = money(&f(13), "sale_price", mark)
            .map_err(|e| problems.push(e))
            .unwrap_or_default();
        let warehouse = Some(f(14)).filter(|w| !w.is_empty());
        let opening = match f(15).as_str() {
            "" => 0,
            s => s
                .parse::<i32>()
                .ok()
                .filter(|n| (0..=1_000_000).contains(n))
                .unwrap_or_else(|| {
                    problems.push(orderdeck_i18n::t!("err-csv-opening-stock", value = s));
                    0
                }),
        };
        if opening > 0 && warehouse.is_none() {
            problems.push(orderdeck_i18n::t!("err-csv-opening-needs-warehouse"));
        }
        // Names end up on screens, labels and invoices: text only, one line each.
        for (i, column) in HEADER.iter().enumerate() {
            if let Some(c) = rec.get(i).and_then(|v| v.chars().find(|c| c.is_control())) {
                problems.push(orderdeck_i18n::t!(
                    "err-csv-control-character",
                    column = *column,
                    character = c.escape_unicode().to_string()
                ));
            }
        }
        if problems.is_empty() {
            rows.push(Row {
                line,
                product,
                sku,
                barcode,
                category: f(3),
                brand: f(4),
                attrs,
                cost,
                vat: vat_rate,
                price,
                warehouse,
                opening,
            });
        } else {
            errors.push((line, problems.join("; ")));
        }
    }
    // Across rows: a product's attributes agree; a SKU repeats only for another warehouse.
    let mut by_product: HashMap<&str, (Vec<&str>, u64)> = HashMap::new();
    let mut by_sku: HashMap<&str, &Row> = HashMap::new();
    // (product, attribute values) → the SKU that is that variant: found in one look-up
    // (a scan per row made 100,000 rows take minutes).
    let mut combos: HashMap<(String, Vec<String>), String> = HashMap::new();
    let mut barcodes: HashMap<&str, &str> = HashMap::new();
    for r in &rows {
        let names: Vec<&str> = r.attrs.iter().map(|(n, _)| n.as_str()).collect();
        match by_product.get(r.product.as_str()) {
            Some((first, at)) if *first != names => errors.push((
                r.line,
                orderdeck_i18n::t!(
                    "err-csv-attributes-differ",
                    product = &r.product,
                    here = format!("{names:?}"),
                    there = format!("{first:?}"),
                    line = at.to_string()
                ),
            )),
            Some(_) => {}
            None => {
                by_product.insert(&r.product, (names, r.line));
            }
        }
        match by_sku.get(r.sku.as_str()) {
            Some(first)
                if first.product != r.product
                    || first.attrs != r.attrs
                    || first.price != r.price
                    || first.cost != r.cost =>
            {
                errors.push((
                    r.line,
                    orderdeck_i18n::t!(
                        "err-csv-sku-other-variant",
                        sku = &r.sku,
                        line = first.line.to_string()
                    ),
                ))
            }
            Some(first) if first.warehouse == r.warehouse => errors.push((
                r.line,
                orderdeck_i18n::t!(
                    "err-csv-sku-warehouse-repeat",
                    sku = &r.sku,
                    line = first.line.to_string()
                ),
            )),
            Some(_) => {}
            None => {
                by_sku.insert(&r.sku, r);
                let values: Vec<String> = r.attrs.iter().map(|(_, v)| v.to_lowercase()).collect();
                let taken = combos
                    .insert((r.product.clone(), values.clone()), r.sku.clone())
                    .is_some();
                if taken {
                    errors.push((
                        r.line,
                        orderdeck_i18n::t!(
                            "err-csv-variant-taken",
                            product = &r.product,
                            values = format!("{values:?}")
                        ),
                    ));
                }
            }
        }
        if let Some(b) = &r.barcode
            && let Some(other) = barcodes.insert(b, &r.sku)
            && other != r.sku
        {
            errors.push((
                r.line,
                orderdeck_i18n::t!("err-csv-barcode-twice", barcode = b, sku = other),
            ));
        }
    }
    (rows, errors)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub products: usize,
    pub variants: usize,
    pub stock_moves: usize,
}

pub async fn import(pool: &PgPool, text: &str, actor: &str) -> Result<Imported, CsvError> {
    import_with(pool, text, actor, None).await
}

/// As [`import`], with the file's decimal mark said (`--decimal comma|point`).
pub async fn import_with(
    pool: &PgPool,
    text: &str,
    actor: &str,
    mark: Option<DecimalMark>,
) -> Result<Imported, CsvError> {
    let (rows, mut errors) = parse_all(text, mark);
    let mut tx = pool.begin().await?;
    // What the database already holds is checked inside the transaction too.
    let skus: Vec<String> = rows.iter().map(|r| r.sku.clone()).collect();
    let existing: HashSet<String> =
        sqlx::query_scalar("select sku from variants where sku = any($1)")
            .bind(&skus)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let codes: Vec<String> = rows.iter().filter_map(|r| r.barcode.clone()).collect();
    let taken: HashSet<String> =
        sqlx::query_scalar("select barcode from variants where barcode = any($1)")
            .bind(&codes)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let warehouses: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("select code, id from warehouses where active")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();

    for r in &rows {
        if existing.contains(&r.sku) {
            errors.push((
                r.line,
                orderdeck_i18n::t!("err-csv-sku-exists", sku = &r.sku),
            ));
        }
        if r.barcode.as_ref().is_some_and(|b| taken.contains(b)) {
            errors.push((
                r.line,
                orderdeck_i18n::t!(
                    "err-csv-barcode-taken",
                    barcode = r.barcode.as_deref().unwrap_or("")
                ),
            ));
        }
        if let Some(w) = &r.warehouse
            && !warehouses.contains_key(w)
        {
            errors.push((
                r.line,
                orderdeck_i18n::t!("err-csv-no-warehouse", warehouse = w),
            ));
        }
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(CsvError::BadRows(errors));
    }
    let mut products: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        products.entry(&r.product).or_default().push(r);
    }
    let mut out = Imported {
        products: 0,
        variants: 0,
        stock_moves: 0,
    };
    for (name, prows) in products {
        let first = prows[0];
        let attributes: Vec<String> = first.attrs.iter().map(|(n, _)| n.clone()).collect();
        let mut all_skus: Vec<&str> = prows.iter().map(|r| r.sku.as_str()).collect();
        all_skus.dedup();
        let search = orderdeck_store::orders::search_text(&[
            name,
            &first.category,
            &first.brand,
            &all_skus.join(" "),
        ]);
        let pid: i64 = sqlx::query_scalar(
            "insert into products (name, category, brand, attributes, vat_rate, search_text) values ($1, $2, $3, $4, $5, $6) returning id",
        )
        .bind(name)
        .bind(&first.category)
        .bind(&first.brand)
        .bind(&attributes)
        .bind(&first.vat)
        .bind(search)
        .fetch_one(&mut *tx)
        .await?;
        out.products += 1;
        let mut variant_ids: HashMap<&str, i64> = HashMap::new();
        for r in prows {
            let vid = match variant_ids.get(r.sku.as_str()) {
                Some(v) => *v,
                None => {
                    let v: i64 = sqlx::query_scalar(
                        "insert into variants (product_id, sku, barcode, attr_values, cost_price, sale_price) values ($1, $2, $3, $4, $5, $6) returning id",
                    )
                    .bind(pid)
                    .bind(&r.sku)
                    .bind(&r.barcode)
                    .bind(r.attrs.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>())
                    .bind(r.cost)
                    .bind(r.price)
                    .fetch_one(&mut *tx)
                    .await?;
                    variant_ids.insert(&r.sku, v);
                    out.variants += 1;
                    v
                }
            };
            if let Some(w) = r.warehouse.as_ref().and_then(|w| warehouses.get(w))
                && r.opening > 0
            {
                let m = store::stock::Move {
                    variant_id: vid,
                    warehouse_id: *w,
                    qty: r.opening,
                    kind: "opening",
                    reason: "opening stock (CSV import)",
                    actor,
                    reference: None,
                };
                store::stock::post_move(&mut tx, &m).await?;
                out.stock_moves += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(out)
}

/// Every variant, one row per warehouse that holds it (on hand as opening stock), or one
/// row without a warehouse when none does.
pub async fn export(pool: &PgPool) -> Result<String, CsvError> {
    #[derive(sqlx::FromRow)]
    struct ExportRow {
        product: String,
        sku: String,
        barcode: Option<String>,
        category: String,
        brand: String,
        attributes: Vec<String>,
        attr_values: Vec<String>,
        cost_price: Decimal,
        vat_rate: String,
        sale_price: Decimal,
        warehouse: Option<String>,
        on_hand: Option<i32>,
    }
    let rows: Vec<ExportRow> = sqlx::query_as(
        "select p.name as product, v.sku, v.barcode, p.category, p.brand, p.attributes, v.attr_values, v.cost_price, p.vat_rate,
                v.sale_price, w.code as warehouse, s.on_hand
         from variants v join products p on p.id = v.product_id
         left join stock_levels s on s.variant_id = v.id and s.on_hand > 0
         left join warehouses w on w.id = s.warehouse_id
         where v.active order by p.name, v.sku, w.code",
    )
    .fetch_all(pool)
    .await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| CsvError::Store(StoreError::Invalid(e.to_string()));
    w.write_record(HEADER).map_err(csv_err)?;
    for r in rows {
        let mut rec: Vec<String> = vec![
            r.product,
            r.sku,
            r.barcode.unwrap_or_default(),
            r.category,
            r.brand,
        ];
        for k in 0..3 {
            rec.push(r.attributes.get(k).cloned().unwrap_or_default());
            rec.push(r.attr_values.get(k).cloned().unwrap_or_default());
        }
        rec.push(r.cost_price.normalize().to_string());
        rec.push(r.vat_rate);
        rec.push(r.sale_price.normalize().to_string());
        rec.push(r.warehouse.unwrap_or_default());
        rec.push(r.on_hand.map(|n| n.to_string()).unwrap_or_default());
        w.write_record(&rec).map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CsvError::Store(StoreError::Invalid(e.to_string())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "product,sku,barcode,category,brand,attr1,value1,attr2,value2,attr3,value3,cost_price,vat_rate,sale_price,warehouse,opening_stock\n";

    #[test]
    fn good_rows_parse() {
        let text = format!(
            "{HEAD}Áo thun,AT-1,8930000000011,Thời trang,Việt Tiến,Màu,Đỏ,Size,M,,,80000,8,150000,HN,10\nÁo thun,AT-1,8930000000011,Thời trang,Việt Tiến,Màu,Đỏ,Size,M,,,80000,8,150000,HCM,5\nÁo thun,AT-2,,Thời trang,Việt Tiến,Màu,Xanh,Size,M,,,80000,8%,150000,,\n"
        );
        let rows = parse(&text).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].vat, "8");
    }

    /// Reported: "150.000" became 150.00, "1,5" became 15.00, 1.005 was rounded.
    #[test]
    fn prices_are_read_as_the_file_writes_them() {
        let text = format!(
            "{HEAD}Áo,AT-1,,,,,,,,,,\"80.000\",8,\"150.000\",,\nQuần,AT-2,,,,,,,,,,1.005,8,\"1.250.000 ₫\",,\n"
        );
        let rows = parse(&text).unwrap();
        assert_eq!(rows[0].price, Decimal::from(150_000));
        assert_eq!(rows[0].cost, Decimal::from(80_000));
        assert_eq!(rows[1].cost, Decimal::from(1_005));
        assert_eq!(rows[1].price, Decimal::from(1_250_000));
        // A fraction of a đồng is refused with its row and column.
        let errors = parse(&format!("{HEAD}Áo,AT-1,,,,,,,,,,\"1,5\",8,150000,,\n")).unwrap_err();
        assert_eq!(errors[0].0, 2);
        assert!(
            errors[0].1.contains("cost_price") && errors[0].1.contains("fraction"),
            "{errors:?}"
        );
        // A file whose prices disagree on the decimal mark asks which.
        let errors = parse(&format!(
            "{HEAD}Áo,AT-1,,,,,,,,,,\"1.250.000\",8,150000,,\nQuần,AT-2,,,,,,,,,,2383000.00,8,150000,,\n"
        ))
        .unwrap_err();
        assert!(errors[0].1.contains("--decimal"), "{errors:?}");
        // Said, it is read that way.
        let (rows, errors) = parse_all(
            &format!("{HEAD}Áo,AT-1,,,,,,,,,,\"80,000\",8,\"150,000.00\",,\n"),
            Some(DecimalMark::Point),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows[0].price, Decimal::from(150_000));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = format!(
            "{HEAD}Áo thun,AT-1,,,,Màu,,,,,,80000,8,150000,HN,10\n,AT-2,,,,,,,,,,x,11,-5,,3\nÁo thun,AT-3,,,,Size,M,,,,,1,8,2,,\nÁo,AT-4,,,,,,,,,,1,8,2,HN,1\nÁo,AT-4,,,,,,,,,,1,8,2,HN,1\n"
        );
        let errs = parse(&text).unwrap_err();
        let lines: Vec<u64> = errs.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 3, 6], "{errs:?}");
        assert!(
            errs[1].1.contains("cost_price")
                && errs[1].1.contains("vat_rate")
                && errs[1].1.contains("sale_price")
                && errs[1].1.contains("warehouse"),
            "{errs:?}"
        );
    }

    #[test]
    fn a_wrong_header_is_refused() {
        assert!(
            parse("name,sku\nx,y\n").unwrap_err()[0]
                .1
                .contains("header")
        );
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1_000))]
            /// Any file after the header is read row by row or refused with its line.
            #[test]
            fn any_catalog_file_is_read_or_refused(body in "(\\PC{0,12}(,\\PC{0,8}){0,16}\n){0,6}") {
                let (rows, errors) = parse_all(&format!("{HEAD}{body}"), None);
                for r in &rows {
                    prop_assert!(!r.price.is_sign_negative() && !r.cost.is_sign_negative());
                    prop_assert!(!r.sku.is_empty());
                }
                for (line, _) in &errors {
                    prop_assert!(*line <= 8);
                }
            }
        }
    }
}
