-- The order-intake API (issue 18): its keys and the idempotency keys its clients send.

-- One key per client program (a website, a script). The token itself is shown once, when
-- made, and never stored: only its SHA-256, which is what a request's token is looked up
-- by. A token is 190 random bits, so a plain hash (no salt, no slow KDF) is enough: there
-- is nothing to guess, and the look-up on every request must stay one index probe.
create table api_keys (
    id              bigserial primary key,
    name            text not null unique check (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    -- The public part of the token (`odk_<prefix>_…`), shown in lists to tell keys apart.
    prefix          text not null unique,
    hash            bytea not null unique check (length(hash) = 32),
    scopes          text[] not null check (cardinality(scopes) > 0
                    and scopes <@ array['orders:write', 'orders:read', 'stock:read']),
    -- The sales channel (code) this key may send orders for; null: any website or manual
    -- channel.
    channel         text,
    created_by      text not null default '',
    created_at      timestamptz not null default now(),
    last_used_at    timestamptz,
    revoked_at      timestamptz,
    revoked_by      text
);

-- Each `Idempotency-Key` a client sent with POST /v1/orders, per API key (two clients may
-- pick the same key without meeting). `running` while the request is carried out; `done`
-- with the answer to give again. Kept 48 hours after they finish (the published expiry).
create table idempotency_keys (
    api_key_id      bigint not null references api_keys(id) on delete cascade,
    key             text not null check (length(key) between 1 and 255),
    -- SHA-256 of the request body (canonical JSON), to tell a retry from a reuse.
    fingerprint     bytea not null,
    state           text not null check (state in ('running', 'done')),
    http_status     integer check (http_status between 100 and 599),
    response_body   bytea,
    created_at      timestamptz not null default clock_timestamp(),
    finished_at     timestamptz,
    primary key (api_key_id, key),
    check ((state = 'done') = (http_status is not null and response_body is not null and finished_at is not null))
);
create index idempotency_keys_finished on idempotency_keys (finished_at) where state = 'done';

-- Readable by whoever may take orders (the API may be served under a support login), not
-- by every packer: the hashes are no secret, but nobody packing needs them. Writing keys
-- stays the admins' (default privileges of the roles migration); serving the API needs
-- its idempotency rows and the key's last use.
do $$
begin
    if to_regrole('orderdeck_packer') is null then
        return;
    end if;
    revoke select on api_keys, idempotency_keys from orderdeck_packer;
    grant select on api_keys, idempotency_keys to orderdeck_support;
    grant update (last_used_at) on api_keys to orderdeck_support;
    grant insert, update, delete on idempotency_keys to orderdeck_support;
exception when insufficient_privilege then
    raise notice 'orderdeck: grants on the API key tables left to an administrator';
end $$;
