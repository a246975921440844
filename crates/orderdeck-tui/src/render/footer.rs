//! The footer: the keys that work right now, drawn from the live keymap.

use super::*;

/// Key hints for what the keyboard can do right now, drawn from the live keymap.
pub fn footer_hints(app: &App) -> Vec<(String, &'static str)> {
    let k = |a: Action| app.keymap.first_key(a);
    if let Some(input) = &app.input {
        return match input.kind {
            InputKind::Filter => vec![("Enter".into(), "keep filter"), ("Esc".into(), "cancel")],
            InputKind::Command => vec![
                ("Enter".into(), "run"),
                ("Tab".into(), "complete"),
                ("Esc".into(), "cancel"),
            ],
        };
    }
    if app.help.is_some() {
        return vec![
            (format!("{}/{}", k(Action::Down), k(Action::Up)), "scroll"),
            ("any key".into(), "close"),
        ];
    }
    if app.confirm.is_some() {
        return vec![(k(Action::Yes), "yes"), ("any other key".into(), "no")];
    }
    if app.picker.is_some() {
        return vec![
            ("letters".into(), "filter"),
            ("↑/↓".into(), "move"),
            ("Enter".into(), "pick"),
            ("Esc".into(), "back to the form"),
        ];
    }
    match app.form.as_ref().map(|s| &s.kind) {
        Some(crate::app_forms::FormKind::Invoice { .. }) => {
            return vec![
                ("Tab".into(), "next field"),
                (k(Action::Save), "issue"),
                (k(Action::InvoiceFormPdf), "A4 PDF"),
                (k(Action::InvoiceFormTemplate), "VAT/sales"),
                ("PgDn/PgUp".into(), "scroll invoice"),
                ("Esc".into(), "close"),
            ];
        }
        Some(crate::app_forms::FormKind::Reconnect { .. }) => {
            return vec![
                (k(Action::Save), "authorise"),
                (k(Action::CopyLink), "copy link"),
                ("Esc".into(), "close without authorising"),
            ];
        }
        Some(crate::app_forms::FormKind::Return { .. }) => {
            return vec![
                ("Tab".into(), "next field"),
                (k(Action::Save), "receive"),
                ("Esc".into(), "close without saving"),
            ];
        }
        Some(_) => {
            return vec![
                ("Tab".into(), "next field"),
                (k(Action::Save), "save"),
                ("Esc".into(), "close without saving"),
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
        hints.push((format!("{}/{}", k(Action::Down), k(Action::Up)), "scroll"));
        hints.push((k(Action::Back), "back"));
        hints.push((k(Action::Help), "help"));
        hints.push((k(Action::Quit), "quit"));
    } else if app.focused_list().is_some() {
        hints.push((format!("{}/{}", k(Action::Down), k(Action::Up)), "move"));
        hints.push((k(Action::Open), "open"));
        // Help and quit come early: a narrow footer drops hints from the end.
        hints.push((k(Action::Help), "help"));
        hints.push((k(Action::Quit), "quit"));
        hints.push((k(Action::Filter), "filter"));
        if app.pane.lists().len() > 1 {
            hints.push((k(Action::FocusNext), "next list"));
        }
        for (action, word) in pane.hints(app.focused_list()) {
            if !app.may(action) {
                continue;
            }
            hints.push((k(action), word));
        }
    } else {
        hints.push((k(Action::Refresh), "reload"));
        hints.push((k(Action::Help), "help"));
        hints.push((k(Action::Quit), "quit"));
    }
    hints.push((k(Action::Command), "command"));
    hints.push((
        format!("{}-{}", k(Action::PaneOrders), k(Action::PaneChannels)),
        "panes",
    ));
    hints
}

pub(super) fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (key, desc) in footer_hints(app) {
        let piece = key.width() + desc.width() + 3;
        if used + piece > area.width as usize {
            break;
        }
        used += piece;
        spans.push(Span::styled(
            format!(" {key}"),
            app.theme.style("footer_key"),
        ));
        spans.push(Span::styled(
            format!(" {desc} "),
            app.theme.style("footer_text"),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
