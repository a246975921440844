-- Order sync from the marketplaces (Shopee, Lazada, TikTok Shop).

-- Tokens: when the refresh token runs out (Lazada and TikTok Shop say so; Shopee's is 30
-- days after issue) and when the pair was last stored. Where order sync resumes:
-- {"synced_to": <RFC 3339>, "range": {"from", "to"} | null, "page": <cursor> | null}.
alter table sales_channels
    add column refresh_expires_at timestamptz,
    add column tokens_saved_at    timestamptz,
    add column sync_cursor        jsonb,
    add column last_error_at      timestamptz;

-- What the platform last told us about each order it sent: the next pull is compared
-- with this, so a change is recorded once (whichever of pull and webhook sees it first)
-- and an edit made here is not undone by a platform that changed nothing.
create table channel_orders (
    order_id        bigint primary key references orders(id) on delete cascade,
    -- the platform's own value, verbatim
    channel_status  text not null default '',
    -- ours: integrations::marketplace::ChannelStatus::code()
    status          text not null default '',
    address         jsonb not null default '{}',
    -- the platform's update time of what we saw
    updated_at      timestamptz,
    synced_at       timestamptz not null default now()
);

-- Orders a platform sent that could not be taken in (a SKU we do not sell, no usable
-- phone number...): kept with the reason for a person to see, and tried again on every
-- sync until they go in.
create table channel_order_problems (
    channel_id  bigint not null references sales_channels(id),
    external_id text not null,
    reason      text not null,
    first_seen  timestamptz not null default now(),
    last_seen   timestamptz not null default now(),
    attempts    integer not null default 1,
    primary key (channel_id, external_id)
);
