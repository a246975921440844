//! Search as an operator uses it: `/` in the Orders list puts what the text names exactly
//! first (number or its digits, tracking number, phone in any form, channel order id),
//! `:goto` opens one order by any of those, Stock and Catalog find a barcode and a name
//! typed without diacritics, and an edit's timeline entry holds only what changed.

use crate::common::{self, catalog, order};
use orderdeck_app::intake::{IntakeOutcome, create_order};
use orderdeck_domain::page::{Direction, PageRequest};
use orderdeck_tui::panes::ListKind;
use orderdeck_tui::view::{DisplayRow, Fmt};
use sqlx::PgPool;

fn fmt() -> Fmt {
    Fmt {
        offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
        now: chrono::Utc::now(),
    }
}

async fn rows(pool: &PgPool, list: ListKind, req: &PageRequest) -> Vec<DisplayRow> {
    orderdeck_console::lists::fetch(list, pool, req, &fmt())
        .await
        .unwrap()
}

fn first_cells(rows: &[DisplayRow]) -> Vec<String> {
    rows.iter().map(|r| r.cells[0].text.clone()).collect()
}

/// Twelve orders OD-000001 … OD-000012, one a second apart (newest last), externals
/// `X-1` … `X-12`; order 5's buyer has her own phone.
async fn twelve_orders(pool: &PgPool) -> Vec<String> {
    catalog(pool, &[(100, 0), (100, 0), (100, 0)]).await;
    let mut numbers = Vec::new();
    for k in 1..=12 {
        let mut o = order(&format!("X-{k}"), &[("S0", 1)]);
        if k == 5 {
            o.customer.phone = "0987 654 321".into();
            o.customer.name = "Phạm Thị Hoa".into();
        }
        let IntakeOutcome::Created { number, .. } = create_order(pool, &o, "test").await.unwrap()
        else {
            panic!("order {k} not created")
        };
        numbers.push(number);
    }
    // Distinct times: the list is newest first.
    sqlx::query(
        "update orders set created_at = now() - interval '1 hour' + (id * interval '1 second')",
    )
    .execute(pool)
    .await
    .unwrap();
    numbers
}

