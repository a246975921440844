//! What the platform answers: envelopes, refusals and the wire shapes of its replies,
//! decoded into ours.

use super::*;

/// The reply when Lazada said yes (or, with `keep_refusal`, a business refusal too).
pub(super) fn read_reply(reply: &Reply, quiet: bool, keep_refusal: bool) -> ChannelResult<Value> {
    let status = reply.status.as_u16();
    if let Some(e) = status_refusal(CHANNEL, reply) {
        return Err(e);
    }
    // A refusal in the body may also ask us to wait (a rate limit by error code).
    let retry_after = Duration::from_secs(reply.retry_after_secs.unwrap_or(1));
    let value = http::json_body(CHANNEL, reply, quiet).map_err(ChannelError::from)?;
    let code = match value.get("code") {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ if reply.status.is_success() => return Err(malformed("a reply without code")),
        _ => {
            return Err(ChannelError::Rejected {
                channel: CHANNEL,
                code: format!("http_{status}"),
                message: http::excerpt(&reply.body),
            });
        }
    };
    if code == "0" {
        return Ok(value);
    }
    let message = value
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    match refusal(&code, message, retry_after) {
        // The caller reads the refusal itself (per-SKU `detail`).
        ChannelError::Rejected { .. } if keep_refusal => Ok(value),
        e => Err(e),
    }
}

/// What Lazada's error codes (reference §2.8) mean for us.
pub(super) fn refusal(code: &str, message: String, retry_after: Duration) -> ChannelError {
    let message = if message.is_empty() {
        code.to_string()
    } else {
        message
    };
    match code {
        "IllegalAccessToken" => ChannelError::TokenExpired {
            channel: CHANNEL,
            message,
        },
        "ApiCallLimit" | "AppCallLimit" | "901" | "E901" => ChannelError::RateLimited {
            channel: CHANNEL,
            retry_after,
        },
        "IllegalRefreshToken"
        | "InvalidCode"
        | "IncompleteSignature"
        | "InvalidSignature"
        | "AUTH_TYPE_UNSUPPORTED"
        | "InvalidAppKey"
        | "InsufficientPermission"
        | "AppWhiteIpLimit" => ChannelError::Auth {
            channel: CHANNEL,
            message: format!("{code}: {message}"),
        },
        _ => ChannelError::Rejected {
            channel: CHANNEL,
            code: code.to_string(),
            message,
        },
    }
}

pub(super) fn says_not_found(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("not found") || m.contains("not exist")
}

pub(super) fn malformed(detail: impl Into<String>) -> ChannelError {
    ChannelError::Malformed {
        channel: CHANNEL,
        detail: detail.into(),
    }
}

pub(super) fn decode<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> ChannelResult<T> {
    Ok(http::decode(CHANNEL, what, value)?)
}

pub(super) fn amount(field: &str, v: &Value) -> ChannelResult<Decimal> {
    Ok(http::amount_from_json(CHANNEL, field, v)?)
}

