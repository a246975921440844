//! Configuration: a TOML file (the platform config folder, or `--config`), then
//! `ORDERDECK_*` environment variables over single keys, then command-line flags.
//!
//! Mistakes are errors that name the key and where it came from (file and line, or the
//! environment variable) so nobody has to guess why a setting did not take.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-config-read",
            path = .path.display().to_string(),
            source = .source.to_string()
        )
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-config-file",
            path = .path.display().to_string(),
            message = .message
        )
    )]
    Invalid { path: PathBuf, message: String },
    #[error("{}", orderdeck_i18n::t!("err-config-env", var = .var, message = .message))]
    Env { var: String, message: String },
}

/// Environment variables with our prefix that are not config keys.
const NON_KEY_VARS: &[&str] = &["ORDERDECK_CONFIG", "ORDERDECK_LOG"];

/// A complete configuration with every key, commented (`orderdeck config example`).
pub const EXAMPLE: &str = include_str!("config.example.toml");

/// A secret in the config: read like any text, never shown by `{:?}`.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct SecretText(pub String);

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"****\"")
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// A shared PostgreSQL server. Without it orderdeck runs its embedded server.
    pub database_url: Option<String>,
    /// Where the embedded cluster and the log files live.
    pub data_dir: Option<PathBuf>,
    /// Colour theme: a name from `themes/` or the config folder's `themes/`.
    pub theme: Option<String>,
    /// The login to sign in as (`orderdeck users add`), like `--user`.
    pub db_user: Option<String>,
    /// No longer read: who did something is the database login, never a name in a file.
    /// Kept so that older config files still load (with a warning).
    pub operator: Option<String>,
    /// Offset used to show times, such as "+07:00" (the default, Vietnam).
    pub utc_offset: Option<String>,
    /// The language of the console and the CLI: "vi", "id" or "en". Unset: the
    /// environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    pub language: Option<String>,
    /// The shop's currency, for showing amounts: "VND" (the default) or "IDR".
    pub currency: Option<String>,
    /// Run background workers (tracking poller, sync) inside the console.
    pub workers: Option<bool>,
    /// The key marketplace tokens are sealed with in the database (32 bytes, base64).
    /// Unset: the key file in the data directory (made on first use). Consoles on one
    /// shared database must all have the same one — set it on each
    /// (`ORDERDECK_SECRET_KEY`).
    pub secret_key: Option<SecretText>,
    /// `[keys.SECTION]`: action name → keys, per section of the console (`[keys.global]`,
    /// `[keys.orders]`, `[keys.form]` …), for example `down = ["j", "Down"]`. Kept as
    /// written; the console's keymap checks and reads it.
    #[serde(default)]
    pub keys: BTreeMap<String, toml::Value>,
    /// Carrier accounts: `[carriers.ghn]`, `[carriers.viettelpost]`.
    #[serde(default)]
    pub carriers: orderdeck_integrations::carrier::CarriersConfig,
    /// `[shipping]`: who sends parcels, and shipping defaults.
    #[serde(default)]
    pub shipping: ShippingConfig,
    /// `[console]`: the mouse, the bell, and how a barcode scanner is told from typing.
    #[serde(default)]
    pub console: ConsoleConfig,
    /// `[invoicing]`: the seller on e-invoices and the invoice symbols.
    #[serde(default)]
    pub invoicing: crate::invoicing::InvoicingConfig,
    /// E-invoice provider accounts: `[invoices.sinvoice]`, `[invoices.misa]`.
    #[serde(default)]
    pub invoices: orderdeck_integrations::invoice_provider::InvoiceProvidersConfig,
    /// Marketplace shops: `[channels.shopee]`. Tokens are not here: they live in the
    /// database (`sales_channels`).
    #[serde(default)]
    pub channels: orderdeck_integrations::marketplace::ChannelsConfig,
    /// The seller's own website shops, by channel code: `[storefronts.web]` with its
    /// platform (`kind = "woocommerce"`), webhook secret and admin keys.
    #[serde(default)]
    pub storefronts: BTreeMap<String, orderdeck_integrations::storefront::StorefrontConfig>,
    /// `[listings]`: when product sync runs by itself, what new marketplace listings are
    /// given (`[listings.shopee]`...), the pace of stock pushes.
    #[serde(default)]
    pub listings: crate::product_sync::ListingsConfig,
    /// `[order_sync]`: how often the marketplaces' orders are pulled, and how far back.
    #[serde(default)]
    pub order_sync: crate::channel_sync::OrderSyncConfig,
    /// `[assistant]`: the shop's own words for buyers (returns, hours, shipping) and
    /// whether it ships cash on delivery.
    #[serde(default)]
    pub assistant: crate::assistant::AssistantConfig,
    /// `[smtp]`: the mail server invoices are emailed through.
    pub smtp: Option<orderdeck_integrations::mail::SmtpConfig>,
    /// Where each key binding stands in the file (line), for [`Config::check_keys`].
    #[serde(skip)]
    pub key_lines: BTreeMap<String, usize>,
    /// The file the config came from (empty without one), for messages.
    #[serde(skip)]
    pub path: PathBuf,
}