#[tokio::test]
async fn exact_matches_come_first_and_paging_keeps_every_row_once() {
    let db = common::fresh_db().await;
    let numbers = twelve_orders(&db.pool).await;
    assert_eq!(numbers[0], "OD-000001");

    // `/1`: every order's phone has a 1, but OD-000001 (the oldest) is what `1` names.
    let all = rows(&db.pool, ListKind::Orders, &PageRequest::first("1", 100)).await;
    assert_eq!(all.len(), 12, "{:?}", first_cells(&all));
    assert_eq!(all[0].cells[0].text, "OD-000001");
    assert_eq!(all[1].cells[0].text, "OD-000012", "then newest first");

    // Paged five at a time, forwards then back: the same rows, each once, same order.
    let p1 = rows(&db.pool, ListKind::Orders, &PageRequest::first("1", 5)).await;
    let next = |from: &DisplayRow, direction| PageRequest {
        filter: "1".into(),
        from: Some(from.key.clone()),
        inclusive: false,
        direction,
        limit: 5,
        sort: None,
    };
    let p2 = rows(
        &db.pool,
        ListKind::Orders,
        &next(p1.last().unwrap(), Direction::Forward),
    )
    .await;
    let p3 = rows(
        &db.pool,
        ListKind::Orders,
        &next(p2.last().unwrap(), Direction::Forward),
    )
    .await;
    let walked: Vec<String> = [&p1, &p2, &p3]
        .iter()
        .flat_map(|p| first_cells(p))
        .collect();
    assert_eq!(walked, first_cells(&all));
    let back = rows(
        &db.pool,
        ListKind::Orders,
        &next(p2.first().unwrap(), Direction::Backward),
    )
    .await;
    assert_eq!(first_cells(&back), first_cells(&p1), "back to the top");
    // A refresh in place from the pinned row keeps it on top.
    let refresh = PageRequest {
        inclusive: true,
        ..next(p1.first().unwrap(), Direction::Forward)
    };
    let again = rows(&db.pool, ListKind::Orders, &refresh).await;
    assert_eq!(first_cells(&again), first_cells(&p1));

    // The digits with their zeros, and the number typed in lower case.
    for typed in ["000003", "od-000003", " 3 "] {
        let r = rows(&db.pool, ListKind::Orders, &PageRequest::first(typed, 100)).await;
        assert_eq!(r[0].cells[0].text, "OD-000003", "typed {typed:?}");
    }

    // A channel's order id: X-1 before the newer that contain it.
    let r = rows(&db.pool, ListKind::Orders, &PageRequest::first("x-1", 100)).await;
    assert_eq!(
        first_cells(&r),
        ["OD-000001", "OD-000012", "OD-000011", "OD-000010"]
    );

    // A phone in each way people write it: order 5 first.
    for typed in ["0987654321", "+84987654321", "84987654321", "0987.654.321"] {
        let r = rows(&db.pool, ListKind::Orders, &PageRequest::first(typed, 100)).await;
        assert_eq!(
            r.first().map(|r| r.cells[0].text.as_str()),
            Some("OD-000005"),
            "typed {typed:?}"
        );
    }

    // A tracking number (not in the folded search text at all) finds its order.
    let order7: i64 = sqlx::query_scalar("select id from orders where number = 'OD-000007'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    sqlx::query("insert into shipments (order_id, carrier, client_order_code, tracking_number) values ($1, 'ghn', 'C-7', 'GY7RX2K')")
        .bind(order7)
        .execute(&db.pool)
        .await
        .unwrap();
    let r = rows(
        &db.pool,
        ListKind::Orders,
        &PageRequest::first("gy7rx2k", 100),
    )
    .await;
    assert_eq!(first_cells(&r), ["OD-000007"]);

    // Words in any order, without diacritics.
    let r = rows(
        &db.pool,
        ListKind::Orders,
        &PageRequest::first("hoa pham", 100),
    )
    .await;
    assert_eq!(first_cells(&r), ["OD-000005"]);
}

#[tokio::test]
async fn goto_opens_an_order_by_its_digits_tracking_number_or_channel_id() {
    let db = common::fresh_db().await;
    twelve_orders(&db.pool).await;
    let order9: i64 = sqlx::query_scalar("select id from orders where number = 'OD-000009'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    sqlx::query("insert into shipments (order_id, carrier, client_order_code, tracking_number) values ($1, 'viettelpost', 'C-9', 'VTP000123')")
        .bind(order9)
        .execute(&db.pool)
        .await
        .unwrap();
    let goto = |text: &'static str| {
        let pool = db.pool.clone();
        async move {
            orderdeck_store::orders::find_for_goto(&pool, text)
                .await
                .unwrap()
                .map(|o| o.number)
        }
    };
    assert_eq!(goto("12").await.as_deref(), Some("OD-000012"));
    assert_eq!(goto("OD-000004").await.as_deref(), Some("OD-000004"));
    assert_eq!(goto("od-000004").await.as_deref(), Some("OD-000004"));
    assert_eq!(goto("vtp000123").await.as_deref(), Some("OD-000009"));
    assert_eq!(goto("X-6").await.as_deref(), Some("OD-000006"));
    assert_eq!(goto("99").await, None);
    assert_eq!(goto("nothing").await, None);
}

#[tokio::test]
async fn stock_and_catalog_find_a_barcode_and_a_name_typed_without_diacritics() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(5, 2), (3, 0), (0, 1)]).await;
    let name = "Áo thun cotton Basic";
    sqlx::query("update products set name = $1, search_text = $2 where name = 'Sản phẩm 0'")
        .bind(name)
        .bind(orderdeck_store::orders::search_text(&[name, "S0"]))
        .execute(&db.pool)
        .await
        .unwrap();
    for typed in ["ao thun basic", "ÁO THUN", "basic ao"] {
        let stock = rows(&db.pool, ListKind::Stock, &PageRequest::first(typed, 100)).await;
        assert!(!stock.is_empty(), "stock {typed:?}");
        assert!(
            stock.iter().all(|r| r.cells[0].text == "S0"),
            "stock {typed:?}: {:?}",
            first_cells(&stock)
        );
        let products = rows(
            &db.pool,
            ListKind::Products,
            &PageRequest::first(typed, 100),
        )
        .await;
        assert_eq!(
            products
                .iter()
                .map(|r| r.cells[0].text.as_str())
                .collect::<Vec<_>>(),
            [name],
            "catalog {typed:?}"
        );
    }
    // A scanned barcode: S1's row(s) in Stock, its product in Catalog.
    let stock = rows(
        &db.pool,
        ListKind::Stock,
        &PageRequest::first("8930000000001", 100),
    )
    .await;
    assert!(!stock.is_empty());
    assert!(
        stock.iter().all(|r| r.cells[0].text == "S1"),
        "{:?}",
        first_cells(&stock)
    );
    let products = rows(
        &db.pool,
        ListKind::Products,
        &PageRequest::first("8930000000001", 100),
    )
    .await;
    assert_eq!(first_cells(&products), ["Sản phẩm 1"]);
    // A SKU finds its product even when the product's search text lacks it.
    let products = rows(&db.pool, ListKind::Products, &PageRequest::first("s2", 100)).await;
    assert_eq!(first_cells(&products), ["Sản phẩm 2"]);
    // Words that are nowhere: nothing.
    let none = rows(
        &db.pool,
        ListKind::Stock,
        &PageRequest::first("ao len", 100),
    )
    .await;
    assert!(none.is_empty());
}

