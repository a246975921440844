//! The footer: the keys that work right now, drawn from the live keymap.

use super::*;

/// Key hints for what the keyboard can do right now, drawn from the live keymap, in the
/// person's language.
pub fn footer_hints(app: &App) -> Vec<(String, String)> {
    footer_hint_ids(app)
        .into_iter()
        .map(|(key, id)| (key, orderdeck_i18n::text(id)))
        .collect()
}

/// The same, each hint a message id (`tui-hint-…`).
fn footer_hint_ids(app: &App) -> Vec<(String, &'static str)> {
    let k = |a: Action| app.keymap.first_key(a);
    if let Some(input) = &app.input {
        return match input.kind {
            InputKind::Filter => vec![
                ("Enter".into(), "tui-hint-keep-filter"),
                ("Esc".into(), "tui-hint-cancel"),
            ],
            InputKind::Command => vec![
                ("Enter".into(), "tui-hint-run"),
                ("Tab".into(), "tui-hint-complete"),
                ("Esc".into(), "tui-hint-cancel"),
            ],
        };
    }
    if app.help.is_some() {
        return vec![
            (
                format!("{}/{}", k(Action::Down), k(Action::Up)),
                "tui-hint-scroll",
            ),
            (t!("tui-key-any-key"), "tui-hint-close"),
        ];
    }
    if app.confirm.is_some() {
        return vec![
            (k(Action::Yes), "tui-hint-yes"),
            (t!("tui-key-any-other-key"), "tui-hint-no"),
        ];
    }
    if app.picker.is_some() {
        return vec![
            (t!("tui-key-letters"), "tui-hint-filter"),
            ("↑/↓".into(), "tui-hint-move"),
            ("Enter".into(), "tui-hint-pick"),
            (
                "Esc".into(),
                if app.form.is_some() {
                    "tui-hint-back-to-the-form"
                } else {
                    "tui-hint-leave"
                },
            ),
        ];
    }
    match app.form.as_ref().map(|s| &s.kind) {
        Some(crate::app_forms::FormKind::Invoice { .. }) => {
            return vec![
                ("Tab".into(), "tui-hint-next-field"),
                (k(Action::Save), "tui-hint-issue"),
                (k(Action::InvoiceFormPdf), "tui-hint-a4-pdf"),
                (k(Action::InvoiceFormTemplate), "tui-hint-vat-sales"),
                ("PgDn/PgUp".into(), "tui-hint-scroll-invoice"),
                ("Esc".into(), "tui-hint-close"),
            ];
        }
        Some(crate::app_forms::FormKind::Reconnect { .. }) => {
            return vec![
                (k(Action::Save), "tui-hint-authorise"),
                (k(Action::CopyLink), "tui-hint-copy-link"),
                ("Esc".into(), "tui-hint-close-without-authorising"),
            ];
        }
        Some(crate::app_forms::FormKind::Return { .. }) => {
            return vec![
                ("Tab".into(), "tui-hint-next-field"),
                (k(Action::Save), "tui-hint-receive"),
                ("Esc".into(), "tui-hint-close-without-saving"),
            ];
        }
        Some(_) => {
            return vec![
                ("Tab".into(), "tui-hint-next-field"),
                (k(Action::Save), "tui-hint-save"),
                ("Esc".into(), "tui-hint-close-without-saving"),
            ];
        }
        None => {}
    }
    let pane = app.focused_pane();
    if pane.station_open(app) {
        return pane.station_hints(app);
    }
    let detail_open = app
        .focused_list()
        .is_some_and(|l| app.list(l).detail.is_some());
    let mut hints: Vec<(String, &'static str)> = Vec::new();
    if detail_open {
        hints.push((
            format!("{}/{}", k(Action::Down), k(Action::Up)),
            "tui-hint-scroll",
        ));
        hints.push((k(Action::Back), "tui-hint-back"));
        hints.push((k(Action::Help), "tui-hint-help"));
        hints.push((k(Action::Quit), "tui-hint-quit"));
        if pane.keys_on_page() {
            for (action, word) in pane.hints(app.focused_list()) {
                if app.may(action) {
                    hints.push((k(action), word));
                }
            }
        }
    } else if app.focused_list().is_some() {
        hints.push((
            format!("{}/{}", k(Action::Down), k(Action::Up)),
            "tui-hint-move",
        ));
        hints.push((k(Action::Open), "tui-hint-open"));
        // Help and quit come early: a narrow footer drops hints from the end.
        hints.push((k(Action::Help), "tui-hint-help"));
        hints.push((k(Action::Quit), "tui-hint-quit"));
        hints.push((k(Action::Filter), "tui-hint-filter"));
        if app.pane.lists().len() > 1 {
            hints.push((k(Action::FocusNext), "tui-hint-next-list"));
        }
        for (action, word) in pane.hints(app.focused_list()) {
            if !app.may(action) {
                continue;
            }
            hints.push((k(action), word));
        }
    } else {
        hints.push((k(Action::Refresh), "tui-hint-reload"));
        hints.push((k(Action::Help), "tui-hint-help"));
        hints.push((k(Action::Quit), "tui-hint-quit"));
    }
    hints.push((k(Action::Command), "tui-hint-command"));
    hints.push((
        format!("{}-{}", k(Action::PaneOrders), k(Action::PaneInbox)),
        "tui-hint-panes",
    ));
    hints
}

/// Hints every user learns first (moving, the panes, quitting): on a narrow footer they
/// give way, in this order, before what the pane itself does; help is always kept, as it
/// lists everything.
const GIVE_WAY: &[&str] = &[
    "tui-hint-panes",
    "tui-hint-move",
    "tui-hint-scroll",
    "tui-hint-quit",
    "tui-hint-open",
    "tui-hint-command",
    "tui-hint-filter",
    "tui-hint-next-list",
];

/// Which hints fit in `width`: all when they do; else the common ones give way first,
/// then the pane's own from the end, help kept. Kept in their order.
pub(super) fn fit_hints(hints: &[(String, &'static str, usize)], width: usize) -> Vec<bool> {
    let mut keep = vec![true; hints.len()];
    let used = |keep: &[bool]| -> usize {
        hints
            .iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(h, _)| h.2)
            .sum()
    };
    for id in GIVE_WAY {
        if used(&keep) <= width {
            return keep;
        }
        for (i, h) in hints.iter().enumerate() {
            if h.1 == *id {
                keep[i] = false;
            }
        }
    }
    for i in (0..hints.len()).rev() {
        if used(&keep) <= width {
            break;
        }
        if hints[i].1 != "tui-hint-help" {
            keep[i] = false;
        }
    }
    keep
}

pub(super) fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    let hints: Vec<(String, &'static str, usize)> = footer_hint_ids(app)
        .into_iter()
        .map(|(key, id)| {
            let w = key.width() + orderdeck_i18n::text(id).width() + 3;
            (key, id, w)
        })
        .collect();
    let keep = fit_hints(&hints, area.width as usize);
    let mut spans = Vec::new();
    let mut used = 0usize;
    for ((key, id, piece), _) in hints.iter().zip(&keep).filter(|(_, k)| **k) {
        if used + piece > area.width as usize {
            break;
        }
        used += piece;
        spans.push(Span::styled(
            format!(" {key}"),
            app.theme.style("footer_key"),
        ));
        spans.push(Span::styled(
            format!(" {} ", orderdeck_i18n::text(id)),
            app.theme.style("footer_text"),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::fit_hints;

    #[test]
    fn at_80_columns_the_common_hints_give_way_to_the_panes_own() {
        let h = |key: &str, id: &'static str, text: &str| {
            (key.to_string(), id, key.len() + text.len() + 3)
        };
        // The Purchasing pane's footer as it is in English.
        let hints = vec![
            h("j/k", "tui-hint-move", "move"),
            h("Enter", "tui-hint-open", "open"),
            h("?", "tui-hint-help", "help"),
            h("q", "tui-hint-quit", "quit"),
            h("/", "tui-hint-filter", "filter"),
            h("Tab", "tui-hint-next-list", "next list"),
            h("n", "tui-hint-new", "new"),
            h("d", "tui-hint-draft", "draft"),
            h("c", "tui-hint-confirm", "confirm"),
            h("r", "tui-hint-receive", "receive"),
            h("x", "tui-hint-cancel", "cancel"),
            h(":", "tui-hint-command", "command"),
            h("1-9", "tui-hint-panes", "panes"),
        ];
        let keep = fit_hints(&hints, 80);
        let kept: Vec<&str> = hints
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(h, _)| h.1)
            .collect();
        for id in [
            "tui-hint-help",
            "tui-hint-new",
            "tui-hint-draft",
            "tui-hint-confirm",
            "tui-hint-receive",
            "tui-hint-cancel",
        ] {
            assert!(kept.contains(&id), "{id} kept: {kept:?}");
        }
        let used: usize = hints
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(h, _)| h.2)
            .sum();
        assert!(used <= 80, "{used}");
        // At 200 columns nothing gives way.
        assert!(fit_hints(&hints, 200).iter().all(|k| *k));
    }
}
