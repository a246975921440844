-- The demo's simulators, one per database: the first `--demo` console starts them and
-- says where they listen; every later demo console on the database uses those, so all of
-- them see one Shopee, one GHN, one S-Invoice (tokens, parcels and invoices agree).
create table demo_simulator (
    only_one    boolean primary key default true check (only_one),
    address     text not null,
    smtp_address text not null,
    started_by  text not null,
    started_at  timestamptz not null default now()
);
