//! The real binary in a pseudo-terminal: start on a temporary embedded database with
//! demo data, visit every pane, open help, filter, quit, and the terminal is restored.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use crate::term::Screen;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[test]
fn visit_every_pane_help_filter_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();

    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_orderdeck"));
    cmd.arg("--data-dir");
    cmd.arg(&data);
    cmd.arg("--demo");
    cmd.env("TERM", "xterm-256color");
    cmd.env("ORDERDECK_CONFIG", &config);
    cmd.env("ORDERDECK_LANGUAGE", "en");
    cmd.env_remove("DATABASE_URL");
    cmd.env_remove("NO_COLOR");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);

    let screen = Screen {
        parser: Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(24).expect("rows"),
            std::num::NonZero::new(80).expect("cols"),
            0,
        ))),
        raw: Arc::new(Mutex::new(Vec::new())),
    };
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (parser, raw) = (screen.parser.clone(), screen.raw.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = parser.lock() {
                p.process(&buf[..n]);
            }
            if let Ok(mut r) = raw.lock() {
                r.extend_from_slice(&buf[..n]);
            }
        }
    });
    let mut writer = pair.master.take_writer().unwrap();
    let mut press = |s: &str| {
        writer.write_all(s.as_bytes()).unwrap();
        writer.flush().unwrap();
        // Lets a lone Esc be read as Esc rather than as the start of an Alt chord.
        std::thread::sleep(Duration::from_millis(150));
    };

    screen.wait_for("Orders — incoming queue", Duration::from_secs(90));
    screen.wait_for("OD-", Duration::from_secs(30));
    screen.wait_for("● connected", Duration::from_secs(30));
    for (key, title) in [
        ("2", "Stock — per SKU"),
        ("3", "Purchasing — purchase orders"),
        ("4", "Shipments"),
        ("5", "Invoices — VAT"),
        ("6", "Tracking — carrier events"),
        ("7", "Open orders by age"),
        ("8", "Catalog — products"),
        ("1", "Orders — incoming queue"),
    ] {
        press(key);
        screen.wait_for(title, Duration::from_secs(10));
    }
    // Help lists the keys, any key closes it.
    press("?");
    screen.wait_for("Keys — Orders", Duration::from_secs(20));
    press("\x1b");
    screen.wait_gone("Keys — Orders", Duration::from_secs(20));
    // Filter: only matching rows, diacritics optional; Esc clears it.
    press("/");
    for c in "nguyen".chars() {
        press(&c.to_string());
    }
    screen.wait_for("filter: nguyen", Duration::from_secs(20));
    press("\r");
    screen.wait_for("Nguyễn", Duration::from_secs(20));
    let filtered = screen.contents();
    let rows: Vec<&str> = filtered.lines().filter(|l| l.contains("OD-")).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|l| l.contains("Nguyễn")),
        "a row without Nguyễn:\n{filtered}"
    );
    press("\x1b");
    screen.wait_gone("filter: nguyen", Duration::from_secs(20));
    // Detail and back.
    press("\r");
    screen.wait_for("Order OD-", Duration::from_secs(20));
    screen.wait_for("Lines", Duration::from_secs(20));
    press("\x1b");
    screen.wait_for("Orders — incoming queue", Duration::from_secs(20));

    // The command line: Tab completes, :goto opens an order by its number.
    press(":");
    press("go");
    press("\t");
    for c in "OD-000007".chars() {
        press(&c.to_string());
    }
    press("\r");
    screen.wait_for("Order OD-000007", Duration::from_secs(20));
    press("\x1b");

    // Resizing: larger, then too small (a message, not a broken screen), then back.
    let resize = |rows: u16, cols: u16| {
        pair.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        if let Ok(mut p) = screen.parser.lock() {
            p.screen_mut().set_size(
                std::num::NonZero::new(rows).expect("rows"),
                std::num::NonZero::new(cols).expect("cols"),
            );
        }
    };
    resize(40, 120);
    screen.wait_for("Purchasing", Duration::from_secs(20));
    resize(12, 50);
    screen.wait_for("Terminal too small", Duration::from_secs(20));
    resize(24, 80);
    screen.wait_for("Orders — incoming queue", Duration::from_secs(20));

    press("q");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().ok();
            panic!("orderdeck did not quit on q");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    std::thread::sleep(Duration::from_millis(200));
    let raw = screen.raw.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&raw);
    // The alternate screen was entered and left again, and the cursor shown.
    let entered = text
        .find("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = text
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen");
    assert!(left > entered);
    assert!(
        text[left..].contains("\x1b[?25h")
            || text[..left].rfind("\x1b[?25h").is_some_and(|i| i > entered)
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orderdeck"))
        .arg("--data-dir")
        .arg(&data)
        .args(["db", "stop"])
        .env("ORDERDECK_CONFIG", &config)
        .env("ORDERDECK_LANGUAGE", "en")
        .output()
        .unwrap();
    assert!(out.status.success());
}