/// `[shipping]` in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShippingConfig {
    /// `[shipping.sender]`: name, phone, address, ward, district, province.
    #[serde(default)]
    pub sender: orderdeck_integrations::carrier::Party,
    /// may_try, may_look (the default) or may_not_look.
    pub required_note: Option<String>,
    /// Command that prints a label file (default `lp`); the file path is appended.
    pub print_command: Option<String>,
    /// What that printer takes: `pdf` (the default) or `zpl` (a Zebra-style thermal
    /// printer). Labels printed many at once go as one file of this kind; marketplaces'
    /// airway bills come as PDFs only, so they are left out of a ZPL job.
    pub label_format: Option<String>,
    /// Seconds between two polls of one parcel (default 60).
    pub poll_seconds: Option<u64>,
    /// A marketplace order this many hours from its ship-by time (or past it) is at risk:
    /// it heads the pack queue and shows on the dashboard (default 6).
    pub at_risk_hours: Option<u32>,
    /// `[[shipping.rules]]`: carrier and service by channel, weight, COD and province; the
    /// first that matches fills the ship step (the pack station ships with it on Enter).
    #[serde(default)]
    pub rules: Vec<orderdeck_domain::ship_rules::ShipRule>,
}

/// `[console]` in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleConfig {
    /// Clicks and the wheel (default on). Off gives the terminal its own selection back.
    pub mouse: Option<bool>,
    /// The terminal bell on a wrong scan (default on).
    pub bell: Option<bool>,
    /// A scanner's keys come closer together than this (default 40 ms); a person's don't.
    pub scan_gap_ms: Option<u64>,
    /// The shortest code read as a scan (default 4 characters).
    pub scan_min_length: Option<usize>,
    /// Characters a scanner is set up to send before and after each code; when set, only
    /// framed codes are scans, whatever their timing.
    pub scan_prefix: Option<char>,
    pub scan_suffix: Option<char>,
}

impl ConsoleConfig {
    pub fn mouse(&self) -> bool {
        self.mouse.unwrap_or(true)
    }

    pub fn bell(&self) -> bool {
        self.bell.unwrap_or(true)
    }
}

impl ShippingConfig {
    /// Whether labels go to the printer as ZPL (`label_format = "zpl"`) rather than PDF
    /// (unset or "pdf"); `Err` with the value when it is neither.
    pub fn zpl_labels(&self) -> Result<bool, String> {
        match self.label_format.as_deref().map(str::trim) {
            None => Ok(false),
            Some(f) if f.eq_ignore_ascii_case("pdf") => Ok(false),
            Some(f) if f.eq_ignore_ascii_case("zpl") => Ok(true),
            Some(f) => Err(f.to_string()),
        }
    }

    /// `at_risk_hours`, or its default.
    pub fn at_risk_hours(&self) -> u32 {
        self.at_risk_hours
            .unwrap_or(crate::packing::AT_RISK_HOURS)
            .min(24 * 30)
    }
}

impl Config {
    /// The language the config names, checked (`None` when unset).
    pub fn language(&self) -> Result<Option<orderdeck_i18n::Lang>, String> {
        match self.language.as_deref() {
            None => Ok(None),
            Some(code) => orderdeck_i18n::Lang::parse(code)
                .map(Some)
                .ok_or_else(|| orderdeck_i18n::t!("err-config-language", code = code)),
        }
    }

    /// The currency amounts are shown in.
    pub fn currency(&self) -> Result<orderdeck_i18n::format::Currency, String> {
        match self.currency.as_deref() {
            None => Ok(orderdeck_i18n::format::Currency::Vnd),
            Some(code) => orderdeck_i18n::format::Currency::parse(code)
                .ok_or_else(|| orderdeck_i18n::t!("err-config-currency", code = code)),
        }
    }

