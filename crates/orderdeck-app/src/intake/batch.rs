//! Bulk intake: a chunk of orders decided in memory against one lock of their stock rows,
//! then written by one statement — customers, orders, lines, reservations, reserved
//! figures and timelines for the whole chunk. Per-order statements cost a plan, an
//! executor start and a round trip each; here the chunk pays them once.

use std::collections::{BTreeMap, HashMap};

use sqlx::PgConnection;

use super::{
    Decided, IntakeError, IntakeOutcome, Lookup, Prepared, StockView, VariantInfo, created_said,
    decide, prepare,
};
use orderdeck_domain::intake::{NewOrder, normalise_phone};
use orderdeck_store::{self as store, orders::search_text};

/// What intake makes of each order of a chunk before anything is written.
enum Fate {
    /// Already in the database under this number.
    Exists(String),
    /// The same (channel, external id) as an earlier order of this chunk.
    SameAs(usize),
    /// To be written.
    New,
}

/// Intake of many orders in the caller's transaction, in file order. An error names the
/// index of the order it concerns.
pub async fn create_batch(
    conn: &mut PgConnection,
    orders: &[NewOrder],
    actor: &str,
) -> Result<Vec<IntakeOutcome>, (usize, IntakeError)> {
    let refs: Vec<&NewOrder> = orders.iter().collect();
    let lookup = Lookup::load(conn, &refs, &[])
        .await
        .map_err(|e| (0, e.into()))?;
    let (outcomes, _) = create_many(
        conn,
        &refs,
        &vec![actor; orders.len()],
        StockView::Locked,
        &lookup,
    )
    .await?;
    Ok(outcomes)
}

/// A stock row's available quantity (on hand − reserved) as the write left it:
/// (variant, warehouse, available).
pub(super) type LeftOver = (i64, i64, i32);

/// Intake of orders that each have their own actor, in the order given, decided on the
/// catalog facts of `lookup` (which the write checks are still true). With
/// [`StockView::Locked`] it runs in the caller's transaction and locks the stock rows
/// first; with [`StockView::Snapshot`] it locks nothing until its one write, which fails
/// with [`super::decided_on_stale_facts`] if the stock or catalog it decided on has
/// changed meanwhile. Also returns what the write left available on the rows it locked.
pub(super) async fn create_many(
    conn: &mut PgConnection,
    orders: &[&NewOrder],
    actors: &[&str],
    view: StockView,
    lookup: &Lookup,
) -> Result<(Vec<IntakeOutcome>, Vec<LeftOver>), (usize, IntakeError)> {
    let prepared: Vec<Prepared> = orders
        .iter()
        .enumerate()
        .map(|(i, o)| prepare(o, lookup).map_err(|e| (i, e)))
        .collect::<Result<_, _>>()?;
    let fates = fates(orders, &prepared, lookup);
    // Every variant the orders name, by id: the stock rows to lock, in id order, and the
    // catalog facts the write checks.
    let used: BTreeMap<i64, &VariantInfo> = prepared
        .iter()
        .flat_map(|p| p.lines.iter().map(|(v, ..)| (v.id, *v)))
        .collect();
    let variants: Vec<i64> = used.keys().copied().collect();
    // Either one lock of every stock row the orders touch, taken in order, or the figures
    // read with the catalog; the new orders are then decided in order, in memory.
    let mut plan = match view {
        StockView::Locked => store::stock::Plan::lock(conn, &variants)
            .await
            .map_err(|e| (0, e.into()))?,
        StockView::Snapshot => {
            store::stock::Plan::snapshot(lookup.variants.values().flat_map(|v| {
                v.warehouses
                    .iter()
                    .zip(&v.available)
                    .map(|(w, a)| ((v.id, *w), *a))
            }))
        }
    };
    let mut decided = Vec::new();
    for (i, p) in prepared.iter().enumerate() {
        if matches!(fates[i], Fate::New) {
            let (mut d, shortages, _) = decide(&mut plan, p);
            if view == StockView::Locked {
                // A shortage seen with the rows locked is real: nothing to re-check.
                d.short_on_snapshot.clear();
            }
            decided.push((i, d, shortages));
        }
    }
    let (written, left) = write(conn, orders, &prepared, &decided, actors, &used)
        .await
        .map_err(|e| (0, e.into()))?;

    let mut numbers: HashMap<usize, String> = HashMap::new();
    let mut outcomes = Vec::with_capacity(orders.len());
    let mut decided = decided.into_iter().peekable();
    for (i, fate) in fates.iter().enumerate() {
        let outcome = match fate {
            Fate::Exists(number) => IntakeOutcome::Duplicate {
                number: number.clone(),
            },
            Fate::SameAs(j) => IntakeOutcome::Duplicate {
                number: numbers.get(j).cloned().unwrap_or_default(),
            },
            Fate::New => {
                let Some((_, d, shortages)) = decided.next_if(|(k, ..)| *k == i) else {
                    continue;
                };
                match written.get(&i) {
                    Some(number) => IntakeOutcome::Created {
                        number: number.clone(),
                        status: d.status,
                        shortages,
                    },
                    // Another import wrote the same (channel, external id) after our
                    // check: the database kept theirs and skipped ours, reservations too.
                    None => IntakeOutcome::Duplicate {
                        number: number_of(conn, prepared[i].channel_id, orders[i])
                            .await
                            .map_err(|e| (i, e.into()))?,
                    },
                }
            }
        };
        let (IntakeOutcome::Created { number, .. } | IntakeOutcome::Duplicate { number }) =
            &outcome;
        numbers.insert(i, number.clone());
        outcomes.push(outcome);
    }
    Ok((outcomes, left))
}

