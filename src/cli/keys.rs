//! `orderdeck keymap`: every key of the console and what it does, as a Markdown table in
//! the reader's language, from the live keymap (the config's `[keys.*]` included). The
//! key tables in `docs/keys.{vi,id,en}.md` are this command's output, checked by a test.

use orderdeck_i18n::t;
use orderdeck_tui::keymap::{Action, Keymap, Mode};

/// Where an action works, as people call it: a pane's name, "everywhere", "forms" …
fn place(mode: Mode) -> String {
    match mode.pane() {
        Some(pane) => pane.title(),
        None => match mode {
            Mode::Form => t!("cli-keys-in-forms"),
            Mode::Confirm => t!("cli-keys-in-questions"),
            Mode::Pack => t!("cli-keys-in-stations"),
            _ => t!("cli-keys-everywhere"),
        },
    }
}

/// A table cell: a `|` would end the cell early.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

pub fn print(keymap: &Keymap) {
    say!("# {}", t!("cli-keys-title"));
    say!("");
    say!(
        "| {} | {} | {} | {} |",
        t!("cli-keys-col-keys"),
        t!("cli-keys-col-does"),
        t!("cli-keys-col-where"),
        t!("cli-keys-col-config")
    );
    say!("|---|---|---|---|");
    for action in Action::ALL {
        let places: Vec<String> = action.modes().iter().map(|m| place(*m)).collect();
        let sections: Vec<&str> = action.modes().iter().map(|m| m.name()).collect();
        say!(
            "| `{}` | {} | {} | `{}` · `[keys.{}]` |",
            cell(&keymap.label(*action)),
            cell(&action.description()),
            cell(&places.join(", ")),
            action.name(),
            sections.join("]`, `[keys.")
        );
    }
}
