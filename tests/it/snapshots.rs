//! Every pane drawn from a real database (demo data at a fixed time) into a TestBackend,
//! at 80x24 and 120x40; the mono theme's styles are pinned too.

use crate::common;
use common::text_of;

use std::time::Duration;

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdeck_tui::app::{App, Msg};
use orderdeck_tui::panes::PaneId;
use orderdeck_tui::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// Rows of the buffer as runs of equal style: `row 3: 0-79 REVERSED`.
fn styles_of(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let mut s = format!("{:?}", c.modifier);
            for (name, col) in [("fg", c.fg), ("bg", c.bg)] {
                if col != Color::Reset {
                    s.push_str(&format!(" {name}={col:?}"));
                }
            }
            match runs.last_mut() {
                Some((_, end, style)) if *style == s => *end = x,
                _ => runs.push((x, x, s)),
            }
        }
        let shown: Vec<String> = runs
            .into_iter()
            .filter(|(_, _, s)| s != &format!("{:?}", Modifier::empty()))
            .map(|(a, b, s)| format!("{a}-{b} {s}"))
            .collect();
        if !shown.is_empty() {
            out.push_str(&format!("row {y:>2}: {}\n", shown.join(", ")));
        }
    }
    out
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn pane_ready(app: &App, pane: PaneId) -> bool {
    if pane == PaneId::Dashboard {
        return app.dashboard.is_some();
    }
    pane.lists().iter().all(|k| {
        let l = app.list(*k);
        l.pager.loaded && !l.pager.is_loading()
    })
}

async fn snapshot_all(theme: &str, sizes: &[(u16, u16)], with_styles: bool) {
    let db = common::fresh_db().await;
    let now = Utc
        .with_ymd_and_hms(2026, 1, 15, 5, 0, 0)
        .single()
        .expect("fixed time");
    orderdeck_sim::demo::seed(&db.pool, now).await.unwrap();
    let mut app = common::new_app(theme);
    app.now = now;
    app.frozen_clock = true;
    let mut live = common::Live::start(&db.pool, db.options.clone(), app);
    live.pump_until(Duration::from_secs(10), "the listener", |a| a.listening)
        .await;
    for pane in PaneId::ALL {
        let digit = char::from_digit(pane.number() as u32, 10).expect("digit");
        live.send(key(digit));
        live.pump_until(Duration::from_secs(10), pane.code(), |a| {
            pane_ready(a, pane)
        })
        .await;
        for (w, h) in sizes {
            let mut terminal = Terminal::new(TestBackend::new(*w, *h)).unwrap();
            terminal.draw(|f| render::draw(f, &mut live.app)).unwrap();
            let buf = terminal.backend().buffer().clone();
            let name = format!("{theme}_{}_{}x{}", pane.code(), w, h);
            insta::assert_snapshot!(name.clone(), text_of(&buf));
            if with_styles {
                insta::assert_snapshot!(format!("{name}_styles"), styles_of(&buf));
            }
        }
    }
    // The help overlay and an order's detail page.
    live.send(key('1'));
    live.send(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    live.pump_until(Duration::from_secs(10), "order detail", |a| {
        a.list(orderdeck_tui::panes::ListKind::Orders)
            .detail
            .as_ref()
            .is_some_and(|d| d.detail.is_some())
    })
    .await;
    for (w, h) in sizes {
        let mut terminal = Terminal::new(TestBackend::new(*w, *h)).unwrap();
        terminal.draw(|f| render::draw(f, &mut live.app)).unwrap();
        insta::assert_snapshot!(
            format!("{theme}_order_detail_{w}x{h}"),
            text_of(terminal.backend().buffer())
        );
    }
    live.send(key('?'));
    let (w, h) = sizes[0];
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| render::draw(f, &mut live.app)).unwrap();
    insta::assert_snapshot!(
        format!("{theme}_help_{w}x{h}"),
        text_of(terminal.backend().buffer())
    );
    if with_styles {
        insta::assert_snapshot!(
            format!("{theme}_help_{w}x{h}_styles"),
            styles_of(terminal.backend().buffer())
        );
    }
}

#[tokio::test]
async fn every_pane_default_theme() {
    snapshot_all("default", &[(80, 24), (120, 40)], false).await;
}

#[tokio::test]
async fn every_pane_mono_theme_with_styles() {
    snapshot_all("mono", &[(80, 24)], true).await;
}

#[test]
fn too_small_a_terminal_says_so() {
    let mut app = common::new_app("default");
    let mut terminal = Terminal::new(TestBackend::new(40, 10)).unwrap();
    terminal.draw(|f| render::draw(f, &mut app)).unwrap();
    insta::assert_snapshot!("too_small_40x10", text_of(terminal.backend().buffer()));
}

/// A form's note and a question name the keys as bound, not the defaults: moved to
/// Ctrl-w, the save key is Ctrl-w on screen too.
#[test]
fn notes_and_questions_name_the_keys_as_bound() {
    let mut app = common::new_app("default");
    app.keymap = orderdeck_tui::keymap::Keymap::with_overrides([
        ("form", "save", vec!["Ctrl-w".to_string()]),
        ("confirm", "yes", vec!["o".to_string()]),
    ])
    .expect("valid keys");
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('n'),
        KeyModifiers::NONE,
    )));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| render::draw(f, &mut app)).unwrap();
    let text = text_of(terminal.backend().buffer());
    assert!(text.contains("Ctrl-w saves"), "{text}");
    assert!(!text.contains("Ctrl-s"), "{text}");

    app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    app.confirm = Some(orderdeck_tui::app::Confirm {
        question: "Cancel order OD-1? {yes} = yes, any other key = no".into(),
        job: orderdeck_tui::jobs::Job::Cancel(orderdeck_tui::cancel::CancelJob::Prepare {
            numbers: vec!["OD-1".into()],
        }),
    });
    terminal.draw(|f| render::draw(f, &mut app)).unwrap();
    let text = text_of(terminal.backend().buffer());
    assert!(text.contains("Cancel order OD-1? o = yes"), "{text}");
}
