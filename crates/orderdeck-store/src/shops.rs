//! The shops orderdeck sells through (`sales_channels`) as the Channels pane shows them:
//! platform, token state and expiry (never the token), last sync, pending stock pushes,
//! last error.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, where_all};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShopRow {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub shop_id: String,
    pub connected: bool,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub stock_buffer: i32,
    pub active: bool,
    /// Stock changes of this shop's listed variants still waiting to be pushed.
    pub pending: i64,
    pub listings: i64,
    pub orders_today: i64,
    /// Orders pulled from the platform that could not be taken in (unknown SKU, no
    /// address yet …): retried on later pulls.
    pub problems: i64,
    /// Storefronts: when the last webhook delivery was taken, how many in the last 24
    /// hours, and how many were refused (a wrong signature: a secret set wrong).
    pub last_delivery: Option<DateTime<Utc>>,
    pub deliveries_today: i64,
    pub refused_today: i64,
}

impl ShopRow {
    pub fn key(&self) -> PageKey {
        PageKey::Text(self.code.clone(), self.id)
    }

    /// Marketplaces sync; the website and manual channels take orders another way.
    pub fn is_marketplace(&self) -> bool {
        matches!(self.kind.as_str(), "shopee" | "lazada" | "tiktok")
    }

    /// The seller's own website on a storefront platform: orders come by webhook.
    pub fn is_storefront(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "haravan" | "sapo" | "woocommerce" | "shopify"
        )
    }
}

const SELECT: &str = "select c.id, c.code, c.kind, c.name, c.shop_id,
        (c.access_token is not null and c.access_token <> '') as connected,
        c.token_expires_at, c.last_sync_at, c.last_error, c.stock_buffer, c.active,
        (select count(*) from outbox x
          where x.topic = 'stock'
            and x.key in (select l.variant_id::text from channel_listings l
                          where l.channel_id = c.id))::bigint as pending,
        (select count(*) from channel_listings l where l.channel_id = c.id)::bigint as listings,
        (select count(*) from orders o where o.channel_id = c.id
          and o.created_at >= date_trunc('day', now()))::bigint as orders_today,
        (select count(*) from channel_order_problems p
          where p.channel_id = c.id)::bigint as problems,
        (select max(d.received_at) from storefront_deliveries d
          where d.channel_id = c.id) as last_delivery,
        (select count(*) from storefront_deliveries d where d.channel_id = c.id
          and d.received_at > now() - interval '24 hours')::bigint as deliveries_today,
        (select count(*) from webhook_refusals r where r.channel_id = c.id
          and r.at > now() - interval '24 hours')::bigint as refused_today
     from sales_channels c";

/// Up to `limit` of a shop's orders not taken in: the platform's id and why, newest first.
pub async fn problems(pool: &PgPool, id: i64, limit: i64) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "select external_id, reason from channel_order_problems
         where channel_id = $1 order by last_seen desc, external_id limit $2",
    )
    .bind(id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<ShopRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(c.code) like ${next} or lower(c.name) like ${next} or c.kind like ${next})"
        ));
        next += 1;
    }
    let (key_cond, order) = req.keyset("c.code", "c.id", false, next);
    conds.push(key_cond);
    let sql = format!(
        "{SELECT} where {} order by {order} limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, ShopRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(req.bind_key(q).fetch_all(pool).await?))
}

pub async fn get(pool: &PgPool, id: i64) -> Result<Option<ShopRow>> {
    let sql = format!("{SELECT} where c.id = $1");
    Ok(sqlx::query_as::<_, ShopRow>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await?)
}
