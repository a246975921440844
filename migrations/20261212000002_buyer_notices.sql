-- Buyers told of their order's progress (shipped, out for delivery, delivery failed,
-- delivered, invoice issued) on their channel: each timeline event at most once. The row
-- is written before the send (claimed), so a crash after it never sends twice.
create table buyer_notices (
    id              bigserial primary key,
    order_event_id  bigint not null unique references order_events(id) on delete cascade,
    order_id        bigint not null references orders(id) on delete cascade,
    kind            text not null,
    -- 'web', 'messenger', … or 'email'; '' when the buyer has no channel we can use.
    channel         text not null default '',
    conversation_id bigint references conversations(id),
    state           text not null check (state in ('sending', 'sent', 'skipped', 'failed')),
    reason          text not null default '',
    created_at      timestamptz not null default now()
);
create index buyer_notices_order on buyer_notices (order_id);

-- How far the notices worker has read the timeline: events before it were looked at.
create table buyer_notice_mark (
    only_one      boolean primary key default true check (only_one),
    last_event_id bigint not null
);

do $$
begin
    if to_regrole('orderdeck_support') is null then
        return;
    end if;
    grant insert, update on buyer_notices, buyer_notice_mark to orderdeck_support;
exception when insufficient_privilege then
    raise notice 'orderdeck: grants on the notice tables left to an administrator';
end $$;
