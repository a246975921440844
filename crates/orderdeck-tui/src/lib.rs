//! The console: app state, event loop, keymap, theme, one module per pane.

pub mod app;
pub mod app_forms;
pub mod form;
pub mod invoice;
pub mod jobs;
pub mod keymap;
pub mod outcome;
pub mod pager;
pub mod panes;
pub mod render;
pub mod ship;
pub mod shops;
pub mod theme;
pub mod view;
