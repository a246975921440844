//! Inputs people hand us: order JSON, the catalog and COD-remittance CSV files, and
//! amounts written the way Vietnamese and exported files write them.

use std::sync::OnceLock;

use orderdeck_domain::intake::{self, NewOrder};
use orderdeck_domain::money::read::{DecimalMark, detect, read_vnd};
use rust_decimal::Decimal;
use sqlx::PgPool;

/// Every way a file's decimal mark can be given: said (`--decimal`), or found.
const MARKS: [Option<DecimalMark>; 3] = [None, Some(DecimalMark::Comma), Some(DecimalMark::Point)];

/// `orderdeck orders create`, imports and channel sync: parse, then validate; a valid
/// order's totals are worked out as intake does next.
pub fn order_json(data: &[u8]) {
    let Ok(order) = serde_json::from_slice::<NewOrder>(data) else {
        return;
    };
    if order.validate().is_err() {
        return;
    }
    // Intake prices a line without `unit_price` from the catalog; any price will do here.
    let lines: Vec<(i32, Decimal, Decimal)> = order
        .lines
        .iter()
        .map(|l| (l.qty, l.unit_price.unwrap_or(Decimal::ONE), l.discount))
        .collect();
    let _ = intake::totals(&lines, order.discount, order.shipping_fee);
}

/// The catalog import (`orderdeck products import`). Its reader (`parse_all`) is private
/// and runs before the import's first query, so the public `import_with` is called with a
/// pool that is already closed: every row is read and checked, then the transaction
/// cannot begin and nothing is written. A panic in the reader still surfaces here.
pub fn catalog_csv(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let pool = closed_pool();
    crate::runtime().block_on(async {
        for mark in MARKS {
            let _ = orderdeck_app::catalog_csv::import_with(pool, &text, "fuzz", mark).await;
        }
    });
}

/// A COD remittance file from a carrier (`orderdeck shipments cod-import`): the pure
/// reader the import uses. What it hands back keeps the reader's promises: amounts are
/// whole, non-negative đồng, and line numbers are lines of the file.
pub fn cod_csv(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // The csv crate counts a lone `\r` as a line end too; the reader numbers records.
    let max_line = text.bytes().filter(|b| matches!(b, b'\n' | b'\r')).count() + 1;
    for mark in MARKS {
        let (rows, bad) = orderdeck_app::tracking::parse_remittance_with(&text, mark);
        for r in &rows {
            assert_whole_dong(r.amount, &r.tracking_number);
            assert!(
                !r.tracking_number.is_empty(),
                "a row without a tracking number"
            );
            assert!(
                (1..=max_line).contains(&r.line),
                "row line {} outside the file",
                r.line
            );
        }
        for (line, _) in &bad {
            assert!(
                (1..=max_line).contains(line),
                "bad line {line} outside the file"
            );
        }
    }
}

/// `orderdeck_domain::money::read`: one value with each decimal mark, the lines as one
/// file's values for `detect`, and the `--decimal` setting itself.
pub fn money(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for mark in MARKS {
        if let Ok(d) = read_vnd(&text, mark) {
            assert_whole_dong(d, &text);
        }
    }
    let _ = detect(text.lines());
    let _ = DecimalMark::parse(&text);
}

/// What `read_vnd` promises of any amount it accepts (module notes of `money::read`):
/// đồng have no fractions, negatives are refused, and at most 15 digits are read.
fn assert_whole_dong(d: Decimal, from: &str) {
    assert!(!d.is_sign_negative(), "negative amount {d} from {from:?}");
    assert!(d.fract().is_zero(), "fraction of a đồng {d} from {from:?}");
    assert!(
        d < Decimal::from(1_000_000_000_000_000i64),
        "more than 15 digits: {d} from {from:?}"
    );
}

/// A pool that refuses every connection at once (`PoolClosed`): no database is reached,
/// and the import stops right after reading the file.
fn closed_pool() -> &'static PgPool {
    static POOL: OnceLock<PgPool> = OnceLock::new();
    POOL.get_or_init(|| {
        crate::runtime().block_on(async {
            // Port 1 on loopback: even if the pool were open, nothing there speaks PostgreSQL.
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect_lazy("postgres://fuzz@127.0.0.1:1/fuzz")
                // A constant URL: setup, not input.
                .expect("a lazy pool from a constant URL");
            pool.close().await;
            pool
        })
    })
}
