//! The command line (:) and pastes: typing, completion, and running a command.

use super::*;

impl App {
    pub(super) fn on_input_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(input) = self.input.as_mut() else {
            return Vec::new();
        };
        let kind = input.kind;
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
                if candidates.len() > 1 {
                    self.info(candidates.join("  "));
                }
                Vec::new()
            }
            _ => {
                let before = input.text();
                input.area.input(key);
                let mut after = input.text();
                if after.chars().count() > MAX_INPUT {
                    after = after.chars().take(MAX_INPUT).collect();
                    *input = Input::new(kind, &after, input.previous.clone());
                    self.error(format!("input is limited to {MAX_INPUT} characters"));
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
            self.error("paste ignored: open a filter (/) or the command line (:) first");
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
            self.error(format!("paste cut to {MAX_INPUT} characters"));
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
        let cmd = parts.next().unwrap_or("");
        let arg = parts.collect::<Vec<_>>().join(" ");
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
            "theme" if arg.is_empty() => {
                self.info(format!(
                    "theme {}; available: {}",
                    self.theme.name,
                    self.theme_names.join(", ")
                ));
                Vec::new()
            }
            "theme" => {
                match Theme::load(&arg, Theme::user_dir().as_deref()) {
                    Ok(t) => {
                        self.theme = t;
                        self.info(format!("theme {arg}"));
                    }
                    Err(e) => self.error(e),
                }
                Vec::new()
            }
            "goto" | "g" if arg.is_empty() => {
                self.error("usage: goto ORDER-NUMBER");
                Vec::new()
            }
            "goto" | "g" => vec![Effect::Goto(arg)],
            other => {
                if let Some(p) = PaneId::ALL.iter().find(|p| {
                    p.title().eq_ignore_ascii_case(other) || p.number().to_string() == other
                }) {
                    return self.show_pane(*p);
                }
                self.error(format!(
                    "unknown command `{other}`; commands: {}",
                    COMMANDS.join(", ")
                ));
                Vec::new()
            }
        }
    }
}
