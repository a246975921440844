//! Column sort (`<` `>`) as the console does it: the list's pager asks the store for
//! windows in the chosen column's order, walking down and back up through more rows than
//! a window holds, and every row comes exactly once in the order the database gives for
//! (column, the list's own order, id). The choice is remembered in the state file.

use std::collections::{BTreeMap, HashSet};

use crate::common;
use orderdeck_domain::page::Sort;
use orderdeck_tui::pager::{Fetch, Pager};
use orderdeck_tui::panes::ListKind;
use orderdeck_tui::view::Fmt;
use sqlx::PgPool;

fn fmt() -> Fmt {
    Fmt {
        offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
        now: chrono::Utc::now(),
    }
}

/// Runs one of the pager's fetches against the database and hands it the answer, with
/// any follow-up fetch it asks for.
async fn run(pool: &PgPool, list: ListKind, pager: &mut Pager, fetch: Option<Fetch>) {
    let mut next = fetch;
    while let Some(f) = next {
        let rows = orderdeck_console::lists::fetch(list, pool, &f.request, &fmt())
            .await
            .unwrap();
        next = pager.apply(f.generation, f.mode, f.request.limit, rows);
    }
}

/// The cursor walked from the top to the bottom of the list and back: the rows (their
/// `(id, id2)`) in the order the cursor met them going down, and going up.
async fn walk(
    pool: &PgPool,
    list: ListKind,
    sort: Option<Sort>,
) -> (Vec<(i64, i64)>, Vec<(i64, i64)>) {
    let mut pager = Pager::default();
    let f = pager.set_sort(sort);
    run(pool, list, &mut pager, Some(f)).await;
    let id = |p: &Pager| p.selected_row().map(|r| (r.id, r.id2)).unwrap();
    let mut down = vec![id(&pager)];
    loop {
        let before = (id(&pager), pager.selected);
        let f = pager.move_by(1);
        run(pool, list, &mut pager, f).await;
        if (id(&pager), pager.selected) == before {
            break;
        }
        down.push(id(&pager));
    }
    assert!(pager.at_end);
    // Far enough down that the top rows left the window: going up reads them again.
    assert!(!pager.at_start, "the walk should outgrow one window");
    let mut up = vec![id(&pager)];
    loop {
        let before = (id(&pager), pager.selected);
        let f = pager.move_by(-1);
        run(pool, list, &mut pager, f).await;
        if (id(&pager), pager.selected) == before {
            break;
        }
        up.push(id(&pager));
    }
    assert!(pager.at_start);
    (down, up)
}

fn assert_each_once(rows: &[(i64, i64)], expected: &[(i64, i64)]) {
    let distinct: HashSet<_> = rows.iter().collect();
    assert_eq!(distinct.len(), rows.len(), "a row came twice");
    assert_eq!(rows.len(), expected.len(), "a row was lost");
    assert_eq!(rows, expected);
}

async fn seeded() -> common::TestDb {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    db
}

