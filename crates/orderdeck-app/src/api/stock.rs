//! `GET /v1/stock?sku=A,B[&channel=CODE]`: what a website may offer.
//!
//! Per SKU and active warehouse: available (on hand − reserved) less the channel's
//! `stock_buffer`, floored at 0; and `total`: the SKU's available in all active warehouses
//! less the buffer once, floored at 0 — the same figure stock sync pushes to a
//! marketplace listing (`stock_sync::target_qty`), so a website and a marketplace offer the
//! same. (`total` is therefore not the sum of the per-warehouse figures when there is a
//! buffer: the buffer is held back once per listing, and each warehouse's figure says
//! what could be sold from it alone.) The channel is the key's own when it is bound to
//! one, else `?channel=`; with neither, no buffer is taken off.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use orderdeck_domain::api_access::Scope;
use orderdeck_domain::text::visible;

use super::ApiState;
use super::auth::authenticate;
use super::problem::{FieldProblem, Problem, en, internal};
use crate::stock_sync::target_qty;

/// Most SKUs one request may ask about (a page of a website's catalog).
pub const MAX_SKUS: usize = 100;

#[derive(Debug, Deserialize)]
pub(super) struct StockQuery {
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    channel: Option<String>,
}

#[derive(Debug, Serialize)]
struct StockAnswer {
    channel: Option<String>,
    buffer: i32,
    skus: Vec<SkuAnswer>,
    /// SKUs asked for that the catalog does not have (or has switched off).
    unknown: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SkuAnswer {
    sku: String,
    warehouses: Vec<WarehouseAnswer>,
    total: u32,
}

#[derive(Debug, Serialize)]
struct WarehouseAnswer {
    warehouse: String,
    available: u32,
}

pub(super) async fn show(
    State(state): State<ApiState>,
    headers: HeaderMap,
    query: Result<Query<StockQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    match show_inner(&state, &headers, query).await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    }
}

async fn show_inner(
    state: &ApiState,
    headers: &HeaderMap,
    query: Result<Query<StockQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    let caller = authenticate(state, headers).await?;
    caller.require(Scope::StockRead)?;
    let bad = |field: &str, detail: String| {
        Problem::new(StatusCode::BAD_REQUEST, "invalid-query", detail.clone())
            .field(FieldProblem::outside(field, &detail))
    };
    let Query(q) =
        query.map_err(|e| bad("query", en!("err-api-bad-query", reason = e.body_text())))?;
    let mut skus: Vec<String> = q
        .sku
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    skus.dedup();
    if skus.is_empty() {
        return Err(bad("sku", en!("err-api-stock-no-sku")));
    }
    if skus.len() > MAX_SKUS {
        return Err(bad(
            "sku",
            en!("err-api-stock-too-many", count = skus.len(), max = MAX_SKUS),
        ));
    }
    let asked = q
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let channel = match (caller.key.channel.as_deref(), asked) {
        (Some(bound), Some(other)) if bound != other => {
            let detail = en!(
                "err-api-stock-channel-bound",
                channel = visible(other),
                bound = visible(bound)
            );
            return Err(
                Problem::new(StatusCode::FORBIDDEN, "channel-not-allowed", detail.clone())
                    .field(FieldProblem::outside("channel", &detail)),
            );
        }
        (Some(bound), _) => Some(bound.to_string()),
        (None, asked) => asked.map(str::to_string),
    };
    let buffer = match &channel {
        None => 0,
        Some(code) => {
            orderdeck_store::api_keys::channel_facts(&state.pool, code)
                .await
                .map_err(|e| internal("channel look-up", &e))?
                .ok_or_else(|| {
                    let detail = en!("err-api-unknown-channel", channel = visible(code));
                    Problem::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "unknown-channel",
                        detail.clone(),
                    )
                    .field(FieldProblem::outside("channel", &detail))
                })?
                .stock_buffer
        }
    };
    let rows = orderdeck_store::api_keys::offer(&state.pool, &skus)
        .await
        .map_err(|e| internal("stock", &e))?;
    let mut by_sku: BTreeMap<String, Vec<(String, i32)>> = BTreeMap::new();
    for r in rows {
        by_sku
            .entry(r.sku)
            .or_default()
            .push((r.warehouse, r.available));
    }
    let unknown = skus
        .iter()
        .filter(|s| !by_sku.contains_key(*s))
        .map(|s| visible(s).into_owned())
        .collect();
    let answers = skus
        .iter()
        .filter_map(|s| by_sku.get_key_value(s))
        .map(|(sku, whs)| SkuAnswer {
            sku: sku.clone(),
            total: target_qty(whs.iter().map(|(_, a)| i64::from(*a)).sum(), buffer, true),
            warehouses: whs
                .iter()
                .map(|(w, a)| WarehouseAnswer {
                    warehouse: w.clone(),
                    available: target_qty(i64::from(*a), buffer, true),
                })
                .collect(),
        })
        .collect();
    Ok(axum::Json(StockAnswer {
        channel,
        buffer,
        skus: answers,
        unknown,
    })
    .into_response())
}
