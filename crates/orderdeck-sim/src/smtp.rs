//! A mail sink on loopback: just enough SMTP (RFC 5321) for a real client to hand a
//! message over. It keeps what it is given and delivers nothing.
//!
//! Greeting 220; EHLO/HELO; AUTH PLAIN and LOGIN against the configured user and
//! password (when set, MAIL needs a log-in first); MAIL FROM, RCPT TO (an address on the
//! reject list gets 550), DATA … `.`, RSET, NOOP, QUIT.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use super::lock;

/// A message the sink accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    /// The envelope sender (MAIL FROM), without the angle brackets.
    pub from: String,
    /// The envelope recipients (RCPT TO) that were accepted.
    pub to: Vec<String>,
    /// The message as sent after DATA, dot-stuffing undone, lines ending in CRLF.
    pub data: Vec<u8>,
}

#[derive(Debug, Default)]
pub(crate) struct Store {
    pub mail: Vec<SentMail>,
    /// Lower-case addresses refused at RCPT TO with 550.
    pub reject: BTreeSet<String>,
}

/// (username, password) a client must log in with; None: no log-in offered or needed.
pub(crate) type Login = Option<(String, String)>;

const NAME: &str = "orderdeck-sim";
/// Longest command line we read, and the largest message we keep.
const MAX_LINE: u64 = 4096;
const MAX_MESSAGE: usize = 32 * 1024 * 1024;

/// Accepts connections until the task is aborted (which also ends every session).
pub(crate) async fn serve(listener: TcpListener, store: Arc<Mutex<Store>>, login: Login) {
    let mut sessions = JoinSet::new();
    loop {
        while sessions.try_join_next().is_some() {}
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let store = store.clone();
        let login = login.clone();
        sessions.spawn(async move {
            if let Err(e) = session(stream, &store, &login).await {
                tracing::debug!(error = %e, "smtp sink session ended");
            }
        });
    }
}

/// One mail transaction in progress.
#[derive(Default)]
struct Envelope {
    from: Option<String>,
    to: Vec<String>,
}

