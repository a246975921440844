-- Marketplace orders shipped the marketplace's way (issue 16): the platform arranges the
-- carrier and gives the tracking number and its airway bill (AWB); orders carry the
-- platform's ship-by time; buyers' cancellation requests wait for the seller.

-- A parcel the platform arranged is a shipment like a GHN one (panes 4 and 6, the
-- poller, the exceptions queue read it the same way); its carrier is the platform.
alter table shipments drop constraint if exists shipments_carrier_check;
alter table shipments add constraint shipments_carrier_check
    check (carrier in ('ghn', 'viettelpost', 'shopee', 'lazada', 'tiktok'));
alter table shipments
    -- Shopee package_number, Lazada package_id (after Pack), TikTok package id.
    add column package_id text,
    -- The carrier the platform chose ("SPX Express", "LEX VN", "J&T Express").
    add column platform_carrier text not null default '',
    -- pickup / dropoff / platform (Lazada allocates) / seller (our carrier, number told
    -- to the platform). Null on our own carriers' parcels.
    add column handover text check (handover in ('pickup', 'dropoff', 'platform', 'seller')),
    -- What was asked: address id, slot (id, start, end), branch — for the timeline and a
    -- person re-arranging after a failed pickup.
    add column handover_detail jsonb not null default '{}',
    -- Where the arranging stands; the poller finishes what a crash or a lost reply left:
    --   asked    the platform was called, the reply not (yet) seen
    --   arranged the platform said yes; no tracking number yet (Shopee gives it later)
    --   tracked  the tracking number is known; the AWB is next
    --   ready    the AWB is stored (Lazada: and ReadyToShip was sent)
    add column platform_step text check (platform_step in ('asked', 'arranged', 'tracked', 'ready'));

-- A platform parcel is arranged once: two live shipments of one package cannot exist.
create unique index shipments_platform_package on shipments(carrier, package_id)
    where package_id is not null and status not in ('cancelled', 'failed');
-- What the poller still has to finish.
create index shipments_platform_unfinished on shipments(id)
    where platform_step in ('asked', 'arranged', 'tracked');

-- The AWB, kept with the shipment: any console on the database prints it without asking
-- the platform again (Lazada's link lasts 10 minutes, TikTok's a day).
create table shipping_documents (
    shipment_id bigint primary key references shipments(id) on delete cascade,
    mime        text not null,
    bytes       bytea not null check (octet_length(bytes) <= 20 * 1024 * 1024),
    fetched_at  timestamptz not null default now()
);

-- Every platform call that changes the platform's state, written BEFORE the call with a
-- key fixed by what it does (never by when): a retry after a timeout finds the first try,
-- looks on the platform first, and never asks twice.
create table platform_calls (
    id          bigserial primary key,
    key         text not null unique,
    channel_id  bigint not null references sales_channels(id),
    order_id    bigint references orders(id),
    call        text not null,
    state       text not null default 'sent' check (state in ('sent', 'done', 'refused')),
    reply       text not null default '',
    attempts    integer not null default 1 check (attempts >= 1),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index platform_calls_order on platform_calls(order_id);

-- The platform's deadline: ship before it or the order is cancelled and the shop
-- penalised. Masked: the platform hid parts of the buyer's phone, name or address; kept
-- as given and never needed to ship (the platform prints the label).
alter table orders
    add column ship_by timestamptz,
    add column buyer_masked boolean not null default false;
create index orders_ship_by on orders(ship_by, id)
    where ship_by is not null and status in ('new', 'backordered', 'reserved', 'packing', 'packed');

-- A buyer asked the platform to cancel; the seller accepts or rejects before respond_by.
-- While one is pending the order does not leave the pack station.
create table cancel_requests (
    id          bigserial primary key,
    order_id    bigint not null references orders(id) on delete cascade,
    -- Shopee order_sn, Lazada reverse_order_id, TikTok cancel_id.
    external_id text not null,
    reason      text not null default '',
    respond_by  timestamptz,
    can_reject  boolean not null default true,
    status      text not null default 'pending'
                check (status in ('pending', 'accepted', 'rejected', 'withdrawn')),
    decided_by  text,
    decided_at  timestamptz,
    created_at  timestamptz not null default now(),
    unique (order_id, external_id)
);
create index cancel_requests_pending on cancel_requests(order_id) where status = 'pending';

-- Live refresh: consoles re-read what they show when these change.
do $$
declare
    t text;
begin
    foreach t in array array['shipping_documents', 'cancel_requests'] loop
        execute format('create trigger %I after insert or update or delete on %I
            for each statement execute function orderdeck_notify_table()', t || '_notify', t);
    end loop;
end $$;

-- Who may: packers arrange and print (as they book GHN today); deciding a buyer's
-- cancellation is support's, as cancelling an order is.
do $$
begin
    if to_regrole('orderdeck_packer') is null then
        return;
    end if;
    grant insert, update on shipping_documents, platform_calls to orderdeck_packer;
    grant insert, update on cancel_requests to orderdeck_packer;
exception when insufficient_privilege then
    raise notice 'orderdeck: grants on the fulfilment tables left to an administrator';
end $$;
