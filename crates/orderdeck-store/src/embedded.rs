//! The embedded default: a private PostgreSQL cluster in orderdeck's data directory.
//!
//! The cluster listens on a Unix socket inside its own directory and nowhere else, is
//! started on demand by whichever console (or test) needs it first, and is reused by every
//! other console of the same user. A lock file serialises start-up so two consoles started
//! at once never race to `initdb` the same directory.
//!
//! PostgreSQL refuses to run as root. When we are root the server runs as an unprivileged
//! system user (`orderdeck`, else `postgres`, else `nobody`), and because root's home is
//! closed to other users the cluster then lives under `/var/lib/orderdeck/clusters/`, keyed
//! by the data directory, whenever the data directory is not reachable by that user.

use std::ffi::CString;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use thiserror::Error;

/// Name of the database orderdeck uses inside the embedded cluster.
pub const DATABASE: &str = "orderdeck";
/// Superuser created by `initdb` in the embedded cluster.
pub const SUPERUSER: &str = "orderdeck";
const PORT: u16 = 5432;

#[derive(Debug, Error)]
pub enum EmbeddedError {
    #[error("{}", orderdeck_i18n::t!("err-pg-binaries-not-found"))]
    BinariesNotFound,
    #[error("{}", orderdeck_i18n::t!("err-command-failed", what = .what, detail = .detail))]
    Command { what: String, detail: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", orderdeck_i18n::t!("err-no-service-user"))]
    NoServiceUser,
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-embedded-not-ready",
            within = format!("{:?}", .0),
            log = .1.display().to_string()
        )
    )]
    StartTimeout(Duration, PathBuf),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> EmbeddedError + '_ {
    move |source| EmbeddedError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Where the PostgreSQL programs live.
#[derive(Debug, Clone)]
pub struct PgBinaries {
    pub bin_dir: PathBuf,
}

impl PgBinaries {
    /// Finds `initdb`, `pg_ctl` and `postgres` together: pg_config's bindir, then PATH,
    /// then the usual install folders (newest major version first).
    pub fn locate() -> Result<Self, EmbeddedError> {
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
            && out.status.success()
        {
            let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !dir.is_empty() {
                candidates.push(PathBuf::from(dir));
            }
        }
        if let Some(path) = std::env::var_os("PATH") {
            candidates.extend(std::env::split_paths(&path));
        }
        let mut versioned: Vec<(u32, PathBuf)> = Vec::new();
        for root in [
            "/usr/lib/postgresql",
            "/usr/local/pgsql",
            "/opt/homebrew/opt",
        ] {
            if let Ok(entries) = fs::read_dir(root) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().to_string();
                    let digits: String = name.chars().filter(|c| c.is_ascii_digit()).collect();
                    versioned.push((digits.parse().unwrap_or(0), e.path().join("bin")));
                }
            }
        }
        versioned.sort_by_key(|v| std::cmp::Reverse(v.0));
        candidates.extend(versioned.into_iter().map(|(_, p)| p));
        candidates.push(PathBuf::from("/usr/local/pgsql/bin"));
        for dir in candidates {
            if ["initdb", "pg_ctl", "postgres"]
                .iter()
                .all(|b| dir.join(b).is_file())
            {
                // Resolve symlinked programs (for example /usr/local/bin/pg_ctl) to their
                // real folder so that pg_ctl finds the matching postgres.
                let real = fs::canonicalize(dir.join("pg_ctl"))
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
                    .filter(|d| d.join("postgres").is_file() && d.join("initdb").is_file())
                    .unwrap_or(dir);
                return Ok(Self { bin_dir: real });
            }
        }
        Err(EmbeddedError::BinariesNotFound)
    }

    fn program(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }
}

/// The unprivileged account the server runs as when we are root.
#[derive(Debug, Clone)]
pub struct ServiceUser {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

impl ServiceUser {
    fn lookup(name: &str) -> Option<Self> {
        let cname = CString::new(name).ok()?;
        // SAFETY: getpwnam returns a pointer into static storage or null; we copy out
        // the two integers at once and keep no reference.
        let pw = unsafe { libc::getpwnam(cname.as_ptr()) };
        if pw.is_null() {
            return None;
        }
        let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
        Some(Self {
            name: name.to_string(),
            uid,
            gid,
        })
    }

