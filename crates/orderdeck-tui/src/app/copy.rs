//! `y` copies the selected row's key — an order, tracking or invoice number — to the
//! terminal's clipboard by OSC 52, which works over SSH too; `Y` lists the row's fields
//! to copy another one (a phone, a buyer's name).

use super::*;

/// The column holding what a list's rows are known by.
fn key_column(app: &App, list: ListKind) -> usize {
    match list {
        ListKind::Shipments | ListKind::Tracking => app
            .columns(list)
            .iter()
            .position(|c| c.title == "tui-col-tracking")
            .unwrap_or(0),
        _ => 0,
    }
}

impl App {
    pub(crate) fn copy_key(&mut self) -> Vec<Effect> {
        let Some(list) = self.focused_list() else {
            self.error(t!("form-nothing-to-copy"));
            return Vec::new();
        };
        match self.selected_cell(list, key_column(self, list)) {
            Some(text) => self.copy_text(text),
            None => self.error(t!("form-nothing-to-copy")),
        }
        Vec::new()
    }

    pub(crate) fn copy_menu(&mut self) -> Vec<Effect> {
        let Some(list) = self.focused_list() else {
            self.error(t!("form-nothing-to-copy"));
            return Vec::new();
        };
        let columns = self.columns(list);
        let fields: Vec<(String, String)> = (0..columns.len())
            .filter_map(|i| {
                let value = self.selected_cell(list, i)?;
                let head = orderdeck_i18n::text(columns[i].title);
                Some((head, value))
            })
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        if fields.is_empty() {
            self.error(t!("form-nothing-to-copy"));
            return Vec::new();
        }
        let items = fields
            .iter()
            .enumerate()
            .map(|(i, (head, value))| (i.to_string(), format!("{head}: {value}")))
            .collect();
        let mut picker =
            crate::picker::Picker::new(t!("form-copy-title"), t!("form-copy-note"), items);
        picker.show_ids = false;
        self.picker = Some((
            picker,
            PickFor::Copy {
                values: fields.into_iter().map(|(_, v)| v).collect(),
            },
        ));
        Vec::new()
    }

    /// Hands the text to the event loop, which sends it to the terminal.
    pub(crate) fn copy_text(&mut self, text: String) {
        // Only what is shown is copied: no control character reaches the clipboard.
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        self.info(t!("form-copied", text = &text));
        self.clipboard = Some(text);
    }
}
