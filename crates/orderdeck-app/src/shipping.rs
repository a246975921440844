//! Shipping a packed order: the parcel is worked out from the order, quoted, stored as a
//! pending shipment (its client order code is the idempotency handle), handed to the
//! carrier, and only then does the stock leave the books. No database lock is held
//! while the carrier is called.

use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::{OrderEventKind, Said};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;

use orderdeck_domain::places::{Located, Unresolved};
pub use orderdeck_integrations::carrier::ShipChoice;
use orderdeck_integrations::carrier::{
    Carrier, CarrierError, CarrierKind, CarrierOrder, ParcelItem, ParcelRequest, Party, Payer,
    Quote, ShipmentStatus,
};
use orderdeck_integrations::carriers::Carriers;
use orderdeck_store::{self as store, StoreError};

use crate::carrier_places::{self, Places, PlacesError};

#[derive(Debug, thiserror::Error)]
pub enum ShipError {
    #[error("{}", orderdeck_i18n::t!("err-no-order", number = .0))]
    NotFound(String),
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-ship-not-packed",
            number = .number,
            status = .status
                .parse::<orderdeck_domain::order::OrderStatus>()
                .map(|s| s.shown())
                .unwrap_or_else(|_| .status.clone())
        )
    )]
    NotPacked { number: String, status: String },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-ship-already-shipped", number = .number, tracking = .tracking, carrier = .carrier)
    )]
    AlreadyShipped {
        number: String,
        carrier: String,
        tracking: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error(
        "{}",
        orderdeck_i18n::t!("err-ship-unsure", carrier = *.carrier, cause = .cause.to_string(), code = .code)
    )]
    Unsure {
        carrier: &'static str,
        code: String,
        cause: CarrierError,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-ship-held", cause = .cause.to_string(), code = .code)
    )]
    Held { code: String, cause: CarrierError },
    /// The buyer's address does not name one place of the carrier's list; a person picks
    /// one of the candidates (or fixes the address).
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-ship-place",
            carrier = *.carrier,
            written = .written,
            problem = .problem.to_string()
        )
    )]
    Place {
        carrier: &'static str,
        problem: Unresolved,
        /// The receiver's address as the order has it, one line.
        written: String,
    },
    #[error(transparent)]
    Places(#[from] PlacesError),
    #[error(transparent)]
    Carrier(#[from] CarrierError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ShipError {
    fn from(e: sqlx::Error) -> Self {
        ShipError::Store(e.into())
    }
}

/// Grams an item is taken to weigh when nobody weighed the parcel.
pub const ITEM_GRAMS: u32 = 500;

/// The box (length × width × height, cm) when nobody measured it.
pub const BOX_CM: (u32, u32, u32) = (20, 15, 10);

/// A parcel worked out from a packed order, ready to quote or ship.
#[derive(Debug, Clone)]
pub struct Parcel {
    pub order_id: i64,
    pub order_number: String,
    pub carrier: CarrierKind,
    pub request: ParcelRequest,
    /// The receiver's address as a key, when a person picked its ward: kept once the
    /// parcel ships, so the next parcel to that address goes there without asking.
    pub picked_for: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct OrderForShipping {
    id: i64,
    number: String,
    status: String,
    buyer_name: String,
    buyer_phone: String,
    ship_address: serde_json::Value,
    subtotal: Decimal,
    discount: Decimal,
    shipping_fee: Decimal,
    payment_method: String,
    payment_status: String,
}

fn text(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(|x| x.as_str())
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The default COD: nothing when paid ahead, else the goods, plus the shipping fee when
/// the buyer pays it.
pub fn default_cod(goods: Decimal, shipping_fee: Decimal, payer: Payer, prepaid: bool) -> Decimal {
    if prepaid {
        Decimal::ZERO
    } else if payer == Payer::Buyer {
        goods + shipping_fee
    } else {
        goods
    }
}

/// Checks a COD amount a person typed or a script passed.
pub fn check_cod(cod: Decimal, carrier: CarrierKind) -> Result<Decimal, ShipError> {
    carrier.check_cod(cod).map_err(ShipError::Invalid)
}

/// Works out the parcel for a packed order. For a carrier that wants its own place ids
/// (GHN), the receiver's address is resolved against its list — or the ward a person
/// picked (`choice.ward`) is taken — and the sender's too when it resolves.
pub async fn parcel(
    pool: &PgPool,
    carriers: &Carriers,
    places: &Places,
    number: &str,
    sender: &Party,
    choice: &ShipChoice,
) -> Result<Parcel, ShipError> {
    let o: OrderForShipping = sqlx::query_as(
        "select id, number, status, buyer_name, buyer_phone, ship_address, subtotal, discount, shipping_fee,
                payment_method, payment_status
         from orders where number = upper($1)",
    )
    .bind(number.trim())
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| ShipError::NotFound(number.trim().to_string()))?;
    if o.status != "packed" {
        if let Some((carrier, tracking)) = live_shipment(pool, o.id).await? {
            return Err(ShipError::AlreadyShipped {
                number: o.number,
                carrier,
                tracking,
            });
        }
        return Err(ShipError::NotPacked {
            number: o.number,
            status: o.status,
        });
    }
    let lines: Vec<(String, String, i32, Decimal)> = sqlx::query_as(
        "select name, sku, qty, unit_price from order_lines where order_id = $1 order by line_no",
    )
    .bind(o.id)
    .fetch_all(pool)
    .await?;
    let items: Vec<ParcelItem> = lines
        .iter()
        .map(|(name, sku, qty, price)| ParcelItem {
            name: name.clone(),
            code: sku.clone(),
            qty: u32::try_from(*qty).unwrap_or(0),
            price: *price,
        })
        .collect();
    if items.is_empty() {
        return Err(ShipError::Invalid(orderdeck_i18n::t!(
            "err-ship-no-lines",
            number = &o.number
        )));
    }
    let units: u32 = items.iter().map(|i| i.qty).sum();
    let goods = (o.subtotal - o.discount).max(Decimal::ZERO);
    let prepaid = o.payment_method == "prepaid" || o.payment_status == "paid";
    let cod = match choice.cod {
        Some(c) => check_cod(c, choice.carrier)?,
        None => check_cod(
            default_cod(goods, o.shipping_fee, choice.payer, prepaid).round(),
            choice.carrier,
        )?,
    };
    let weight = choice.weight_grams.unwrap_or(ITEM_GRAMS * units.max(1));
    if weight == 0 || weight > 50_000 {
        return Err(ShipError::Invalid(orderdeck_i18n::t!(
            "err-ship-weight",
            weight = weight.to_string()
        )));
    }
    let (l, w, h) = choice.size_cm.unwrap_or(BOX_CM);
    if [l, w, h].iter().any(|d| *d == 0 || *d > 150) {
        return Err(ShipError::Invalid(orderdeck_i18n::t!(
            "err-ship-size",
            size = format!("{l}×{w}×{h}")
        )));
    }
    let a = &o.ship_address;
    let receiver = Party {
        name: o.buyer_name.clone(),
        phone: o.buyer_phone.clone(),
        address: text(a, "line1"),
        ward: text(a, "ward"),
        district: text(a, "district"),
        province: text(a, "province"),
    };
    if receiver.name.is_empty() || receiver.phone.is_empty() || receiver.address.is_empty() {
        return Err(ShipError::Invalid(orderdeck_i18n::t!(
            "err-ship-receiver-incomplete",
            number = &o.number
        )));
    }
    if sender.name.is_empty() || sender.phone.is_empty() || sender.address.is_empty() {
        return Err(ShipError::Invalid(orderdeck_i18n::t!(
            "err-ship-sender-not-set"
        )));
    }
    let (receiver_place, sender_place) =
        locate(pool, carriers, places, choice, &receiver, sender).await?;
    let picked_for = choice
        .ward
        .as_deref()
        .filter(|w| !w.trim().is_empty())
        .map(|_| carrier_places::written_key(&receiver));
    Ok(Parcel {
        picked_for,
        order_id: o.id,
        order_number: o.number.clone(),
        carrier: choice.carrier,
        request: ParcelRequest {
            // Filled in when the shipment row is stored.
            client_order_code: String::new(),
            service: choice.service,
            sender: sender.clone(),
            receiver,
            cod_amount: cod,
            goods_value: goods,
            payer: choice.payer,
            weight_grams: weight,
            length_cm: l,
            width_cm: w,
            height_cm: h,
            required_note: choice.required_note,
            note: choice.note.clone(),
            items,
            receiver_place,
            sender_place,
        },
    })
}

/// The receiver's and the sender's places in the carrier's list, for a carrier that
/// wants them (else none). The receiver's must be one place; the sender's is sent only
/// when it is (without it GHN starts from the shop's registered address).
async fn locate(
    pool: &PgPool,
    carriers: &Carriers,
    places: &Places,
    choice: &ShipChoice,
    receiver: &Party,
    sender: &Party,
) -> Result<(Option<Located>, Option<Located>), ShipError> {
    let carrier = carriers.get(choice.carrier)?;
    if !carrier.wants_places() {
        return Ok((None, None));
    }
    let index = places.index(pool, carriers, choice.carrier).await?;
    let written = [
        receiver.address.as_str(),
        &receiver.ward,
        &receiver.district,
        &receiver.province,
    ]
    .iter()
    .filter(|p| !p.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ");
    let receiver_place = match choice
        .ward
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        Some(id) => index.ward(id).ok_or_else(|| {
            ShipError::Invalid(orderdeck_i18n::t!(
                "err-ship-no-such-ward",
                carrier = choice.carrier.label(),
                ward = id
            ))
        })?,
        None => match carrier_places::resolve(&index, receiver) {
            Ok(place) => place,
            // A person picked the ward for this very address before (a buyer ordering
            // again): the same ward, without asking again.
            Err(problem) => {
                let before = store::places::picked(
                    pool,
                    choice.carrier.code(),
                    &carrier_places::written_key(receiver),
                )
                .await?
                .and_then(|id| index.ward(&id));
                match before {
                    Some(place) => place,
                    None => {
                        return Err(ShipError::Place {
                            carrier: choice.carrier.label(),
                            problem,
                            written,
                        });
                    }
                }
            }
        },
    };
    let sender_place = match carrier_places::resolve(&index, sender) {
        Ok(place) => Some(place),
        Err(why) => {
            tracing::info!(
                "the sender's address is not one of {}'s places ({why}): its registered address is used",
                choice.carrier.label()
            );
            None
        }
    };
    Ok((Some(receiver_place), sender_place))
}

async fn live_shipment(
    pool: &PgPool,
    order_id: i64,
) -> Result<Option<(String, String)>, ShipError> {
    Ok(sqlx::query_as(
        "select carrier, coalesce(tracking_number, client_order_code) from shipments
         where order_id = $1 and status not in ('cancelled', 'failed') order by id desc limit 1",
    )
    .bind(order_id)
    .fetch_optional(pool)
    .await?)
}

/// The carrier's fee for this parcel (nothing is stored).
pub async fn quote(carriers: &Carriers, parcel: &Parcel) -> Result<Quote, ShipError> {
    let carrier = carriers.get(parcel.carrier)?;
    let mut req = parcel.request.clone();
    req.client_order_code = format!("{}-Q", parcel.order_number);
    Ok(carrier.quote(&req).await?)
}

#[derive(Debug, Clone, Serialize)]
pub struct Shipped {
    pub order_number: String,
    pub carrier: String,
    pub tracking_number: String,
    pub fee: Decimal,
    pub cod_amount: Decimal,
    /// The carrier order existed already (an earlier attempt had reached the carrier).
    pub recovered: bool,
}

/// Ships the parcel: stores the shipment as pending (or finds the pending one an earlier
/// attempt left), makes sure the carrier has exactly one order for it, then records the
/// tracking number, moves the stock out and marks the order shipped.
pub async fn ship(
    pool: &PgPool,
    carriers: &Carriers,
    parcel: &Parcel,
    actor: &str,
) -> Result<Shipped, ShipError> {
    let carrier = carriers.get(parcel.carrier)?;
    let (shipment_id, code, fresh) = store_pending(pool, parcel).await?;
    let mut req = parcel.request.clone();
    req.client_order_code = code.clone();
    let found = if fresh {
        None
    } else {
        // An earlier attempt may have reached the carrier: never create twice.
        carrier.find(&code).await?
    };
    let (order, recovered) = match found {
        Some(o) => (o, true),
        None => match carrier.create(&req).await {
            Ok(o) => (o, false),
            Err(e) if e.outcome_unknown() => match carrier.find(&code).await {
                Ok(Some(o)) => (o, true),
                _ => {
                    return Err(ShipError::Unsure {
                        carrier: parcel.carrier.label(),
                        code,
                        cause: e,
                    });
                }
            },
            // An earlier attempt under this code may still land: a refusal that did not
            // look at this one says nothing of it, so the code is kept.
            Err(e) if !fresh && e.not_processed() => {
                return Err(ShipError::Held { code, cause: e });
            }
            // A definite no after an unclear attempt: look once more before letting the
            // code go; only the carrier saying it has none of it ends it.
            Err(e) if !fresh => match carrier.find(&code).await {
                Ok(Some(o)) => (o, true),
                Ok(None) => {
                    drop_pending(pool, shipment_id, parcel.order_id, actor, &e).await?;
                    return Err(e.into());
                }
                Err(_) => {
                    return Err(ShipError::Unsure {
                        carrier: parcel.carrier.label(),
                        code,
                        cause: e,
                    });
                }
            },
            Err(e) => {
                // The carrier said no to a first attempt: nothing exists there, so
                // nothing is kept here.
                drop_pending(pool, shipment_id, parcel.order_id, actor, &e).await?;
                return Err(e.into());
            }
        },
    };
    record_shipped(pool, shipment_id, parcel, &order, actor).await?;
    if let (Some(key), Some(place)) = (&parcel.picked_for, &parcel.request.receiver_place) {
        // Best kept, not required: the parcel is on its way either way.
        if let Err(e) =
            store::places::remember_pick(pool, parcel.carrier.code(), key, &place.ward_id, actor)
                .await
        {
            tracing::warn!(
                "the ward picked for {} was not kept: {e}",
                parcel.order_number
            );
        }
    }
    Ok(Shipped {
        order_number: parcel.order_number.clone(),
        carrier: parcel.carrier.code().to_string(),
        tracking_number: order.tracking_number,
        fee: order.fee,
        cod_amount: parcel.request.cod_amount,
        recovered,
    })
}

/// Stores the shipment before the carrier is called; an order can have one live
/// shipment (a unique index), so a second station gets "already shipped", and a retry
/// after an unclear answer finds its own pending row again.
async fn store_pending(pool: &PgPool, parcel: &Parcel) -> Result<(i64, String, bool), ShipError> {
    let mut tx = pool.begin().await?;
    let status: String = sqlx::query_scalar("select status from orders where id = $1 for update")
        .bind(parcel.order_id)
        .fetch_one(&mut *tx)
        .await?;
    let live: Option<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "select id, client_order_code, status, carrier, tracking_number from shipments
         where order_id = $1 and status not in ('cancelled', 'failed')",
    )
    .bind(parcel.order_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id, code, st, carrier, tracking)) = live {
        if st == "pending" && carrier == parcel.carrier.code() {
            return Ok((id, code, false));
        }
        return Err(ShipError::AlreadyShipped {
            number: parcel.order_number.clone(),
            carrier,
            tracking: tracking.unwrap_or(code),
        });
    }
    if status != "packed" {
        return Err(ShipError::NotPacked {
            number: parcel.order_number.clone(),
            status,
        });
    }
    let n: i64 = sqlx::query_scalar("select count(*) from shipments where order_id = $1")
        .bind(parcel.order_id)
        .fetch_one(&mut *tx)
        .await?;
    let code = format!("{}-{}", parcel.order_number, n + 1);
    let r = &parcel.request;
    let id: i64 = sqlx::query_scalar(
        "insert into shipments (order_id, carrier, service, client_order_code, status, cod_amount, payer,
                                weight_grams, length_cm, width_cm, height_cm, required_note, goods_value, note)
         values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id",
    )
    .bind(parcel.order_id)
    .bind(parcel.carrier.code())
    .bind(r.service.code())
    .bind(&code)
    .bind(r.cod_amount)
    .bind(r.payer.code())
    .bind(i32::try_from(r.weight_grams).unwrap_or(i32::MAX))
    .bind(i32::try_from(r.length_cm).unwrap_or(i32::MAX))
    .bind(i32::try_from(r.width_cm).unwrap_or(i32::MAX))
    .bind(i32::try_from(r.height_cm).unwrap_or(i32::MAX))
    .bind(r.required_note.code())
    .bind(r.goods_value)
    .bind(&r.note)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((id, code, true))
}

