//! "Phí ship về Đà Nẵng bao nhiêu?": the carriers' own fee and delivery date to the place
//! the buyer names, asked live — the same quote the ship step asks for, for a parcel of the
//! size the buyer means (500 g an item, as the ship step weighs an order it has not
//! measured). The place is found in the carrier's own list by whole names only, and the
//! reply says which district the fee is for: a fee to one ward is not every ward's.
//!
//! When no carrier is configured, its list cannot be had, the message names no place in
//! it, or no carrier answers in time, the shop's own shipping text answers (or a person,
//! when the shop wrote none): a quote is never guessed.

use std::sync::Arc;
use std::time::Duration;

use chrono::FixedOffset;
use futures::future::join_all;
use orderdeck_domain::places::Area;
use orderdeck_i18n::{Lang, format, scoped, t};
use orderdeck_integrations::carrier::{
    Carrier, CarrierKind, CarriersConfig, ParcelRequest, Party, Payer, Quote, RequiredNote, Service,
};
use orderdeck_integrations::carriers::Carriers;
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::{Fact, Outcome, reply};
use crate::carrier_places::{self, Places};
use crate::shipping;

/// How long a buyer's question waits for the carriers before the shop's text answers.
const QUOTE_WAIT: Duration = Duration::from_secs(6);

/// Most items a quote is asked for (a buyer's "100 cái" is a wholesale talk for a person).
const MAX_ITEMS: u32 = 20;

/// What a quote needs: the carriers, the shop's own address (where parcels start), and
/// the carriers' place lists.
#[derive(Debug)]
pub struct Quotes {
    carriers: Carriers,
    sender: Party,
    places: Places,
}

impl Quotes {
    pub fn new(carriers: Carriers, sender: Party) -> Quotes {
        Quotes {
            carriers,
            sender,
            places: Places::new(),
        }
    }

    /// From the config's `[carriers]` and `[shipping.sender]`: `None` without GHN (its
    /// place list is what a buyer's place is found in; Viettel Post is asked too when
    /// set), or when the shop's address is not written (a fee has no start without it).
    pub fn from_config(carriers: &CarriersConfig, sender: &Party) -> Option<Arc<Quotes>> {
        if sender.province.trim().is_empty() || sender.address.trim().is_empty() {
            return None;
        }
        match Carriers::new(carriers) {
            Ok(c) if c.get(CarrierKind::Ghn).is_ok() => {
                Some(Arc::new(Quotes::new(c, sender.clone())))
            }
            Ok(_) => None,
            Err(e) => {
                tracing::warn!("assistant: no shipping quotes ({e})");
                None
            }
        }
    }
}

impl Quotes {
    /// Makes sure GHN's place list is stored before the first buyer asks: fetched in the
    /// background when it is missing or stale (a buyer's question never waits on it).
    pub async fn warm(&self, pool: &PgPool) {
        if let Err(e) = self
            .places
            .stored_index(pool, &self.carriers, CarrierKind::Ghn)
            .await
        {
            tracing::info!("assistant: GHN's places not checked: {e}");
        }
    }
}

/// The carriers' fees to the area a message names.
#[derive(Debug, Clone)]
pub struct Quoted {
    pub area: Area,
    pub weight_grams: u32,
    /// Each carrier that answered, cheapest first.
    pub quotes: Vec<(CarrierKind, Quote)>,
}

/// Why there is no quote to give (see the module's doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoQuote {
    /// The message names no place the list knows: the buyer can be asked for it.
    Place,
    /// No list stored yet, or no carrier answered in time.
    Carriers,
}

