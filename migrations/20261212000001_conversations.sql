-- The customer desk: buyers' conversations on every chat channel (the website's chat,
-- Messenger, Zalo, the marketplaces' buyer chat) and each message in them, stored once.

create table conversations (
    id            bigserial primary key,
    -- The chat channel: 'web', 'messenger', 'zalo', 'shopee', ... (config `[assistant.channels]`).
    channel       text not null,
    -- The channel's own id for the buyer (a Messenger PSID, a Zalo user id, a chat session).
    buyer_key     text not null,
    buyer_name    text not null default '',
    -- A phone the channel vouches for (Zalo's shared phone), national form; '' when unknown.
    -- The assistant tells orders only to the phone on them (see app::assistant).
    buyer_phone   text not null default '',
    customer_id   bigint references customers(id),
    language      text not null default 'vi',
    -- Who answers: the assistant, or a person who took the conversation over.
    handled_by    text not null default 'assistant' check (handled_by in ('assistant', 'person')),
    taken_by      text not null default '',
    -- The buyer's last message has no reply sent yet (a draft waits, or a person must answer).
    unanswered    boolean not null default false,
    -- Why a person is needed now ('handover', 'refused', 'failed', ''), for the Inbox.
    needs_person  text not null default '',
    -- A sale being put together across messages: product, variant, quantity, name, phone,
    -- address — what the assistant has been told so far.
    sale          jsonb not null default '{}',
    last_in_at    timestamptz,
    last_at       timestamptz not null default now(),
    created_at    timestamptz not null default now(),
    unique (channel, buyer_key),
    check (length(buyer_key) between 1 and 200)
);
create index conversations_inbox on conversations (unanswered desc, last_at desc);
create index conversations_phone on conversations (buyer_phone) where buyer_phone <> '';

create table chat_messages (
    id              bigserial primary key,
    conversation_id bigint not null references conversations(id),
    -- The channel's message id: a redelivered webhook is stored once. Null for our drafts.
    platform_id     text,
    direction       text not null check (direction in ('in', 'out')),
    -- 'buyer', 'assistant', or the user who wrote or sent it.
    author          text not null,
    body            text not null check (length(body) <= 4000),
    -- 'sending': a person's send is under way (claimed, so two agents send it once).
    state           text not null check (state in ('received', 'draft', 'sending', 'sent', 'failed', 'discarded')),
    -- The assistant's reading and the facts its reply states, for the timeline and review.
    intent          text not null default '',
    outcome         text not null default '',
    facts           jsonb not null default '[]',
    -- The order this message created (a sale closed by the assistant).
    order_number    text,
    error           text not null default '',
    created_at      timestamptz not null default now(),
    sent_at         timestamptz
);
create unique index chat_messages_platform on chat_messages (conversation_id, platform_id)
    where platform_id is not null;
create index chat_messages_thread on chat_messages (conversation_id, id);

do $$
declare
    t text;
begin
    foreach t in array array['conversations', 'chat_messages']
    loop
        execute format('create trigger %I after insert or update or delete on %I
            for each statement execute function orderdeck_notify_table()', t || '_notify', t);
    end loop;
end $$;

-- The website's chat is called with a key of its own scope.
alter table api_keys drop constraint if exists api_keys_scopes_check;
alter table api_keys add constraint api_keys_scopes_check check (cardinality(scopes) > 0
    and scopes <@ array['orders:write', 'orders:read', 'stock:read', 'chat:write']);

-- Answering buyers is support's (and the managers' above them); packers may read.
do $$
begin
    if to_regrole('orderdeck_support') is null then
        return;
    end if;
    grant insert, update on conversations, chat_messages to orderdeck_support;
exception when insufficient_privilege then
    raise notice 'orderdeck: grants on the conversation tables left to an administrator';
end $$;
