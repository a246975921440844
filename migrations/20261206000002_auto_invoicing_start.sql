-- When an order was completed, whatever completed it (the tracking poller, a person, a
-- seed or an import): automatic invoicing issues only for orders completed after it was
-- switched on, so it needs the moment, not the last update.
alter table orders add column completed_at timestamptz;
update orders set completed_at = updated_at where status = 'completed';

create function orders_completed_at() returns trigger language plpgsql as $$
begin
    if new.status = 'completed' and (tg_op = 'INSERT' or old.status is distinct from 'completed') then
        new.completed_at := coalesce(new.completed_at, case when tg_op = 'INSERT' then new.updated_at else now() end);
    elsif new.status <> 'completed' then
        new.completed_at := null;
    end if;
    return new;
end $$;

create trigger orders_completed_at before insert or update of status on orders
    for each row execute function orders_completed_at();

-- Automatic invoicing's recorded start: set by the first round after `auto_provider` is
-- switched on, cleared when it is switched off. Orders completed before it are listed by
-- `invoice auto --dry-run` and issued only on request.
create table auto_invoicing (
    only_one    boolean primary key default true check (only_one),
    provider    text not null,
    since       timestamptz not null default now()
);
