//! The console's state, keys and drawing: app state and update, keymap, themes, one
//! component per pane. It never touches the database: `orderdeck-console` runs its effects.

pub mod access;
pub mod app;
pub mod app_forms;
pub mod cancel;
pub mod form;
pub mod inbox;
pub mod invoice;
pub mod jobs;
pub mod keymap;
pub mod list_view;
pub mod lists;
pub mod mouse;
pub mod order_form;
pub mod outcome;
pub mod pager;
pub mod panes;
pub mod picker;
pub mod render;
pub mod scanner;
pub mod ship;
pub mod shops;
pub mod theme;
pub mod view;
