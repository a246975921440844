-- Stock sync to the marketplaces through the transactional outbox.
--
-- Whenever a variant's available stock (on hand − reserved, summed over warehouses)
-- changes, the same transaction leaves one pending outbox row for it:
-- topic 'stock', key = the variant id. A burst of changes keeps that one row (an upsert
-- on the unique (topic, key) index below) and pushes its due time a little later each
-- time (debounce, 2 s), but never more than 10 s after the row became pending, so a SKU
-- that never stops changing is still pushed every 10 s. The row carries no quantity: the
-- drain (src/workflow/stock_sync.rs) reads the available stock when it sends, so the last
-- value always wins.
--
-- Row states, for the drain:
--   payload.changes  counts the changes folded into the row. The drain remembers it when
--                    it claims the row and deletes the row afterwards only if it is still
--                    the same; a change that lands while the platforms are being called
--                    keeps the row (now due again), and the new value goes out next.
--   created_at       when the row became pending (reset by the drain when it claims it),
--                    the start of the 10 s limit.
--   attempts > 0     the last push failed: available_at is the back-off (or the
--                    platform's Retry-After) and new changes do not bring it forward.
--
-- Concurrency: two transactions changing one variant both upsert its row; the second
-- waits for the first to commit (the row lock), then folds its change in. The trigger
-- runs once per statement, after the statement's rows are written, and takes the rows of
-- the variants it touches in variant order, so intake's single-statement writes never
-- deadlock on them; the lock is held only from the end of the statement to the commit.
-- Variants that no channel lists are not queued at all: a listing that appears later
-- queues its variant itself (trigger on channel_listings below).

create index if not exists channel_listings_variant on channel_listings (variant_id);

-- What product sync (src/workflow/product_sync.rs) learns of each listing: the seller SKU
-- as the platform holds it (Lazada's stock call names it) and the listing's status there,
-- verbatim. last_pushed_qty is what the platform has as far as we know: set by each
-- accepted push, and by a pull to the stock the platform reported, so the drain skips a
-- push that would change nothing and re-sends one the platform has drifted from.
-- last_push_error: why the platform refused the last push of this listing (it is not
-- retried until the value changes); cleared by the next accepted push.
alter table channel_listings
    add column seller_sku      text not null default '',
    add column status          text not null default '',
    add column last_push_error text,
    add column synced_at       timestamptz;

-- Product sync per channel: when it last ran (the scheduled run goes once per off-peak
-- window) and what it did.
create table channel_product_syncs (
    channel_id   bigint primary key references sales_channels(id),
    last_run_at  timestamptz not null,
    report       jsonb not null default '{}',
    last_error   text
);

-- One pending row per variant for the 'stock' topic; other topics are not constrained.
create unique index outbox_stock_pending on outbox (topic, key) where topic = 'stock';

create function orderdeck_stock_sync_enqueue(variant_ids bigint[]) returns void
language plpgsql as $$
declare
    debounce constant interval := interval '2 seconds';
    max_delay constant interval := interval '10 seconds';
    t timestamptz := clock_timestamp();
begin
    insert into outbox (topic, key, payload, available_at, created_at)
    select 'stock', x.v::text, '{"changes": 1}'::jsonb, t + debounce, t
    from (select distinct v from unnest(variant_ids) as u(v) where v is not null) x
    where exists (select 1 from channel_listings l where l.variant_id = x.v)
    order by x.v
    on conflict (topic, key) where topic = 'stock' do update set
        payload = jsonb_set(outbox.payload, '{changes}',
            to_jsonb(coalesce((outbox.payload ->> 'changes')::bigint, 0) + 1)),
        available_at = case
            when outbox.attempts > 0 then outbox.available_at
            else least(t + debounce, outbox.created_at + max_delay)
        end;
end $$;

create function orderdeck_stock_levels_changed() returns trigger
language plpgsql as $$
declare
    ids bigint[];
begin
    if tg_op = 'INSERT' then
        select array_agg(n.variant_id) into ids
        from new_rows n where n.on_hand - n.reserved <> 0;
    else
        select array_agg(n.variant_id) into ids
        from new_rows n
        left join old_rows o on o.variant_id = n.variant_id and o.warehouse_id = n.warehouse_id
        where o.variant_id is null or n.on_hand - n.reserved <> o.on_hand - o.reserved;
    end if;
    if ids is not null then
        perform orderdeck_stock_sync_enqueue(ids);
    end if;
    return null;
end $$;

create trigger stock_levels_sync_insert after insert on stock_levels
    referencing new table as new_rows
    for each statement execute function orderdeck_stock_levels_changed();
create trigger stock_levels_sync_update after update on stock_levels
    referencing old table as old_rows new table as new_rows
    for each statement execute function orderdeck_stock_levels_changed();

-- A new listing (or one matched to another variant) gets its first push.
create function orderdeck_listing_changed() returns trigger
language plpgsql as $$
begin
    if new.variant_id is not null then
        perform orderdeck_stock_sync_enqueue(array[new.variant_id]);
    end if;
    return null;
end $$;

create trigger channel_listings_sync after insert or update of variant_id on channel_listings
    for each row execute function orderdeck_listing_changed();

-- A channel's buffer changed, or the channel was switched back on: every variant it
-- lists is pushed again.
create function orderdeck_channel_buffer_changed() returns trigger
language plpgsql as $$
begin
    perform orderdeck_stock_sync_enqueue(array(
        select l.variant_id from channel_listings l where l.channel_id = new.id));
    return null;
end $$;

create trigger sales_channels_sync after update of stock_buffer, active on sales_channels
    for each row
    when (old.stock_buffer is distinct from new.stock_buffer or old.active is distinct from new.active)
    execute function orderdeck_channel_buffer_changed();

-- A warehouse switched on or off changes what is available of everything it holds.
create function orderdeck_warehouse_active_changed() returns trigger
language plpgsql as $$
begin
    perform orderdeck_stock_sync_enqueue(array(
        select s.variant_id from stock_levels s
        where s.warehouse_id = new.id and s.on_hand - s.reserved <> 0));
    return null;
end $$;

create trigger warehouses_sync after update of active on warehouses
    for each row when (old.active is distinct from new.active)
    execute function orderdeck_warehouse_active_changed();

-- A variant or product switched off sells 0 on every platform (and back on, its stock).
create function orderdeck_sellable_changed() returns trigger
language plpgsql as $$
begin
    if tg_table_name = 'products' then
        perform orderdeck_stock_sync_enqueue(array(
            select v.id from variants v where v.product_id = new.id));
    else
        perform orderdeck_stock_sync_enqueue(array[new.id]);
    end if;
    return null;
end $$;

create trigger products_sync after update of active on products
    for each row when (old.active is distinct from new.active)
    execute function orderdeck_sellable_changed();
create trigger variants_sync after update of active on variants
    for each row when (old.active is distinct from new.active)
    execute function orderdeck_sellable_changed();
