//! Outgoing email over SMTP (`[smtp]` in the config file), with lettre.
//!
//! [`Mailer`] sends one finished message and turns every way that can fail (no
//! connection, a timeout, a refused log-in, a refused sender or recipient) into one
//! clear line. The password is kept out of `Debug`, logs and error messages.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;

use crate::carrier::redact;

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain text: only for a relay on this machine (port 25 by default).
    None,
    /// Plain connection upgraded with STARTTLS, which is required (port 587 by default).
    #[default]
    Starttls,
    /// TLS from the first byte, "SMTPS" (port 465 by default).
    Tls,
}

impl SmtpSecurity {
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::None => 25,
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SmtpSecurity::None => "none",
            SmtpSecurity::Starttls => "starttls",
            SmtpSecurity::Tls => "tls",
        }
    }
}

/// `[smtp]` in the config file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// The mail server, such as `smtp.example.vn`.
    pub host: String,
    /// Default: 587 for starttls, 465 for tls, 25 for none.
    pub port: Option<u16>,
    #[serde(default)]
    pub security: SmtpSecurity,
    /// Log-in name; without it nothing is sent to log in.
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, such as `Shop Ánh Dương <hoadon@example.vn>`.
    pub from: String,
    /// Where the buyer's replies go, when not to `from`.
    pub reply_to: Option<String>,
    /// Seconds for connecting, and for handing one message over (default 30).
    pub timeout_secs: Option<u64>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_deref().map(redact))
            .field("from", &self.from)
            .field("reply_to", &self.reply_to)
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

impl SmtpConfig {
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(self.security.default_port())
    }

    /// The problems of the settings, each naming its key; checked when the config is
    /// loaded, so a bad sender shows at once rather than at the first email.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.host.trim().is_empty() {
            out.push(orderdeck_i18n::t!("err-smtp-host-empty"));
        }
        if let Err(e) = parse_mailbox("smtp.from", &self.from) {
            out.push(e);
        }
        if let Some(r) = &self.reply_to
            && let Err(e) = parse_mailbox("smtp.reply_to", r)
        {
            out.push(e);
        }
        if self.password.is_some() && self.username.as_deref().is_none_or(|u| u.trim().is_empty()) {
            out.push(orderdeck_i18n::t!("err-smtp-password-without-username"));
        }
        if self.timeout_secs == Some(0) {
            out.push(orderdeck_i18n::t!("err-smtp-timeout-zero"));
        }
        out
    }
}

/// Parses `Name <user@domain>` or a bare address; the error names `what` and says how
/// to write it.
pub fn parse_mailbox(what: &str, text: &str) -> Result<Mailbox, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(orderdeck_i18n::t!("err-smtp-address-empty", key = what));
    }
    t.parse::<Mailbox>()
        .map_err(|_| orderdeck_i18n::t!("err-smtp-not-an-address", key = what, value = t))
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("{}", orderdeck_i18n::t!("err-mail-not-set-up"))]
    NotConfigured,
    #[error("{}", orderdeck_i18n::t!("err-mail-config", problem = .0))]
    Config(String),
    #[error("{}", orderdeck_i18n::t!("err-mail-connect", server = .server, cause = .cause))]
    Connect { server: String, cause: String },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-mail-timeout", server = .server, within = seconds(*.millis))
    )]
    Timeout { server: String, millis: u64 },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-mail-auth", server = .server, username = .username, reply = .reply)
    )]
    Auth {
        server: String,
        username: String,
        reply: String,
    },
    #[error("{}", orderdeck_i18n::t!("err-mail-auth-required", server = .server))]
    AuthRequired { server: String },
    #[error("{}", orderdeck_i18n::t!("err-mail-tls", server = .server, cause = .cause))]
    Tls { server: String, cause: String },
    /// A permanent refusal (5xx), of the sender, a recipient or the message.
    #[error("{}", orderdeck_i18n::t!("err-mail-refused", server = .server, reply = .reply))]
    Refused { server: String, reply: String },
    /// A temporary refusal (4xx): the same send may work later.
    #[error("{}", orderdeck_i18n::t!("err-mail-deferred", server = .server, reply = .reply))]
    Deferred { server: String, reply: String },
    #[error("{}", orderdeck_i18n::t!("err-mail-other", server = .server, cause = .cause))]
    Other { server: String, cause: String },
}