#[tokio::test]
async fn orders_by_total_both_ways_page_down_and_up_without_loss_or_repeat() {
    let db = seeded().await;
    let count: i64 = sqlx::query_scalar("select count(*) from orders")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    // More than a window (300 rows) holds, so the walk drops rows and reads them again.
    assert!(count > 320, "the demo has {count} orders");
    for desc in [true, false] {
        let dir = if desc { "desc" } else { "asc" };
        let expected: Vec<(i64, i64)> = sqlx::query_scalar::<_, i64>(&format!(
            "select id from orders order by total {dir}, created_at {dir}, id {dir}"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|id| (id, 0))
        .collect();
        // Ties are real: the walk must keep them apart by the list's own order.
        let distinct_totals: i64 = sqlx::query_scalar("select count(distinct total) from orders")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(distinct_totals < count, "no two orders share a total");
        let (down, up) = walk(
            &db.pool,
            ListKind::Orders,
            Some(Sort {
                column: "total".into(),
                desc,
            }),
        )
        .await;
        assert_each_once(&down, &expected);
        let mut back = up.clone();
        back.reverse();
        assert_each_once(&back, &expected);
    }
}

#[tokio::test]
async fn a_sorted_window_refreshes_in_place_and_a_filter_keeps_exact_matches() {
    let db = seeded().await;
    let sort = Some(Sort {
        column: "total".into(),
        desc: true,
    });
    let mut pager = Pager::default();
    let f = pager.set_sort(sort.clone());
    run(&db.pool, ListKind::Orders, &mut pager, Some(f)).await;
    for _ in 0..150 {
        let f = pager.move_by(1);
        run(&db.pool, ListKind::Orders, &mut pager, f).await;
    }
    let before: Vec<i64> = pager.rows.iter().map(|r| r.id).collect();
    let on = pager.selected_row().map(|r| r.id);
    let f = pager.refresh();
    assert_eq!(f.request.sort, sort);
    run(&db.pool, ListKind::Orders, &mut pager, Some(f)).await;
    let after: Vec<i64> = pager.rows.iter().map(|r| r.id).collect();
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(pager.selected_row().map(|r| r.id), on);

    // An order's tracking number names it exactly though no word of it is in the order's
    // own text: under a sort it is still found.
    let (order_id, tracking): (i64, String) = sqlx::query_as(
        "select order_id, tracking_number from shipments where tracking_number is not null
         order by id limit 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let f = pager.set_filter(&tracking);
    assert_eq!(f.request.sort, sort);
    run(&db.pool, ListKind::Orders, &mut pager, Some(f)).await;
    assert!(
        pager.rows.iter().any(|r| r.id == order_id),
        "{tracking} not found under the sort"
    );
}

#[tokio::test]
async fn stock_by_available_pages_through_every_level_once() {
    let db = seeded().await;
    let expected: Vec<(i64, i64)> = sqlx::query_as(
        "select s.variant_id, s.warehouse_id from stock_levels s
         join variants v on v.id = s.variant_id join warehouses w on w.id = s.warehouse_id
         order by (s.on_hand - s.reserved) asc, v.sku || ' ' || w.code asc, s.warehouse_id asc",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(expected.len() > 300, "{} stock levels", expected.len());
    let (down, up) = walk(
        &db.pool,
        ListKind::Stock,
        Some(Sort {
            column: "available".into(),
            desc: false,
        }),
    )
    .await;
    assert_each_once(&down, &expected);
    let mut back = up;
    back.reverse();
    assert_each_once(&back, &expected);
}

#[tokio::test]
async fn an_unknown_column_is_the_lists_own_order() {
    let db = seeded().await;
    let own = orderdeck_console::lists::fetch(
        ListKind::Orders,
        &db.pool,
        &orderdeck_domain::page::PageRequest::first("", 50),
        &fmt(),
    )
    .await
    .unwrap();
    let mut req = orderdeck_domain::page::PageRequest::first("", 50);
    req.sort = Some(Sort {
        column: "total; drop table orders".into(),
        desc: true,
    });
    let odd = orderdeck_console::lists::fetch(ListKind::Orders, &db.pool, &req, &fmt())
        .await
        .unwrap();
    let ids =
        |rows: &[orderdeck_tui::view::DisplayRow]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(&odd), ids(&own));
}

#[test]
fn the_sort_is_remembered_in_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = orderdeck_console::state::path_in(dir.path());
    let sorts = BTreeMap::from([
        (
            "orders".to_string(),
            Sort {
                column: "total".into(),
                desc: true,
            },
        ),
        (
            "stock".to_string(),
            Sort {
                column: "available".into(),
                desc: false,
            },
        ),
    ]);
    orderdeck_console::state::save_sorts(&path, &sorts);
    assert_eq!(orderdeck_console::state::load_sorts(&path), sorts);
    // A broken file is not a broken console: nothing is remembered, nothing fails.
    std::fs::write(&path, "[sort.orders\n").unwrap();
    assert!(orderdeck_console::state::load_sorts(&path).is_empty());
}