async fn drop_pending(
    pool: &PgPool,
    shipment_id: i64,
    order_id: i64,
    actor: &str,
    e: &CarrierError,
) -> Result<(), ShipError> {
    let mut tx = pool.begin().await?;
    sqlx::query("update shipments set status = 'failed', last_error = $2, updated_at = now() where id = $1 and status = 'pending'")
        .bind(shipment_id)
        .bind(e.to_string())
        .execute(&mut *tx)
        .await?;
    store::orders::add_event(
        &mut tx,
        order_id,
        actor,
        &OrderEventKind::ShippingRefused,
        &e.to_string(),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The carrier has the parcel: tracking number in, stock out, order shipped — at once.
async fn record_shipped(
    pool: &PgPool,
    shipment_id: i64,
    parcel: &Parcel,
    order: &CarrierOrder,
    actor: &str,
) -> Result<(), ShipError> {
    let mut tx = pool.begin().await?;
    let status: String = sqlx::query_scalar("select status from orders where id = $1 for update")
        .bind(parcel.order_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(
        "update shipments set tracking_number = $2, fee = $3, expected_delivery_at = $4, status = $5,
                carrier_status = '', last_error = null, next_poll_at = now(), updated_at = now()
         where id = $1",
    )
    .bind(shipment_id)
    .bind(&order.tracking_number)
    .bind(order.fee.max(Decimal::ZERO))
    .bind(order.expected_delivery)
    .bind(ShipmentStatus::ReadyToPick.code())
    .execute(&mut *tx)
    .await?;
    if status == "packed" {
        store::stock::consume_reserved(&mut tx, parcel.order_id, shipment_id, actor).await?;
        sqlx::query(
            "update orders set status = 'shipped', payment_status = case when payment_status = 'unpaid' and $2 > 0 then 'cod_pending' else payment_status end,
                    version = version + 1, updated_at = now() where id = $1",
        )
        .bind(parcel.order_id)
        .bind(parcel.request.cod_amount)
        .execute(&mut *tx)
        .await?;
    }
    store::orders::add_event_said(
        &mut tx,
        parcel.order_id,
        actor,
        &OrderEventKind::Shipped,
        &Said::new("event-shipped")
            .with("carrier", parcel.carrier.label())
            .with("service", parcel.request.service.code())
            .with("tracking", order.tracking_number.clone())
            .money("cod", parcel.request.cod_amount)
            .money("fee", order.fee),
        Some(serde_json::json!({"status": status})),
        Some(serde_json::json!({"status": "shipped", "tracking_number": order.tracking_number})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the ship form starts from: a packed order's goods value, fee, payment and units,
/// and what the seller's shipping rules choose by (channel, weight, province).
#[derive(Debug, Clone)]
pub struct ToShip {
    pub number: String,
    /// Goods after the order's discount.
    pub goods: Decimal,
    pub shipping_fee: Decimal,
    pub prepaid: bool,
    pub units: i64,
    /// The sales channel's kind (website, shopee, …).
    pub channel: String,
    /// The items' weight from the catalog; 0 when no variant has one.
    pub grams: i64,
    pub province: String,
}

/// The packed order the ship form is opened for; refused when it is not packed.
pub async fn prepare(pool: &PgPool, number: &str) -> Result<ToShip, ShipError> {
    type Row = (
        String,
        String,
        Decimal,
        Decimal,
        String,
        i64,
        String,
        i64,
        String,
    );
    let row: Option<Row> = sqlx::query_as(
        "select o.number, o.status, o.subtotal - o.discount, o.shipping_fee, o.payment_method,
                coalesce((select sum(qty) from order_lines l where l.order_id = o.id), 0)::bigint,
                c.kind,
                coalesce((select sum(l.qty * v.weight_grams) from order_lines l
                          join variants v on v.id = l.variant_id
                          where l.order_id = o.id), 0)::bigint,
                coalesce(o.ship_address->>'province', '')
         from orders o join sales_channels c on c.id = o.channel_id
         where o.number = upper($1)",
    )
    .bind(number.trim())
    .fetch_optional(pool)
    .await?;
    let Some((number, status, goods, shipping_fee, payment, units, channel, grams, province)) = row
    else {
        return Err(ShipError::NotFound(number.trim().to_string()));
    };
    if !status.parse().is_ok_and(OrderStatus::shippable) {
        return Err(ShipError::NotPacked { number, status });
    }
    Ok(ToShip {
        number,
        goods,
        shipping_fee,
        prepaid: payment == "prepaid",
        units,
        channel,
        grams,
        province,
    })
}
