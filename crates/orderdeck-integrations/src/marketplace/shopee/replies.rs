//! What the platform answers: envelopes, refusals and the wire shapes of its replies,
//! decoded into ours.

use super::*;

/// The reply's JSON when Shopee said yes; Shopee's refusal as a [`ChannelError`].
pub(super) fn read_envelope(reply: &Reply, quiet: bool) -> ChannelResult<Value> {
    let status = reply.status.as_u16();
    if let Some(e) = status_refusal(CHANNEL, reply) {
        return Err(e);
    }
    // A refusal in the body may also ask us to wait (a rate limit by error code).
    let retry_after = Duration::from_secs(reply.retry_after_secs.unwrap_or(1));
    let auth_status = matches!(status, 401 | 403);
    let value = match http::json_body(CHANNEL, reply, quiet) {
        Ok(v) => v,
        Err(_) if auth_status => {
            return Err(ChannelError::Auth {
                channel: CHANNEL,
                message: format!("HTTP {status}"),
            });
        }
        Err(e) => return Err(e.into()),
    };
    let text = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("")
            .to_string()
    };
    let error = text("error");
    if !error.is_empty() {
        return Err(refusal(&error, &text("message"), retry_after));
    }
    if !reply.status.is_success() {
        let message = if quiet {
            format!("HTTP {status}")
        } else {
            format!("HTTP {status}: {}", http::excerpt(&reply.body))
        };
        return Err(if auth_status {
            ChannelError::Auth {
                channel: CHANNEL,
                message,
            }
        } else {
            ChannelError::Rejected {
                channel: CHANNEL,
                code: format!("http_{status}"),
                message,
            }
        });
    }
    if !value.is_object() {
        return Err(malformed("the reply is not a JSON object"));
    }
    Ok(value)
}

/// What Shopee's `error` codes (reference §1.8) mean for us.
pub(super) fn refusal(error: &str, message: &str, retry_after: Duration) -> ChannelError {
    let message = if message.is_empty() {
        error.to_string()
    } else {
        message.to_string()
    };
    match error {
        "error_rate_limit" => ChannelError::RateLimited {
            channel: CHANNEL,
            retry_after,
        },
        "error_limit" => ChannelError::RateLimited {
            channel: CHANNEL,
            retry_after: until_shopee_midnight(Utc::now()),
        },
        // Shopee's own spelling first.
        "invalid_acceess_token" | "invalid_access_token" | "error_access_token" => {
            ChannelError::TokenExpired {
                channel: CHANNEL,
                message,
            }
        }
        "error_auth" if message.to_ascii_lowercase().contains("access_token") => {
            ChannelError::TokenExpired {
                channel: CHANNEL,
                message,
            }
        }
        "error_sign"
        | "error_auth"
        | "invalid_partner_id"
        | "error_partner_key_expired"
        | "error_api_permission"
        | "error_permission"
        | "partner_shop_no_link"
        | "shop_no_linked"
        | "shop_banned"
        | "error_kyc_auth"
        | "source_ip_undeclared"
        | "api_suspended"
        | "invalid_code"
        | "error_shop_refresh_token"
        | "error_merchant_refresh_token"
        | "refresh_token_expired" => ChannelError::Auth {
            channel: CHANNEL,
            message: format!("{error}: {message}"),
        },
        _ => ChannelError::Rejected {
            channel: CHANNEL,
            code: error.to_string(),
            message,
        },
    }
}

/// The daily cap resets at 00:00 UTC+8.
pub(super) fn until_shopee_midnight(now: DateTime<Utc>) -> Duration {
    let tz = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    let local = now.with_timezone(&tz);
    let next = local
        .date_naive()
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| tz.from_local_datetime(&t).single());
    match next {
        Some(t) => (t.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::from_secs(1)),
        None => Duration::from_secs(86_400),
    }
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

/// The `response` object of a reply (missing: an empty object, as Shopee leaves it out
/// when there is nothing to say).
pub(super) fn response(mut v: Value) -> Value {
    match v.get_mut("response").map(Value::take) {
        Some(Value::Null) | None => json!({}),
        Some(r) => r,
    }
}

/// A token reply (fields at the top level). Nothing of it goes into an error message.
pub(super) fn token_pair(v: Value) -> ChannelResult<TokenPair> {
    #[derive(Deserialize)]
    struct Tokens {
        access_token: String,
        refresh_token: String,
        expire_in: i64,
    }
    let t: Tokens = serde_json::from_value(v)
        .map_err(|_| malformed("token reply without access_token, refresh_token and expire_in"))?;
    if t.access_token.trim().is_empty() || t.refresh_token.trim().is_empty() || t.expire_in <= 0 {
        return Err(malformed("token reply with an empty token or expiry"));
    }
    let now = Utc::now();
    Ok(TokenPair {
        access_token: Secret::new(t.access_token),
        refresh_token: Secret::new(t.refresh_token),
        access_expires_at: TokenPair::expiry_after(now, t.expire_in),
        refresh_expires_at: Some(now + chrono::Duration::days(REFRESH_TOKEN_DAYS)),
    })
}

