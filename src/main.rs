//! orderdeck, the binary: parses the command line, resolves the setup (config, database,
//! logging) and hands each command to its module under `cli/`; no command opens the
//! console.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::setup::Setup;
use cli::{Cli, Command, ConfigAction};

fn main() -> ExitCode {
    // The environment's language until the config is read (it may name another).
    orderdeck_i18n::set(orderdeck_i18n::Lang::choose(None, |v| {
        std::env::var(v).ok()
    }));
    let cli = Cli::parse();
    if cli.command.is_some() {
        // Scripts pipe our output into `head` and friends: a closed pipe ends the command
        // quietly, as it does for other command-line tools.
        // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!(
                "orderdeck: {}",
                orderdeck_i18n::t!("cli-no-runtime", problem = e.to_string())
            );
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors quote input (a file's text, a provider's message): shown, never sent.
            let said = said_once(&e);
            eprintln!(
                "orderdeck: {}",
                orderdeck_domain::text::visible_lines(&said)
            );
            if said.contains("permission denied") || said.contains("row-level security") {
                eprintln!("orderdeck: {}", orderdeck_i18n::t!("cli-role-may-not"));
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Neither needs a valid config file: they help write one.
    match &cli.command {
        Some(Command::Config {
            action: ConfigAction::Path,
        }) => return cli::setup::print_config_path(&cli.global),
        Some(Command::Config {
            action: ConfigAction::Example,
        }) => {
            print!("{}", orderdeck_app::config::EXAMPLE);
            return Ok(());
        }
        _ => {}
    }
    let setup = Setup::resolve(&cli.global)?;
    let _log_guard = setup.init_logging();
    let actor = setup.operator();
    setup.use_secret_key()?;
    let Some(command) = cli.command else {
        return cli::console::run(&setup, &cli.global, cli.demo).await;
    };
    match command {
        Command::Config { .. } => cli::setup::config_check(&setup).await,
        Command::Db { action } => cli::db::run(&setup, action).await,
        Command::Migrate => cli::db::migrate(&setup).await,
        Command::Keymap => {
            cli::keys::print(&setup.keymap().map_err(anyhow::Error::msg)?);
            Ok(())
        }
        Command::Keys { action } => cli::api_keys::run(&setup, action, &actor).await,
        Command::Assistant { action } => cli::assistant::run(&setup, action).await,
        Command::Demo => cli::demo::seed(&setup).await,
        Command::Sim(args) => cli::demo::sim(args).await,
        Command::Bench { what } => cli::demo::bench(&setup, what).await,
        Command::Orders { action } => cli::commands::orders(&setup, action, &actor).await,
        Command::Stock { action } => cli::commands::stock(&setup, action).await,
        Command::Import { what } => cli::commands::import(&setup, what, &actor).await,
        Command::Export { what } => cli::commands::export(&setup, what).await,
        Command::Po { action } => cli::commands::po(&setup, action, &actor).await,
        Command::Ship(args) => cli::shipping::ship(&setup, args, &actor).await,
        Command::Places { action } => cli::places::run(&setup, action).await,
        Command::Shipments { action } => cli::shipping::shipments(&setup, action, &actor).await,
        Command::Label {
            tracking,
            format,
            out,
        } => cli::shipping::labels(&setup, &tracking, &format, out.as_deref()).await,
        Command::Cod { action } => cli::shipping::cod(&setup, action, &actor).await,
        Command::Invoice { action } => cli::invoices::run(&setup, action, &actor).await,
        Command::Returns { action } => cli::returns::run(&setup, action, &actor).await,
        Command::Listings { action } => cli::listings::run(&setup, action).await,
        Command::Channels { action } => cli::channels::run(&setup, action).await,
        Command::Users { action } => cli::users::run(&setup, action).await,
        Command::Worker { seconds, listen } => cli::worker::run(&setup, seconds, listen).await,
        Command::Serve { listen, seconds } => cli::serve::run(&setup, listen, seconds).await,
    }
}

/// An error and its causes, each said once: many errors already quote their cause
/// ("cannot read config file X: No such file"), and printing the chain after it said the
/// cause two or three times.
fn said_once(e: &anyhow::Error) -> String {
    let mut said = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if said.contains(text.as_str()) {
            continue;
        }
        if !said.is_empty() {
            said.push_str(": ");
        }
        said.push_str(&text);
    }
    said
}
