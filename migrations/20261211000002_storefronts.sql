-- The seller's own website on a storefront platform: a sales channel whose orders come by
-- signed webhook and whose stock goes back through the same outbox as the marketplaces'.

alter table sales_channels drop constraint if exists sales_channels_kind_check;
alter table sales_channels add constraint sales_channels_kind_check
    check (kind in ('website', 'shopee', 'lazada', 'tiktok', 'manual',
                    'haravan', 'sapo', 'woocommerce', 'shopify'));

-- Each webhook delivery taken, by the platform's own de-duplication key (Shopify's event
-- id; for the others the order id with its update time: WooCommerce's delivery id changes
-- on every retry): the same delivery twice is taken once.
create table storefront_deliveries (
    channel_id   bigint not null references sales_channels(id),
    dedupe_key   text not null,
    topic        text not null default '',
    external_id  text not null default '',
    received_at  timestamptz not null default now(),
    primary key (channel_id, dedupe_key)
);
create index storefront_deliveries_received on storefront_deliveries (received_at);

-- The newest state of each storefront order we have acted on: deliveries arrive in any
-- order (Shopify says so), and an older one after a newer one changes nothing — even when
-- the newer one (a cancellation) came before the order was ever taken in.
create table storefront_orders_seen (
    channel_id   bigint not null references sales_channels(id),
    external_id  text not null,
    updated_at   timestamptz not null,
    topic        text not null default '',
    primary key (channel_id, external_id)
);

-- Deliveries refused (a wrong or missing signature, an unreadable body): kept for pane 9
-- and `orderdeck channels`, so a misconfigured secret is seen, not silently dropped.
create table webhook_refusals (
    id           bigserial primary key,
    channel_id   bigint not null references sales_channels(id),
    reason       text not null,
    remote       text not null default '',
    at           timestamptz not null default now()
);
create index webhook_refusals_channel on webhook_refusals (channel_id, at desc);
