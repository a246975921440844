//! Demo data: a realistic Vietnamese online shop so every pane has something to show.
//!
//! Deterministic (a fixed random seed, times relative to `now`) and consistent with the
//! stock rules: on hand is the sum of the ledger, reserved is the sum of reservations.
//! Seeding runs in one transaction under an advisory lock and only into an empty
//! database, so running it twice — or from two consoles at once — never duplicates.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};

use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::tax_code;
use orderdeck_store::orders::search_text;

mod orders;

const SEED_LOCK: i64 = 0x6f64_6465_6d6f; // "oddemo"

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub seeded: bool,
    pub warehouses: usize,
    pub products: usize,
    pub variants: usize,
    pub suppliers: usize,
    pub customers: usize,
    pub orders: usize,
    pub purchase_orders: usize,
    pub shipments: usize,
    pub invoices: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use orderdeck_i18n::t;
        if !self.seeded {
            return f.write_str(&t!("common-demo-not-seeded"));
        }
        f.write_str(&t!(
            "common-demo-seeded",
            warehouses = self.warehouses,
            products = self.products,
            variants = self.variants,
            suppliers = self.suppliers,
            customers = self.customers,
            orders = self.orders,
            purchase_orders = self.purchase_orders,
            shipments = self.shipments,
            invoices = self.invoices
        ))
    }
}

struct Category {
    name: &'static str,
    prefix: &'static str,
    brand: &'static str,
    vat: &'static str,
    price: (i64, i64),
    attrs: &'static [(&'static str, &'static [&'static str])],
    bases: &'static [&'static str],
    lines: &'static [&'static str],
}

const CATEGORIES: &[Category] = &[
    Category {
        name: "Thời trang",
        prefix: "TT",
        brand: "Việt Tiến",
        vat: "8",
        price: (129, 590),
        attrs: &[("Màu", &["Trắng", "Đen", "Be"]), ("Size", &["S", "M", "L"])],
        bases: &[
            "Áo thun cotton",
            "Áo sơ mi linen",
            "Quần jeans slim",
            "Váy hoa nhí",
        ],
        lines: &["Basic", "Premium", "Unisex", "Form rộng"],
    },
    Category {
        name: "Gia dụng",
        prefix: "GD",
        brand: "Sunhouse",
        vat: "8",
        price: (89, 1890),
        attrs: &[("Màu", &["Đỏ", "Xám"])],
        bases: &[
            "Nồi chiên không dầu",
            "Bình giữ nhiệt",
            "Chảo chống dính",
            "Ấm siêu tốc",
        ],
        lines: &["Mini", "Classic", "Plus", "Pro"],
    },
    Category {
        name: "Mỹ phẩm",
        prefix: "MP",
        brand: "Thorakao",
        vat: "10",
        price: (59, 450),
        attrs: &[("Dung tích", &["50ml", "100ml"])],
        bases: &[
            "Sữa rửa mặt trà xanh",
            "Kem chống nắng SPF50",
            "Nước tẩy trang",
            "Serum vitamin C",
        ],
        lines: &["Dịu nhẹ", "Da dầu", "Da khô", "Nhạy cảm"],
    },
    Category {
        name: "Điện tử",
        prefix: "DT",
        brand: "Phong Vũ",
        vat: "10",
        price: (79, 2490),
        attrs: &[("Màu", &["Đen", "Trắng"])],
        bases: &[
            "Tai nghe Bluetooth",
            "Sạc dự phòng 10000mAh",
            "Loa mini",
            "Chuột không dây",
        ],
        lines: &["Lite", "Pro", "Max", "Gen 2"],
    },
    Category {
        name: "Thực phẩm",
        prefix: "TP",
        brand: "Vinamit",
        vat: "5",
        price: (45, 390),
        attrs: &[("Khối lượng", &["250g", "500g"])],
        bases: &[
            "Cà phê rang xay",
            "Trà ô long",
            "Hạt điều rang muối",
            "Mật ong rừng",
        ],
        lines: &["Đặc biệt", "Truyền thống", "Hữu cơ", "Quà tặng"],
    },
];

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Minh", "Thanh", "Ngọc", "Đức", "Hoài", "Quốc", "Thu", "Gia",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hằng", "Hương", "Khánh", "Lan", "Linh", "Long",
    "Mai", "Nam", "Ngân", "Phúc", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy",
    "Yến",
];
const STREETS: &[&str] = &[
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Điện Biên Phủ",
    "Cách Mạng Tháng Tám",
    "Phạm Văn Đồng",
];
const PLACES: &[(&str, &str, &str)] = &[
    ("Phường Dịch Vọng", "Quận Cầu Giấy", "Hà Nội"),
    ("Phường Láng Hạ", "Quận Đống Đa", "Hà Nội"),
    ("Phường Hàng Bạc", "Quận Hoàn Kiếm", "Hà Nội"),
    ("Phường Bến Nghé", "Quận 1", "TP. Hồ Chí Minh"),
    ("Phường Võ Thị Sáu", "Quận 3", "TP. Hồ Chí Minh"),
    ("Phường 25", "Quận Bình Thạnh", "TP. Hồ Chí Minh"),
    ("Phường Thạch Thang", "Quận Hải Châu", "Đà Nẵng"),
    ("Phường An Hòa", "Quận Ninh Kiều", "Cần Thơ"),
    ("Phường Cát Dài", "Quận Lê Chân", "Hải Phòng"),
    // As buyers write them: abbreviated without diacritics, and the post-2025 way (no
    // district) — "Phường 1" is in many of Hồ Chí Minh's districts, so shipping it with
    // GHN asks which.
    ("p. ben thanh", "q1", "tp hcm"),
    ("Phường 1", "", "TP. Hồ Chí Minh"),
];
const STAFF: &[&str] = &["lan.nguyen", "minh.tran", "hoa.le", "tuan.pham"];