#[tokio::test]
async fn an_edit_records_only_the_fields_that_changed_with_old_and_new() {
    use orderdeck_domain::order_edit::OrderEdit;
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(20, 0)]).await;
    let IntakeOutcome::Created { number, .. } =
        create_order(&db.pool, &order("E-1", &[("S0", 1)]), "test")
            .await
            .unwrap()
    else {
        panic!()
    };
    let (version, fee, address): (i32, rust_decimal::Decimal, serde_json::Value) =
        sqlx::query_as("select version, shipping_fee, ship_address from orders where number = $1")
            .bind(&number)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    // What the edit form sends: every field, only the address different.
    let same_address: orderdeck_domain::intake::Address =
        serde_json::from_value(address.clone()).unwrap();
    let edit = OrderEdit {
        buyer_name: Some("Trần Thị Bình".into()),
        buyer_phone: Some("+84 912 345 678".into()),
        buyer_email: Some(String::new()),
        ship_address: Some(orderdeck_domain::intake::Address {
            line1: "45 Hai Bà Trưng".into(),
            ..same_address
        }),
        shipping_fee: Some(fee.normalize()),
        discount: Some(rust_decimal::Decimal::ZERO),
        lines: None,
    };
    orderdeck_app::orders::edit(&db.pool, &number, version, &edit, "lan")
        .await
        .unwrap();
    let (actor, before, after): (String, serde_json::Value, serde_json::Value) = sqlx::query_as(
        "select actor, before, after from order_events where kind = 'edited' order by id desc limit 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(actor, "lan");
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&before), ["ship_address"]);
    assert_eq!(keys(&after), ["ship_address"]);
    assert_eq!(before["ship_address"]["line1"], "1 Lê Lợi");
    assert_eq!(after["ship_address"]["line1"], "45 Hai Bà Trưng");

    // The order page says it as a sentence, old → new, in the reader's language.
    let id: i64 = sqlx::query_scalar("select id from orders where number = $1")
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let detail = {
        let _vi = orderdeck_i18n::scoped(orderdeck_i18n::Lang::Vi);
        orderdeck_console::lists::orders::detail(&db.pool, id, &fmt())
            .await
            .unwrap()
            .unwrap()
    };
    let text: Vec<String> = detail
        .lines
        .iter()
        .map(|l| l.iter().map(|c| c.text.as_str()).collect::<String>())
        .collect();
    let edited = text
        .iter()
        .find(|l| l.contains("45 Hai Bà Trưng") && l.contains('→'))
        .unwrap_or_else(|| panic!("no edit line in {text:#?}"));
    assert!(
        edited.contains("1 Lê Lợi") && edited.contains('→'),
        "{edited}"
    );
    assert!(edited.contains("lan"), "who: {edited}");
    assert!(
        !edited.contains("ship_address") && !edited.contains("edited"),
        "{edited}"
    );
    assert!(
        !edited.to_lowercase().contains("phí"),
        "fee unchanged: {edited}"
    );
}
