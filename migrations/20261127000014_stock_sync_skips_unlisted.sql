-- Every intake changes stock, so every intake ran the outbox upsert below even when no
-- channel lists the variants: an INSERT … ON CONFLICT of no rows still sets up its
-- executor and fires outbox's statement trigger, which notified every listening console
-- of an outbox change that never happened. Now the function returns at once when none
-- of the variants is listed (one probe of channel_listings_variant); otherwise as before.
create or replace function orderdeck_stock_sync_enqueue(variant_ids bigint[]) returns void
language plpgsql as $$
declare
    debounce constant interval := interval '2 seconds';
    max_delay constant interval := interval '10 seconds';
    t timestamptz := clock_timestamp();
begin
    if not exists (select 1 from channel_listings l where l.variant_id = any(variant_ids)) then
        return;
    end if;
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
