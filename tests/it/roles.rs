//! Who may do what, enforced by PostgreSQL (issue 14, item 2). Each person is a login of
//! their own; the server refuses what their role may not do, whatever program or SQL they
//! use, and writes their login on what they did. On today's code (before roles) a packer's
//! refund, stock adjustment and invoice cancel all went through, under any name.

use std::sync::atomic::{AtomicUsize, Ordering};

use orderdeck_app::intake::{IntakeOutcome, create_order};
use orderdeck_app::{packing, people, purchasing, stock_count};
use orderdeck_domain::access::Role;
use orderdeck_store as store;
use sqlx::PgPool;

use crate::common::{TestDb, assert_invariants, catalog, fresh_db, order};

const PASSWORD: &str = "mật khẩu đủ dài";

/// A login of `role` (names are the server's, so unique per process and call) and a pool
/// connected as it.
async fn person(db: &TestDb, role: Role) -> (String, PgPool) {
    static N: AtomicUsize = AtomicUsize::new(0);
    let login = format!(
        "t_{}_{}_{}.x",
        role.name(),
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    people::add(&db.pool, &login, "Nguyễn Văn Thử", role, Some(PASSWORD))
        .await
        .expect("add person");
    let pool = store::pool(db.options.clone().username(&login).password(PASSWORD), 3)
        .await
        .expect("the new login signs in with its password");
    (login, pool)
}

fn refused(e: &sqlx::Error) -> bool {
    store::is_permission_denied(e)
}

async fn ids(pool: &PgPool, sku: &str, wh: &str) -> (i64, i64) {
    sqlx::query_as(
        "select v.id, w.id from variants v, warehouses w where v.sku = $1 and w.code = $2",
    )
    .bind(sku)
    .bind(wh)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn new_order(pool: &PgPool, external: &str, lines: &[(&str, i32)]) -> (i64, String) {
    let IntakeOutcome::Created { number, .. } = create_order(pool, &order(external, lines), "x")
        .await
        .expect("order")
    else {
        panic!("not created");
    };
    let id: i64 = sqlx::query_scalar("select id from orders where number = $1")
        .bind(&number)
        .fetch_one(pool)
        .await
        .unwrap();
    (id, number)
}

#[tokio::test]
async fn a_packer_packs_but_the_server_refuses_refunds_adjustments_and_invoice_cancels() {
    let db = fresh_db().await;
    catalog(&db.pool, &[(5, 0)]).await;
    let (order_id, _) = new_order(&db.pool, "R1", &[("S0", 1)]).await;
    let (packer, as_packer) = person(&db, Role::Packer).await;

    // The work of the role goes through: claim, scan, packed.
    let job = packing::claim_next(&as_packer, "st1")
        .await
        .expect("claim")
        .expect("a job");
    assert_eq!(job.order_id, order_id);
    let scanned = packing::scan(&as_packer, order_id, "st1", "S0").await;
    assert!(scanned.is_ok(), "{scanned:?}");
    let status: String = sqlx::query_scalar("select status from orders where id = $1")
        .bind(order_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(status, "packed");

    // A refund by hand.
    let e =
        sqlx::query("insert into refunds (order_id, amount, method) values ($1, 100000, 'cash')")
            .bind(order_id)
            .execute(&as_packer)
            .await
            .expect_err("a packer may not refund");
    assert!(refused(&e), "{e}");
    assert!(e.to_string().contains("permission denied"), "{e}");

    // A stock adjustment, as a ledger move or by setting the figure.
    let (v, w) = ids(&db.pool, "S0", "HN").await;
    let e = sqlx::query(
        "insert into stock_moves (variant_id, warehouse_id, qty, kind) values ($1, $2, 50, 'adjustment')",
    )
    .bind(v)
    .bind(w)
    .execute(&as_packer)
    .await
    .expect_err("a packer may not adjust stock");
    assert!(refused(&e), "{e}");
    assert!(e.to_string().contains("permission denied"), "{e}");
    let e = sqlx::query("update stock_levels set on_hand = on_hand + 50 where variant_id = $1 and warehouse_id = $2")
        .bind(v)
        .bind(w)
        .execute(&as_packer)
        .await
        .expect_err("nor set the on-hand figure");
    assert!(refused(&e), "{e}");
    assert!(e.to_string().contains("permission denied"), "{e}");
    // Through the program too: a count posts adjustments.
    let count = stock_count::start(&db.pool, "HN", None, "manager")
        .await
        .unwrap();
    stock_count::enter(&db.pool, count, "S0", 9).await.unwrap();
    let e = stock_count::post(&as_packer, count, "anyone")
        .await
        .expect_err("a packer may not post a count");
    assert!(e.to_string().contains("permission denied"), "{e}");

    // An invoice cancelled by hand.
    sqlx::query("insert into invoices (order_id, provider, template, status, buyer_name, total, transaction_uuid) values ($1, 'sinvoice', 'vat', 'draft', 'Bình', 100000, gen_random_uuid())")
        .bind(order_id)
        .execute(&db.pool)
        .await
        .unwrap();
    let e = sqlx::query("update invoices set status = 'cancelled' where order_id = $1")
        .bind(order_id)
        .execute(&as_packer)
        .await
        .expect_err("a packer may not cancel an invoice");
    assert!(refused(&e), "{e}");
    assert!(e.to_string().contains("permission denied"), "{e}");

    // The timeline says who really did it, whatever name is passed.
    sqlx::query("insert into order_events (order_id, actor, kind, message) values ($1, 'giam.doc', 'note', 'forged?')")
        .bind(order_id)
        .execute(&as_packer)
        .await
        .unwrap();
    let actors: Vec<(String, String)> = sqlx::query_as(
        "select kind, actor from order_events where order_id = $1 and actor <> 'x' order by id",
    )
    .bind(order_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(!actors.is_empty());
    for (kind, actor) in &actors {
        assert_eq!(actor, &packer, "{kind} written under {actor}");
    }
    let unchanged: (i32, i64) = sqlx::query_as(
        "select on_hand, (select count(*) from refunds)  from stock_levels where variant_id = $1 and warehouse_id = $2",
    )
    .bind(v)
    .bind(w)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(unchanged, (5, 0), "nothing of the refused work stayed");
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn support_refunds_and_manager_adjusts_under_their_own_names() {
    let db = fresh_db().await;
    catalog(&db.pool, &[(5, 0)]).await;
    let (support, as_support) = person(&db, Role::Support).await;
    let (manager, as_manager) = person(&db, Role::Manager).await;

    // Support takes an order (backordered beyond stock), cancels one, refunds.
    let (order_id, number) = new_order(&as_support, "R2", &[("S0", 2)]).await;
    let (_, backordered) = new_order(&as_support, "R3", &[("S0", 9)]).await;
    let (_, short) = new_order(&as_support, "R4", &[("S0", 1)]).await;
    let (_, as_packer) = person(&db, Role::Packer).await;
    let e = orderdeck_app::orders::cancel(
        &as_packer,
        &short,
        "x",
        &orderdeck_domain::cancel_reason::CancelReason::parse("buyer_asked", "").unwrap(),
        None,
    )
    .await
    .expect_err("a packer may not cancel an order");
    assert!(e.to_string().contains("permission denied"), "{e}");
    orderdeck_app::orders::cancel(
        &as_support,
        &short,
        "someone else",
        &orderdeck_domain::cancel_reason::CancelReason::parse("buyer_asked", "").unwrap(),
        None,
    )
    .await
    .expect("support cancels");
    sqlx::query("insert into refunds (order_id, amount, method) values ($1, 100000, 'transfer')")
        .bind(order_id)
        .execute(&as_support)
        .await
        .expect("support refunds");
    let who: String = sqlx::query_scalar("select created_by from refunds where order_id = $1")
        .bind(order_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(who, support);
    let cancelled_by: String = sqlx::query_scalar(
        "select e.actor from order_events e join orders o on o.id = e.order_id
         where o.number = $1 and e.kind = 'cancelled'",
    )
    .bind(&short)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(cancelled_by, support);

    // Support may not adjust stock; the manager may, and is named on the ledger.
    let (v, w) = ids(&db.pool, "S0", "HN").await;
    let e = sqlx::query(
        "insert into stock_moves (variant_id, warehouse_id, qty, kind) values ($1, $2, 3, 'adjustment')",
    )
    .bind(v)
    .bind(w)
    .execute(&as_support)
    .await
    .expect_err("support may not adjust");
    assert!(refused(&e), "{e}");
    let count = stock_count::start(&as_manager, "HN", None, "x")
        .await
        .expect("count");
    stock_count::enter(&as_manager, count, "S0", 8)
        .await
        .unwrap();
    stock_count::post(&as_manager, count, "not me")
        .await
        .expect("manager posts");
    let actor: String = sqlx::query_scalar(
        "select actor from stock_moves where kind = 'count' order by id desc limit 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(actor, manager);

    // A packer receives goods for the backorder left.
    let drafted = purchasing::draft_from_backorders(&as_support, "x").await;
    assert!(drafted.is_ok(), "support drafts: {drafted:?}");
    let pos = purchasing::list(&db.pool).await.unwrap();
    let po = pos.first().expect("a purchase order for the backorder");
    let e = purchasing::confirm(&as_packer, &po.number)
        .await
        .expect_err("a packer may not confirm a purchase");
    assert!(e.to_string().contains("permission denied"), "{e}");
    purchasing::confirm(&as_manager, &po.number)
        .await
        .expect("manager confirms");
    purchasing::receive(&as_packer, &po.number, None, "x")
        .await
        .expect("a packer receives goods");
    let status: String = sqlx::query_scalar("select status from orders where number = $1")
        .bind(&backordered)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        status, "reserved",
        "the received goods went to the backorder"
    );
    let _ = number;
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn people_are_added_listed_moved_and_disabled() {
    let db = fresh_db().await;
    let (login, as_person) = person(&db, Role::Packer).await;
    let me = people::whoami(&as_person).await.unwrap();
    assert_eq!(me.login, login);
    assert_eq!(me.role, Some(Role::Packer));
    assert!(!me.trusted);
    let owner = people::whoami(&db.pool).await.unwrap();
    assert!(owner.trusted && owner.role == Some(Role::Admin));

    // A packer may not make people.
    let e = people::add(
        &as_person,
        "t_intruder",
        "",
        Role::Admin,
        Some("password123"),
    )
    .await
    .expect_err("a packer may not add people");
    assert!(matches!(e, people::PeopleError::NotAllowed(_)), "{e}");

    people::set_role(&db.pool, &login, Role::Support)
        .await
        .unwrap();
    let listed = people::list(&db.pool).await.unwrap();
    let row = listed.iter().find(|p| p.login == login).expect("listed");
    assert_eq!(row.role, Some(Role::Support));
    assert_eq!(row.full_name, "Nguyễn Văn Thử");
    assert!(people::whoami(&as_person).await.unwrap().role == Some(Role::Support));

    // An admin login makes people too.
    let (_, as_admin) = person(&db, Role::Admin).await;
    let made = format!("t_made_{}", std::process::id());
    people::add(
        &as_admin,
        &made,
        "Lê Thị Mới",
        Role::Packer,
        Some("password123"),
    )
    .await
    .expect("an admin adds a packer");
    let e = people::add(&as_admin, &made, "", Role::Packer, Some("password123"))
        .await
        .expect_err("taken");
    assert!(matches!(e, people::PeopleError::Taken(_)), "{e}");

    people::disable(&db.pool, &login).await.unwrap();
    let again = store::pool(db.options.clone().username(&login).password(PASSWORD), 1).await;
    assert!(again.is_err(), "a disabled login cannot sign in");
    assert!(
        !people::list(&db.pool)
            .await
            .unwrap()
            .iter()
            .any(|p| p.login == login && p.can_login)
    );
}

/// The console of a packer offers packing and shipping only: a return (with its refund),
/// a stock count and an invoice are neither in the footer nor in the help, and their keys
/// say why instead of starting work the server would refuse.
#[test]
fn a_packers_console_hides_refunds_counts_and_invoices() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use orderdeck_tui::app::Msg;

    let key = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let mut admin = crate::common::new_app("mono");
    let mut packer = crate::common::new_app("mono");
    packer.identity.role = Role::Packer;

    let footer = |app: &mut orderdeck_tui::app::App| {
        let s = crate::common::screen(app);
        s.lines().rev().nth(1).unwrap_or_default().to_string()
    };
    let (a, p) = (footer(&mut admin), footer(&mut packer));
    for word in ["return", "invoice", "cancel", "new"] {
        assert!(a.contains(word), "an admin sees {word}: {a}");
        assert!(!p.contains(word), "a packer does not see {word}: {p}");
    }
    assert!(p.contains("pack") && p.contains("ship"), "{p}");

    let fx = packer.update(key('T'));
    assert!(fx.is_empty(), "no work started");
    let said = packer
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("packer") && said.contains("refund"), "{said}");
    assert!(packer.form.is_none());

    packer.update(key('2'));
    packer.update(key('s'));
    let said = packer
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("count or adjust stock"), "{said}");

    packer.update(key('?'));
    let help = crate::common::screen(&mut packer);
    assert!(help.contains("pack station"), "{help}");
    assert!(!help.contains("receive a return"), "{help}");
    assert!(!help.contains("count stock"), "{help}");
    assert!(
        !help.contains("issue the selected order's invoice"),
        "{help}"
    );
}

/// The timeline and the ledger are only added to: not even an admin login is granted
/// UPDATE or DELETE on them (and their triggers refuse the owner too).
#[tokio::test]
async fn nobody_may_rewrite_the_timeline_or_the_ledger() {
    let db = fresh_db().await;
    catalog(&db.pool, &[(5, 0)]).await;
    let (order_id, _) = new_order(&db.pool, "R9", &[("S0", 1)]).await;
    let (_, as_admin) = person(&db, Role::Admin).await;
    for sql in [
        "update order_events set actor = 'someone' where order_id = $1",
        "delete from order_events where order_id = $1",
        "update stock_moves set qty = 99 where $1 > 0",
        "delete from stock_moves where $1 > 0",
    ] {
        let e = sqlx::query(sql)
            .bind(order_id)
            .execute(&as_admin)
            .await
            .expect_err(sql);
        assert!(refused(&e), "{sql}: {e}");
    }
    let e = sqlx::query("delete from order_events where order_id = $1")
        .bind(order_id)
        .execute(&db.pool)
        .await
        .expect_err("the owner too");
    assert!(e.to_string().contains("append-only"), "{e}");
}