struct Variant {
    id: i64,
    sku: String,
    name: String,
    price: Decimal,
    cost: Decimal,
    vat: &'static str,
    category: usize,
}

#[derive(Default, Clone, Copy)]
struct Level {
    on_hand: i32,
    reserved: i32,
}

struct Seeder<'a> {
    tx: Transaction<'a, Postgres>,
    rng: StdRng,
    now: DateTime<Utc>,
    levels: HashMap<(i64, i64), Level>,
    warehouses: Vec<i64>,
    report: SeedReport,
}

/// Seeds demo data if the database is empty; reports what it did.
pub async fn seed(pool: &PgPool, now: DateTime<Utc>) -> orderdeck_store::Result<SeedReport> {
    let mut tx = pool.begin().await?;
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(SEED_LOCK)
        .execute(&mut *tx)
        .await?;
    let has_data: bool = sqlx::query_scalar(
        "select exists(select 1 from orders) or exists(select 1 from products) or exists(select 1 from warehouses)",
    )
    .fetch_one(&mut *tx)
    .await?;
    if has_data {
        return Ok(SeedReport::default());
    }
    let mut s = Seeder {
        tx,
        rng: StdRng::seed_from_u64(20261126),
        now,
        levels: HashMap::new(),
        warehouses: Vec::new(),
        report: SeedReport {
            seeded: true,
            ..Default::default()
        },
    };
    let channels = s.channels().await?;
    s.warehouses().await?;
    let variants = s.catalog().await?;
    let suppliers = s.suppliers().await?;
    for (cat, supplier) in CATEGORIES.iter().zip(&suppliers) {
        sqlx::query("update products set supplier_id = $1 where category = $2")
            .bind(supplier)
            .bind(cat.name)
            .execute(&mut *s.tx)
            .await?;
    }
    let customers = s.customers().await?;
    s.purchase_orders(&variants, &suppliers).await?;
    s.orders(&variants, &customers, &channels).await?;
    s.write_levels().await?;
    let report = s.report.clone();
    s.tx.commit().await?;
    Ok(report)
}

fn money(thousands: i64) -> Decimal {
    Decimal::from(thousands * 1000)
}

fn ean13(rng: &mut StdRng) -> String {
    // 893 is Vietnam's GS1 prefix.
    let mut d: Vec<u32> = vec![8, 9, 3];
    for _ in 0..9 {
        d.push(rng.random_range(0..10));
    }
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, x)| if i % 2 == 0 { *x } else { x * 3 })
        .sum();
    d.push((10 - sum % 10) % 10);
    d.iter()
        .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
        .collect()
}

fn tax_code_for(rng: &mut StdRng) -> String {
    loop {
        let mut first9 = [0u8; 9];
        first9[0] = 0;
        first9[1] = rng.random_range(1..=9);
        for d in first9.iter_mut().skip(2) {
            *d = rng.random_range(0..10);
        }
        if let Some(c) = tax_code::check_digit(&first9) {
            let mut s: String = first9.iter().map(|d| char::from(b'0' + d)).collect();
            s.push(char::from(b'0' + c));
            return s;
        }
    }
}