    /// `None` when we are not root (the server then simply runs as us).
    pub fn for_current_process() -> Result<Option<Self>, EmbeddedError> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return Ok(None);
        }
        ["orderdeck", "postgres", "nobody"]
            .iter()
            .find_map(|n| Self::lookup(n))
            .map(Some)
            .ok_or(EmbeddedError::NoServiceUser)
    }
}

/// A private cluster bound to one orderdeck data directory.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// orderdeck's data directory (logs, lock file, and usually the cluster itself).
    pub data_dir: PathBuf,
    /// Directory holding `data/` (PGDATA), the socket and the server log.
    pub cluster_dir: PathBuf,
    pub service_user: Option<ServiceUser>,
    /// Tests turn durability off: it makes no difference to what they prove.
    pub durable: bool,
}

impl Cluster {
    pub fn new(data_dir: &Path) -> Result<Self, EmbeddedError> {
        let service_user = ServiceUser::for_current_process()?;
        fs::create_dir_all(data_dir).map_err(io_err(data_dir))?;
        let data_dir = fs::canonicalize(data_dir).map_err(io_err(data_dir))?;
        let cluster_dir = match &service_user {
            Some(_) if !reachable_by_others(&data_dir) => {
                PathBuf::from("/var/lib/orderdeck/clusters").join(format!(
                    "{:016x}",
                    fnv1a(data_dir.to_string_lossy().as_bytes())
                ))
            }
            _ => data_dir.join("pg"),
        };
        Ok(Self {
            data_dir,
            cluster_dir,
            service_user,
            durable: true,
        })
    }

    pub fn pgdata(&self) -> PathBuf {
        self.cluster_dir.join("data")
    }

    /// The socket directory: the cluster's own folder, closed to everyone else.
    pub fn socket_dir(&self) -> PathBuf {
        self.cluster_dir.clone()
    }

    pub fn log_file(&self) -> PathBuf {
        self.cluster_dir.join("server.log")
    }

    /// A URL that both `psql` and orderdeck accept.
    pub fn url(&self) -> String {
        format!(
            "postgresql://{SUPERUSER}@localhost:{PORT}/{DATABASE}?host={}",
            self.socket_dir().display()
        )
    }

    /// The same, for another database in this cluster (tests use one database each).
    pub fn url_for(&self, database: &str) -> String {
        format!(
            "postgresql://{SUPERUSER}@localhost:{PORT}/{database}?host={}",
            self.socket_dir().display()
        )
    }

    pub fn is_initialised(&self) -> bool {
        self.pgdata().join("PG_VERSION").is_file()
    }

    /// Initialises the cluster if needed and starts it if it is not running.
    /// Safe to call from many processes at once.
    pub fn ensure_running(&self) -> Result<(), EmbeddedError> {
        let bins = PgBinaries::locate()?;
        let _lock = self.lock()?;
        if !self.is_initialised() {
            self.init(&bins)?;
        }
        let auth_changed = self.write_auth()?;
        if !self.is_running(&bins) {
            self.start(&bins)?;
        } else if auth_changed {
            let out = self.run(
                Command::new(bins.program("pg_ctl"))
                    .arg("reload")
                    .arg("-D")
                    .arg(self.pgdata()),
            )?;
            check(out, "pg_ctl reload")?;
        }
        self.wait_ready(&bins, Duration::from_secs(30))
    }

    pub fn stop(&self) -> Result<bool, EmbeddedError> {
        let bins = PgBinaries::locate()?;
        let _lock = self.lock()?;
        if !self.is_initialised() || !self.is_running(&bins) {
            return Ok(false);
        }
        let out = self.run(
            Command::new(bins.program("pg_ctl"))
                .arg("stop")
                .arg("-D")
                .arg(self.pgdata())
                .args(["-m", "fast", "-w", "-t", "60"]),
        )?;
        check(out, "pg_ctl stop")?;
        Ok(true)
    }

    /// Status for `orderdeck db status`.
    pub fn status(&self) -> Result<String, EmbeddedError> {
        let bins = PgBinaries::locate()?;
        use orderdeck_i18n::t;
        let state = if !self.is_initialised() {
            t!("common-db-not-initialised")
        } else if self.is_running(&bins) {
            // pg_ctl trusts the pid file for a moment after a crash: ask the server.
            if self.answers(&bins) {
                t!("common-db-running")
            } else {
                t!("common-db-not-answering")
            }
        } else {
            t!("common-db-stopped")
        };
        let mut s = t!(
            "common-db-status",
            state = state,
            cluster = self.cluster_dir.display().to_string(),
            socket = self.socket_dir().display().to_string(),
            log = self.log_file().display().to_string(),
            binaries = bins.bin_dir.display().to_string()
        );
        s.push('\n');
        if let Some(u) = &self.service_user {
            s.push_str(&t!(
                "common-db-runs-as",
                user = u.name.as_str(),
                uid = u.uid.to_string()
            ));
            s.push('\n');
        }
        s.push_str(&t!("common-db-url", url = self.url()));
        s.push('\n');
        Ok(s)
    }