async fn session(stream: TcpStream, store: &Mutex<Store>, login: &Login) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut reply = async |text: &str| write.write_all(format!("{text}\r\n").as_bytes()).await;
    reply(&format!("220 {NAME} ESMTP ready")).await?;
    let mut authed = login.is_none();
    let mut env = Envelope::default();
    loop {
        let Some(line) = read_line(&mut read).await? else {
            return Ok(());
        };
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.trim().to_string()),
            None => (line.to_ascii_uppercase(), String::new()),
        };
        match verb.as_str() {
            "EHLO" => {
                env = Envelope::default();
                let auth = if login.is_some() {
                    "250-AUTH PLAIN LOGIN\r\n"
                } else {
                    ""
                };
                let text = format!("250-{NAME} greets {arg}\r\n{auth}250-8BITMIME\r\n250 SMTPUTF8");
                reply(&text).await?;
            }
            "HELO" => {
                env = Envelope::default();
                reply(&format!("250 {NAME}")).await?;
            }
            "AUTH" => {
                let Some((user, pass)) = login else {
                    reply("502 5.5.1 AUTH not offered").await?;
                    continue;
                };
                let mut parts = arg.split_whitespace();
                let mechanism = parts.next().unwrap_or_default().to_ascii_uppercase();
                let initial = parts.next().map(str::to_string);
                let given = match mechanism.as_str() {
                    "PLAIN" => {
                        let response = match initial {
                            Some(r) => r,
                            None => {
                                reply("334 ").await?;
                                read_line(&mut read).await?.unwrap_or_default()
                            }
                        };
                        // authzid NUL authcid NUL password
                        let raw = decode(&response);
                        let mut fields = raw.split('\0').skip(1);
                        (
                            fields.next().map(str::to_string),
                            fields.next().map(str::to_string),
                        )
                    }
                    "LOGIN" => {
                        let user = match initial {
                            Some(u) => decode(&u),
                            None => {
                                reply("334 VXNlcm5hbWU6").await?; // "Username:"
                                decode(&read_line(&mut read).await?.unwrap_or_default())
                            }
                        };
                        reply("334 UGFzc3dvcmQ6").await?; // "Password:"
                        let pass = decode(&read_line(&mut read).await?.unwrap_or_default());
                        (Some(user), Some(pass))
                    }
                    _ => {
                        reply("504 5.5.4 unrecognized authentication type").await?;
                        continue;
                    }
                };
                if given.0.as_deref() == Some(user) && given.1.as_deref() == Some(pass) {
                    authed = true;
                    reply("235 2.7.0 Authentication successful").await?;
                } else {
                    reply("535 5.7.8 Authentication credentials invalid").await?;
                }
            }
            "MAIL" => {
                if !authed {
                    reply("530 5.7.0 Authentication required").await?;
                } else if let Some(addr) = path_of(&arg, "FROM:") {
                    env = Envelope {
                        from: Some(addr),
                        to: Vec::new(),
                    };
                    reply("250 2.1.0 OK").await?;
                } else {
                    reply("501 5.5.4 syntax: MAIL FROM:<address>").await?;
                }
            }
            "RCPT" => match (&env.from, path_of(&arg, "TO:")) {
                (None, _) => reply("503 5.5.1 MAIL first").await?,
                (_, None) => reply("501 5.5.4 syntax: RCPT TO:<address>").await?,
                (Some(_), Some(addr)) => {
                    if lock(store).reject.contains(&addr.to_lowercase()) {
                        let text =
                            format!("550 5.1.1 <{addr}>: Recipient address rejected: User unknown");
                        reply(&text).await?;
                    } else {
                        env.to.push(addr);
                        reply("250 2.1.5 OK").await?;
                    }
                }
            },
            "DATA" => {
                if env.to.is_empty() {
                    reply("503 5.5.1 RCPT first").await?;
                    continue;
                }
                reply("354 End data with <CR><LF>.<CR><LF>").await?;
                let Some(data) = read_data(&mut read).await? else {
                    reply("552 5.3.4 message too big").await?;
                    return Ok(());
                };
                let n = {
                    let mut s = lock(store);
                    s.mail.push(SentMail {
                        from: env.from.take().unwrap_or_default(),
                        to: std::mem::take(&mut env.to),
                        data,
                    });
                    s.mail.len()
                };
                reply(&format!("250 2.0.0 OK queued as SIM{n:06}")).await?;
            }
            "RSET" => {
                env = Envelope::default();
                reply("250 2.0.0 OK").await?;
            }
            "NOOP" => reply("250 2.0.0 OK").await?,
            "QUIT" => {
                reply("221 2.0.0 Bye").await?;
                return Ok(());
            }
            _ => reply("502 5.5.2 command not recognized").await?,
        }
    }
}

/// A line without its CRLF; None at end of stream.
async fn read_line<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = r.take(MAX_LINE).read_until(b'\n', &mut buf).await?;
    if n == 0 {
        return Ok(None);
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// The message after DATA up to the lone `.`; None when it grows past the limit.
async fn read_data<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> std::io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(Some(data));
        }
        // Dot-stuffing: a line starting with '.' was sent with one more.
        let line = line.strip_prefix(b".").unwrap_or(&line);
        data.extend_from_slice(line);
        if data.len() > MAX_MESSAGE {
            return Ok(None);
        }
    }
}

/// `FROM:<a@b> SIZE=…` → `a@b`.
fn path_of(arg: &str, keyword: &str) -> Option<String> {
    let rest = arg.get(..keyword.len())?;
    if !rest.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = arg[keyword.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_string())
}

fn decode(b64: &str) -> String {
    base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_with_or_without_parameters() {
        assert_eq!(path_of("FROM:<a@b.vn>", "FROM:").as_deref(), Some("a@b.vn"));
        assert_eq!(
            path_of("from: <a@b.vn> BODY=8BITMIME", "FROM:").as_deref(),
            Some("a@b.vn")
        );
        assert_eq!(path_of("TO:<>", "TO:").as_deref(), Some(""));
        assert_eq!(path_of("TO:a@b.vn", "TO:"), None);
        assert_eq!(path_of("FROM:<a@b.vn>", "TO:"), None);
    }
}
