-- orderdeck schema: the whole order workflow. Later features fill in behaviour, not tables.
-- Money is NUMERIC(18,2) (VND has no minor unit in practice, but foreign prices may);
-- quantities are integers. Every table that a console shows announces its changes
-- through pg_notify (see the trigger at the end).

create extension if not exists pg_trgm;

create table users (
    id          bigserial primary key,
    login       text not null unique,
    full_name   text not null default '',
    role        text not null default 'agent' check (role in ('packer', 'agent', 'manager', 'admin')),
    active      boolean not null default true,
    created_at  timestamptz not null default now()
);

create table warehouses (
    id          bigserial primary key,
    code        text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,15}$'),
    name        text not null check (length(name) between 1 and 200),
    address     text not null default '',
    manager     text not null default '',
    active      boolean not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table products (
    id              bigserial primary key,
    name            text not null check (length(name) between 1 and 300),
    category        text not null default '',
    brand           text not null default '',
    description     text not null default '',
    specs           text not null default '',
    media_urls      text[] not null default '{}',
    -- Up to three variant attributes (for example colour, size); the array length is the rule.
    attributes      text[] not null default '{}' check (cardinality(attributes) <= 3),
    vat_rate        text not null default '10' check (vat_rate in ('0', '5', '8', '10', 'KCT', 'KKKNT')),
    active          boolean not null default true,
    -- Folded (lower case, no diacritics) name, category, brand and SKUs, for search.
    search_text     text not null default '',
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index products_name on products(name, id);
create index products_search_trgm on products using gin (search_text gin_trgm_ops);

create table variants (
    id              bigserial primary key,
    product_id      bigint not null references products(id) on delete restrict,
    sku             text not null unique check (length(sku) between 1 and 64),
    barcode         text unique,
    -- One value per product attribute, in the same order.
    attr_values     text[] not null default '{}' check (cardinality(attr_values) <= 3),
    cost_price      numeric(18,2) not null default 0 check (cost_price >= 0),
    sale_price      numeric(18,2) not null default 0 check (sale_price >= 0),
    weight_grams    integer not null default 0 check (weight_grams >= 0),
    reorder_point   integer not null default 0 check (reorder_point >= 0),
    active          boolean not null default true,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    unique (product_id, attr_values)
);
create index variants_product on variants(product_id);

-- Current stock per variant and warehouse. Kept in the same transaction as the ledger,
-- and the CHECKs make overselling impossible whatever the application does.
create table stock_levels (
    variant_id      bigint not null references variants(id),
    warehouse_id    bigint not null references warehouses(id),
    on_hand         integer not null default 0,
    reserved        integer not null default 0,
    updated_at      timestamptz not null default now(),
    primary key (variant_id, warehouse_id),
    constraint on_hand_not_negative check (on_hand >= 0),
    constraint reserved_within_on_hand check (reserved >= 0 and reserved <= on_hand)
);
create index stock_levels_warehouse on stock_levels(warehouse_id);

-- The append-only ledger: the truth about stock. on_hand = sum(qty) per variant and warehouse.
create table stock_moves (
    id              bigserial primary key,
    variant_id      bigint not null references variants(id),
    warehouse_id    bigint not null references warehouses(id),
    qty             integer not null check (qty <> 0),
    kind            text not null check (kind in ('opening', 'receipt', 'shipment', 'return',
                        'write_off', 'count', 'adjustment', 'transfer')),
    reason          text not null default '',
    ref_table       text,
    ref_id          bigint,
    actor           text not null default '',
    created_at      timestamptz not null default now()
);
create index stock_moves_variant on stock_moves(variant_id, warehouse_id, id);

create or replace function stock_moves_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'stock_moves is append-only: post a correcting move instead';
end $$;
create trigger stock_moves_no_update before update or delete on stock_moves
    for each row execute function stock_moves_append_only();

create table customers (
    id          bigserial primary key,
    name        text not null default '',
    phone       text not null default '',
    email       text not null default '',
    -- The default shipping address, as the last order used it.
    address     jsonb not null default '{}',
    search_text text not null default '',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index customers_phone on customers(phone);
create index customers_search_trgm on customers using gin (search_text gin_trgm_ops);

create table sales_channels (
    id          bigserial primary key,
    code        text not null unique,
    kind        text not null check (kind in ('website', 'shopee', 'lazada', 'tiktok', 'manual')),
    name        text not null,
    shop_id     text not null default '',
    access_token    text,
    refresh_token   text,
    token_expires_at timestamptz,
    stock_buffer    integer not null default 0 check (stock_buffer >= 0),
    last_sync_at    timestamptz,
    last_error      text,
    active      boolean not null default true,
    created_at  timestamptz not null default now()
);

create table channel_listings (
    id              bigserial primary key,
    channel_id      bigint not null references sales_channels(id),
    variant_id      bigint references variants(id),
    external_item_id text not null,
    external_sku    text not null default '',
    last_pushed_qty integer,
    last_pushed_at  timestamptz,
    unique (channel_id, external_item_id, external_sku)
);

create sequence order_number_seq;

create table orders (
    id              bigserial primary key,
    number          text not null unique,
    channel_id      bigint not null references sales_channels(id),
    external_id     text,
    source          text not null default '' check (source in ('', 'phone', 'facebook', 'zalo', 'other')),
    customer_id     bigint references customers(id),
    buyer_name      text not null default '',
    buyer_phone     text not null default '',
    buyer_email     text not null default '',
    ship_address    jsonb not null default '{}',
    -- Finer states inside; the three-word view (New, Processing, Completed, plus
    -- Cancelled and Returned) is derived in src/domain/order.rs.
    status          text not null default 'new' check (status in ('new', 'backordered', 'reserved',
                        'packing', 'packed', 'shipped', 'delivered', 'completed', 'cancelled',
                        'returned', 'partly_returned')),
    payment_method  text not null default 'cod' check (payment_method in ('cod', 'prepaid')),
    payment_status  text not null default 'unpaid' check (payment_status in ('unpaid', 'paid', 'cod_pending', 'cod_received', 'refunded', 'partly_refunded')),
    subtotal        numeric(18,2) not null default 0 check (subtotal >= 0),
    discount        numeric(18,2) not null default 0 check (discount >= 0),
    shipping_fee    numeric(18,2) not null default 0 check (shipping_fee >= 0),
    total           numeric(18,2) not null default 0 check (total >= 0),
    note            text not null default '',
    wants_invoice   boolean not null default false,
    preferred_warehouse_id bigint references warehouses(id),
    claimed_by      text,
    claimed_at      timestamptz,
    version         integer not null default 1,
    search_text     text not null default '',
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    -- De-duplication of channel orders is the database's job, not a check-then-insert.
    unique (channel_id, external_id)
);
create index orders_created on orders(created_at desc, id desc);
create index orders_status_created on orders(status, created_at desc, id desc);
create index orders_channel_created on orders(channel_id, created_at desc, id desc);
create index orders_customer on orders(customer_id);
create index orders_search_trgm on orders using gin (search_text gin_trgm_ops);
create index orders_phone on orders(buyer_phone);

create table order_lines (
    id              bigserial primary key,
    order_id        bigint not null references orders(id) on delete cascade,
    line_no         integer not null,
    variant_id      bigint not null references variants(id),
    sku             text not null,
    name            text not null,
    qty             integer not null check (qty > 0),
    unit_price      numeric(18,2) not null check (unit_price >= 0),
    discount        numeric(18,2) not null default 0 check (discount >= 0),
    vat_rate        text not null default '10',
    packed_qty      integer not null default 0 check (packed_qty >= 0),
    unique (order_id, line_no),
    check (packed_qty <= qty)
);
create index order_lines_variant on order_lines(variant_id);

-- Active reservations: reserved on stock_levels = sum(qty) here per variant and warehouse.
create table reservations (
    id              bigserial primary key,
    order_line_id   bigint not null references order_lines(id) on delete cascade,
    variant_id      bigint not null references variants(id),
    warehouse_id    bigint not null references warehouses(id),
    qty             integer not null check (qty > 0),
    created_at      timestamptz not null default now(),
    unique (order_line_id, warehouse_id)
);
create index reservations_stock on reservations(variant_id, warehouse_id);

-- The order's timeline: who, when, what, before and after.
create table order_events (
    id          bigserial primary key,
    order_id    bigint not null references orders(id) on delete cascade,
    actor       text not null,
    kind        text not null,
    message     text not null default '',
    before      jsonb,
    after       jsonb,
    created_at  timestamptz not null default now()
);
create index order_events_order on order_events(order_id, id);

create table suppliers (
    id              bigserial primary key,
    name            text not null unique,
    contact         text not null default '',
    phone           text not null default '',
    email           text not null default '',
    tax_code        text not null default '',
    address         text not null default '',
    lead_time_days  integer not null default 7 check (lead_time_days >= 0),
    active          boolean not null default true,
    created_at      timestamptz not null default now()
);

create sequence po_number_seq;

create table purchase_orders (
    id              bigserial primary key,
    number          text not null unique,
    supplier_id     bigint not null references suppliers(id),
    warehouse_id    bigint not null references warehouses(id),
    status          text not null default 'draft' check (status in ('draft', 'confirmed', 'partially_received', 'received', 'cancelled')),
    expected_at     date,
    note            text not null default '',
    total           numeric(18,2) not null default 0 check (total >= 0),
    version         integer not null default 1,
    created_by      text not null default '',
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index purchase_orders_created on purchase_orders(created_at desc, id desc);
create index purchase_orders_status on purchase_orders(status, expected_at);

create table purchase_order_lines (
    id              bigserial primary key,
    purchase_order_id bigint not null references purchase_orders(id) on delete cascade,
    variant_id      bigint not null references variants(id),
    qty             integer not null check (qty > 0),
    unit_price      numeric(18,2) not null check (unit_price >= 0),
    received_qty    integer not null default 0 check (received_qty >= 0),
    rejected_qty    integer not null default 0 check (rejected_qty >= 0),
    unique (purchase_order_id, variant_id)
);

create table goods_receipts (
    id              bigserial primary key,
    purchase_order_id bigint not null references purchase_orders(id),
    warehouse_id    bigint not null references warehouses(id),
    received_by     text not null default '',
    note            text not null default '',
    created_at      timestamptz not null default now()
);

create table goods_receipt_lines (
    id              bigserial primary key,
    goods_receipt_id bigint not null references goods_receipts(id) on delete cascade,
    purchase_order_line_id bigint not null references purchase_order_lines(id),
    accepted_qty    integer not null check (accepted_qty >= 0),
    rejected_qty    integer not null default 0 check (rejected_qty >= 0),
    reject_reason   text not null default ''
);

create table stock_counts (
    id              bigserial primary key,
    warehouse_id    bigint not null references warehouses(id),
    category        text,
    status          text not null default 'open' check (status in ('open', 'posted', 'cancelled')),
    started_by      text not null default '',
    created_at      timestamptz not null default now(),
    posted_at       timestamptz
);

create table stock_count_lines (
    id              bigserial primary key,
    stock_count_id  bigint not null references stock_counts(id) on delete cascade,
    variant_id      bigint not null references variants(id),
    expected_qty    integer not null,
    counted_qty     integer not null default 0 check (counted_qty >= 0),
    unique (stock_count_id, variant_id)
);

create table shipments (
    id              bigserial primary key,
    order_id        bigint not null references orders(id),
    carrier         text not null check (carrier in ('ghn', 'viettelpost')),
    service         text not null default 'economy' check (service in ('express', 'economy')),
    -- Stored before the carrier is called, so a retry finds the first attempt.
    client_order_code text not null unique,
    tracking_number text unique,
    status          text not null default 'pending',
    carrier_status  text not null default '',
    cod_amount      numeric(18,2) not null default 0 check (cod_amount >= 0),
    fee             numeric(18,2) not null default 0 check (fee >= 0),
    payer           text not null default 'seller' check (payer in ('seller', 'buyer')),
    weight_grams    integer not null default 0 check (weight_grams >= 0),
    length_cm       integer not null default 0 check (length_cm >= 0),
    width_cm        integer not null default 0 check (width_cm >= 0),
    height_cm       integer not null default 0 check (height_cm >= 0),
    required_note   text not null default 'may_look',
    expected_delivery_at timestamptz,
    cod_reconciled_at timestamptz,
    last_polled_at  timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index shipments_created on shipments(created_at desc, id desc);
create index shipments_status on shipments(status, last_polled_at);
create index shipments_order on shipments(order_id);

create table tracking_events (
    id              bigserial primary key,
    shipment_id     bigint not null references shipments(id) on delete cascade,
    status          text not null,
    carrier_status  text not null default '',
    description     text not null default '',
    location        text not null default '',
    occurred_at     timestamptz not null,
    recorded_at     timestamptz not null default now(),
    -- Each carrier event is recorded once, however often it is polled.
    unique (shipment_id, carrier_status, occurred_at)
);
create index tracking_events_recorded on tracking_events(recorded_at desc, id desc);

create table invoices (
    id              bigserial primary key,
    order_id        bigint not null references orders(id),
    provider        text not null check (provider in ('sinvoice', 'misa')),
    template        text not null check (template in ('vat', 'sales')),
    kind            text not null default 'original' check (kind in ('original', 'replacement', 'adjustment')),
    replaces_invoice_id bigint references invoices(id),
    template_code   text not null default '',
    series          text not null default '',
    -- The idempotency handle, stored before the provider is called.
    transaction_uuid uuid not null unique,
    number          text,
    tax_authority_code text,
    status          text not null default 'draft' check (status in ('draft', 'issuing', 'issued', 'failed', 'replaced', 'cancelled')),
    buyer_company   text not null default '',
    buyer_tax_code  text not null default '',
    buyer_address   text not null default '',
    buyer_email     text not null default '',
    buyer_name      text not null default '',
    payment_method  text not null default 'TM/CK',
    subtotal        numeric(18,2) not null default 0,
    vat_amount      numeric(18,2) not null default 0,
    total           numeric(18,2) not null default 0,
    pdf             bytea,
    issued_at       timestamptz,
    last_error      text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index invoices_created on invoices(created_at desc, id desc);
create index invoices_order on invoices(order_id);

create table invoice_lines (
    id              bigserial primary key,
    invoice_id      bigint not null references invoices(id) on delete cascade,
    line_no         integer not null,
    name            text not null,
    unit            text not null default 'cái',
    qty             integer not null,
    unit_price      numeric(18,2) not null,
    vat_rate        text not null,
    amount          numeric(18,2) not null,
    vat_amount      numeric(18,2) not null,
    unique (invoice_id, line_no)
);

create table returns (
    id              bigserial primary key,
    order_id        bigint not null references orders(id),
    reason          text not null default '',
    status          text not null default 'requested' check (status in ('requested', 'received', 'cancelled')),
    replacement_order_id bigint references orders(id),
    created_by      text not null default '',
    created_at      timestamptz not null default now(),
    received_at     timestamptz
);

create table return_lines (
    id              bigserial primary key,
    return_id       bigint not null references returns(id) on delete cascade,
    order_line_id   bigint not null references order_lines(id),
    qty             integer not null check (qty > 0),
    condition       text not null check (condition in ('good', 'damaged')),
    warehouse_id    bigint references warehouses(id)
);

create table refunds (
    id              bigserial primary key,
    order_id        bigint not null references orders(id),
    return_id       bigint references returns(id),
    amount          numeric(18,2) not null check (amount > 0),
    method          text not null default 'transfer' check (method in ('cash', 'transfer', 'channel')),
    reference       text not null default '',
    status          text not null default 'pending' check (status in ('pending', 'done', 'failed')),
    created_by      text not null default '',
    created_at      timestamptz not null default now()
);

-- Transactional outbox for external calls (stock pushes, invoice e-mails ...).
create table outbox (
    id              bigserial primary key,
    topic           text not null,
    key             text not null,
    payload         jsonb not null default '{}',
    attempts        integer not null default 0,
    available_at    timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now()
);
create index outbox_ready on outbox(available_at, id);

-- Live refresh: every change announces {table, op, id} on channel 'orderdeck'.
-- Payloads stay tiny; consoles re-read what they show.
create or replace function orderdeck_notify() returns trigger language plpgsql as $$
declare
    row_id bigint;
begin
    if tg_op = 'DELETE' then
        row_id := old.id;
    else
        row_id := new.id;
    end if;
    perform pg_notify('orderdeck', json_build_object('table', tg_table_name, 'op', lower(tg_op), 'id', row_id)::text);
    return null;
end $$;

create or replace function orderdeck_notify_stock() returns trigger language plpgsql as $$
declare
    r record;
begin
    if tg_op = 'DELETE' then r := old; else r := new; end if;
    perform pg_notify('orderdeck', json_build_object('table', tg_table_name, 'op', lower(tg_op), 'id', r.variant_id)::text);
    return null;
end $$;

do $$
declare
    t text;
begin
    foreach t in array array['warehouses', 'products', 'variants', 'customers', 'sales_channels',
        'orders', 'order_lines', 'order_events', 'suppliers', 'purchase_orders',
        'purchase_order_lines', 'goods_receipts', 'shipments', 'tracking_events', 'invoices',
        'returns', 'refunds', 'stock_counts', 'outbox']
    loop
        execute format('create trigger %I after insert or update or delete on %I
            for each row execute function orderdeck_notify()', t || '_notify', t);
    end loop;
end $$;
create trigger stock_levels_notify after insert or update or delete on stock_levels
    for each row execute function orderdeck_notify_stock();
