-- The chat channels' OAuth tokens (the Zalo OA's, §2.1 of the customer-channels
-- reference): one row per channel, sealed like the marketplaces' (`enc1:…`, see
-- app::secrets). Zalo's refresh token is single-use: a refresh happens under this row's
-- lock (`select … for update`) and stores the new pair before the lock is let go, so two
-- consoles never both spend it.
create table chat_tokens (
    channel            text primary key check (channel in ('zalo')),
    access_token       text not null check (access_token <> ''),
    refresh_token      text not null check (refresh_token <> ''),
    access_expires_at  timestamptz not null,
    refresh_expires_at timestamptz,
    saved_at           timestamptz not null default now()
);

-- Replies to the buyer count against the channel's window (Zalo: 8 within 48 h of the
-- buyer's last message): what was sent since then, per conversation.
create index chat_messages_sent on chat_messages (conversation_id, sent_at)
    where direction = 'out' and state = 'sent';

-- Whoever answers buyers may have to refresh the token on a send.
do $$
begin
    if to_regrole('orderdeck_support') is null then
        return;
    end if;
    grant insert, update on chat_tokens to orderdeck_support;
exception when insufficient_privilege then
    raise notice 'orderdeck: grants on chat_tokens left to an administrator';
end $$;
