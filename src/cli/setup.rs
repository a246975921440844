//! Turning flags, environment and config into a running setup: where the database is,
//! where logs go, who the operator is, which theme and keys.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::FixedOffset;

use crate::cli::GlobalArgs;
use orderdeck_app::config::Config;
use orderdeck_domain::time::parse_offset;
use orderdeck_i18n::t;
use orderdeck_store::redact_url;
use orderdeck_store::{Target, embedded::Cluster};
use orderdeck_tui::keymap::Keymap;
use orderdeck_tui::theme::Theme;

/// Key names whose values are secrets (passwords, API tokens, app secrets).
const SECRET_KEYS: &[&str] = &["password", "token", "partner_key", "app_secret", "secret"];

/// A config file that holds secrets and that other users may read is refused, as ssh
/// refuses such keys; `--insecure-config` goes on with one loud line. A config without
/// secrets (the example as `config example` prints it) is fine however it is readable, so a
/// first config made under a 022 umask works until a secret is put in it.
fn refuse_if_others_can_read(path: &std::path::Path, insecure: bool) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return Ok(());
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(());
    };
    let holds_secret = text.lines().any(|l| {
        let l = l.trim_start();
        !l.starts_with('#')
            && l.split_once('=').is_some_and(|(k, v)| {
                SECRET_KEYS.contains(&k.trim()) && !matches!(v.trim().trim_matches('"'), "" | "…")
            })
    });
    if !holds_secret {
        return Ok(());
    }
    let shown = orderdeck_domain::text::visible(&path.display().to_string()).into_owned();
    if insecure {
        warn_user!(
            "orderdeck: {}",
            t!(
                "cli-config-readable-going-on",
                path = &shown,
                mode = format!("{mode:o}")
            )
        );
        return Ok(());
    }
    anyhow::bail!(
        "{}",
        t!(
            "cli-config-readable-refused",
            path = &shown,
            mode = format!("{mode:o}")
        )
    )
}

pub struct Setup {
    pub config: Config,
    pub data_dir: PathBuf,
    pub target: Target,
}

impl Setup {
    pub fn resolve(args: &GlobalArgs) -> Result<Setup> {
        let (config, path) = Config::load(args.config.as_deref(), std::env::vars())?;
        let language = config.language().map_err(anyhow::Error::msg)?;
        orderdeck_i18n::set(orderdeck_i18n::Lang::choose(language, |v| {
            std::env::var(v).ok()
        }));
        orderdeck_i18n::format::set_currency(config.currency().map_err(anyhow::Error::msg)?);
        config.check_keys(orderdeck_tui::keymap::check_key)?;
        if let Some(p) = &path {
            refuse_if_others_can_read(p, args.insecure_config)?;
        }
        let data_dir = args
            .data_dir
            .clone()
            .or_else(|| config.data_dir.clone())
            .or_else(|| {
                directories::ProjectDirs::from("", "", "orderdeck")
                    .map(|d| d.data_dir().to_path_buf())
            })
            .with_context(|| t!("cli-no-data-dir"))?;
        let url = args
            .database_url
            .clone()
            .or_else(|| config.database_url.clone())
            .filter(|u| !u.trim().is_empty());
        let mut target = match url {
            Some(u) => Target::shared(&u),
            None => Target::embedded(Cluster::new(&data_dir)?),
        };
        if config.operator.is_some() {
            warn_user!("orderdeck: {}", t!("cli-config-operator-ignored"));
        }
        let user = args
            .user
            .clone()
            .or_else(|| config.db_user.clone())
            .filter(|u| !u.trim().is_empty());
        if let Some(user) = user {
            target = target.as_user(user.trim());
            target.password = ask_password(user.trim())?;
        }
        Ok(Setup {
            config,
            data_dir,
            target,
        })
    }