fn external(order: &NewOrder) -> Option<&str> {
    order.external_id.as_deref().map(str::trim)
}

/// Which orders are duplicates — of the database (the lookup read them) or of an earlier
/// order in the same call — decided before any stock is taken for them.
fn fates(orders: &[&NewOrder], prepared: &[Prepared<'_>], lookup: &Lookup) -> Vec<Fate> {
    let mut first: HashMap<(i64, &str), usize> = HashMap::new();
    orders
        .iter()
        .zip(prepared)
        .enumerate()
        .map(|(i, (o, p))| match external(o) {
            None => Fate::New,
            Some(e) => {
                if let Some(n) = lookup.existing.get(&(p.channel_id, e.to_string())) {
                    Fate::Exists(n.clone())
                } else if let Some(j) = first.get(&(p.channel_id, e)) {
                    Fate::SameAs(*j)
                } else {
                    first.insert((p.channel_id, e), i);
                    Fate::New
                }
            }
        })
        .collect()
}

async fn number_of(
    conn: &mut PgConnection,
    channel_id: i64,
    order: &NewOrder,
) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("select number from orders where channel_id = $1 and external_id = $2")
        .bind(channel_id)
        .bind(external(order))
        .fetch_one(conn)
        .await
}

/// Column arrays for the chunk's orders, lines and reservations.
#[derive(Default)]
struct Columns {
    ord: Vec<i32>,
    channel: Vec<i64>,
    external: Vec<Option<String>>,
    source: Vec<String>,
    name: Vec<String>,
    phone: Vec<String>,
    email: Vec<String>,
    address: Vec<String>,
    payment: Vec<String>,
    subtotal: Vec<rust_decimal::Decimal>,
    discount: Vec<rust_decimal::Decimal>,
    fee: Vec<rust_decimal::Decimal>,
    total: Vec<rust_decimal::Decimal>,
    note: Vec<String>,
    invoice: Vec<bool>,
    preferred: Vec<Option<i64>>,
    search: Vec<String>,
    customer_search: Vec<String>,
    status: Vec<String>,
    /// The timeline's first event: its English, and what it said (language-neutral).
    message: Vec<String>,
    said: Vec<serde_json::Value>,
    actor: Vec<String>,
    // Lines.
    l_ord: Vec<i32>,
    l_no: Vec<i32>,
    l_variant: Vec<i64>,
    l_sku: Vec<String>,
    l_name: Vec<String>,
    l_qty: Vec<i32>,
    l_price: Vec<rust_decimal::Decimal>,
    l_discount: Vec<rust_decimal::Decimal>,
    l_vat: Vec<String>,
    // Reservations.
    r_ord: Vec<i32>,
    r_no: Vec<i32>,
    r_variant: Vec<i64>,
    r_warehouse: Vec<i64>,
    r_qty: Vec<i32>,
}