pub(super) fn amount(field: &str, v: &Value) -> ChannelResult<Decimal> {
    Ok(http::amount_from_json(CHANNEL, field, v)?)
}

/// A JSON number for a decimal Shopee wants as a number (prices, kg): whole numbers as
/// integers, others through their decimal text.
pub(super) fn decimal_number(d: Decimal) -> ChannelResult<Value> {
    let d = d.normalize();
    if d.fract().is_zero()
        && let Some(i) = d.to_i64()
    {
        return Ok(json!(i));
    }
    d.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| ChannelError::Rejected {
            channel: CHANNEL,
            code: "not_sent".into(),
            message: format!("not sent: {d} is not a number Shopee can take"),
        })
}

pub(super) fn first_price(prices: &[PriceInfo]) -> ChannelResult<Option<Decimal>> {
    match prices.first() {
        Some(p) => Ok(Some(amount("current_price", &p.current_price)?)),
        None => Ok(None),
    }
}

pub(super) fn time(field: &str, secs: i64) -> ChannelResult<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .ok_or_else(|| malformed(format!("{field} {secs} is not a time")))
}

#[derive(Serialize, Deserialize)]
pub(super) struct OrdersCursor {
    /// Start of the current 15-day window (Unix seconds).
    pub(super) w: i64,
    /// Shopee's cursor within it ("" for its first page).
    pub(super) c: String,
}

impl OrdersCursor {
    pub(super) fn encode(&self) -> PageCursor {
        PageCursor(serde_json::to_string(self).unwrap_or_default())
    }
}

#[derive(Deserialize)]
pub(super) struct OrderList {
    #[serde(default)]
    pub(super) more: bool,
    #[serde(default)]
    pub(super) next_cursor: String,
    #[serde(default)]
    pub(super) order_list: Vec<OrderListEntry>,
}

#[derive(Deserialize)]
pub(super) struct OrderListEntry {
    pub(super) order_sn: String,
    #[serde(default)]
    pub(super) order_status: String,
}

#[derive(Deserialize)]
pub(super) struct OrderDetail {
    #[serde(default)]
    pub(super) order_list: Vec<DetailOrder>,
}

#[derive(Deserialize)]
pub(super) struct DetailOrder {
    pub(super) order_sn: String,
    #[serde(default)]
    pub(super) currency: String,
    #[serde(default)]
    pub(super) cod: bool,
    pub(super) order_status: String,
    #[serde(default)]
    pub(super) message_to_seller: String,
    pub(super) create_time: i64,
    pub(super) update_time: i64,
    #[serde(default)]
    pub(super) buyer_username: String,
    #[serde(default)]
    pub(super) buyer_user_id: Option<i64>,
    #[serde(default)]
    pub(super) recipient_address: Option<RecipientAddress>,
    #[serde(default)]
    pub(super) item_list: Vec<DetailItem>,
    #[serde(default)]
    pub(super) total_amount: Value,
    #[serde(default)]
    pub(super) payment_method: String,
    /// Unix seconds; 0 when Shopee has none yet (unpaid orders).
    #[serde(default)]
    pub(super) ship_by_date: i64,
}

#[derive(Deserialize, Default)]
pub(super) struct RecipientAddress {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) phone: String,
    #[serde(default)]
    pub(super) town: String,
    #[serde(default)]
    pub(super) district: String,
    #[serde(default)]
    pub(super) city: String,
    #[serde(default)]
    pub(super) state: String,
    #[serde(default)]
    pub(super) full_address: String,
}

#[derive(Deserialize)]
pub(super) struct DetailItem {
    pub(super) item_id: i64,
    #[serde(default)]
    pub(super) item_name: String,
    #[serde(default)]
    pub(super) item_sku: String,
    #[serde(default)]
    pub(super) model_id: i64,
    #[serde(default)]
    pub(super) model_name: String,
    #[serde(default)]
    pub(super) model_sku: String,
    pub(super) model_quantity_purchased: i64,
    #[serde(default)]
    pub(super) model_original_price: Value,
    #[serde(default)]
    pub(super) model_discounted_price: Value,
}

