//! The console in Vietnamese and Indonesian: every pane, the help, an order's page, every
//! form, station and question a person can open, walked with the keys on a real database
//! and the simulators — and refused if any text on screen is missing from the language's
//! catalogue or is an English word the catalogue translates. The panes and forms are
//! pinned as snapshots at 80x24 and 120x40.
//!
//! The walk runs on one thread (the default `tokio::test` runtime), so the language set
//! for it (`orderdeck_i18n::scoped`) holds for the jobs that write the lists' cells too,
//! while the other tests of this binary go on in English.

use crate::common;

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdeck_i18n::Lang;
use orderdeck_sim::{self as sim, SimOptions};
use orderdeck_tui::app::{App, Msg};
use orderdeck_tui::panes::{ListKind, PaneId};
use orderdeck_tui::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn press(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn key(c: char) -> Msg {
    press(KeyCode::Char(c))
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal
        .draw(|f| render::draw(f, app))
        .expect("draw into a test backend");
    common::text_of(terminal.backend().buffer())
}

/// Words of a catalogue's texts (placeables left out), lower case, ASCII-only words of
/// three letters or more: Vietnamese words carry marks, so a bare ASCII word on a
/// Vietnamese screen is either shared (SKU, COD, Shopee) or English.
fn catalogue_words(lang: Lang) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for source in orderdeck_i18n::catalogue::sources(lang) {
        for line in source.lines() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let text = match line.split_once(" = ") {
                Some((id, text)) if !id.starts_with(' ') => text,
                _ => line,
            };
            let mut plain = String::new();
            let mut depth = 0u32;
            for c in text.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth = depth.saturating_sub(1),
                    c if depth == 0 => plain.push(c),
                    _ => {}
                }
            }
            words.extend(ascii_words(&plain));
        }
    }
    words
}

fn ascii_words(text: &str) -> impl Iterator<Item = String> + '_ {
    // A word the screen cut (it runs into a border or an ellipsis: "Hồ Chí Min│") is not
    // a word of any language.
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        let cut = matches!(c, '│' | '…' | '┐' | '┘');
        if !cut && word.len() >= 3 && word.chars().all(|c| c.is_ascii_alphabetic()) {
            words.push(word.to_lowercase());
        }
        word.clear();
    }
    words.into_iter()
}

/// The English words that would be out of place in `lang`: in the English catalogue and
/// nowhere in `lang`'s.
fn foreign_words(lang: Lang) -> BTreeSet<String> {
    let own = catalogue_words(lang);
    catalogue_words(Lang::En)
        .into_iter()
        .filter(|w| !own.contains(w))
        .collect()
}

/// Words of the demo's data that happen to be words of the English catalogue too: Long
/// is a Vietnamese given name (Võ Minh Long) and in "Trà ô long" (oolong tea); "xanh"
/// (green) is in the demo's product names and in an English hint's example.
const DATA_WORDS: &[&str] = &["long", "xanh"];

/// What the help lists as commands to type after `:` — the same in every language.
const COMMAND_WORDS: &[&str] = &["orders", "catalog", "quit"];

struct Walk {
    lang: Lang,
    foreign: BTreeSet<String>,
    leaks: Vec<String>,
    screens: usize,
}

impl Walk {
    /// Looks at the screen as it is now: every English word the catalogue translates is
    /// a leak; at 80x24 and 120x40 the screen is pinned when `pin` names it.
    fn look(&mut self, app: &mut App, name: &str, pin: bool) {
        self.screens += 1;
        for (w, h) in [(120, 40), (80, 24), (160, 120)] {
            let text = draw(app, w, h);
            let rows: Vec<&str> = text.lines().collect();
            for (row, line) in text.lines().enumerate() {
                // The row over the command line lists the commands that complete what is
                // typed: codes too.
                let completing = rows
                    .get(row + 1)
                    .is_some_and(|next| next.trim_start().starts_with(':'));
                // The help names each action and section as the config file spells them
                // (`(quit · global)`): codes, the same in every language.
                let line = match line.find("  (") {
                    Some(at) if name == "help" => &line[..at],
                    _ => line,
                };
                for word in ascii_words(line) {
                    let typed = (name == "help" && COMMAND_WORDS.contains(&word.as_str()))
                        || (completing && orderdeck_tui::app::COMMANDS.contains(&word.as_str()));
                    if self.foreign.contains(&word)
                        && !DATA_WORDS.contains(&word.as_str())
                        && !typed
                    {
                        self.leaks.push(format!(
                            "{name} at {w}x{h}, row {row}: `{word}` in “{}”",
                            line.trim()
                        ));
                    }
                }
            }
            if pin && h != 120 {
                insta::assert_snapshot!(format!("{}_{name}_{w}x{h}", self.lang), text);
            }
        }
    }
}

