-- A carrier's own list of places (GHN's provinces, districts and wards from its master
-- data, reference §1.3): a buyer's written address is resolved against it to the ids the
-- carrier's fee and create calls require. Kept here so resolving asks the database, not
-- the carrier, and every console shares one copy; refreshed as a whole by a command, or
-- when older than a week.
create table carrier_places (
    carrier   text not null,
    level     text not null check (level in ('province', 'district', 'ward')),
    id        text not null,
    parent_id text not null default '',
    name      text not null,
    aliases   text[] not null default '{}',
    primary key (carrier, level, id)
);

create table carrier_place_lists (
    carrier      text primary key,
    refreshed_at timestamptz not null,
    provinces    integer not null,
    districts    integer not null,
    wards        integer not null
);