impl Columns {
    fn push(&mut self, ord: i32, order: &NewOrder, actor: &str, p: &Prepared<'_>, d: &Decided) {
        let phone = normalise_phone(&order.customer.phone).unwrap_or_default();
        let name = order.customer.name.trim().to_string();
        let external = external(order);
        self.ord.push(ord);
        self.channel.push(p.channel_id);
        self.external.push(external.map(str::to_string));
        self.source
            .push(order.source.as_deref().unwrap_or("").to_string());
        self.search
            .push(search_text(&[&name, &phone, external.unwrap_or("")]));
        self.customer_search.push(search_text(&[&name, &phone]));
        self.email.push(order.customer.email.trim().to_string());
        self.address
            .push(serde_json::to_string(&order.shipping_address).unwrap_or_else(|_| "{}".into()));
        self.payment.push(order.payment.clone());
        self.subtotal.push(p.subtotal);
        self.discount.push(order.discount);
        self.fee.push(order.shipping_fee);
        self.total.push(p.total);
        self.note
            .push(order.note.as_deref().unwrap_or("").to_string());
        self.invoice.push(order.wants_invoice);
        self.preferred.push(p.preferred);
        self.status.push(d.status.clone());
        let created = created_said(order, p);
        self.message
            .push(format!("{}; {}", created.english(), d.said.english()));
        self.said
            .push(serde_json::json!([created.to_json(), d.said.to_json()]));
        self.actor.push(actor.to_string());
        self.name.push(name);
        self.phone.push(phone);
        for (n, (v, qty, price, discount)) in p.lines.iter().enumerate() {
            self.l_ord.push(ord);
            self.l_no.push(n as i32 + 1);
            self.l_variant.push(v.id);
            self.l_sku.push(v.sku.clone());
            self.l_name.push(v.name.clone());
            self.l_qty.push(*qty);
            self.l_price.push(*price);
            self.l_discount.push(*discount);
            self.l_vat.push(v.vat_rate.clone());
        }
        for k in 0..d.lines.len() {
            self.r_ord.push(ord);
            self.r_no.push(d.lines[k]);
            self.r_variant.push(d.variants[k]);
            self.r_warehouse.push(d.warehouses[k]);
            self.r_qty.push(d.qtys[k]);
        }
    }
}