    fn lock(&self) -> Result<FileLock, EmbeddedError> {
        let path = self.data_dir.join("embedded.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_err(&path))?;
        // SAFETY: flock on a descriptor we own; released when the file is closed.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if rc != 0 {
            return Err(EmbeddedError::Io {
                path,
                source: std::io::Error::last_os_error(),
            });
        }
        Ok(FileLock(file))
    }

    fn init(&self, bins: &PgBinaries) -> Result<(), EmbeddedError> {
        let dir = &self.cluster_dir;
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let pgdata = self.pgdata();
        if pgdata.exists() {
            // A half-finished earlier initdb: start again from nothing.
            fs::remove_dir_all(&pgdata).map_err(io_err(&pgdata))?;
        }
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_err(dir))?;
        self.give_to_service_user(dir)?;
        let out = self.run(
            Command::new(bins.program("initdb"))
                .arg("-D")
                .arg(&pgdata)
                .args([
                    "-U",
                    SUPERUSER,
                    "--auth-local=peer",
                    "--auth-host=scram-sha-256",
                    "--encoding=UTF8",
                    "--no-locale",
                ])
                .arg("--no-instructions"),
        )?;
        check(out, "initdb")?;
        let mut conf = format!(
            "\n# orderdeck embedded cluster: Unix socket only, inside the cluster folder.\n\
             listen_addresses = ''\n\
             unix_socket_directories = '{}'\n\
             unix_socket_permissions = 0700\n\
             port = {PORT}\n\
             max_connections = 200\n",
            self.socket_dir().display()
        );
        if !self.durable {
            conf.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        let conf_path = pgdata.join("postgresql.conf");
        let mut f = OpenOptions::new()
            .append(true)
            .open(&conf_path)
            .map_err(io_err(&conf_path))?;
        f.write_all(conf.as_bytes()).map_err(io_err(&conf_path))?;
        self.write_auth()?;
        Ok(())
    }