impl DetailOrder {
    pub(super) fn into_order(self) -> ChannelResult<ChannelOrder> {
        let mut lines = Vec::with_capacity(self.item_list.len());
        let mut subtotal = Decimal::ZERO;
        let mut discount = Decimal::ZERO;
        for it in &self.item_list {
            let qty = i32::try_from(it.model_quantity_purchased)
                .ok()
                .filter(|q| *q > 0)
                .ok_or_else(|| {
                    malformed(format!(
                        "order {} has quantity {}",
                        self.order_sn, it.model_quantity_purchased
                    ))
                })?;
            let original = amount("model_original_price", &it.model_original_price)?;
            let discounted = if it.model_discounted_price.is_null() {
                original
            } else {
                amount("model_discounted_price", &it.model_discounted_price)?
            };
            let line_discount = ((original - discounted) * Decimal::from(qty)).max(Decimal::ZERO);
            subtotal += original * Decimal::from(qty);
            discount += line_discount;
            let sku = if it.model_sku.trim().is_empty() {
                it.item_sku.trim()
            } else {
                it.model_sku.trim()
            };
            let name = if it.model_name.trim().is_empty() {
                it.item_name.clone()
            } else {
                format!("{} ({})", it.item_name, it.model_name.trim())
            };
            lines.push(ChannelLine {
                external_line_id: format!("{}:{}", it.item_id, it.model_id),
                sku: sku.to_string(),
                name,
                qty,
                unit_price: original,
                discount: line_discount,
                channel_status: String::new(),
            });
        }
        // What the buyer pays beyond the goods is shipping; a total below the goods
        // means vouchers the lines do not show, counted as discount.
        let total = if self.total_amount.is_null() {
            subtotal - discount
        } else {
            amount("total_amount", &self.total_amount)?
        };
        let goods = subtotal - discount;
        let (shipping_fee, discount) = if total >= goods {
            (total - goods, discount)
        } else {
            (Decimal::ZERO, discount + (goods - total))
        };
        let addr = self.recipient_address.unwrap_or_default();
        // Unclear in the reference: what a masked value looks like ("may be masked by
        // market", A1.3). Shopee's apps show hidden characters as '*'.
        let buyer_masked = [&addr.name, &addr.phone, &addr.full_address]
            .iter()
            .any(|v| v.contains('*'));
        let ship_by = if self.ship_by_date > 0 {
            Some(time("ship_by_date", self.ship_by_date)?)
        } else {
            None
        };
        // Shopee VN's picker is province / district / ward: `state`, `city`, `district`
        // (`town` when Shopee fills it). The reference does not say; see the progress
        // notes.
        let ward = if addr.town.trim().is_empty() {
            addr.district.trim()
        } else {
            addr.town.trim()
        };
        Ok(ChannelOrder {
            channel: ChannelKind::Shopee,
            status: ChannelStatus::from_shopee(&self.order_status),
            channel_status: self.order_status,
            created_at: time("create_time", self.create_time)?,
            updated_at: time("update_time", self.update_time)?,
            buyer: ChannelBuyer {
                username: if self.buyer_username.is_empty() {
                    self.buyer_user_id
                        .map(|id| id.to_string())
                        .unwrap_or_default()
                } else {
                    self.buyer_username
                },
                name: addr.name.trim().to_string(),
                phone: addr.phone.trim().to_string(),
            },
            address: Address {
                line1: addr.full_address.trim().to_string(),
                ward: ward.to_string(),
                district: addr.city.trim().to_string(),
                province: addr.state.trim().to_string(),
            },
            lines,
            currency: self.currency,
            totals: ChannelTotals {
                subtotal,
                discount,
                shipping_fee,
                total,
            },
            cod: self.cod || self.payment_method.eq_ignore_ascii_case("cash on delivery"),
            note: self.message_to_seller,
            ship_by,
            buyer_masked,
            // Shopee arranges the carrier for these orders (`non_integrated`, the
            // seller's own carrier, is per order in get_shipping_parameter).
            seller_shipping: false,
            external_id: self.order_sn,
        })
    }
}

#[derive(Deserialize)]
pub(super) struct ItemList {
    #[serde(default)]
    pub(super) item: Vec<ItemListEntry>,
    #[serde(default)]
    pub(super) has_next_page: bool,
    #[serde(default)]
    pub(super) next_offset: Option<u64>,
}

#[derive(Deserialize)]
pub(super) struct ItemListEntry {
    pub(super) item_id: i64,
}

#[derive(Deserialize)]
pub(super) struct BaseInfo {
    #[serde(default)]
    pub(super) item_list: Vec<BaseItem>,
}