/// Asks every configured carrier for its fee to the place `text` names.
pub async fn quote(
    pool: &PgPool,
    quotes: &Quotes,
    text: &str,
    items: Option<u32>,
) -> Result<Quoted, NoQuote> {
    // Only GHN's list is kept (Viettel Post takes names): the place is found in it, and
    // Viettel Post is asked with the names GHN's list spells.
    // The stored list only: a buyer's question never waits on downloading the list.
    let index = match quotes
        .places
        .stored_index(pool, &quotes.carriers, CarrierKind::Ghn)
        .await
    {
        Ok(Some(index)) => index,
        Ok(None) => {
            tracing::info!("assistant: GHN's places are not stored yet; no quote this time");
            return Err(NoQuote::Carriers);
        }
        Err(e) => {
            tracing::info!("assistant: no place list to quote shipping by ({e})");
            return Err(NoQuote::Carriers);
        }
    };
    let area = index
        .area_in(text, Some(&quotes.sender.province))
        .ok_or(NoQuote::Place)?;
    let weight_grams = shipping::ITEM_GRAMS * items.unwrap_or(1).clamp(1, MAX_ITEMS);
    let (length_cm, width_cm, height_cm) = shipping::BOX_CM;
    let at = &area.at;
    let request = ParcelRequest {
        client_order_code: String::new(),
        service: Service::Economy,
        sender: quotes.sender.clone(),
        receiver: Party {
            name: String::new(),
            phone: String::new(),
            address: String::new(),
            ward: at.ward.clone(),
            district: at.district.clone(),
            province: at.province.clone(),
        },
        cod_amount: Decimal::ZERO,
        goods_value: Decimal::ZERO,
        payer: Payer::Buyer,
        weight_grams,
        length_cm,
        width_cm,
        height_cm,
        required_note: RequiredNote::MayLook,
        note: String::new(),
        items: Vec::new(),
        receiver_place: Some(at.clone()),
        sender_place: carrier_places::resolve(&index, &quotes.sender).ok(),
    };
    let asked = quotes.carriers.configured().into_iter().map(|kind| {
        let request = &request;
        async move {
            let carrier = quotes.carriers.get(kind).ok()?;
            match tokio::time::timeout(QUOTE_WAIT, carrier.quote(request)).await {
                Ok(Ok(q)) => Some((kind, q)),
                Ok(Err(e)) => {
                    tracing::info!("assistant: {} gave no quote: {e}", kind.label());
                    None
                }
                Err(_) => {
                    tracing::info!("assistant: {} did not quote in time", kind.label());
                    None
                }
            }
        }
    });
    // Each carrier has QUOTE_WAIT; all of them together no longer than that either.
    let mut got: Vec<(CarrierKind, Quote)> = tokio::time::timeout(QUOTE_WAIT, join_all(asked))
        .await
        .map_err(|_| NoQuote::Carriers)?
        .into_iter()
        .flatten()
        .collect();
    if got.is_empty() {
        return Err(NoQuote::Carriers);
    }
    got.sort_by_key(|(_, q)| q.fee);
    Ok(Quoted {
        area,
        weight_grams,
        quotes: got,
    })
}

/// The answer to a shipping question: the carriers' quotes when there are any, with the
/// shop's own text after them (its free-shipping rule, say); else the shop's text alone.
pub async fn answer(
    pool: &PgPool,
    config: &super::AssistantConfig,
    lang: Lang,
    offset: FixedOffset,
    text: &str,
    items: Option<u32>,
    facts: &mut Vec<Fact>,
) -> (Outcome, String) {
    let shop_text = config
        .shipping
        .as_ref()
        .and_then(|t| t.for_lang(lang))
        .map(str::to_string);
    let quoted = match &config.quotes {
        Some(quotes) => quote(pool, quotes, text, items).await,
        None => Err(NoQuote::Carriers),
    };
    let quoted = match quoted {
        Ok(q) => q,
        Err(why) => {
            let (outcome, mut said) = super::policy(&config.shipping, lang);
            // The message named no place the list knows: ask for it.
            if why == NoQuote::Place && outcome == Outcome::Answered {
                let _l = scoped(lang);
                said.push(' ');
                said.push_str(&t!("assistant-ship-ask-place"));
            }
            return (outcome, said);
        }
    };
    facts.push(Fact {
        kind: "place",
        value: quoted.area.at.label(),
    });
    for (kind, q) in &quoted.quotes {
        facts.push(Fact {
            kind: "shipping_fee",
            value: format!("{}:{}", kind.code(), q.fee),
        });
        if let Some(when) = q.expected_delivery {
            facts.push(Fact {
                kind: "expected_delivery",
                value: format!(
                    "{}:{}",
                    kind.code(),
                    when.with_timezone(&offset).date_naive()
                ),
            });
        }
    }
    let mut said = reply::shipping_quote(lang, offset, &quoted);
    // The shop's own words follow as written (one "Dạ" a message is enough).
    if let Some(shop) = shop_text {
        said.push('\n');
        said.push_str(&orderdeck_domain::text::visible(shop.trim()));
    }
    (Outcome::Answered, said)
}

/// "500 g", "1,5 kg" ("1.5 kg" in English).
pub(super) fn weight(lang: Lang, grams: u32) -> String {
    let _l = scoped(lang);
    if grams < 1000 {
        return format!("{grams} g");
    }
    let kg = Decimal::from(grams) / Decimal::from(1000);
    let shown = kg.normalize().to_string();
    match lang {
        Lang::En => format!("{shown} kg"),
        _ => format!("{} kg", shown.replace('.', ",")),
    }
}

/// One carrier's line: "GHN 22.000 ₫, giao dự kiến 10/12".
pub(super) fn carrier_line(
    lang: Lang,
    offset: FixedOffset,
    kind: CarrierKind,
    q: &Quote,
) -> String {
    let _l = scoped(lang);
    let fee = format::money_in(lang, q.fee);
    match q.expected_delivery {
        Some(when) => t!(
            "assistant-ship-quote-carrier-date",
            carrier = kind.label(),
            fee = fee,
            date = format::date(when.with_timezone(&offset).date_naive())
        ),
        None => t!(
            "assistant-ship-quote-carrier",
            carrier = kind.label(),
            fee = fee
        ),
    }
}