    /// The default location of the config file.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "orderdeck")
            .map(|d| d.config_dir().join("config.toml"))
    }

    /// Loads the file (if it exists, or must exist when given explicitly) and applies
    /// `ORDERDECK_*` overrides from `env`.
    pub fn load(
        explicit: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let path = explicit.map(Path::to_path_buf).or_else(Self::default_path);
        let mut text = String::new();
        let mut used_path = None;
        if let Some(p) = &path {
            match std::fs::read_to_string(p) {
                Ok(t) => {
                    text = t;
                    used_path = Some(p.clone());
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {}
                Err(source) => {
                    return Err(ConfigError::Read {
                        path: p.clone(),
                        source,
                    });
                }
            }
        }
        let file_path = used_path.clone().unwrap_or_default();
        let mut config: Config = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: file_path.clone(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let key_lines = config.key_lines(&text);

        let overrides: Vec<(String, String)> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with("ORDERDECK_") && !NON_KEY_VARS.contains(&k.as_str()))
            .collect();
        if !overrides.is_empty() {
            let mut table: toml::Table = toml::from_str(&text).unwrap_or_default();
            for (var, value) in &overrides {
                let key_path: Vec<String> = var["ORDERDECK_".len()..]
                    .split("__")
                    .map(|s| s.to_ascii_lowercase())
                    .collect();
                // A value that parses as TOML (true, 3, ["j"]) keeps its type; anything else is a string.
                let parsed = toml::from_str::<toml::Table>(&format!("v = {value}"))
                    .ok()
                    .and_then(|mut t| t.remove("v"))
                    .unwrap_or_else(|| toml::Value::String(value.clone()));
                let typed = !matches!(parsed, toml::Value::String(_));
                insert_path(&mut table, &key_path, parsed).map_err(|message| ConfigError::Env {
                    var: var.clone(),
                    message,
                })?;
                let mut probe: Result<Config, _> = table.clone().try_into();
                // A text key whose value looks like a number (a TikTok warehouse id such as
                // 7000000000000000001) is taken as the text it is.
                if probe.is_err() && typed {
                    let mut as_text = table.clone();
                    insert_path(&mut as_text, &key_path, toml::Value::String(value.clone()))
                        .map_err(|message| ConfigError::Env {
                            var: var.clone(),
                            message,
                        })?;
                    if let Ok(c) = as_text.clone().try_into::<Config>() {
                        table = as_text;
                        probe = Ok(c);
                    }
                }
                if let Err(e) = probe {
                    return Err(ConfigError::Env {
                        var: var.clone(),
                        message: e.to_string().trim_end().to_string(),
                    });
                }
            }
            config = table
                .try_into()
                .map_err(|e: toml::de::Error| ConfigError::Invalid {
                    path: file_path.clone(),
                    message: e.to_string(),
                })?;
        }
        config.validate_smtp(&file_path, &text, &overrides)?;
        config
            .assistant
            .set_quotes(&config.carriers, &config.shipping.sender);
        config.key_lines = key_lines;
        config.path = file_path;
        Ok((config, used_path))
    }

    /// A bad sender address or other `[smtp]` mistake is said at load time, naming the
    /// environment variable when one set it.
    fn validate_smtp(
        &self,
        path: &Path,
        text: &str,
        overrides: &[(String, String)],
    ) -> Result<(), ConfigError> {
        let Some(smtp) = &self.smtp else {
            return Ok(());
        };
        let Some(problem) = smtp.problems().into_iter().next() else {
            return Ok(());
        };
        // The key the message names, such as `smtp.from` → ORDERDECK_SMTP__FROM.
        let key = problem
            .split('`')
            .nth(1)
            .and_then(|k| k.strip_prefix("smtp."))
            .unwrap_or_default()
            .to_string();
        let var = format!("ORDERDECK_SMTP__{}", key.to_ascii_uppercase());
        if !key.is_empty() && overrides.iter().any(|(k, _)| *k == var) {
            return Err(ConfigError::Env {
                var,
                message: problem,
            });
        }
        let line = line_of_key(text, "smtp", &key);
        Err(ConfigError::Invalid {
            path: path.to_path_buf(),
            message: match line {
                Some(n) => {
                    orderdeck_i18n::t!("err-config-line", line = n.to_string(), problem = &problem)
                }
                None => problem,
            },
        })
    }

    /// Line of each `[keys.SECTION]` entry ("SECTION.action"; a flat `[keys]` entry by its
    /// name) in the file's text.
    fn key_lines(&self, text: &str) -> BTreeMap<String, usize> {
        let mut lines = BTreeMap::new();
        for (name, value) in &self.keys {
            match value {
                toml::Value::Table(section) => {
                    for action in section.keys() {
                        if let Some(n) = line_of_key(text, &format!("keys.{name}"), action) {
                            lines.insert(format!("{name}.{action}"), n);
                        }
                    }
                }
                _ => {
                    if let Some(n) = line_of_key(text, "keys", name) {
                        lines.insert(name.clone(), n);
                    }
                }
            }
        }
        lines
    }

    /// Every key binding of the config: (section, action, keys). A flat entry of the
    /// old `[keys]` table comes with an empty section, for the checker to refuse by name.
    pub fn key_bindings(&self) -> Vec<(String, String, Vec<String>)> {
        let mut out = Vec::new();
        for (name, value) in &self.keys {
            match value {
                toml::Value::Table(section) => {
                    for (action, keys) in section {
                        out.push((name.clone(), action.clone(), key_list(keys)));
                    }
                }
                flat => out.push((String::new(), name.clone(), key_list(flat))),
            }
        }
        out
    }

    /// `[keys.SECTION]` checked by the rules of whoever reads keys (the console's keymap:
    /// this layer knows no key names): `check(section, action, keys)`, with an empty
    /// section for an entry written straight under `[keys]`. The error names the file and
    /// the line.
    pub fn check_keys(
        &self,
        check: impl Fn(&str, &str, &[String]) -> Result<(), String>,
    ) -> Result<(), ConfigError> {
        for (section, action, keys) in self.key_bindings() {
            if let Err(message) = check(&section, &action, &keys) {
                let at = if section.is_empty() {
                    action.clone()
                } else {
                    format!("{section}.{action}")
                };
                let line = self.key_lines.get(&at).copied().unwrap_or(1);
                return Err(ConfigError::Invalid {
                    path: self.path.clone(),
                    message: orderdeck_i18n::t!(
                        "err-config-line",
                        line = line.to_string(),
                        problem = &message
                    ),
                });
            }
        }
        Ok(())
    }
}