#[derive(Deserialize)]
pub(super) struct BaseItem {
    pub(super) item_id: i64,
    #[serde(default)]
    pub(super) item_name: String,
    #[serde(default)]
    pub(super) item_sku: String,
    #[serde(default)]
    pub(super) item_status: String,
    #[serde(default)]
    pub(super) has_model: bool,
    #[serde(default)]
    pub(super) price_info: Vec<PriceInfo>,
    #[serde(default)]
    pub(super) stock_info_v2: Option<StockInfo>,
}

#[derive(Deserialize)]
pub(super) struct PriceInfo {
    #[serde(default)]
    pub(super) current_price: Value,
}

#[derive(Deserialize)]
pub(super) struct StockInfo {
    #[serde(default)]
    pub(super) seller_stock: Vec<SellerStock>,
}

impl StockInfo {
    pub(super) fn seller_total(&self) -> i64 {
        self.seller_stock.iter().map(|s| s.stock).sum()
    }
}

#[derive(Deserialize)]
pub(super) struct SellerStock {
    #[serde(default)]
    pub(super) stock: i64,
}

#[derive(Deserialize)]
pub(super) struct ModelList {
    #[serde(default)]
    pub(super) tier_variation: Vec<TierVariation>,
    #[serde(default)]
    pub(super) model: Vec<Model>,
}

#[derive(Deserialize)]
pub(super) struct TierVariation {
    #[serde(default)]
    pub(super) option_list: Vec<TierOption>,
}

#[derive(Deserialize)]
pub(super) struct TierOption {
    #[serde(default)]
    pub(super) option: String,
}

#[derive(Deserialize)]
pub(super) struct Model {
    pub(super) model_id: i64,
    #[serde(default)]
    pub(super) model_sku: String,
    #[serde(default)]
    pub(super) tier_index: Vec<usize>,
    #[serde(default)]
    pub(super) price_info: Vec<PriceInfo>,
    #[serde(default)]
    pub(super) stock_info_v2: Option<StockInfo>,
    #[serde(default)]
    pub(super) model_status: String,
}

impl ModelList {
    pub(super) fn listings(&self, item: &BaseItem) -> ChannelResult<Vec<Listing>> {
        let mut out = Vec::with_capacity(self.model.len());
        for m in &self.model {
            let options: Vec<&str> = m
                .tier_index
                .iter()
                .enumerate()
                .filter_map(|(tier, ix)| {
                    self.tier_variation
                        .get(tier)
                        .and_then(|t| t.option_list.get(*ix))
                        .map(|o| o.option.as_str())
                })
                .collect();
            let name = if options.is_empty() {
                item.item_name.clone()
            } else {
                format!("{} ({})", item.item_name, options.join(", "))
            };
            out.push(Listing {
                item_id: item.item_id.to_string(),
                sku_id: m.model_id.to_string(),
                sku: m.model_sku.trim().to_string(),
                name,
                price: first_price(&m.price_info)?,
                stock: m.stock_info_v2.as_ref().map(StockInfo::seller_total),
                status: if m.model_status.is_empty() {
                    item.item_status.clone()
                } else {
                    format!("{}/{}", item.item_status, m.model_status)
                },
            });
        }
        Ok(out)
    }
}

#[derive(Deserialize)]
pub(super) struct UpdateStock {
    #[serde(default)]
    pub(super) success_list: Vec<StockSuccess>,
    #[serde(default)]
    pub(super) failure_list: Vec<StockFailure>,
}

#[derive(Deserialize)]
pub(super) struct StockSuccess {
    pub(super) model_id: i64,
    #[serde(default)]
    pub(super) stock: i64,
}

#[derive(Deserialize)]
pub(super) struct StockFailure {
    pub(super) model_id: i64,
    #[serde(default)]
    pub(super) failed_reason: String,
}

#[derive(Deserialize)]
pub(super) struct AddItem {
    pub(super) item_id: i64,
    #[serde(default)]
    pub(super) item_status: Option<String>,
}

/// A push body (already verified): code 3 is an order status change, with `ordersn`
/// (no underscore) and `status`.
pub(super) fn parse_push(body: &[u8]) -> ChannelResult<WebhookEvent> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("push body is not JSON ({e})")))?;
    let code = v.get("code").and_then(Value::as_i64).unwrap_or(-1);
    if code != 3 {
        return Ok(WebhookEvent::Other {
            kind: format!("push code {code}"),
        });
    }
    let data = v.get("data").cloned().unwrap_or(Value::Null);
    let sn = data
        .get("ordersn")
        .or_else(|| data.get("order_sn"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| malformed("order push without ordersn"))?;
    let status = data.get("status").and_then(Value::as_str).unwrap_or("");
    Ok(WebhookEvent::OrderStatus {
        external_id: sn.to_string(),
        status: ChannelStatus::from_shopee(status),
        channel_status: status.to_string(),
        updated_at: data
            .get("update_time")
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
