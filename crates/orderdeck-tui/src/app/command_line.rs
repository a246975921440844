//! The command line (:) and pastes: typing, completion, and running a command.

use super::*;
use orderdeck_i18n::t;

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
}