/// A key or a list of keys as written; anything else is no key at all (the checker then
/// says "empty").
fn key_list(v: &toml::Value) -> Vec<String> {
    match v {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Array(a) => a
            .iter()
            .map(|k| k.as_str().map(str::to_string).unwrap_or_default())
            .collect(),
        _ => vec![String::new()],
    }
}

fn insert_path(table: &mut toml::Table, path: &[String], value: toml::Value) -> Result<(), String> {
    match path {
        [] => Err(orderdeck_i18n::t!("err-config-empty-key")),
        [last] => {
            table.insert(last.clone(), value);
            Ok(())
        }
        [head, rest @ ..] => {
            let entry = table
                .entry(head.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match entry {
                toml::Value::Table(t) => insert_path(t, rest, value),
                _ => Err(orderdeck_i18n::t!("err-config-not-a-table", key = head)),
            }
        }
    }
}

/// The line (1-based) of `key` inside `[table]` of a TOML text, when it is written there.
fn line_of_key(text: &str, table: &str, key: &str) -> Option<usize> {
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t.trim_start_matches('[').trim_end_matches(']').trim() == table;
        } else if inside
            && !key.is_empty()
            && t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return Some(i + 1);
        }
    }
    None
}

pub use orderdeck_store::redact_url;

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("config.toml");
        std::fs::write(&p, text).expect("write");
        (dir, p)
    }

    #[test]
    fn unknown_key_names_key_file_and_line() {
        let (_d, p) = write("theme = \"mono\"\n\ncolour = \"red\"\n");
        let err = Config::load(Some(&p), vec![]).unwrap_err().to_string();
        assert!(err.contains("colour"), "{err}");
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains(&p.display().to_string()), "{err}");
    }

    #[test]
    fn wrong_type_names_key_and_line() {
        let (_d, p) = write("theme = \"mono\"\nworkers = \"yes\"\n");
        let err = Config::load(Some(&p), vec![]).unwrap_err().to_string();
        assert!(err.contains("workers"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    /// The example names every section and key a newcomer may need, and parses as it is.
    #[test]
    fn the_example_config_parses_and_names_every_section() {
        let (_d, p) = write(EXAMPLE);
        let (c, _) = Config::load(Some(&p), vec![]).unwrap();
        assert!(c.carriers.ghn.is_some() && c.carriers.viettelpost.is_some());
        assert!(c.invoices.sinvoice.is_some() && c.invoices.misa.is_some());
        assert!(c.smtp.is_some());
        let ch = &c.channels;
        assert!(ch.shopee.is_some() && ch.lazada.is_some() && ch.tiktok.is_some());
        assert_eq!(
            ch.lazada.as_ref().map(|l| l.auth_url.as_str()),
            Some("https://auth.lazada.com/rest")
        );
        assert!(c.listings.shopee.is_some() && c.listings.product_sync_window.is_some());
        assert!(!c.shipping.sender.name.is_empty());
        for key in [
            "auth_url",
            "warehouse_id",
            "shop_cipher",
            "logistic_ids",
            "pick_shift",
            "certificate_sn",
            "auto_provider",
            "auto_threshold",
            "vat_template_code",
            "[listings.shopee]",
        ] {
            assert!(EXAMPLE.contains(key), "{key}");
        }
    }

    /// A text key whose value looks like a number (TikTok's 19-digit warehouse ids) is
    /// taken as text from the environment; the public hosts are the defaults, so a shop
    /// configured with its keys alone parses.
    #[test]
    fn a_numeric_looking_text_key_from_the_environment_and_default_hosts() {
        let (_d, p) = write(
            "[channels.tiktok]\napp_key = \"k\"\napp_secret = \"s\"\n\n[channels.lazada]\napp_key = \"k\"\napp_secret = \"s\"\n",
        );
        let (c, _) = Config::load(
            Some(&p),
            vec![(
                "ORDERDECK_CHANNELS__TIKTOK__WAREHOUSE_ID".into(),
                "7000000000000000001".into(),
            )],
        )
        .unwrap();
        let tiktok = c.channels.tiktok.expect("tiktok");
        assert_eq!(tiktok.warehouse_id.as_deref(), Some("7000000000000000001"));
        assert_eq!(tiktok.auth_url, "https://auth.tiktok-shops.com");
        assert_eq!(tiktok.base_url, "https://open-api.tiktokglobalshop.com");
        let lazada = c.channels.lazada.expect("lazada");
        assert_eq!(lazada.auth_url, "https://auth.lazada.com/rest");
        assert_eq!(lazada.base_url, "https://api.lazada.vn/rest");
        // A value of another type where that type belongs keeps it.
        let (c, _) =
            Config::load(Some(&p), vec![("ORDERDECK_WORKERS".into(), "false".into())]).unwrap();
        assert_eq!(c.workers, Some(false));
    }

    #[test]
    fn env_overrides_a_key_and_names_the_variable_when_wrong() {
        let (_d, p) = write("theme = \"mono\"\n");
        let (c, _) =
            Config::load(Some(&p), vec![("ORDERDECK_THEME".into(), "light".into())]).unwrap();
        assert_eq!(c.theme.as_deref(), Some("light"));
        let err = Config::load(
            Some(&p),
            vec![("ORDERDECK_WORKERS".into(), "\"maybe\"".into())],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("ORDERDECK_WORKERS"), "{err}");
        let err = Config::load(Some(&p), vec![("ORDERDECK_NOPE".into(), "1".into())])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("ORDERDECK_NOPE") && err.contains("nope"),
            "{err}"
        );
    }

    #[test]
    fn missing_default_file_is_fine_but_missing_explicit_file_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let err = Config::load(Some(&dir.path().join("absent.toml")), vec![]).unwrap_err();
        assert!(matches!(err, ConfigError::Read { .. }));
    }

    #[test]
    fn a_bad_smtp_sender_names_the_key_and_line() {
        let (_d, p) = write(
            "theme = \"mono\"\n[smtp]\nhost = \"smtp.example.vn\"\nfrom = \"Shop <hoadon@>\"\n",
        );
        let err = Config::load(Some(&p), vec![]).unwrap_err().to_string();
        assert!(
            err.contains("smtp.from") && err.contains("line 4") && err.contains("not an email"),
            "{err}"
        );
        let err = Config::load(
            Some(&p),
            vec![("ORDERDECK_SMTP__FROM".into(), "nobody".into())],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("ORDERDECK_SMTP__FROM"), "{err}");
    }

    #[test]
    fn the_smtp_password_comes_from_the_environment_and_is_redacted() {
        let (_d, p) = write(
            "[smtp]\nhost = \"smtp.example.vn\"\nusername = \"hoadon@example.vn\"\n\
             from = \"Shop Ánh Dương <hoadon@example.vn>\"\nsecurity = \"tls\"\n",
        );
        let (c, _) = Config::load(
            Some(&p),
            vec![(
                "ORDERDECK_SMTP__PASSWORD".into(),
                "app-password-1234".into(),
            )],
        )
        .unwrap();
        let smtp = c.smtp.as_ref().unwrap();
        assert_eq!(smtp.password.as_deref(), Some("app-password-1234"));
        assert_eq!(smtp.port(), 465);
        assert!(!format!("{c:?}").contains("app-password"));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
    }
}