    /// The key marketplace tokens are sealed with: the config's (`secret_key`,
    /// `ORDERDECK_SECRET_KEY`), else the data directory's key file, made on first use
    /// (mode 600). Without either (a folder that cannot be written), tokens are stored as
    /// before, with a line saying so.
    pub fn use_secret_key(&self) -> Result<()> {
        use orderdeck_app::secrets;
        if let Some(k) = &self.config.secret_key {
            secrets::use_key(secrets::key_from_base64(&k.0)?);
            return Ok(());
        }
        let path = self.data_dir.join("secret.key");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let made = (|| -> std::io::Result<String> {
                    use std::io::Write;
                    use std::os::unix::fs::OpenOptionsExt;
                    std::fs::create_dir_all(&self.data_dir)?;
                    let key = secrets::new_key_base64();
                    let mut f = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .mode(0o600)
                        .open(&path)?;
                    f.write_all(key.as_bytes())?;
                    Ok(key)
                })();
                match made {
                    Ok(k) => k,
                    // Two processes made it at once: read the one that won.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        std::fs::read_to_string(&path)?
                    }
                    Err(e) => {
                        warn_user!(
                            "orderdeck: {}",
                            t!(
                                "cli-tokens-unsealed-make",
                                path = orderdeck_domain::text::visible(&path.display().to_string()),
                                problem = e.to_string()
                            )
                        );
                        return Ok(());
                    }
                }
            }
            Err(e) => {
                warn_user!(
                    "orderdeck: {}",
                    t!(
                        "cli-tokens-unsealed-read",
                        path = orderdeck_domain::text::visible(&path.display().to_string()),
                        problem = e.to_string()
                    )
                );
                return Ok(());
            }
        };
        secrets::use_key(
            secrets::key_from_base64(&text)
                .with_context(|| t!("cli-key-file", path = path.display().to_string()))?,
        );
        Ok(())
    }

    /// Logs go to a daily file in the data directory, never to the terminal. A folder
    /// that cannot be written (read-only, another user's) turns logging off with one line
    /// on stderr; the command itself goes on.
    pub fn init_logging(&self) -> Option<tracing_appender::non_blocking::WorkerGuard> {
        let dir = self.data_dir.join("logs");
        let appender = std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                tracing_appender::rolling::RollingFileAppender::builder()
                    .rotation(tracing_appender::rolling::Rotation::DAILY)
                    .filename_prefix("orderdeck.log")
                    .build(&dir)
                    .map_err(|e| e.to_string())
            });
        let appender = match appender {
            Ok(a) => a,
            Err(e) => {
                warn_user!(
                    "orderdeck: {}",
                    t!(
                        "cli-not-logging",
                        path = orderdeck_domain::text::visible(&dir.display().to_string()),
                        problem = e
                    )
                );
                return None;
            }
        };
        let (writer, guard) = tracing_appender::non_blocking(appender);
        let filter = tracing_subscriber::EnvFilter::try_from_env("ORDERDECK_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
        tracing_subscriber::fmt()
            .with_writer(writer)
            .with_ansi(false)
            .with_env_filter(filter)
            .try_init()
            .ok()?;
        tracing::info!(mode = self.target.mode.label(), url = %redact_url(&self.target.url), "orderdeck starting");
        Some(guard)
    }

    /// The login this process signs in as: the name written on what it does and shown in
    /// the status line. (For a person's login the server writes it itself, whatever is
    /// passed.)
    pub fn operator(&self) -> String {
        orderdeck_domain::text::visible(&self.target.user()).into_owned()
    }

    /// `--theme` wins; otherwise NO_COLOR means mono; otherwise the config's theme.
    pub fn theme(&self, args: &GlobalArgs) -> Result<Theme, String> {
        let name = match (
            &args.theme,
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        ) {
            (Some(t), _) => t.clone(),
            (None, true) => "mono".to_string(),
            (None, false) => self
                .config
                .theme
                .clone()
                .unwrap_or_else(|| "default".into()),
        };
        Theme::load(&name, Theme::user_dir().as_deref())
    }

    pub fn keymap(&self) -> Result<Keymap, String> {
        let bindings = self.config.key_bindings();
        Keymap::with_overrides(
            bindings
                .iter()
                .map(|(section, action, keys)| (section.as_str(), action.as_str(), keys.clone())),
        )
    }

    pub fn offset(&self) -> Result<FixedOffset, String> {
        parse_offset(self.config.utc_offset.as_deref().unwrap_or("+07:00"))
    }
}

/// The password for `user`: none needed when PGPASSWORD or ~/.pgpass gives one (the
/// driver reads them); asked for on a terminal otherwise; without a terminal the server's
/// refusal says what is missing.
fn ask_password(user: &str) -> Result<Option<orderdeck_store::Password>> {
    use std::io::IsTerminal;
    let pgpass = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))
        .is_some_and(|p| p.is_file());
    if std::env::var_os("PGPASSWORD").is_some() || pgpass || !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let prompt = format!(
        "{} ",
        t!(
            "cli-password-for",
            login = orderdeck_domain::text::visible(user)
        )
    );
    let password =
        rpassword::prompt_password(prompt).with_context(|| t!("cli-reading-password"))?;
    Ok(Some(orderdeck_store::Password(password)))
}

/// `orderdeck config path`: where the config file is looked for (nothing is read).
pub fn print_config_path(args: &GlobalArgs) -> Result<()> {
    match args.config.clone().or_else(Config::default_path) {
        Some(p) => say!("{}", p.display()),
        None => anyhow::bail!("{}", t!("cli-no-config-folder")),
    }
    Ok(())
}

/// `orderdeck config check`: each provider, configured or not, and whether it answers.
pub async fn config_check(setup: &Setup) -> anyhow::Result<()> {
    use orderdeck_app::config_check::{Checked, check_all};
    let pool = setup.target.open(2).await?;
    let checks = check_all(&pool, &setup.config).await;
    let width = checks
        .iter()
        .map(|c| c.provider.chars().count())
        .max()
        .unwrap_or(0);
    let mut failed = 0;
    for c in &checks {
        let said = match &c.checked {
            Checked::NotConfigured => t!("cli-check-not-configured"),
            Checked::Works(took) => t!("cli-check-works", ms = took.as_millis().to_string()),
            Checked::Fails(why) => {
                failed += 1;
                t!(
                    "cli-check-fails",
                    problem = orderdeck_domain::text::visible(why)
                )
            }
        };
        let pad = width - c.provider.chars().count();
        say!("{}{}  {said}", c.provider, " ".repeat(pad));
    }
    if failed > 0 {
        anyhow::bail!("{}", t!("cli-check-failed", count = failed));
    }
    Ok(())
}