/// Ids come as numbers or strings.
pub(super) fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// ISO 8601 with an offset, as `/orders/get` wants it (Vietnam time).
pub(super) fn iso(t: DateTime<Utc>) -> String {
    t.with_timezone(&VN)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Lazada writes `2026-11-27 10:00:00 +0700`; ISO 8601 is read too.
pub(super) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z")
        .or_else(|_| DateTime::parse_from_rfc3339(s))
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `<name>text</name>`, the text escaped.
pub(super) fn push_tag(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// A token reply; nothing of it goes into an error message.
pub(super) fn token_pair(v: Value) -> ChannelResult<TokenPair> {
    #[derive(Deserialize)]
    struct Tokens {
        access_token: String,
        refresh_token: String,
        expires_in: i64,
        #[serde(default)]
        refresh_expires_in: Option<i64>,
    }
    let t: Tokens = serde_json::from_value(v)
        .map_err(|_| malformed("token reply without access_token, refresh_token and expires_in"))?;
    if t.access_token.trim().is_empty() || t.refresh_token.trim().is_empty() || t.expires_in <= 0 {
        return Err(malformed("token reply with an empty token or expiry"));
    }
    let now = Utc::now();
    Ok(TokenPair {
        access_token: Secret::new(t.access_token),
        refresh_token: Secret::new(t.refresh_token),
        access_expires_at: TokenPair::expiry_after(now, t.expires_in),
        refresh_expires_at: t
            .refresh_expires_in
            .filter(|s| *s > 0)
            .map(|s| TokenPair::expiry_after(now, s)),
    })
}

#[derive(Serialize, Deserialize)]
pub(super) struct OrdersCursor {
    /// `update_after`, Unix seconds.
    pub(super) after: i64,
    pub(super) offset: usize,
    /// Orders updated at exactly `after` already handed out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) skip: Vec<String>,
    /// The newest update time handed out since `after`, and the ids handed out in it:
    /// the next `after` and `skip` when the offset cap is reached.
    pub(super) tail: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) tail_ids: Vec<String>,
}

pub(super) struct SkuFailure {
    pub(super) seller_sku: String,
    pub(super) message: String,
}

/// The SKUs a stock update refused: none when `code` is "0"; those in `detail`
/// otherwise; every SKU sent when a refusal names none (nothing says which went through).
pub(super) fn sku_failures(reply: &Value, sent: &[StockPush]) -> Vec<SkuFailure> {
    let code = match reply.get("code") {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if code == "0" {
        return Vec::new();
    }
    let message = reply
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("refused")
        .to_string();
    let listed: Vec<SkuFailure> = reply
        .get("detail")
        .and_then(Value::as_array)
        .map(|d| {
            d.iter()
                .filter_map(|x| {
                    let sku = x
                        .get("seller_sku")
                        .or_else(|| x.get("SellerSku"))
                        .and_then(Value::as_str)?;
                    Some(SkuFailure {
                        seller_sku: sku.to_string(),
                        message: x
                            .get("message")
                            .and_then(Value::as_str)
                            .unwrap_or(&message)
                            .to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if !listed.is_empty() {
        return listed;
    }
    sent.iter()
        .map(|p| SkuFailure {
            seller_sku: p.sku.clone(),
            message: format!("{code}: {message}"),
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub(super) struct OrderList {
    #[serde(default)]
    pub(super) orders: Vec<ListedOrder>,
    #[serde(default, rename = "countTotal")]
    pub(super) count_total: Option<usize>,
}

#[derive(Deserialize)]
pub(super) struct ListedOrder {
    pub(super) order_id: Value,
    #[serde(default)]
    pub(super) updated_at: String,
    #[serde(default)]
    pub(super) statuses: Vec<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct AddressShipping {
    #[serde(default)]
    pub(super) first_name: String,
    #[serde(default)]
    pub(super) last_name: String,
    #[serde(default)]
    pub(super) phone: String,
    #[serde(default)]
    pub(super) address1: String,
    #[serde(default)]
    pub(super) address3: String,
    #[serde(default)]
    pub(super) address4: String,
    #[serde(default)]
    pub(super) address5: String,
    #[serde(default)]
    pub(super) city: String,
    /// Listed in the reference for `address_shipping`, with no example of its values.
    #[serde(default)]
    pub(super) country: String,
}

#[derive(Deserialize)]
pub(super) struct Header {
    pub(super) order_id: Value,
    #[serde(default)]
    pub(super) created_at: String,
    #[serde(default)]
    pub(super) updated_at: String,
    #[serde(default)]
    pub(super) price: Value,
    #[serde(default)]
    pub(super) shipping_fee: Value,
    #[serde(default)]
    pub(super) voucher: Value,
    #[serde(default)]
    pub(super) payment_method: String,
    #[serde(default)]
    pub(super) customer_first_name: String,
    #[serde(default)]
    pub(super) customer_last_name: String,
    #[serde(default)]
    pub(super) buyer_note: String,
    #[serde(default)]
    pub(super) address_shipping: AddressShipping,
    /// Unclear in the reference: its format and time zone are not given (nor whether
    /// it is one time or a list); read as [`ship_by_of`] reads it.
    #[serde(default)]
    pub(super) promised_shipping_times: Value,
}

#[derive(Deserialize)]
pub(super) struct OrderItems {
    pub(super) order_id: Value,
    #[serde(default)]
    pub(super) order_items: Vec<OrderItem>,
}

#[derive(Deserialize, Clone)]
pub(super) struct OrderItem {
    pub(super) order_item_id: Value,
    #[serde(default)]
    pub(super) status: String,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) sku: String,
    #[serde(default)]
    pub(super) item_price: Value,
    #[serde(default)]
    pub(super) paid_price: Value,
    #[serde(default)]
    pub(super) currency: String,
    // Fulfilment fields: Values, as Lazada sends ids and flags as numbers or strings
    // and may send null.
    #[serde(default)]
    pub(super) package_id: Value,
    #[serde(default)]
    pub(super) tracking_code: Value,
    #[serde(default)]
    pub(super) shipment_provider: Value,
    #[serde(default)]
    pub(super) sla_time_stamp: Value,
    #[serde(default)]
    pub(super) delivery_option_sof: Value,
    #[serde(default)]
    pub(super) updated_at: Value,
}

impl OrderItem {
    pub(super) fn package(&self) -> String {
        id_text(&self.package_id)
    }

    /// Seller-delivered (DBS/SOF): `delivery_option_sof = 1` (A2.7).
    pub(super) fn seller_delivers(&self) -> bool {
        id_text(&self.delivery_option_sof) == "1" || self.delivery_option_sof == Value::Bool(true)
    }

    pub(super) fn is_cancelled(&self) -> bool {
        matches!(self.status.trim(), "canceled" | "cancelled")
    }
}

/// A ship-by time as Lazada writes it. Unclear in the reference: neither the format nor
/// the time zone of `sla_time_stamp` / `promised_shipping_times` is given; ISO 8601 with
/// an offset and Lazada's order-time format (`2026-11-27 10:00:00 +0700`) are read, a
/// list's first time is taken, and anything else is no ship-by (never a refused order:
/// the field is informative).
pub(super) fn ship_by_of(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::String(s) => parse_time(s),
        Value::Array(list) => list.iter().find_map(ship_by_of),
        _ => None,
    }
}

/// A name or phone the platform masked (`L***`, `84******123`).
pub(super) fn looks_masked(s: &str) -> bool {
    s.contains('*')
}

/// The buyer's name as she writes it. Lazada gives it in two parts, `first_name` (the
/// given name) and `last_name` (the family name); the reference lists no whole `name`
/// field in `address_shipping` (unlike Shopee's and TikTok's `recipient_address.name`),
/// and does not say how a Vietnamese buyer's one "Họ tên" box is split. A Vietnamese
/// name is written family name first ("Nguyễn Thị Lan": `last_name` "Nguyễn Thị",
/// `first_name` "Lan"), so it is put back that way; an Indonesian name is written
/// given name first, as the parts come. The address's `country` decides; without one,
/// Vietnam (the default gateway's country). A name put whole into one part stays whole.
pub(super) fn name_of(first: &str, last: &str, country: &str) -> String {
    let (first, last) = (first.trim(), last.trim());
    let given_first = matches!(
        orderdeck_domain::text::fold(country.trim()).as_str(),
        "indonesia" | "id" | "idn"
    );
    let (a, b) = if given_first {
        (first, last)
    } else {
        (last, first)
    };
    format!("{a} {b}").trim().to_string()
}

impl Header {
    pub(super) fn into_order(self, items: &[OrderItem]) -> ChannelResult<ChannelOrder> {
        let id = id_text(&self.order_id);
        let mut statuses: Vec<ChannelStatus> = Vec::with_capacity(items.len());
        let mut raw: Vec<String> = Vec::new();
        // One Lazada item is one unit: units of one SKU at one price are one line.
        let mut lines: Vec<ChannelLine> = Vec::new();
        let mut currency = String::new();
        for it in items {
            statuses.push(ChannelStatus::from_lazada_item(&it.status));
            if !raw.contains(&it.status) {
                raw.push(it.status.clone());
            }
            if currency.is_empty() {
                currency = it.currency.clone();
            }
            let price = amount("item_price", &it.item_price)?;
            let paid = if it.paid_price.is_null() {
                price
            } else {
                amount("paid_price", &it.paid_price)?
            };
            let off = (price - paid).max(Decimal::ZERO);
            let item_id = id_text(&it.order_item_id);
            match lines
                .iter_mut()
                .find(|l| l.sku == it.sku.trim() && l.unit_price == price)
            {
                Some(l) => {
                    l.qty += 1;
                    l.discount += off;
                    l.external_line_id.push(',');
                    l.external_line_id.push_str(&item_id);
                    if !l.channel_status.split(',').any(|s| s == it.status) {
                        l.channel_status.push(',');
                        l.channel_status.push_str(&it.status);
                    }
                }
                None => lines.push(ChannelLine {
                    external_line_id: item_id,
                    sku: it.sku.trim().to_string(),
                    name: it.name.clone(),
                    qty: 1,
                    unit_price: price,
                    discount: off,
                    channel_status: it.status.clone(),
                }),
            }
        }
        let subtotal = amount("price", &self.price)?;
        let voucher = amount("voucher", &self.voucher)?;
        let shipping_fee = amount("shipping_fee", &self.shipping_fee)?;
        let time = |field: &str, s: &str| {
            parse_time(s).ok_or_else(|| malformed(format!("order {id} {field} {s:?}")))
        };
        let a = self.address_shipping;
        // The earliest ship-by of the items still to ship, else the order's promise.
        let ship_by = items
            .iter()
            .filter(|i| !i.is_cancelled())
            .filter_map(|i| ship_by_of(&i.sla_time_stamp))
            .min()
            .or_else(|| ship_by_of(&self.promised_shipping_times));
        let buyer_masked = [&a.first_name, &a.last_name, &a.phone]
            .iter()
            .any(|s| looks_masked(s));
        let seller_shipping = items
            .iter()
            .filter(|i| !i.is_cancelled())
            .any(OrderItem::seller_delivers);
        Ok(ChannelOrder {
            channel: ChannelKind::Lazada,
            status: ChannelStatus::lazada_order(&statuses),
            channel_status: raw.join(","),
            created_at: time("created_at", &self.created_at)?,
            updated_at: time("updated_at", &self.updated_at)?,
            buyer: ChannelBuyer {
                username: name_of(
                    &self.customer_first_name,
                    &self.customer_last_name,
                    &a.country,
                ),
                name: name_of(&a.first_name, &a.last_name, &a.country),
                phone: a.phone.trim().to_string(),
            },
            // Lazada VN: address3 province, address4 district, address5 ward (the
            // reference does not say; see the progress notes).
            address: Address {
                line1: a.address1.trim().to_string(),
                ward: a.address5.trim().to_string(),
                district: if a.address4.trim().is_empty() {
                    a.city.trim().to_string()
                } else {
                    a.address4.trim().to_string()
                },
                province: a.address3.trim().to_string(),
            },
            lines,
            currency: if currency.is_empty() {
                "VND".into()
            } else {
                currency
            },
            totals: ChannelTotals {
                subtotal,
                discount: voucher,
                shipping_fee,
                total: subtotal - voucher + shipping_fee,
            },
            cod: self.payment_method.trim().eq_ignore_ascii_case("COD"),
            note: self.buyer_note,
            ship_by,
            buyer_masked,
            seller_shipping,
            external_id: id,
        })
    }
}

#[derive(Deserialize, Default)]
pub(super) struct Products {
    #[serde(default)]
    pub(super) total_products: usize,
    #[serde(default)]
    pub(super) products: Vec<Product>,
}

#[derive(Deserialize)]
pub(super) struct Product {
    pub(super) item_id: Value,
    #[serde(default)]
    pub(super) status: String,
    #[serde(default)]
    pub(super) attributes: ProductAttributes,
    #[serde(default)]
    pub(super) skus: Vec<ProductSku>,
}

#[derive(Deserialize, Default)]
pub(super) struct ProductAttributes {
    #[serde(default)]
    pub(super) name: String,
}

#[derive(Deserialize)]
pub(super) struct ProductSku {
    #[serde(rename = "SkuId")]
    pub(super) sku_id: Value,
    #[serde(rename = "SellerSku", default)]
    pub(super) seller_sku: String,
    #[serde(default)]
    pub(super) price: Value,
    #[serde(default)]
    pub(super) quantity: Value,
    #[serde(rename = "Status", default)]
    pub(super) status: String,
}

#[derive(Deserialize, Default)]
pub(super) struct Created {
    pub(super) item_id: Value,
    #[serde(default)]
    pub(super) sku_list: Vec<CreatedSku>,
}

#[derive(Deserialize)]
pub(super) struct CreatedSku {
    #[serde(default)]
    pub(super) sku_id: Value,
    #[serde(default)]
    pub(super) seller_sku: String,
}

/// A verified push: message_type 0 is a trade order (one order line's new status).
pub(super) fn parse_push(body: &[u8]) -> ChannelResult<WebhookEvent> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("push body is not JSON ({e})")))?;
    let kind = v.get("message_type").and_then(Value::as_i64).unwrap_or(-1);
    if kind != 0 {
        return Ok(WebhookEvent::Other {
            kind: format!("message_type {kind}"),
        });
    }
    let data = v.get("data").cloned().unwrap_or(Value::Null);
    let id = data
        .get("trade_order_id")
        .map(id_text)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| malformed("trade order push without trade_order_id"))?;
    let status = data
        .get("order_status")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    Ok(WebhookEvent::OrderStatus {
        external_id: id,
        // One line's status: the order's own comes from its details.
        status: ChannelStatus::from_lazada_item(&status),
        channel_status: status,
        updated_at: data
            .get("status_update_time")
            .and_then(Value::as_i64)
            .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0)),
    })
}

/// Whatever arrives signed — a platform's change of format, a bug on its side — is read
/// or refused, never a panic (issue 14: fuzzing the webhook readers).
#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn any_bytes_are_read_or_refused(body in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = super::parse_push(&body);
        }

        #[test]
        fn any_json_shape_is_read_or_refused(
            code in any::<i64>(),
            id in "\\PC{0,40}",
            extra in "\\PC{0,40}",
        ) {
            for body in [
                format!(r#"{{"code":{code},"data":{{"ordersn":"{id}","status":"{extra}"}},"shop_id":1}}"#),
                format!(r#"{{"message_type":{code},"data":{{"trade_order_id":"{id}","order_status":"{extra}"}}}}"#),
                format!(r#"{{"type":{code},"data":{{"order_id":"{id}","order_status":"{extra}"}}}}"#),
                format!(r#"{{"type":"{extra}","data":[{code}]}}"#),
            ] {
                let _ = super::parse_push(body.as_bytes());
            }
        }
    }
}

#[cfg(test)]
mod names {
    use super::name_of;

    #[test]
    fn a_buyers_name_reads_as_her_country_writes_it() {
        assert_eq!(name_of("Lan", "Nguyễn Thị", "Vietnam"), "Nguyễn Thị Lan");
        assert_eq!(name_of(" Lan ", "Nguyễn Thị", ""), "Nguyễn Thị Lan");
        assert_eq!(name_of("Siti", "Rahayu", "Indonesia"), "Siti Rahayu");
        assert_eq!(name_of("Trần Văn Minh", "", "Vietnam"), "Trần Văn Minh");
    }
}
