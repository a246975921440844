//! The embedded default from nothing: a temporary data directory, the real binary.

use std::process::Command;

fn orderdeck(data_dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_orderdeck"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("DATABASE_URL")
        .env("ORDERDECK_CONFIG", data_dir.join("no-config.toml"))
        .env("ORDERDECK_LANGUAGE", "en")
        .output()
        .expect("run orderdeck");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bootstrap_stop_and_restart_from_an_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // The config file given by ORDERDECK_CONFIG must exist when named explicitly.
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("no-config.toml"), "").unwrap();

    let (ok, status, err) = orderdeck(&data, &["db", "status"]);
    assert!(ok, "{err}");
    assert!(status.contains("not initialised"), "{status}");

    let (ok, url, err) = orderdeck(&data, &["db", "url"]);
    assert!(ok, "{err}");
    let url = url.trim().to_string();
    assert!(
        url.starts_with("postgresql://orderdeck@") && url.contains("?host=/"),
        "{url}"
    );

    // psql accepts the URL.
    let psql = Command::new("psql")
        .arg(&url)
        .args(["-X", "-tAc", "select count(*) from _sqlx_migrations"])
        .output();
    if let Ok(out) = psql {
        assert!(
            out.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let known = orderdeck_store::MIGRATOR.iter().count().to_string();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), known);
    }

    let (ok, seeded, err) = orderdeck(&data, &["demo"]);
    assert!(ok && seeded.contains("demo data seeded"), "{seeded}{err}");

    let (ok, stopped, err) = orderdeck(&data, &["db", "stop"]);
    assert!(ok && stopped.contains("stopped"), "{stopped}{err}");
    let (_, status, _) = orderdeck(&data, &["db", "status"]);
    assert!(status.contains("stopped"), "{status}");

    // Started again on demand; the data is still there.
    let (ok, migrated, err) = orderdeck(&data, &["migrate"]);
    assert!(
        ok && migrated.contains("schema is at version"),
        "{migrated}{err}"
    );
    let (ok, again, err) = orderdeck(&data, &["demo"]);
    assert!(ok && again.contains("not seeded"), "{again}{err}");
    let (_, status, _) = orderdeck(&data, &["db", "status"]);
    assert!(status.contains("running"), "{status}");

    let (ok, _, err) = orderdeck(&data, &["db", "stop"]);
    assert!(ok, "{err}");
    if let Some(line) = status
        .lines()
        .find(|l| l.trim_start().starts_with("cluster:"))
        && let Some(path) = line.split_once(':').map(|(_, p)| p.trim())
        && path.starts_with("/var/lib/orderdeck/")
    {
        std::fs::remove_dir_all(path).ok();
    }
}

#[test]
fn a_bad_config_file_is_reported_with_its_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "theme = \"mono\"\nthem = \"light\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_orderdeck"))
        .arg("--config")
        .arg(&cfg)
        .env("LC_ALL", "C.UTF-8")
        .args(["db", "status"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("them") && err.contains("line 2") && err.contains("config.toml"),
        "{err}"
    );
}

#[test]
fn an_unreachable_server_is_named_without_its_password() {
    let out = Command::new(env!("CARGO_BIN_EXE_orderdeck"))
        .env("LC_ALL", "C.UTF-8")
        .args([
            "--database-url",
            "postgres://shop:s3cret@127.0.0.1:1/shop",
            "orders",
            "list",
        ])
        .env("ORDERDECK_CONFIG", "/dev/null")
        .env("ORDERDECK_LANGUAGE", "en")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot reach the database at postgres://shop:***@127.0.0.1:1/shop"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
}

/// A log folder that cannot be written (another user's, read-only) turns logging off with
/// one line; it used to make every command panic (exit 101), `db status` included.
#[test]
fn an_unwritable_log_folder_is_one_warning_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // Today's log file cannot be made: a folder already has its name (this fails for
    // root too, unlike permissions).
    let today = chrono::Utc::now().format("%Y-%m-%d");
    std::fs::create_dir_all(
        dir.path()
            .join("logs")
            .join(format!("orderdeck.log.{today}")),
    )
    .unwrap();
    std::fs::write(dir.path().join("no-config.toml"), "").unwrap();
    let (ok, out, err) = orderdeck(dir.path(), &["db", "status"]);
    assert!(ok, "{out}\n{err}");
    assert!(out.contains("embedded PostgreSQL"), "{out}");
    assert_eq!(err.matches("not logging").count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// A config that holds secrets and that others can read is refused (as ssh refuses such
/// keys), naming the fix; `--insecure-config` goes on with one loud line; a private one, or
/// one without secrets, is used without a word. (Before: one warning, and on it went.)
#[test]
fn a_config_with_secrets_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("no-config.toml");
    std::fs::write(&cfg, "[carriers.ghn]\nbase_url = \"http://127.0.0.1:9/x\"\ntoken = \"real-token\"\nshop_id = 1\n").unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (ok, out, err) = orderdeck(dir.path(), &["db", "status"]);
    assert!(!ok, "{out}");
    assert_eq!(err.matches("other users can read it").count(), 1, "{err}");
    assert!(
        err.contains("chmod 600") && err.contains("--insecure-config"),
        "{err}"
    );
    let (ok, out, err) = orderdeck(dir.path(), &["db", "status", "--insecure-config"]);
    assert!(ok, "{out}\n{err}");
    assert!(err.contains("WARNING"), "{err}");
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (ok, _, err) = orderdeck(dir.path(), &["db", "status"]);
    assert!(ok && !err.contains("other users"), "{err}");
    std::fs::write(&cfg, "theme = \"mono\"\n").unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (ok, _, err) = orderdeck(dir.path(), &["db", "status"]);
    assert!(ok && !err.contains("other users"), "{err}");
}

/// Reported: some errors said their cause two or three times.
#[test]
fn an_error_says_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = orderdeck(dir.path(), &["orders", "list"]);
    assert!(!ok);
    assert!(err.contains("cannot read config file"), "{err}");
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}

/// The key tables in docs/ are `orderdeck keymap` in each language, and stay so: a key, an
/// action or a word changed without them fails here (regenerate with
/// `ORDERDECK_LANGUAGE=vi orderdeck keymap > docs/keys.vi.md`, and the same for id and en).
#[test]
fn the_key_tables_in_docs_are_the_keymap_in_each_language() {
    for lang in ["vi", "id", "en"] {
        let out = Command::new(env!("CARGO_BIN_EXE_orderdeck"))
            .arg("keymap")
            .env("ORDERDECK_CONFIG", "/dev/null")
            .env("ORDERDECK_LANGUAGE", lang)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = format!("{}/docs/keys.{lang}.md", env!("CARGO_MANIFEST_DIR"));
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            written,
            "{path} is not `orderdeck keymap` in {lang}"
        );
    }
}