/// Sends messages through the configured server, one connection per message.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    server: String,
    username: Option<String>,
    timeout: Duration,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

const DEFAULT_TIMEOUT_SECS: u64 = 30;

impl Mailer {
    /// The mailer of `[smtp]`; [`MailError::NotConfigured`] without it.
    pub fn new(cfg: Option<&SmtpConfig>) -> Result<Mailer, MailError> {
        let cfg = cfg.ok_or(MailError::NotConfigured)?;
        let secs = cfg.timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS).max(1);
        Mailer::with_timeout(cfg, Duration::from_secs(secs))
    }

    /// As [`Mailer::new`] with a timeout finer than whole seconds (tests).
    pub fn with_timeout(cfg: &SmtpConfig, timeout: Duration) -> Result<Mailer, MailError> {
        if let Some(p) = cfg.problems().into_iter().next() {
            return Err(MailError::Config(p));
        }
        let from = parse_mailbox("smtp.from", &cfg.from).map_err(MailError::Config)?;
        let reply_to = cfg
            .reply_to
            .as_deref()
            .map(|r| parse_mailbox("smtp.reply_to", r))
            .transpose()
            .map_err(MailError::Config)?;
        let host = cfg.host.trim().to_string();
        let port = cfg.port();
        let username = cfg
            .username
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        if cfg.security == SmtpSecurity::None && username.is_some() && !is_loopback(&host) {
            return Err(MailError::Config(orderdeck_i18n::t!(
                "err-smtp-security-none",
                host = &host
            )));
        }
        let tls = |host: &str| {
            TlsParameters::new(host.to_string()).map_err(|e| MailError::Tls {
                server: format!("{host}:{port}"),
                cause: e.to_string(),
            })
        };
        let tls = match cfg.security {
            SmtpSecurity::None => Tls::None,
            SmtpSecurity::Starttls => Tls::Required(tls(&host)?),
            SmtpSecurity::Tls => Tls::Wrapper(tls(&host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(port)
            .tls(tls)
            .timeout(Some(timeout));
        if let Some(user) = &username {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                cfg.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            reply_to,
            server: format!("{host}:{port}"),
            username,
            timeout,
        })
    }

    /// The sender every message carries.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    pub fn reply_to(&self) -> Option<&Mailbox> {
        self.reply_to.as_ref()
    }

    /// `host:port`.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Sends `message`; Ok once the server has accepted it for delivery.
    /// Connects (and logs in when configured) without sending anything: `config check`.
    pub async fn check(&self) -> Result<(), MailError> {
        match tokio::time::timeout(self.timeout, self.transport.test_connection()).await {
            Ok(Ok(true)) => Ok(()),
            Ok(Ok(false)) => Err(MailError::Other {
                server: self.server.clone(),
                cause: orderdeck_i18n::t!("err-smtp-no-noop"),
            }),
            Ok(Err(e)) => Err(MailError::Other {
                server: self.server.clone(),
                cause: e.to_string(),
            }),
            Err(_) => Err(MailError::Other {
                server: self.server.clone(),
                cause: orderdeck_i18n::t!("err-no-answer-in-time"),
            }),
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        // lettre's async transport times out the connect only: this bounds the whole
        // exchange, so a server that stops answering never hangs the caller.
        match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(self.classify(&e)),
            Err(_) => Err(self.timed_out()),
        }
    }

    fn timed_out(&self) -> MailError {
        MailError::Timeout {
            server: self.server.clone(),
            millis: u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX),
        }
    }

    fn classify(&self, e: &lettre::transport::smtp::Error) -> MailError {
        let server = self.server.clone();
        if e.is_timeout() {
            return self.timed_out();
        }
        if let Some(code) = e.status() {
            let reply = reply_text(e, code);
            let n = code.to_string();
            return if n == "535" || n == "534" {
                MailError::Auth {
                    server,
                    username: self.username.clone().unwrap_or_default(),
                    reply,
                }
            } else if n == "530" && self.username.is_none() {
                MailError::AuthRequired { server }
            } else if e.is_transient() {
                MailError::Deferred { server, reply }
            } else {
                MailError::Refused { server, reply }
            };
        }
        if e.is_tls() {
            return MailError::Tls {
                server,
                cause: innermost(e),
            };
        }
        let io = io_source(e);
        if let Some(io) = io
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::AddrNotAvailable
                    | std::io::ErrorKind::HostUnreachable
                    | std::io::ErrorKind::NetworkUnreachable
            )
        {
            return MailError::Connect {
                server,
                cause: io_cause(io),
            };
        }
        let cause = innermost(e);
        if cause.contains("No compatible authentication mechanism") {
            return MailError::Auth {
                server,
                username: self.username.clone().unwrap_or_default(),
                reply: "the server offers no log-in this client can use (PLAIN or LOGIN) on \
                        this connection"
                    .into(),
            };
        }
        if e.is_client() || e.is_response() || io.is_none() {
            return MailError::Other { server, cause };
        }
        MailError::Connect { server, cause }
    }
}

