//! The Inbox in the console (pane 0): the conversation the keys act on, and what they do.

use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use crate::inbox::InboxJob;
use crate::jobs::Job;
use crate::lists::ListKind;

use super::*;

impl App {
    /// The conversation the keys act on: the open page's, else the selected row's.
    fn selected_conversation(&mut self) -> Option<i64> {
        let state = self.list(ListKind::Conversations);
        let id = match &state.detail {
            Some(d) => Some(d.id),
            None => state.pager.selected_row().map(|r| r.id),
        };
        if id.is_none() {
            self.error(t!("form-select-conversation"));
        }
        id
    }

    /// `s`: the assistant's draft goes to the buyer as written.
    pub(crate) fn send_selected_draft(&mut self) -> Vec<Effect> {
        match self.selected_conversation() {
            Some(conversation_id) => vec![Effect::Job(Job::Inbox(InboxJob::SendDraft {
                conversation_id,
            }))],
            None => Vec::new(),
        }
    }

    /// `r`: a reply of one's own, starting from the draft.
    pub(crate) fn reply_to_selected(&mut self) -> Vec<Effect> {
        match self.selected_conversation() {
            Some(conversation_id) => vec![Effect::Job(Job::Inbox(InboxJob::LoadReply {
                conversation_id,
            }))],
            None => Vec::new(),
        }
    }

    /// `t`: take the conversation over (the assistant stops), or hand it back.
    pub(crate) fn take_over_selected(&mut self) -> Vec<Effect> {
        let Some(conversation_id) = self.selected_conversation() else {
            return Vec::new();
        };
        // The "who answers" column says whether a person has it now.
        let taken = self
            .selected_cell(ListKind::Conversations, 2)
            .is_some_and(|who| who.starts_with(&t!("console-inbox-person-prefix")));
        vec![Effect::Job(Job::Inbox(InboxJob::TakeOver {
            conversation_id,
            take: !taken,
        }))]
    }

    pub(crate) fn on_reply_form(&mut self, conversation_id: i64, buyer: &str, text: &str) {
        let mut form = Form::new(
            t!("form-reply-title", buyer = buyer),
            vec![Field::new("text", "form-reply-text", text).hint("form-reply-hint")],
        );
        form.note = Some((t!("form-reply-note"), false));
        self.form = Some(FormState {
            form,
            kind: FormKind::ChatReply { conversation_id },
        });
    }
}
