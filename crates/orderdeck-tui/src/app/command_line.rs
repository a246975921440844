//! The command line (:) and pastes: typing, completion, and running a command.

use super::*;
use orderdeck_i18n::t;

/// A message as the session said it, kept for `:messages`: the message line shows only
/// the last, and a long one cut to fit.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub kind: MessageKind,
    pub text: String,
}

/// The oldest messages go past this many (a day at a station says a few thousand).
const LOG_KEEP: usize = 2000;

impl App {
    pub(super) fn on_input_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(input) = self.input.as_mut() else {
            return Vec::new();
        };
        let kind = input.kind;
        if key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL) {
            input.area.move_cursor(ratatui_textarea::CursorMove::End);
            input.area.delete_line_by_head();
            return Vec::new();
        }
        match key.code {
            KeyCode::Esc => {
                let previous = input.previous.clone();
                self.input = None;
                if kind == InputKind::Filter
                    && let Some(k) = self.focused_list()
                    && self.list(k).pager.filter != previous
                {
                    let fetch = self.list_mut(k).pager.set_filter(&previous);
                    return vec![Effect::FetchList { list: k, fetch }];
                }
                Vec::new()
            }
            KeyCode::Enter => {
                let text = input.text();
                self.input = None;
                match kind {
                    InputKind::Filter => Vec::new(),
                    InputKind::Command => self.run_command(text.trim()),
                }
            }
            KeyCode::Tab if kind == InputKind::Command => {
                let text = input.text();
                let (completed, candidates) = complete(&text, &self.theme_names);
                if let Some(c) = completed
                    && let Some(input) = self.input.as_mut()
                {
                    *input = Input::new(InputKind::Command, &c, String::new());
                }
                // The candidates are listed above the command line as it is drawn
                // (`render::draw_completions`).
                let _ = candidates;
                Vec::new()
            }
            _ => {
                let before = input.text();
                input.area.input(key);
                let mut after = input.text();
                if after.chars().count() > MAX_INPUT {
                    after = after.chars().take(MAX_INPUT).collect();
                    *input = Input::new(kind, &after, input.previous.clone());
                    self.error(t!("tui-input-limited", max = MAX_INPUT));
                }
                if kind == InputKind::Filter
                    && after != before
                    && let Some(k) = self.focused_list()
                {
                    let fetch = self.list_mut(k).pager.set_filter(&after);
                    return vec![Effect::FetchList { list: k, fetch }];
                }
                Vec::new()
            }
        }
    }

    /// Pasted text goes into the input that is open (cut to size), never anywhere else.
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if let Some(state) = self.form.as_mut() {
            if let Some(w) = state.form.paste(text) {
                state.form.note = Some((w, true));
            }
            return Vec::new();
        }
        let Some(input) = self.input.as_mut() else {
            self.error(t!("tui-paste-ignored"));
            return Vec::new();
        };
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        let mut combined = input.text();
        combined.push_str(&clean);
        let kind = input.kind;
        let cut = combined.chars().count() > MAX_INPUT;
        let combined: String = combined.chars().take(MAX_INPUT).collect();
        *input = Input::new(kind, &combined, input.previous.clone());
        if cut {
            self.error(t!("tui-paste-cut", max = MAX_INPUT));
        }
        if kind == InputKind::Filter
            && let Some(k) = self.focused_list()
        {
            let fetch = self.list_mut(k).pager.set_filter(&combined);
            return vec![Effect::FetchList { list: k, fetch }];
        }
        Vec::new()
    }

    pub(super) fn run_command(&mut self, line: &str) -> Vec<Effect> {
        let mut parts = line.split_whitespace();
        let typed = parts.next().unwrap_or("");
        let arg = parts.collect::<Vec<_>>().join(" ");
        // A command may be shortened while it names one (`:go 123`, `:mess`), as in vim.
        let mut named = COMMANDS.iter().filter(|c| c.starts_with(typed));
        let cmd = match (named.next(), named.next()) {
            (Some(one), None) if !typed.is_empty() && !COMMANDS.contains(&typed) => *one,
            _ => typed,
        };
        match cmd {
            "" => Vec::new(),
            "q" | "quit" => {
                self.quit = true;
                Vec::new()
            }
            "help" => {
                self.help = Some(0);
                Vec::new()
            }
            "refresh" => self.on_action(Action::Refresh),
            "messages" | "mes" => {
                // Opened at the end: the newest is what was just missed.
                self.log_view = Some(usize::MAX);
                Vec::new()
            }
            "theme" if arg.is_empty() => {
                self.info(t!(
                    "tui-theme-now",
                    theme = &self.theme.name,
                    themes = self.theme_names.join(", ")
                ));
                Vec::new()
            }
            "theme" => {
                match Theme::load(&arg, Theme::user_dir().as_deref()) {
                    Ok(t) => {
                        self.theme = t;
                        self.info(t!("tui-theme-switched", theme = &arg));
                    }
                    Err(e) => self.error(e),
                }
                Vec::new()
            }
            "goto" | "g" if arg.is_empty() => {
                self.error(t!("tui-goto-usage"));
                Vec::new()
            }
            "goto" | "g" => vec![Effect::Goto(arg)],
            "lang" | "language" => self.switch_language(&arg),
            other => {
                let asked = other.to_lowercase();
                if let Some(p) = PaneId::ALL.iter().find(|p| {
                    p.code() == asked
                        || p.title().to_lowercase() == asked
                        || p.number().to_string() == other
                }) {
                    return self.show_pane(*p);
                }
                self.error(t!(
                    "tui-unknown-command",
                    command = other,
                    commands = COMMANDS.join(", ")
                ));
                Vec::new()
            }
        }
    }

    /// `:lang vi`: everything is drawn in that language from the next frame; the lists
    /// are fetched again, as their cells were written in the language before.
    fn switch_language(&mut self, code: &str) -> Vec<Effect> {
        use orderdeck_i18n::Lang;
        if code.is_empty() {
            let now = orderdeck_i18n::current();
            self.info(t!(
                "tui-lang-now",
                name = now.native_name(),
                code = now.code(),
                codes = Lang::ALL.map(Lang::code).join(", ")
            ));
            return Vec::new();
        }
        let Some(lang) = Lang::parse(code) else {
            self.error(t!(
                "tui-lang-unknown",
                code = code,
                codes = Lang::ALL.map(Lang::code).join(", ")
            ));
            return Vec::new();
        };
        orderdeck_i18n::set(lang);
        for kind in ListKind::ALL {
            self.list_mut(kind).dirty = true;
        }
        self.dashboard_stale = true;
        let mut fx = self.show_pane(self.pane);
        if let Some(k) = self.focused_list()
            && let Some(d) = &self.list(k).detail
        {
            fx.push(Effect::FetchDetail {
                list: k,
                id: d.id,
                id2: d.id2,
            });
        }
        self.info(t!("tui-lang-switched", name = lang.native_name()));
        fx
    }

    /// Keeps a message for `:messages`.
    pub(super) fn keep_in_log(&mut self, kind: MessageKind, text: &str) {
        if self.log.len() >= LOG_KEEP {
            self.log.remove(0);
        }
        self.log.push(LogEntry {
            at: self.now,
            kind,
            text: text.to_string(),
        });
    }

    /// Keys while `:messages` is open: move scrolls, anything else closes it.
    pub(super) fn on_log_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(scroll) = self.log_view else {
            return Vec::new();
        };
        match self.keymap.resolve(&key, self.pane) {
            Resolved::Action(Action::Down) => self.log_view = Some(scroll.saturating_add(1)),
            Resolved::Action(Action::Up) => self.log_view = Some(scroll.saturating_sub(1)),
            Resolved::Action(Action::PageDown) => self.log_view = Some(scroll.saturating_add(10)),
            Resolved::Action(Action::PageUp) => self.log_view = Some(scroll.saturating_sub(10)),
            Resolved::Action(Action::ForceQuit) => self.quit = true,
            Resolved::Pending => {}
            _ => self.log_view = None,
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn app() -> App {
        crate::app::test_app()
    }

    fn screen(app: &mut App, w: u16, h: u16) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        terminal
            .draw(|f| crate::render::draw(f, app))
            .expect("a frame");
        let buf = terminal.backend().buffer().clone();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect()
    }

    #[test]
    fn a_long_message_is_cut_with_a_sign_and_messages_shows_it_whole() {
        let mut app = app();
        let long = format!(
            "{} the end is here",
            "Viettel Post refused the parcel because the ward is not on its list;".repeat(3)
        );
        app.error(long.clone());
        app.info("second message");
        app.error(long.clone());
        let rows = screen(&mut app, 80, 24);
        assert!(
            rows.iter()
                .any(|r| r.contains("…") && r.contains("(:messages)")),
            "the cut message says where it is whole: {rows:#?}"
        );
        assert!(!rows.iter().any(|r| r.contains("the end is here")));
        app.run_command("messages");
        assert!(app.log_view.is_some());
        let rows = screen(&mut app, 80, 24);
        let all = rows.join("\n");
        assert!(all.contains("second message"), "{all}");
        assert!(
            all.contains("the end is here"),
            "the last words shown: {all}"
        );
        assert!(all.contains("(3)"), "the title counts the messages: {all}");
        // Any other key closes it.
        app.on_key(KeyEvent::from(KeyCode::Esc));
        assert!(app.log_view.is_none());
        assert_eq!(app.log.len(), 3);
    }

    #[test]
    fn completion_lists_its_candidates_above_the_command_line() {
        let mut app = app();
        app.input = Some(Input::new(InputKind::Command, "s", String::new()));
        let rows = screen(&mut app, 80, 24);
        // The row above the command line (message row 21 of 24: footer 22, status 23).
        let above = &rows[20];
        assert!(
            above.contains(" stock ") && above.contains(" shipments "),
            "{rows:#?}"
        );
        app.input = Some(Input::new(InputKind::Command, "theme ", String::new()));
        let rows = screen(&mut app, 80, 24);
        assert!(rows[20].contains(" light ") && rows[20].contains(" mono "));
        // Tab completes, and no message hides the list.
        app.input = Some(Input::new(InputKind::Command, "mes", String::new()));
        app.on_key(KeyEvent::from(KeyCode::Tab));
        assert_eq!(
            app.input.as_ref().map(|i| i.text()),
            Some("messages ".into())
        );
        assert!(app.message.is_none());
    }

    #[test]
    fn help_uses_a_wide_screen_and_wraps_at_words() {
        let mut app = app();
        app.help = Some(0);
        let rows = screen(&mut app, 200, 60);
        // The box starts two rows down, centred: 110 columns wide at 200.
        let top: Vec<char> = rows[2].chars().collect();
        assert_eq!((top[45], top[154]), ('┌', '┐'), "{rows:#?}");
        let rows = screen(&mut app, 80, 24);
        // At 80 columns no description is cut with an ellipsis: they wrap.
        let inside: Vec<String> = rows[3..21]
            .iter()
            .map(|r| r.chars().skip(3).take(74).collect())
            .collect();
        assert!(!inside.iter().any(|r| r.contains('…')), "{inside:#?}");
    }

    #[test]
    fn a_receipt_of_seven_lines_shows_all_seven_and_a_long_form_says_what_is_out_of_sight() {
        let mut app = app();
        let lines: Vec<orderdeck_domain::purchasing::ReceiptLine> = (1..=7)
            .map(|i| orderdeck_domain::purchasing::ReceiptLine {
                sku: format!("TT-00{i}-1"),
                accepted: 10 * i,
                rejected: 0,
                reason: String::new(),
            })
            .collect();
        app.pane = PaneId::Purchasing;
        app.form = Some(crate::app_forms::receipt_form("PO-00042", &lines));
        let rows = screen(&mut app, 80, 24);
        for i in 1..=7 {
            assert!(
                rows.iter().any(|r| r.contains(&format!("TT-00{i}-1"))),
                "line {i} on screen: {rows:#?}"
            );
        }
        // A form with more fields than rows: the signs say how many are above / below.
        app.form = Some(crate::app_forms::new_product_form());
        let rows = screen(&mut app, 80, 20);
        assert!(
            rows.iter()
                .any(|r| r.contains("▼") && r.contains("more below")),
            "{rows:#?}"
        );
        if let Some(state) = app.form.as_mut() {
            state.form.focus = state.form.fields.len() - 1;
        }
        let rows = screen(&mut app, 80, 20);
        assert!(
            rows.iter()
                .any(|r| r.contains("▲") && r.contains("more above")),
            "{rows:#?}"
        );
    }

    #[test]
    fn a_detail_lines_up_its_labels_and_sizes_its_table_to_the_width() {
        use crate::view::{Cell, Detail, DetailCol};
        let mut d = Detail::new("Invoice 1C26TAA-7");
        d.field("Status", "issued");
        d.field("Tax auth. code ", "0CDF1234ABCD");
        d.field_cell("Total", Cell::new("1,000 ₫"));
        d.table(vec![
            ("#".to_string(), DetailCol::left()),
            ("Item".to_string(), DetailCol::text()),
            ("Amount".to_string(), DetailCol::right()),
        ]);
        let name = "Áo sơ mi linen Form rộng tay dài cổ trụ màu be size XL";
        d.table_row(vec![Cell::new("1"), Cell::new(name), Cell::new("389,000")]);
        app_with_detail(d, |narrow, wide| {
            let all = narrow.join("\n");
            // The longest label, then two spaces, then every value in one column.
            assert!(all.contains("Tax auth. code  0CDF1234ABCD"), "{all}");
            assert!(all.contains("Status          issued"), "{all}");
            // At 60 columns the name gives way, the amount is whole; at 200 the name is whole.
            let row = narrow
                .iter()
                .find(|r| r.contains("389,000"))
                .expect("the row");
            assert!(row.contains('…'), "{row}");
            let row = wide
                .iter()
                .find(|r| r.contains("389,000"))
                .expect("the row");
            assert!(row.contains(name), "{row}");
        });
    }

    fn app_with_detail(d: crate::view::Detail, check: impl Fn(Vec<String>, Vec<String>)) {
        let mut app = app();
        app.pane = PaneId::Invoices;
        let kind = ListKind::Invoices;
        app.lists.entry(kind).or_default().detail = Some(DetailView {
            id: 1,
            id2: 0,
            detail: Some(d),
            scroll: 0,
            stale: false,
        });
        let narrow = screen(&mut app, 60, 24);
        let wide = screen(&mut app, 200, 40);
        check(narrow, wide);
    }
}