/// Writes the decided orders in one statement; returns the number of each order written,
/// by its index in the chunk. An order missing from the answer was a duplicate after all.
async fn write(
    conn: &mut PgConnection,
    orders: &[&NewOrder],
    prepared: &[Prepared<'_>],
    decided: &[(usize, Decided, Vec<super::Shortage>)],
    actors: &[&str],
    used: &BTreeMap<i64, &VariantInfo>,
) -> Result<(HashMap<usize, String>, Vec<LeftOver>), sqlx::Error> {
    if decided.is_empty() {
        return Ok((HashMap::new(), Vec::new()));
    }
    let mut c = Columns::default();
    let mut short: Vec<i64> = Vec::new();
    for (i, d, _) in decided {
        c.push(*i as i32, orders[*i], actors[*i], &prepared[*i], d);
        short.extend(&d.short_on_snapshot);
    }
    short.sort_unstable();
    short.dedup();
    // The catalog facts each variant was decided on, in the order of `variants` ($37):
    // the write checks they still hold.
    let variants: Vec<i64> = used.keys().copied().collect();
    let k_sku: Vec<&str> = used.values().map(|v| v.sku.as_str()).collect();
    let k_name: Vec<&str> = used.values().map(|v| v.name.as_str()).collect();
    let k_price: Vec<rust_decimal::Decimal> = used.values().map(|v| v.sale_price).collect();
    let k_vat: Vec<&str> = used.values().map(|v| v.vat_rate.as_str()).collect();
    // A customer is found by phone (the oldest one with it) and takes the name, email and
    // address of their latest order here; a phone seen for the first time makes one new
    // customer. Reserved figures are added from the reservations actually written, so an
    // order skipped as a late duplicate leaves the stock as it was. The stock rows are
    // locked in (variant, warehouse) order — no deadlock — and re-checked: the CHECK on
    // stock_levels refuses more reserved than on hand, and a variant judged short on a
    // snapshot ($38) must have nothing left, or stock arrived meanwhile and
    // orderdeck_stale_stock() aborts the statement so the orders are decided again. The
    // catalog facts the orders were decided on (the queue keeps them for a moment) must
    // still be true — SKU, name, price and VAT rate of each variant, every channel and
    // reserving warehouse active — or orderdeck_stale_catalog() aborts it the same way.
    type Row = (
        i32,
        String,
        Option<i32>,
        Option<i32>,
        Option<Vec<i64>>,
        Option<Vec<i64>>,
        Option<Vec<i32>>,
    );
    let rows: Vec<Row> = sqlx::query_as(concat!(
        "with i as (select * from unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                         $8::text[], $9::text[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[],
                                         $14::text[], $15::bool[], $16::bigint[], $17::text[], $18::text[], $19::text[],
                                         $20::text[], $21::jsonb[], $36::text[])
                    as t(ord, channel_id, external_id, source, name, phone, email, address, payment, subtotal, discount,
                         fee, total, note, invoice, preferred, search, customer_search, status, message, said,
                         actor)),
              -- A masked buyer (no phone) is nobody's customer: one masked number
              -- (\"(+84)90*****12\") would merge strangers.
              latest as (select distinct on (phone) phone, name, email, address, customer_search from i
                         where phone <> '' order by phone, ord desc),
              -- One index probe per phone: a join here may be planned as a scan of every
              -- customer, which grows with the shop.
              found as (select f.phone, f.id from (
                          select l.phone, (select c.id from customers c where c.phone = l.phone order by c.id limit 1) as id
                          from latest l) f
                        where f.id is not null),
              cu as (update customers c set name = latest.name,
                            email = case when latest.email = '' then c.email else latest.email end,
                            address = latest.address::jsonb, search_text = latest.customer_search, updated_at = now()
                     from found join latest using (phone) where c.id = found.id
                     returning c.id, c.phone),
              ci as (insert into customers (name, phone, email, address, search_text)
                     select name, phone, email, address::jsonb, customer_search from latest
                     where not exists (select 1 from found where found.phone = latest.phone)
                     returning id, phone),
              cust as (select id, phone from cu union all select id, phone from ci),
              nums as (select ord, 'OD-' || lpad(nextval('order_number_seq')::text, 6, '0') as number
                       from (select ord from i order by ord) s),
              o as (insert into orders (number, channel_id, external_id, source, customer_id, buyer_name, buyer_phone, buyer_email,
                                        ship_address, payment_method, payment_status, subtotal, discount, shipping_fee, total, note,
                                        wants_invoice, preferred_warehouse_id, search_text, status)
                    select n.number, i.channel_id, i.external_id, i.source, cust.id, i.name, i.phone, i.email,
                           i.address::jsonb, i.payment, case when i.payment = 'prepaid' then 'paid' else 'unpaid' end,
                           i.subtotal, i.discount, i.fee, i.total, i.note, i.invoice, i.preferred,
                           lower(n.number) || ' ' || i.search, i.status
                    from i join nums n using (ord) left join cust using (phone)
                    order by i.ord
                    on conflict (channel_id, external_id) do nothing
                    returning id, number),
              w as (select n.ord, o.id, o.number from o join nums n using (number)),
              l as (insert into order_lines (order_id, line_no, variant_id, sku, name, qty, unit_price, discount, vat_rate)
                    select w.id, t.n, t.v, t.s, t.nm, t.q, t.p, t.d, t.vat
                    from unnest($22::int[], $23::int[], $24::bigint[], $25::text[], $26::text[], $27::int[], $28::numeric[],
                                $29::numeric[], $30::text[]) as t(ord, n, v, s, nm, q, p, d, vat)
                    join w using (ord)
                    returning id, order_id, line_no),
              r as (insert into reservations (order_line_id, variant_id, warehouse_id, qty)
                    select l.id, a.v, a.wh, a.q
                    from unnest($31::int[], $32::int[], $33::bigint[], $34::bigint[], $35::int[]) as a(ord, n, v, wh, q)
                    join w using (ord) join l on l.order_id = w.id and l.line_no = a.n
                    returning variant_id, warehouse_id, qty),
              takes as (select variant_id as v, warehouse_id as wh, sum(qty)::int as q from r group by variant_id, warehouse_id),
              locked as (select s2.variant_id as v, s2.warehouse_id as wh, t.q
                         from stock_levels s2 join warehouses x on x.id = s2.warehouse_id and x.active
                         left join takes t on t.v = s2.variant_id and t.wh = s2.warehouse_id
                         where s2.variant_id = any($37) and (t.q is not null or s2.variant_id = any($38))
                         order by s2.variant_id, s2.warehouse_id
                         for update of s2),
              lv as (update stock_levels s set reserved = s.reserved + coalesce(k.q, 0), updated_at = now()
                     from locked k where s.variant_id = k.v and s.warehouse_id = k.wh
                     returning s.variant_id, s.warehouse_id, s.on_hand - s.reserved as left_over),
              stale as (select 1 from lv where lv.variant_id = any($38) and lv.left_over > 0),
              -- One timeline event: receiving the order and checking its stock are one act.
              e as (insert into order_events (order_id, actor, kind, message, said, before, after)
                    select w.id, i.actor, 'created', i.message, i.said, null::jsonb,
                           jsonb_build_object('status', i.status)
                    from w join i using (ord)),
              moved as (select 1 from unnest($37::bigint[], $39::text[], $40::text[], $41::numeric[], $42::text[])
                                      as k(id, sku, name, price, vat)
                        left join variants v on v.id = k.id left join products p on p.id = v.product_id
                        where v.id is null or not v.active or v.sku <> k.sku or v.sale_price <> k.price
                              or p.vat_rate <> k.vat or ", variant_name_sql!(), " <> k.name
                        union all
                        select 1 from sales_channels c where c.id = any($2) and not c.active
                        union all
                        select 1 from warehouses x where x.id = any($34) and not x.active),
              left_over as (select array_agg(variant_id) as v, array_agg(warehouse_id) as wh,
                                   array_agg(left_over) as available from lv)
         select ord, number, (select orderdeck_stale_stock() from stale limit 1),
                (select orderdeck_stale_catalog() from moved limit 1),
                left_over.v, left_over.wh, left_over.available
         from w cross join left_over",
    ))
    .bind(&c.ord)
    .bind(&c.channel)
    .bind(&c.external)
    .bind(&c.source)
    .bind(&c.name)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(&c.address)
    .bind(&c.payment)
    .bind(&c.subtotal)
    .bind(&c.discount)
    .bind(&c.fee)
    .bind(&c.total)
    .bind(&c.note)
    .bind(&c.invoice)
    .bind(&c.preferred)
    .bind(&c.search)
    .bind(&c.customer_search)
    .bind(&c.status)
    .bind(&c.message)
    .bind(&c.said)
    .bind(&c.l_ord)
    .bind(&c.l_no)
    .bind(&c.l_variant)
    .bind(&c.l_sku)
    .bind(&c.l_name)
    .bind(&c.l_qty)
    .bind(&c.l_price)
    .bind(&c.l_discount)
    .bind(&c.l_vat)
    .bind(&c.r_ord)
    .bind(&c.r_no)
    .bind(&c.r_variant)
    .bind(&c.r_warehouse)
    .bind(&c.r_qty)
    .bind(&c.actor)
    .bind(&variants)
    .bind(&short)
    .bind(&k_sku)
    .bind(&k_name)
    .bind(&k_price)
    .bind(&k_vat)
    .fetch_all(conn)
    .await?;
    let left = match rows.first() {
        Some((.., Some(v), Some(wh), Some(available))) => v
            .iter()
            .zip(wh)
            .zip(available)
            .map(|((v, wh), a)| (*v, *wh, *a))
            .collect(),
        _ => Vec::new(),
    };
    let numbers = rows
        .into_iter()
        .map(|(ord, n, ..)| (ord as usize, n))
        .collect();
    Ok((numbers, left))
}