/// "30 s", "0.5 s".
fn seconds(millis: u64) -> String {
    if millis.is_multiple_of(1000) {
        format!("{} s", millis / 1000)
    } else {
        format!("{:.1} s", millis as f64 / 1000.0)
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// "550 5.1.1 <x@y>: Recipient address rejected" from the error's code and text.
fn reply_text(e: &lettre::transport::smtp::Error, code: impl std::fmt::Display) -> String {
    use std::error::Error as _;
    let text = e.source().map(|s| s.to_string()).unwrap_or_default();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        code.to_string()
    } else {
        format!("{code} {text}")
    }
}

fn io_source<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cur = err.source();
    }
    None
}

fn io_cause(io: &std::io::Error) -> String {
    match io.kind() {
        std::io::ErrorKind::ConnectionRefused => orderdeck_i18n::t!("err-smtp-connection-refused"),
        _ => io.to_string(),
    }
}

/// The deepest cause, on one line.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur: &(dyn std::error::Error + 'static) = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    let s = cur.to_string();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> SmtpConfig {
        SmtpConfig {
            host: "smtp.example.vn".into(),
            from: "Shop Ánh Dương <hoadon@example.vn>".into(),
            username: Some("hoadon@example.vn".into()),
            password: Some("very-secret-password".into()),
            ..SmtpConfig::default()
        }
    }

    #[test]
    fn a_vietnamese_sender_name_parses() {
        let m = parse_mailbox("smtp.from", &cfg().from).unwrap();
        assert_eq!(m.name.as_deref(), Some("Shop Ánh Dương"));
        assert_eq!(m.email.to_string(), "hoadon@example.vn");
        assert!(cfg().problems().is_empty(), "{:?}", cfg().problems());
    }

    #[test]
    fn a_bad_sender_is_named() {
        let mut c = cfg();
        c.from = "Shop <hoadon@>".into();
        let p = c.problems();
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("smtp.from") && p[0].contains("not an email address"),
            "{p:?}"
        );
        let err = Mailer::new(Some(&c)).unwrap_err().to_string();
        assert!(err.contains("smtp.from"), "{err}");
    }

    #[test]
    fn the_password_is_redacted() {
        let shown = format!("{:?}", cfg());
        assert!(!shown.contains("very-secret-password"), "{shown}");
        assert!(shown.contains("****word"), "{shown}");
        let mailer = Mailer::new(Some(&cfg())).unwrap();
        assert!(!format!("{mailer:?}").contains("very-secret"));
    }

    #[test]
    fn ports_follow_the_security() {
        let mut c = cfg();
        assert_eq!(c.port(), 587);
        c.security = SmtpSecurity::Tls;
        assert_eq!(c.port(), 465);
        c.port = Some(2525);
        assert_eq!(c.port(), 2525);
    }

    #[test]
    fn a_password_is_never_sent_in_the_clear_beyond_this_machine() {
        let mut c = cfg();
        c.security = SmtpSecurity::None;
        let err = Mailer::new(Some(&c)).unwrap_err().to_string();
        assert!(err.contains("unencrypted"), "{err}");
        c.host = "127.0.0.1".into();
        assert!(Mailer::new(Some(&c)).is_ok());
    }

    #[test]
    fn no_section_is_a_clear_message() {
        let err = Mailer::new(None).unwrap_err().to_string();
        assert!(err.contains("[smtp]"), "{err}");
    }
}