fn detail_open(app: &App) -> bool {
    app.focused_list().is_some_and(|l| {
        app.list(l)
            .detail
            .as_ref()
            .is_some_and(|d| d.detail.is_some())
    })
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

/// Something opened or was said: a form, a question, a station, a picker or a message.
fn settled(app: &App) -> bool {
    app.form.is_some()
        || app.confirm.is_some()
        || app.picker.is_some()
        || app.pack.as_ref().is_some_and(|p| p.job.is_some())
        || app.count.as_ref().is_some_and(|c| c.count_id.is_some())
        || app.message.is_some()
}

/// Closes whatever is open, back to the pane's list.
fn close_all(live: &mut common::Live) {
    for _ in 0..4 {
        live.send(press(KeyCode::Esc));
    }
    // A question left open takes any other key as "no".
    if live.app.confirm.is_some() {
        live.send(key('n'));
    }
    live.app.message = None;
}

async fn goto(live: &mut common::Live, number: &str) {
    close_all(live);
    live.send(key('1'));
    live.send(key(':'));
    for c in format!("goto {number}").chars() {
        live.send(key(c));
    }
    live.send(press(KeyCode::Enter));
    live.pump_until(Duration::from_secs(10), "the order's page", detail_open)
        .await;
}

/// Presses `keys`, waits until something opens or is said, and looks at it.
async fn open(live: &mut common::Live, walk: &mut Walk, keys: Vec<Msg>, name: &str, pin: bool) {
    live.app.message = None;
    for k in keys {
        live.send(k);
    }
    live.pump_until(Duration::from_secs(20), name, settled)
        .await;
    // A job's answer may follow the form (the ship form's quote, a provider's word).
    let _ = tokio::time::timeout(
        Duration::from_millis(300),
        live.pump_until(Duration::from_secs(60), name, |_| false),
    )
    .await;
    walk.look(&mut live.app, name, pin);
}

async fn order_in(pool: &sqlx::PgPool, sql: &str) -> String {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("the demo has no such order ({sql}): {e}"))
}

