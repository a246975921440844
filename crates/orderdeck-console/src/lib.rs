//! The console's running half: the terminal loop, and the effects the console asks for
//! (page fetches, jobs, order look-ups) run as tasks against the app layer and the store,
//! their results sent back as messages. `orderdeck-tui` is the other half — state, keys and
//! drawing — and never touches the database.

pub mod fulfil;
pub mod invoice;
pub mod jobs;
#[cfg(test)]
mod keys_tests;
pub mod lists;
pub mod runner;
pub mod services;
pub mod ship;
pub mod shops;
pub mod words;

use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use tokio::sync::mpsc;

use orderdeck_tui::app::{App, Msg};
use orderdeck_tui::render;
use runner::Runner;

/// Everything the console needs to start.
pub struct Console {
    pub app: App,
    pub pool: PgPool,
    pub listen_options: PgConnectOptions,
    pub services: Option<std::sync::Arc<services::Services>>,
    /// The embedded cluster the console runs on, started again if it crashes.
    pub cluster: Option<orderdeck_store::embedded::Cluster>,
}

/// Runs the console until the user quits (or SIGTERM/SIGHUP/SIGINT/SIGQUIT). The terminal is restored
/// on every way out, panics included (ratatui's init installs that hook).
pub async fn run(console: Console) -> anyhow::Result<()> {
    let Console {
        mut app,
        pool,
        listen_options,
        services,
        cluster,
    } = console;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let (db_tx, mut db_rx) = mpsc::unbounded_channel();
    let listener = tokio::spawn(orderdeck_store::listen::run_reviving(
        listen_options,
        db_tx,
        cluster,
    ));
    let runner = Runner {
        pool,
        tx: tx.clone(),
        offset: app.offset,
        operator: app.identity.operator.clone(),
        services,
    };

    let mut terminal = ratatui::init();
    crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste).ok();
    let result = event_loop(&mut terminal, &mut app, &runner, &mut rx, &mut db_rx).await;
    crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste).ok();
    ratatui::restore();
    listener.abort();
    result
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    runner: &Runner,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    db_rx: &mut mpsc::UnboundedReceiver<orderdeck_store::listen::DbEvent>,
) -> anyhow::Result<()> {
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    // `kill -INT` / `kill -QUIT` (raw mode makes Ctrl-C a key, but a signal can still come
    // from outside): leave as on quit, so the terminal is restored, not left in the
    // alternate screen with a hidden cursor.
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    let mut quit = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::quit())?;

    let fx = app.start();
    runner.run(fx, app.now);
    terminal.draw(|f| render::draw(f, app))?;
    loop {
        let first = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Some(Msg::Key(k)),
                Some(Ok(Event::Resize(_, _))) => Some(Msg::Resize),
                Some(Ok(Event::Paste(text))) => {
                    let fx = app.on_paste(&text);
                    runner.run(fx, app.now);
                    None
                }
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            Some(m) = rx.recv() => Some(m),
            Some(ev) = db_rx.recv() => Some(Msg::Db(ev)),
            _ = tick.tick() => Some(Msg::Tick),
            _ = term.recv() => return Ok(()),
            _ = hup.recv() => return Ok(()),
            _ = int.recv() => return Ok(()),
            _ = quit.recv() => return Ok(()),
        };
        if let Some(msg) = first {
            let fx = app.update(msg);
            runner.run(fx, app.now);
        }
        // Take everything else already waiting, then draw once.
        while let Ok(m) = rx.try_recv() {
            let fx = app.update(m);
            runner.run(fx, app.now);
        }
        while let Ok(ev) = db_rx.try_recv() {
            let fx = app.update(Msg::Db(ev));
            runner.run(fx, app.now);
        }
        if app.quit {
            return Ok(());
        }
        if let Some(text) = app.clipboard.take() {
            // A terminal that does not take OSC 52 ignores it; nothing to report.
            crossterm::execute!(
                std::io::stdout(),
                crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
            )
            .ok();
        }
        terminal.draw(|f| render::draw(f, app))?;
    }
}
