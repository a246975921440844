//! The assistant's sentences, in the buyer's language, from the `assistant-*` messages of the
//! catalogues (`locales/*/assistant.ftl`). Vietnamese replies open with "Dạ" and close with
//! "ạ", as shops write to buyers; stored text (names, the shop's own policy) goes in with
//! control characters shown, never sent.

use chrono::FixedOffset;
use orderdeck_domain::text::visible;
use orderdeck_i18n::{Lang, format, scoped, t};
use orderdeck_store::assistant::{BuyerOrder, Offer};

/// A sentence with nothing to fill in, in `lang`.
fn text(lang: Lang, id: &str) -> String {
    orderdeck_i18n::lookup(lang, id, None)
}

pub fn greeting(lang: Lang) -> String {
    text(lang, "assistant-greeting")
}

pub fn thanks(lang: Lang) -> String {
    text(lang, "assistant-thanks")
}

pub fn handover(lang: Lang) -> String {
    text(lang, "assistant-handover")
}

pub fn refuse(lang: Lang) -> String {
    text(lang, "assistant-refuse")
}

pub fn need_order_and_phone(lang: Lang) -> String {
    text(lang, "assistant-need-order-and-phone")
}

pub fn no_orders(lang: Lang) -> String {
    text(lang, "assistant-no-orders")
}

pub fn cod(lang: Lang, takes_cod: bool) -> String {
    let _l = scoped(lang);
    if takes_cod {
        t!("assistant-cod-yes")
    } else {
        t!("assistant-cod-no")
    }
}

pub fn policy(lang: Lang, text: &str) -> String {
    let _l = scoped(lang);
    t!("assistant-policy", text = visible(text.trim()))
}

/// One order: its state in the buyer's words, the parcel and when it should arrive.
pub fn order(lang: Lang, offset: FixedOffset, o: &BuyerOrder) -> String {
    let _l = scoped(lang);
    let status = match o.status.as_str() {
        "new" => t!("assistant-status-new"),
        "backordered" => t!("assistant-status-backordered"),
        "reserved" | "packing" => t!("assistant-status-preparing"),
        "packed" => t!("assistant-status-packed"),
        "shipped" => t!("assistant-status-shipped"),
        "delivered" | "completed" => t!("assistant-status-delivered"),
        "cancelled" => t!("assistant-status-cancelled"),
        "returned" | "partly_returned" => t!("assistant-status-returned"),
        other => visible(other).into_owned(),
    };
    let mut text = t!("assistant-order", number = &o.number, status = status);
    if let (Some(carrier), Some(tracking)) = (&o.carrier, &o.tracking_number)
        && matches!(
            o.status.as_str(),
            "packed" | "shipped" | "delivered" | "completed"
        )
    {
        let carrier = match carrier.as_str() {
            "ghn" => "GHN (Giao Hàng Nhanh)",
            "viettelpost" => "Viettel Post",
            other => other,
        };
        text.push(' ');
        text.push_str(&t!(
            "assistant-parcel",
            carrier = carrier,
            tracking = visible(tracking)
        ));
    }
    if let Some(when) = o.expected_delivery_at
        && matches!(o.status.as_str(), "packed" | "shipped")
    {
        text.push(' ');
        text.push_str(&t!(
            "assistant-expected",
            date = format::date(when.with_timezone(&offset).date_naive())
        ));
    }
    text
}

/// "Trắng, M: 5 · Đen, M: hết hàng" — the variants a product has, with what can be sold.
pub fn variant_list(lang: Lang, variants: &[&Offer], sellable: impl Fn(&Offer) -> i64) -> String {
    let _l = scoped(lang);
    variants
        .iter()
        .take(12)
        .map(|v| {
            let name = variant_name(v);
            match sellable(v) {
                0 => format!("{name}: {}", t!("assistant-sold-out-short")),
                n => format!("{name}: {n}"),
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn variant_name(v: &Offer) -> String {
    if v.attr_values.is_empty() {
        visible(&v.sku).into_owned()
    } else {
        visible(&v.attr_values.join(", ")).into_owned()
    }
}

pub fn which_product(lang: Lang, names: &[&str]) -> String {
    let _l = scoped(lang);
    let list: Vec<String> = names.iter().map(|n| visible(n).into_owned()).collect();
    t!("assistant-which-product", list = list.join(" / "))
}

pub fn no_such_variant(lang: Lang, product: &str, list: &str) -> String {
    let _l = scoped(lang);
    t!(
        "assistant-no-such-variant",
        product = visible(product),
        list = list
    )
}

/// Price and stock of the variants asked about.
pub fn stock(
    lang: Lang,
    product: &str,
    asked: &[&Offer],
    sellable: impl Fn(&Offer) -> i64,
) -> String {
    let _l = scoped(lang);
    if let [v] = asked {
        let args = (
            visible(product),
            variant_name(v),
            format::money_in(lang, v.price),
        );
        return match sellable(v) {
            0 => t!(
                "assistant-stock-sold-out",
                product = args.0,
                variant = args.1,
                price = args.2
            ),
            n => t!(
                "assistant-stock-one",
                product = args.0,
                variant = args.1,
                price = args.2,
                available = n
            ),
        };
    }
    let prices: Vec<_> = asked.iter().map(|v| v.price).collect();
    let low = prices.iter().min().copied().unwrap_or_default();
    let high = prices.iter().max().copied().unwrap_or_default();
    let price = if low == high {
        format::money_in(lang, low)
    } else {
        format!(
            "{} – {}",
            format::money_in(lang, low),
            format::money_in(lang, high)
        )
    };
    let list = variant_list(lang, asked, &sellable);
    t!(
        "assistant-stock-many",
        product = visible(product),
        price = price,
        list = list
    )
}

/// A buyer who wants the item: what it costs, whether there is enough, and what the shop
/// needs to send it.
pub fn buy(
    lang: Lang,
    product: &str,
    asked: &[&Offer],
    quantity: Option<u32>,
    sellable: impl Fn(&Offer) -> i64,
) -> String {
    let _l = scoped(lang);
    let [v] = asked else {
        // Colour or size not said yet: the buyer picks first.
        let list = variant_list(lang, asked, &sellable);
        return t!(
            "assistant-buy-which",
            product = visible(product),
            list = list
        );
    };
    let want = i64::from(quantity.unwrap_or(1));
    let have = sellable(v);
    let (product, variant, price) = (
        visible(product),
        variant_name(v),
        format::money_in(lang, v.price),
    );
    if have < want {
        return t!(
            "assistant-buy-short",
            product = product,
            variant = variant,
            available = have
        );
    }
    t!(
        "assistant-buy",
        product = product,
        variant = variant,
        price = price,
        quantity = want
    )
}

/// The carriers' fees to the place the buyer named, cheapest first; when they named no
/// district, which one the fee is for and that others may differ.
pub fn shipping_quote(lang: Lang, offset: FixedOffset, q: &super::quote::Quoted) -> String {
    let _l = scoped(lang);
    let lines: Vec<String> = q
        .quotes
        .iter()
        .map(|(kind, quote)| super::quote::carrier_line(lang, offset, *kind, quote))
        .collect();
    let mut text = t!(
        "assistant-ship-quote",
        place = visible(&format!("{}, {}", q.area.at.district, q.area.at.province)).into_owned(),
        weight = super::quote::weight(lang, q.weight_grams),
        quotes = lines.join("; ")
    );
    if q.area.district.is_none() {
        text.push(' ');
        text.push_str(&t!("assistant-ship-quote-other-districts"));
    }
    text
}