async fn walk_everything(lang: Lang) {
    let _speaking = orderdeck_i18n::scoped(lang);
    orderdeck_i18n::take_misses();
    let db = common::fresh_db().await;
    let now = Utc
        .with_ymd_and_hms(2026, 1, 15, 5, 0, 0)
        .single()
        .expect("fixed time");
    orderdeck_sim::demo::seed(&db.pool, now).await.unwrap();
    let packed = order_in(
        &db.pool,
        "select number from orders where status = 'packed' order by id limit 1",
    )
    .await;
    let open_order = order_in(
        &db.pool,
        "select number from orders where status in ('new', 'reserved', 'backordered')
          order by id limit 1",
    )
    .await;
    let delivered = order_in(
        &db.pool,
        "select number from orders o where status = 'delivered'
           and not exists (select 1 from invoices i where i.order_id = o.id)
         order by id desc limit 1",
    )
    .await;
    let sim = sim::start("127.0.0.1:0".parse().unwrap(), SimOptions::default())
        .await
        .unwrap();
    let exports = tempfile::tempdir().unwrap();
    let mut config = orderdeck_app::config::Config {
        invoicing: orderdeck_sim::demo::demo_seller(),
        ..Default::default()
    };
    config.shipping.sender = orderdeck_sim::demo::demo_sender();
    let services = common::services(
        config,
        &orderdeck_integrations::carrier::CarriersConfig {
            ghn: Some(sim.ghn_config()),
            viettelpost: None,
        },
        &sim.invoice_providers_config(),
        exports.path(),
    );
    let mut app = common::new_app("default");
    app.now = now;
    app.frozen_clock = true;
    let mut live = common::Live::start_with(&db.pool, db.options.clone(), app, Some(services));
    live.pump_until(Duration::from_secs(10), "the listener", |a| a.listening)
        .await;
    let mut walk = Walk {
        lang,
        foreign: foreign_words(lang),
        leaks: Vec::new(),
        screens: 0,
    };

    // Every pane.
    for pane in PaneId::ALL {
        let digit = char::from_digit(pane.number() as u32, 10).expect("digit");
        live.send(key(digit));
        live.pump_until(Duration::from_secs(10), pane.code(), |a| {
            pane_ready(a, pane)
        })
        .await;
        walk.look(&mut live.app, pane.code(), true);
    }

    // The help, the command line, the filter.
    live.send(key('1'));
    live.send(key('?'));
    walk.look(&mut live.app, "help", true);
    close_all(&mut live);
    live.send(key(':'));
    walk.look(&mut live.app, "command_line", false);
    close_all(&mut live);
    live.send(key('/'));
    walk.look(&mut live.app, "filter", false);
    close_all(&mut live);
    open(
        &mut live,
        &mut walk,
        vec![
            key(':'),
            key('l'),
            key('a'),
            key('n'),
            key('g'),
            press(KeyCode::Enter),
        ],
        "lang",
        false,
    )
    .await;

    // Orders: an order's page, then every form and question on it.
    goto(&mut live, &open_order).await;
    walk.look(&mut live.app, "order_detail", true);
    open(&mut live, &mut walk, vec![key('e')], "edit_order", true).await;
    goto(&mut live, &open_order).await;
    open(&mut live, &mut walk, vec![key('x')], "cancel_order", false).await;
    close_all(&mut live);
    open(&mut live, &mut walk, vec![key('n')], "new_order", true).await;
    close_all(&mut live);
    goto(&mut live, &packed).await;
    open(&mut live, &mut walk, vec![key('S')], "ship_form", true).await;
    goto(&mut live, &delivered).await;
    open(&mut live, &mut walk, vec![key('I')], "invoice_form", false).await;
    goto(&mut live, &delivered).await;
    open(&mut live, &mut walk, vec![key('T')], "return_form", false).await;
    close_all(&mut live);
    live.send(key('1'));
    live.send(key('p'));
    walk.look(&mut live.app, "pack_station_waiting", false);
    open(
        &mut live,
        &mut walk,
        vec![press(KeyCode::Enter)],
        "pack_station",
        true,
    )
    .await;
    close_all(&mut live);

    // Stock: the count station.
    live.send(key('2'));
    open(&mut live, &mut walk, vec![key('s')], "stock_count", true).await;
    close_all(&mut live);

    // Purchasing: a PO by hand, a PO's cancel question, suppliers.
    live.send(key('3'));
    open(&mut live, &mut walk, vec![key('n')], "new_po", false).await;
    close_all(&mut live);
    open(&mut live, &mut walk, vec![key('x')], "cancel_po", false).await;
    close_all(&mut live);
    open(&mut live, &mut walk, vec![key('r')], "receive_po", false).await;
    close_all(&mut live);
    open(
        &mut live,
        &mut walk,
        vec![press(KeyCode::Tab), key('n')],
        "new_supplier",
        false,
    )
    .await;
    close_all(&mut live);
    open(&mut live, &mut walk, vec![key('e')], "edit_supplier", false).await;
    close_all(&mut live);

    // Shipments: a parcel's questions and note.
    live.send(key('4'));
    live.pump_until(Duration::from_secs(10), "shipments", |a| {
        pane_ready(a, PaneId::Shipments)
    })
    .await;
    open(&mut live, &mut walk, vec![key('R')], "redeliver", false).await;
    close_all(&mut live);
    open(&mut live, &mut walk, vec![key('N')], "parcel_note", false).await;
    close_all(&mut live);
    open(&mut live, &mut walk, vec![key('$')], "cod_received", false).await;
    close_all(&mut live);

    // Catalog: products and warehouses.
    live.send(key('8'));
    open(&mut live, &mut walk, vec![key('n')], "new_product", false).await;
    close_all(&mut live);
    open(&mut live, &mut walk, vec![key('e')], "edit_product", false).await;
    close_all(&mut live);
    open(
        &mut live,
        &mut walk,
        vec![press(KeyCode::Tab), key('n')],
        "new_warehouse",
        false,
    )
    .await;
    close_all(&mut live);
    open(
        &mut live,
        &mut walk,
        vec![key('x')],
        "deactivate_warehouse",
        false,
    )
    .await;
    close_all(&mut live);

    // Channels: a shop's buffer.
    live.send(key('9'));
    live.pump_until(Duration::from_secs(10), "channels", |a| {
        pane_ready(a, PaneId::Channels)
    })
    .await;
    if live
        .app
        .list(ListKind::Channels)
        .pager
        .selected_row()
        .is_some()
    {
        open(&mut live, &mut walk, vec![key('e')], "shop_buffer", false).await;
        close_all(&mut live);
    }

    let misses: Vec<String> = orderdeck_i18n::take_misses()
        .into_iter()
        .filter(|m| m.starts_with(&format!("{lang}:")))
        .collect();
    assert!(
        misses.is_empty(),
        "texts missing from the {lang} catalogue:\n{}",
        misses.join("\n")
    );
    assert!(
        walk.leaks.is_empty(),
        "English on {lang} screens ({} of them):\n{}",
        walk.leaks.len(),
        walk.leaks.join("\n")
    );
    assert!(walk.screens >= 30, "walked only {} screens", walk.screens);
}

#[tokio::test]
async fn every_screen_in_vietnamese() {
    walk_everything(Lang::Vi).await;
}

#[tokio::test]
async fn every_screen_in_indonesian() {
    walk_everything(Lang::Id).await;
}