    /// Who may connect: the cluster's administrator (`orderdeck`) only as the operating-
    /// system account that runs orderdeck here (peer, mapped in pg_ident.conf); every
    /// person's login (`orderdeck users add`) by password. Clusters made before roles
    /// trusted every local user: their files are rewritten on the next start (and the
    /// running server told to reload). Returns whether anything changed.
    fn write_auth(&self) -> Result<bool, EmbeddedError> {
        let hba = format!(
            "# orderdeck embedded cluster (rewritten by orderdeck on start).\n\
             # The administrator role only for this machine's account that runs orderdeck;\n\
             # every other login (`orderdeck users add`) by password.\n\
             local all {SUPERUSER} peer map=owner\n\
             local all all scram-sha-256\n"
        );
        let mut ident =
            String::from("# orderdeck: operating-system accounts that are the administrator.\n");
        let mut accounts = vec![current_account()];
        if let Some(u) = &self.service_user {
            accounts.push(Some(u.name.clone()));
        }
        for name in accounts.into_iter().flatten() {
            ident.push_str(&format!("owner {name} {SUPERUSER}\n"));
        }
        let mut changed = false;
        for (file, text) in [("pg_hba.conf", hba), ("pg_ident.conf", ident)] {
            let path = self.pgdata().join(file);
            if fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
                continue;
            }
            fs::write(&path, text).map_err(io_err(&path))?;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).map_err(io_err(&path))?;
            self.give_to_service_user(&path)?;
            changed = true;
        }
        Ok(changed)
    }

    fn is_running(&self, bins: &PgBinaries) -> bool {
        self.run(
            Command::new(bins.program("pg_ctl"))
                .arg("status")
                .arg("-D")
                .arg(self.pgdata()),
        )
        .map(|o| o.status.success())
        .unwrap_or(false)
    }

    fn start(&self, bins: &PgBinaries) -> Result<(), EmbeddedError> {
        // A socket or pid file left by a crash makes pg_ctl refuse; postgres itself
        // cleans a stale pid file when the recorded process is gone.
        let out = self.run(
            Command::new(bins.program("pg_ctl"))
                .arg("start")
                .arg("-D")
                .arg(self.pgdata())
                .arg("-l")
                .arg(self.log_file())
                .args(["-w", "-t", "60"])
                .stdin(Stdio::null()),
        )?;
        check(out, "pg_ctl start").map_err(|e| match e {
            EmbeddedError::Command { what, detail } => EmbeddedError::Command {
                what,
                detail: orderdeck_i18n::t!(
                    "err-with-server-log",
                    detail = &detail,
                    log = self.log_file().display().to_string()
                ),
            },
            other => other,
        })
    }

    /// Whether the server accepts connections now.
    fn answers(&self, bins: &PgBinaries) -> bool {
        let isready = bins.program("pg_isready");
        if isready.is_file() {
            self.run(
                Command::new(&isready)
                    .arg("-q")
                    .arg("-h")
                    .arg(self.socket_dir())
                    .arg("-p")
                    .arg(PORT.to_string()),
            )
            .map(|o| o.status.success())
            .unwrap_or(false)
        } else {
            self.socket_dir().join(format!(".s.PGSQL.{PORT}")).exists()
        }
    }

    fn wait_ready(&self, bins: &PgBinaries, limit: Duration) -> Result<(), EmbeddedError> {
        let started = Instant::now();
        loop {
            if self.answers(bins) {
                return Ok(());
            }
            if started.elapsed() > limit {
                return Err(EmbeddedError::StartTimeout(limit, self.log_file()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn give_to_service_user(&self, dir: &Path) -> Result<(), EmbeddedError> {
        if let Some(u) = &self.service_user {
            std::os::unix::fs::chown(dir, Some(u.uid), Some(u.gid)).map_err(io_err(dir))?;
        }
        Ok(())
    }

    /// Runs a PostgreSQL program, as the service user when we are root.
    fn run(&self, cmd: &mut Command) -> Result<Output, EmbeddedError> {
        let what = format!("{:?}", cmd.get_program());
        if let Some(u) = &self.service_user {
            cmd.uid(u.uid).gid(u.gid).env("HOME", &self.cluster_dir);
            // The service user must be able to stand in its working directory.
            cmd.current_dir(if self.cluster_dir.is_dir() {
                self.cluster_dir.clone()
            } else {
                PathBuf::from("/")
            });
        }
        cmd.env("LC_ALL", "C")
            .env_remove("PGDATA")
            .env_remove("PGHOST")
            .env_remove("PGPORT")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| EmbeddedError::Command {
                what,
                detail: e.to_string(),
            })
    }
}

/// The name of the account this process runs as (peer authentication sees it).
fn current_account() -> Option<String> {
    // SAFETY: getpwuid returns static storage or null; the name is copied at once.
    unsafe {
        let pw = libc::getpwuid(libc::geteuid());
        if pw.is_null() {
            return None;
        }
        Some(
            std::ffi::CStr::from_ptr((*pw).pw_name)
                .to_string_lossy()
                .into_owned(),
        )
    }
}

struct FileLock(File);

impl Drop for FileLock {
    fn drop(&mut self) {
        // SAFETY: unlocking a descriptor we own.
        unsafe {
            libc::flock(self.0.as_raw_fd(), libc::LOCK_UN);
        }
    }
}

fn check(out: Output, what: &str) -> Result<(), EmbeddedError> {
    if out.status.success() {
        Ok(())
    } else {
        let mut detail = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if detail.is_empty() {
            detail = String::from_utf8_lossy(&out.stdout).trim().to_string();
        }
        Err(EmbeddedError::Command {
            what: what.to_string(),
            detail,
        })
    }
}

/// True when every folder from `/` down to `dir` lets other users pass through.
fn reachable_by_others(dir: &Path) -> bool {
    dir.ancestors().all(|p| {
        fs::metadata(p)
            .map(|m| m.mode() & 0o001 != 0)
            .unwrap_or(false)
    })
}

/// FNV-1a: a stable, dependency-free hash for naming a cluster folder after its data dir.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn url_names_the_socket_folder() {
        let c = Cluster {
            data_dir: PathBuf::from("/d"),
            cluster_dir: PathBuf::from("/d/pg"),
            service_user: None,
            durable: true,
        };
        assert_eq!(
            c.url(),
            "postgresql://orderdeck@localhost:5432/orderdeck?host=/d/pg"
        );
    }
}
