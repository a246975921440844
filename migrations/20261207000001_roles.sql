-- Who may do what, enforced by PostgreSQL (issue 14).
--
-- Four group roles, each containing the one below it:
--   orderdeck_packer   packs and ships; receives goods (stock in from a purchase order)
--   orderdeck_support  + orders, customers, returns and refunds, invoices, purchase drafts
--   orderdeck_manager  + catalog, warehouses, suppliers, stock counts and adjustments, channels
--   orderdeck_admin    + people (the users table; `orderdeck users …` makes login roles)
-- A person is a login role in one of them (`orderdeck users add NAME --role support`).
-- The role that runs migrations owns the tables; it, a superuser and the owner's members
-- are "trusted" (the embedded first-run admin, `orderdeck worker` as a service login).
--
-- The roles are made only when the migrating user may create roles (a superuser, the
-- embedded server, or CREATEROLE); on a managed database without that right the schema
-- works as before and every connection is the owner: roles then need an administrator
-- (README, "Many consoles, one database").

-- True when this session is a person's own login: a member of the orderdeck roles who is
-- neither a superuser nor a member of the role that owns the tables. Such a session's name
-- is written on what it does (never a name the program passes) and its stock changes must
-- go through the ledger.
--
-- It runs in the WHEN clause of every timeline event and stock move insert. Asked in full
-- (role look-ups and the owner of `orders`) it costs about 10 µs a row, half the insert,
-- on the owner's bulk paths (intake, imports, workers), which are never personal: so the
-- owner's name as it is now (the migrating role owns the tables) is compared first. Any
-- other session is asked in full, so a later change of owner is still right, only slower.
do $personal$
begin
    execute format($create$
        create function orderdeck_personal() returns boolean
        language sql stable as $body$
            select session_user <> %L and case
                when to_regrole('orderdeck_packer') is null then false
                else pg_has_role(session_user, 'orderdeck_packer', 'member')
                     and not pg_has_role(session_user,
                         (select relowner from pg_class where oid = 'public.orders'::regclass), 'member')
            end
        $body$
    $create$, current_user);
end $personal$;

-- The orderdeck role a login is in (the highest), or null: for `users list` and who a
-- session is. A superuser is in every role, so it reads 'admin'.
create function orderdeck_role_of(login oid) returns text
language sql stable as $$
    select case when to_regrole('orderdeck_packer') is null then null
                when pg_has_role(login, 'orderdeck_admin', 'member') then 'admin'
                when pg_has_role(login, 'orderdeck_manager', 'member') then 'manager'
                when pg_has_role(login, 'orderdeck_support', 'member') then 'support'
                when pg_has_role(login, 'orderdeck_packer', 'member') then 'packer'
           end
$$;

-- Who did it: the login itself for a person's session. The column is the trigger's
-- argument (order_events.actor, returns.created_by …).
-- The triggers ask `orderdeck_personal()` in their WHEN clause: for the owner's sessions
-- (bulk intake, workers, the embedded administrator) the trigger function is not even
-- called, so they pay one inlined expression per row.
create function orderdeck_stamp_actor() returns trigger
language plpgsql as $$
begin
    new := jsonb_populate_record(new, jsonb_build_object(tg_argv[0], session_user::text));
    return new;
end $$;

create trigger order_events_actor before insert on order_events
    for each row when (orderdeck_personal()) execute function orderdeck_stamp_actor('actor');
create trigger stock_moves_actor before insert on stock_moves
    for each row when (orderdeck_personal()) execute function orderdeck_stamp_actor('actor');
create trigger returns_actor before insert on returns
    for each row when (orderdeck_personal()) execute function orderdeck_stamp_actor('created_by');
create trigger refunds_actor before insert on refunds
    for each row when (orderdeck_personal()) execute function orderdeck_stamp_actor('created_by');
create trigger purchase_orders_actor before insert on purchase_orders
    for each row when (orderdeck_personal()) execute function orderdeck_stamp_actor('created_by');

