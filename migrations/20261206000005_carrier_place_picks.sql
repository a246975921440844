-- A ward a person picked for an address the carrier's list could not settle, kept per
-- written address: the next parcel to the same address (a buyer who orders again) goes to
-- the same ward without asking. `written` is the address folded (no diacritics, case or
-- spacing), so the same address typed a little differently is the same key.
create table carrier_place_picks (
    carrier    text not null,
    written    text not null,
    ward_id    text not null,
    picked_by  text not null,
    picked_at  timestamptz not null default now(),
    primary key (carrier, written)
);
