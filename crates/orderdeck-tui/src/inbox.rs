//! The Inbox's keys (pane 0): send the assistant's draft to the buyer with one key, write
//! a reply of one's own (the draft to start from), and take a conversation over so the
//! assistant stops answering it — or hand it back.

#[derive(Debug, Clone)]
pub enum InboxJob {
    /// Send the conversation's draft as the assistant wrote it.
    SendDraft { conversation_id: i64 },
    /// The reply form: the draft (or nothing) to edit.
    LoadReply { conversation_id: i64 },
    /// Send this reply, written or edited by the person.
    SendOwn { conversation_id: i64, text: String },
    /// Take the conversation over (`take`), or hand it back to the assistant.
    TakeOver { conversation_id: i64, take: bool },
}