-- On-hand stock changes only together with a stock move. A person's session may update
-- stock_levels (shipping takes stock out, reserving changes `reserved`), so each change of
-- on_hand and each move is written down for the transaction, and at commit every
-- (variant, warehouse) must balance: otherwise someone set a figure by hand. Only the
-- owner's functions touch this table.
create unlogged table stock_level_debts (
    xact            xid8 not null default pg_current_xact_id(),
    variant_id      bigint not null,
    warehouse_id    bigint not null,
    delta           integer not null
);
create index stock_level_debts_xact on stock_level_debts(xact);
revoke all on stock_level_debts from public;

create function stock_level_note() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    d integer;
begin
    if tg_table_name = 'stock_moves' then
        d := -new.qty;
    elsif tg_op = 'INSERT' then
        d := new.on_hand;
    else
        d := new.on_hand - old.on_hand;
    end if;
    if d <> 0 then
        insert into stock_level_debts (variant_id, warehouse_id, delta)
        values (new.variant_id, new.warehouse_id, d);
    end if;
    return null;
end $$;

create function stock_level_settle() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    if exists (select 1 from stock_level_debts where xact = pg_current_xact_id()
               group by variant_id, warehouse_id having sum(delta) <> 0) then
        raise exception 'permission denied: on-hand stock changes only with a stock move (a receipt, a shipment, a count)'
            using errcode = '42501';
    end if;
    delete from stock_level_debts where xact = pg_current_xact_id();
    return null;
end $$;

-- AFTER triggers: an INSERT … ON CONFLICT DO UPDATE fires BEFORE INSERT for the proposed
-- row and then UPDATE, but AFTER only for what really happened.
create trigger stock_levels_note after insert or update of on_hand on stock_levels
    for each row when (orderdeck_personal()) execute function stock_level_note();
create trigger stock_moves_note after insert on stock_moves
    for each row when (orderdeck_personal()) execute function stock_level_note();
create constraint trigger stock_levels_settle after insert or update of on_hand on stock_levels
    deferrable initially deferred
    for each row when (orderdeck_personal()) execute function stock_level_settle();

-- Some changes of state need more than the table's grant: a packer updates orders and
-- purchase orders (packing, receiving) but may not cancel them or confirm a purchase.
create function orderdeck_require(needed text, what text) returns void
language plpgsql stable as $$
begin
    if orderdeck_personal() and not pg_has_role(session_user, needed, 'member') then
        raise exception 'permission denied: only % and above may %',
            replace(needed, 'orderdeck_', ''), what using errcode = '42501';
    end if;
end $$;

create function orders_status_guard() returns trigger
language plpgsql as $$
begin
    if new.status = 'cancelled' and old.status <> 'cancelled' then
        perform orderdeck_require('orderdeck_support', 'cancel an order');
    end if;
    return new;
end $$;
create trigger orders_status_guard before update of status on orders
    for each row when (new.status is distinct from old.status)
    execute function orders_status_guard();

-- Which stock moves a role may post: a packer takes stock out for a shipment and in for
-- a receipt; support also puts returns back and writes damaged ones off; anything else
-- (counts, adjustments, transfers, opening stock) is a manager's.
create function stock_moves_kind_guard() returns trigger
language plpgsql as $$
begin
    if (new.kind = 'shipment' and new.qty < 0) or (new.kind = 'receipt' and new.qty > 0) then
        return new;
    elsif new.kind in ('return', 'write_off') then
        perform orderdeck_require('orderdeck_support', 'post ' || new.kind || ' stock moves');
    else
        perform orderdeck_require('orderdeck_manager', 'adjust stock (' || new.kind || ' moves)');
    end if;
    return new;
end $$;
create trigger stock_moves_kind_guard before insert on stock_moves
    for each row when (orderdeck_personal()) execute function stock_moves_kind_guard();

create function purchase_orders_status_guard() returns trigger
language plpgsql as $$
begin
    if new.status in ('confirmed', 'cancelled') and old.status = 'draft'
       or new.status = 'cancelled' then
        perform orderdeck_require('orderdeck_manager', 'confirm or cancel a purchase order');
    end if;
    return new;