impl Seeder<'_> {
    async fn channels(&mut self) -> orderdeck_store::Result<Vec<(i64, &'static str)>> {
        let mut out = Vec::new();
        // The shops are the simulators' own: the ids a console shows are the ones its
        // marketplaces answer to.
        let (shopee, lazada) = (
            crate::shopee::SHOP_ID.to_string(),
            crate::lazada::SELLER_ID.to_string(),
        );
        for (code, kind, name, shop) in [
            ("website", "website", "Website nhaxinh.vn", ""),
            (
                "shopee",
                "shopee",
                "Shopee — Nhà Xinh Official",
                shopee.as_str(),
            ),
            (
                "lazada",
                "lazada",
                "Lazada — Nhà Xinh Mall",
                lazada.as_str(),
            ),
            (
                "tiktok",
                "tiktok",
                "TikTok Shop — Nhà Xinh",
                crate::tiktok::SHOP_ID,
            ),
            (
                "manual",
                "manual",
                "Đơn tay (điện thoại, Facebook, Zalo)",
                "",
            ),
        ] {
            let id: i64 = sqlx::query_scalar(
                "insert into sales_channels (code, kind, name, shop_id, last_sync_at) values ($1, $2, $3, $4, $5) returning id",
            )
            .bind(code)
            .bind(kind)
            .bind(name)
            .bind(shop)
            .bind((kind != "manual" && kind != "website").then_some(self.now - Duration::minutes(3)))
            .fetch_one(&mut *self.tx)
            .await?;
            out.push((id, code));
        }
        Ok(out)
    }

    async fn warehouses(&mut self) -> orderdeck_store::Result<()> {
        for (code, name, address, manager) in [
            (
                "HN",
                "Kho Hà Nội",
                "Số 12 Phạm Văn Đồng, Quận Cầu Giấy, Hà Nội",
                "Nguyễn Văn Hùng",
            ),
            (
                "HCM",
                "Kho Hồ Chí Minh",
                "88 Nguyễn Thị Minh Khai, Quận 3, TP. Hồ Chí Minh",
                "Trần Thị Mai",
            ),
            (
                "DN",
                "Kho Đà Nẵng",
                "25 Nguyễn Văn Linh, Quận Hải Châu, Đà Nẵng",
                "Lê Quốc Bảo",
            ),
        ] {
            let id: i64 = sqlx::query_scalar(
                "insert into warehouses (code, name, address, manager, created_at) values ($1, $2, $3, $4, $5) returning id",
            )
            .bind(code)
            .bind(name)
            .bind(address)
            .bind(manager)
            .bind(self.now - Duration::days(60))
            .fetch_one(&mut *self.tx)
            .await?;
            self.warehouses.push(id);
        }
        self.report.warehouses = self.warehouses.len();
        Ok(())
    }

    async fn catalog(&mut self) -> orderdeck_store::Result<Vec<Variant>> {
        let mut variants = Vec::new();
        let mut n = 0;
        for (ci, cat) in CATEGORIES.iter().enumerate() {
            for base in cat.bases {
                for line in cat.lines {
                    n += 1;
                    let name = format!("{base} {line}");
                    let attributes: Vec<String> =
                        cat.attrs.iter().map(|(a, _)| a.to_string()).collect();
                    let price_k = self.rng.random_range(cat.price.0..=cat.price.1);
                    let id: i64 = sqlx::query_scalar(
                        "insert into products (name, category, brand, description, specs, media_urls, attributes, vat_rate, search_text, created_at)
                         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id",
                    )
                    .bind(&name)
                    .bind(cat.name)
                    .bind(cat.brand)
                    .bind(format!("{name} chính hãng {}. Hàng mới 100%, đổi trả trong 7 ngày.", cat.brand))
                    .bind(format!("Thương hiệu: {}\nXuất xứ: Việt Nam\nBảo hành: 12 tháng", cat.brand))
                    .bind(vec![format!("https://cdn.nhaxinh.vn/p/{}{n:04}.jpg", cat.prefix.to_lowercase())])
                    .bind(&attributes)
                    .bind(cat.vat)
                    .bind(search_text(&[&name, cat.name, cat.brand]))
                    .bind(self.now - Duration::days(45))
                    .fetch_one(&mut *self.tx)
                    .await?;
                    // One variant per combination of attribute values (at most two attributes here).
                    let combos: Vec<Vec<&str>> = match cat.attrs {
                        [] => vec![vec![]],
                        [(_, a)] => a.iter().map(|x| vec![*x]).collect(),
                        [(_, a), (_, b), ..] => a
                            .iter()
                            .take(2)
                            .flat_map(|x| b.iter().map(move |y| vec![*x, *y]))
                            .collect(),
                    };
                    let mut skus = Vec::new();
                    for (vi, combo) in combos.iter().enumerate() {
                        let sku = format!("{}-{n:03}-{}", cat.prefix, vi + 1);
                        let bump = i64::try_from(vi).unwrap_or(0) * (price_k / 10);
                        let price = money(price_k + bump);
                        let cost = money((price_k + bump) * self.rng.random_range(55..72) / 100);
                        let vid: i64 = sqlx::query_scalar(
                            "insert into variants (product_id, sku, barcode, attr_values, cost_price, sale_price, weight_grams, reorder_point, created_at)
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
                        )
                        .bind(id)
                        .bind(&sku)
                        .bind(ean13(&mut self.rng))
                        .bind(combo.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                        .bind(cost)
                        .bind(price)
                        .bind(self.rng.random_range(100..2500))
                        .bind(10)
                        .bind(self.now - Duration::days(45))
                        .fetch_one(&mut *self.tx)
                        .await?;
                        let label = if combo.is_empty() {
                            name.clone()
                        } else {
                            format!("{name} ({})", combo.join(", "))
                        };
                        skus.push(sku.clone());
                        variants.push(Variant {
                            id: vid,
                            sku,
                            name: label,
                            price,
                            cost,
                            vat: cat.vat,
                            category: ci,
                        });
                        // Opening stock: most variants well stocked, a few nearly out.
                        let scarce = self.rng.random_bool(0.1);
                        for (wi, wh) in self.warehouses.clone().into_iter().enumerate() {
                            let qty = match (scarce, wi) {
                                (true, _) => self.rng.random_range(0..4),
                                (false, 2) => self.rng.random_range(0..25),
                                (false, _) => self.rng.random_range(30..140),
                            };
                            if qty > 0 {
                                self.move_stock(
                                    vid,
                                    wh,
                                    qty,
                                    "opening",
                                    "opening balance",
                                    self.now - Duration::days(30),
                                )
                                .await?;
                            } else {
                                self.levels.entry((vid, wh)).or_default();
                            }
                        }
                    }
                    let all = skus.join(" ");
                    sqlx::query("update products set search_text = $2 where id = $1")
                        .bind(id)
                        .bind(search_text(&[&name, cat.name, cat.brand, &all]))
                        .execute(&mut *self.tx)
                        .await?;
                    self.report.products += 1;
                }
            }
        }
        self.report.variants = variants.len();
        Ok(variants)
    }

    async fn move_stock(
        &mut self,
        variant: i64,
        wh: i64,
        qty: i32,
        kind: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> orderdeck_store::Result<()> {
        sqlx::query(
            "insert into stock_moves (variant_id, warehouse_id, qty, kind, reason, actor, created_at) values ($1, $2, $3, $4, $5, 'demo', $6)",
        )
        .bind(variant)
        .bind(wh)
        .bind(qty)
        .bind(kind)
        .bind(reason)
        .bind(at)
        .execute(&mut *self.tx)
        .await?;
        self.levels.entry((variant, wh)).or_default().on_hand += qty;
        Ok(())
    }

    async fn suppliers(&mut self) -> orderdeck_store::Result<Vec<i64>> {
        let mut out = Vec::new();
        for (name, contact, phone, lead) in [
            ("Công ty CP May Việt Tiến", "Phạm Thu Hà", "02838640800", 10),
            (
                "Công ty CP Tập đoàn Sunhouse",
                "Đỗ Minh Quân",
                "02437366676",
                7,
            ),
            (
                "Công ty TNHH Mỹ phẩm Thorakao",
                "Lê Ngọc Ánh",
                "02838551180",
                5,
            ),
            (
                "Công ty TNHH Thương mại Phong Vũ",
                "Vũ Đức Long",
                "02862908777",
                4,
            ),
            (
                "Công ty CP Thực phẩm Vinamit",
                "Hồ Thanh Tâm",
                "02743780888",
                6,
            ),
        ] {
            let tax = tax_code_for(&mut self.rng);
            let id: i64 = sqlx::query_scalar(
                "insert into suppliers (name, contact, phone, tax_code, lead_time_days, address) values ($1, $2, $3, $4, $5, 'Việt Nam') returning id",
            )
            .bind(name)
            .bind(contact)
            .bind(phone)
            .bind(tax)
            .bind(lead)
            .fetch_one(&mut *self.tx)
            .await?;
            out.push(id);
        }
        self.report.suppliers = out.len();
        Ok(out)
    }

    async fn customers(
        &mut self,
    ) -> orderdeck_store::Result<Vec<(i64, String, String, serde_json::Value)>> {
        let mut out = Vec::new();
        for _ in 0..140 {
            let name = format!(
                "{} {} {}",
                FAMILY.choose(&mut self.rng).copied().unwrap_or("Nguyễn"),
                MIDDLE.choose(&mut self.rng).copied().unwrap_or("Văn"),
                GIVEN.choose(&mut self.rng).copied().unwrap_or("An")
            );
            let prefix = ["09", "03", "07", "08"]
                .choose(&mut self.rng)
                .copied()
                .unwrap_or("09");
            let phone = format!("{prefix}{:08}", self.rng.random_range(0..100_000_000u32));
            let (ward, district, province) = *PLACES.choose(&mut self.rng).unwrap_or(&PLACES[0]);
            let address = json!({
                "line1": format!("{} {}", self.rng.random_range(1..300), STREETS.choose(&mut self.rng).copied().unwrap_or("Lê Lợi")),
                "ward": ward, "district": district, "province": province
            });
            let id: i64 = sqlx::query_scalar(
                "insert into customers (name, phone, email, address, search_text, created_at) values ($1, $2, $3, $4, $5, $6) returning id",
            )
            .bind(&name)
            .bind(&phone)
            .bind(format!("{}@example.vn", orderdeck_domain::text::fold(&name).replace(' ', ".")))
            .bind(&address)
            .bind(search_text(&[&name, &phone]))
            .bind(self.now - Duration::days(20))
            .fetch_one(&mut *self.tx)
            .await?;
            out.push((id, name, phone, address));
        }
        self.report.customers = out.len();
        Ok(out)
    }

    async fn purchase_orders(
        &mut self,
        variants: &[Variant],
        suppliers: &[i64],
    ) -> orderdeck_store::Result<()> {
        let plan = [
            ("received", -20, -12),
            ("received", -15, -8),
            ("received", -10, -4),
            ("partially_received", -8, -1),
            ("partially_received", -6, 2),
            ("confirmed", -9, -3),
            ("confirmed", -7, -1),
            ("confirmed", -3, 3),
            ("confirmed", -1, 6),
            ("draft", 0, 7),
            ("draft", 0, 10),
            ("cancelled", -12, -5),
        ];
        for (i, (status, created, expected)) in plan.iter().enumerate() {
            let cat = i % CATEGORIES.len();
            let supplier = suppliers[cat];
            let wh = self.warehouses[i % 2];
            let created_at =
                self.now + Duration::days(*created) - Duration::hours(self.rng.random_range(1..8));
            let expected_at = (self.now + Duration::days(*expected)).date_naive();
            let id: i64 = sqlx::query_scalar(
                "insert into purchase_orders (number, supplier_id, warehouse_id, status, expected_at, created_by, created_at, updated_at)
                 values ('PO-' || lpad(nextval('po_number_seq')::text, 5, '0'), $1, $2, $3, $4, $5, $6, $6) returning id",
            )
            .bind(supplier)
            .bind(wh)
            .bind(status)
            .bind(expected_at)
            .bind(STAFF[i % STAFF.len()])
            .bind(created_at)
            .fetch_one(&mut *self.tx)
            .await?;
            let pool: Vec<&Variant> = variants.iter().filter(|v| v.category == cat).collect();
            let count = self.rng.random_range(2..6);
            let mut total = Decimal::ZERO;
            let chosen: Vec<&&Variant> = pool.choose_multiple(&mut self.rng, count).collect();
            let receipt_id: Option<i64> = if matches!(*status, "received" | "partially_received") {
                Some(
                    sqlx::query_scalar(
                        "insert into goods_receipts (purchase_order_id, warehouse_id, received_by, created_at) values ($1, $2, 'minh.tran', $3) returning id",
                    )
                    .bind(id)
                    .bind(wh)
                    .bind(created_at + Duration::days(3))
                    .fetch_one(&mut *self.tx)
                    .await?,
                )
            } else {
                None
            };
            for v in chosen {
                let qty = self.rng.random_range(2..8) * 10;
                let received = match *status {
                    "received" => qty,
                    "partially_received" => qty / 2,
                    _ => 0,
                };
                total += v.cost * Decimal::from(qty);
                let line: i64 = sqlx::query_scalar(
                    "insert into purchase_order_lines (purchase_order_id, variant_id, qty, unit_price, received_qty) values ($1, $2, $3, $4, $5) returning id",
                )
                .bind(id)
                .bind(v.id)
                .bind(qty)
                .bind(v.cost)
                .bind(received)
                .fetch_one(&mut *self.tx)
                .await?;
                if let (Some(r), true) = (receipt_id, received > 0) {
                    sqlx::query("insert into goods_receipt_lines (goods_receipt_id, purchase_order_line_id, accepted_qty) values ($1, $2, $3)")
                        .bind(r)
                        .bind(line)
                        .bind(received)
                        .execute(&mut *self.tx)
                        .await?;
                    self.move_stock(
                        v.id,
                        wh,
                        received,
                        "receipt",
                        "goods receipt",
                        created_at + Duration::days(3),
                    )
                    .await?;
                }
            }
            sqlx::query("update purchase_orders set total = $2 where id = $1")
                .bind(id)
                .bind(total)
                .execute(&mut *self.tx)
                .await?;
            self.report.purchase_orders += 1;
        }
        Ok(())
    }

    async fn write_levels(&mut self) -> orderdeck_store::Result<()> {
        let mut keys: Vec<_> = self.levels.keys().copied().collect();
        keys.sort_unstable();
        for (v, w) in keys {
            let l = self.levels[&(v, w)];
            sqlx::query("insert into stock_levels (variant_id, warehouse_id, on_hand, reserved) values ($1, $2, $3, $4)")
                .bind(v)
                .bind(w)
                .bind(l.on_hand)
                .bind(l.reserved)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }
}

/// The demo shop's sender address, used when the config names none.
pub fn demo_sender() -> orderdeck_integrations::carrier::Party {
    orderdeck_integrations::carrier::Party {
        name: "Cửa hàng Orderdeck Demo".into(),
        phone: "0283 822 1234".into(),
        address: "135 Nam Kỳ Khởi Nghĩa".into(),
        ward: "Phường Bến Thành".into(),
        district: "Quận 1".into(),
        province: "TP. Hồ Chí Minh".into(),
    }
}

/// The demo shop as an invoice seller, used when the config names none. The tax code is
/// a well-formed one (check digit right); the simulator accepts it.
pub fn demo_seller() -> orderdeck_app::invoicing::InvoicingConfig {
    orderdeck_app::invoicing::InvoicingConfig {
        seller_name: "Công ty TNHH Orderdeck Demo".into(),
        seller_tax_code: "0100233488".into(),
        seller_address: "135 Nam Kỳ Khởi Nghĩa, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh".into(),
        seller_phone: "0283 822 1234".into(),
        ..Default::default()
    }
}

/// The demo's simulators for a database: the ones already recorded there when they
/// answer, else ones started now (with `opts`) and recorded. `started` holds them while
/// this process runs them.
pub struct SharedSimulators {
    pub endpoints: crate::Endpoints,
    pub started: Option<crate::SimHandle>,
}

/// One set of simulators per database, whatever the number of demo consoles: each would
/// otherwise be a Shopee and a GHN of its own, and tokens or parcels one console stored
/// would mean nothing to another's (the first console's "Sync now" failing with
/// credentials the second one's simulators issued). Decided under a lock, so two consoles
/// starting at once do not both start them.
pub async fn shared_simulators(
    pool: &PgPool,
    opts: crate::SimOptions,
    started_by: &str,
) -> Result<SharedSimulators, Box<dyn std::error::Error + Send + Sync>> {
    use orderdeck_store::demo_simulator;
    let mut tx = pool.begin().await?;
    demo_simulator::lock(&mut tx).await?;
    if let Some((addr, smtp)) = demo_simulator::registered(&mut tx).await?
        && let (Ok(addr), Ok(smtp)) = (addr.parse(), smtp.parse())
        && crate::is_running(addr).await
    {
        // Credentials are the simulators' defaults: the demo never changes them.
        let endpoints = crate::Endpoints::new(addr, smtp, &crate::SimOptions::default());
        tx.commit().await?;
        return Ok(SharedSimulators {
            endpoints,
            started: None,
        });
    }
    let sim = crate::start("127.0.0.1:0".parse()?, opts).await?;
    demo_simulator::register(
        &mut tx,
        &sim.addr.to_string(),
        &sim.smtp_addr.to_string(),
        started_by,
    )
    .await?;
    tx.commit().await?;
    Ok(SharedSimulators {
        endpoints: sim.endpoints(),
        started: Some(sim),
    })
}
