-- Which engine wrote an assistant's reply: the built-in one, or a language model through
-- the assistant's tools. A person reading the Inbox sees it beside the reply; '' for
-- messages no engine wrote (the buyer's, a person's).
alter table chat_messages
    add column engine text not null default ''
        check (engine in ('', 'built_in', 'model'));