end $$;
create trigger purchase_orders_status_guard before update of status on purchase_orders
    for each row when (new.status is distinct from old.status)
    execute function purchase_orders_status_guard();

alter table users drop constraint users_role_check;
update users set role = 'support' where role = 'agent';
alter table users alter column role set default 'support';
alter table users add constraint users_role_check
    check (role in ('packer', 'support', 'manager', 'admin'));

-- The roles and their grants (roles are the server's, grants this database's).
do $roles$
declare
    may_create boolean;
    r text;
    t text;
begin
    select rolsuper or rolcreaterole into may_create from pg_roles where rolname = current_user;
    if not coalesce(may_create, false) then
        raise notice 'orderdeck: % may not create roles; roles left to an administrator', current_user;
        return;
    end if;
    foreach r in array array['orderdeck_packer', 'orderdeck_support', 'orderdeck_manager', 'orderdeck_admin'] loop
        if to_regrole(r) is null then
            begin
                execute format('create role %I nologin', r);
            exception when duplicate_object or unique_violation then
                null; -- another database of this server made it a moment ago
            end;
        end if;
    end loop;
    begin
        grant orderdeck_packer to orderdeck_support;
        grant orderdeck_support to orderdeck_manager;
        grant orderdeck_manager to orderdeck_admin;
    exception when others then
        null; -- granted already by another database's migration
    end;

    -- Everyone reads everything (the console shows it) and may number new rows.
    grant usage on schema public to orderdeck_packer;
    grant select on all tables in schema public to orderdeck_packer;
    revoke select on stock_level_debts from orderdeck_packer;
    grant usage, select on all sequences in schema public to orderdeck_packer;

    -- Packing, shipping and receiving. The outbox is written by the stock triggers; the
    -- place lists by the ship form's look-up.
    foreach t in array array['orders', 'reservations', 'shipments', 'tracking_events', 'outbox',
        'carrier_places', 'carrier_place_lists', 'carrier_place_picks', 'goods_receipts',
        'goods_receipt_lines'] loop
        execute format('grant insert, update, delete on %I to orderdeck_packer', t);
    end loop;
    grant update on stock_levels, purchase_orders, purchase_order_lines, channel_orders,
        order_lines to orderdeck_packer;
    grant insert on stock_levels, order_events, stock_moves to orderdeck_packer;

    -- Support: orders from intake to returns, refunds and invoices; purchase drafts for
    -- backorders.
    foreach t in array array['customers', 'order_lines', 'returns', 'return_lines', 'refunds',
        'invoices', 'invoice_lines', 'purchase_orders', 'purchase_order_lines', 'channel_orders',
        'channel_order_problems'] loop
        execute format('grant insert, update, delete on %I to orderdeck_support', t);
    end loop;

    -- The first website or manual order makes its channel.
    grant insert (code, kind, name) on sales_channels to orderdeck_support;

    -- Managers: the catalog, places, people outside the shop (suppliers), counts, channels.
    foreach t in array array['warehouses', 'products', 'variants', 'suppliers', 'stock_counts',
        'stock_count_lines', 'sales_channels', 'channel_listings', 'channel_product_syncs',
        'auto_invoicing', 'demo_simulator', 'stock_levels'] loop
        execute format('grant insert, update, delete on %I to orderdeck_manager', t);
    end loop;

    -- Admins: everything, the people too.
    grant insert, update, delete on all tables in schema public to orderdeck_admin;
    revoke all on stock_level_debts from orderdeck_admin;
    -- The timeline and the ledger are only added to, by anyone (their triggers refuse
    -- changes even to the owner); nobody is even granted the right to try.
    revoke update, delete on order_events, stock_moves from orderdeck_admin;

    -- Tables of later migrations: readable by everyone, written by admins until their
    -- migration grants more.
    alter default privileges in schema public grant select on tables to orderdeck_packer;
    alter default privileges in schema public grant usage, select on sequences to orderdeck_packer;
    alter default privileges in schema public grant insert, update, delete on tables to orderdeck_admin;
end $roles$;
