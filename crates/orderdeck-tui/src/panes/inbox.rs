//! Pane 0: buyers' conversations on every chat channel, unanswered first and newest
//! first — who answers (the assistant, a draft waiting, a person), the last message. Its
//! page shows the thread, the draft and the buyer's orders beside it.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Pane};
use crate::keymap::Action;
use crate::list_view::draw_lists;
use crate::lists::ListKind;
use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("tui-col-chat-channel", 9).sized(5, 10).must(),
    Column::flex("tui-col-buyer", 14).must(),
    Column::fixed("tui-col-answered-by", 16)
        .sized(10, 20)
        .must(),
    Column::flex("tui-col-last-message", 24).priority(1),
    Column::fixed("tui-col-when", 11).priority(2),
];

pub struct InboxPane;

impl Pane for InboxPane {
    fn columns(&self, _list: ListKind) -> &'static [Column] {
        COLUMNS
    }

    fn hints(&self, _focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        vec![
            (Action::SendDraft, "tui-hint-send-draft"),
            (Action::Reply, "tui-hint-reply"),
            (Action::TakeOver, "tui-hint-take-over"),
        ]
    }

    fn keys_on_page(&self) -> bool {
        true
    }

    fn act(&self, app: &mut App, action: Action, _focus: Option<ListKind>) -> Option<Vec<Effect>> {
        Some(match action {
            Action::SendDraft => app.send_selected_draft(),
            Action::Reply => app.reply_to_selected(),
            Action::TakeOver => app.take_over_selected(),
            _ => return None,
        })
    }

    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect) {
        draw_lists(frame, app, &[ListKind::Conversations], area);
    }
}
