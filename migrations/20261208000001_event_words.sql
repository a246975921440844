-- What a timeline event says, language-neutral: a message id of the catalogues and its
-- values ({"id": "event-packed", "args": {"station": "lan.nguyen"}}), so each console shows
-- the sentence in its own language. `message` keeps the English sentence for scripts,
-- `--json` and older rows; a note a person typed has no `said` (it is shown as written).
alter table order_events add column said jsonb;
