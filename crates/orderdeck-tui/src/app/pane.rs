//! What a pane is to the app: a component that adds keys of its own (and the words the
//! footer shows for them), says what they do, may open a station that takes the keyboard
//! (the pack station, a stock count), and draws its body. The app keeps the keys every
//! pane shares — moving, opening, filtering, Tab, help, the command line — and hands the
//! rest to the focused pane; the components live in `crate::panes`, one module each.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{App, Effect};
use crate::keymap::Action;
use crate::lists::ListKind;
use crate::view::Column;

/// Finds the component of a pane: `crate::panes::pane_of`, handed to [`App::new`].
pub type PaneOf = fn(crate::lists::PaneId) -> &'static dyn Pane;

pub trait Pane: Sync {
    /// The columns one of its lists shows.
    fn columns(&self, list: ListKind) -> &'static [Column];

    /// Its own keys the footer shows while `focus` has the keyboard, in order, each with
    /// the word for it.
    fn hints(&self, _focus: Option<ListKind>) -> Vec<(Action, &'static str)> {
        Vec::new()
    }

    /// Does one of its own actions; `None` when the action is not one of this pane's.
    fn act(
        &self,
        _app: &mut App,
        _action: Action,
        _focus: Option<ListKind>,
    ) -> Option<Vec<Effect>> {
        None
    }

    /// Whether the footer lists its own keys on a row's open page too (the Inbox: a
    /// conversation's page is where a draft is read and sent).
    fn keys_on_page(&self) -> bool {
        false
    }

    /// Whether a station of its own (the pack station, a stock count) has the keyboard.
    fn station_open(&self, _app: &App) -> bool {
        false
    }

    /// A key while its station is open: every key goes there (scanners type digits).
    fn on_station_key(&self, _app: &mut App, _key: KeyEvent) -> Vec<Effect> {
        Vec::new()
    }

    /// The footer while its station is open: (keys, what they do).
    fn station_hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        Vec::new()
    }

    /// Draws the pane's body, between the tabs and the message line.
    fn draw(&self, frame: &mut Frame, app: &mut App, area: Rect);
}
