//! The real binary in a pseudo-terminal on its own embedded demo database: what it draws
//! (through vt100), what it writes raw (bells, OSC 52), keys written as a person types
//! them or as a scanner sends them.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Screen {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    pub fn contents(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    pub fn raw_text(&self) -> String {
        self.raw
            .lock()
            .map(|r| String::from_utf8_lossy(&r).into_owned())
            .unwrap_or_default()
    }

    pub fn wait_for(&self, needle: &str, limit: Duration) {
        let start = Instant::now();
        loop {
            let text = self.contents();
            if text.contains(needle) {
                return;
            }
            if start.elapsed() > limit {
                panic!("`{needle}` did not appear within {limit:?}; screen:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_gone(&self, needle: &str, limit: Duration) {
        let start = Instant::now();
        while self.contents().contains(needle) {
            if start.elapsed() > limit {
                panic!("`{needle}` did not go away; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A running console and its terminal.
pub struct Term {
    pub screen: Screen,
    pub data: PathBuf,
    pub config: PathBuf,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    /// Kept open: the console's terminal closes with it.
    master: Box<dyn MasterPty + Send>,
    /// Keys written so far, as a person or a scanner pressed them.
    pub keys: usize,
    _dir: tempfile::TempDir,
}

impl Term {
    /// `orderdeck --demo` in a `cols`×`rows` terminal with this config file.
    pub fn demo(rows: u16, cols: u16, config_text: &str) -> Term {
        let dir = tempfile::tempdir().expect("a folder");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).expect("data folder");
        let config = dir.path().join("config.toml");
        std::fs::write(&config, config_text).expect("config");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_orderdeck"));
        cmd.arg("--data-dir");
        cmd.arg(&data);
        cmd.arg("--demo");
        cmd.env("TERM", "xterm-256color");
        cmd.env("ORDERDECK_CONFIG", &config);
        cmd.env("ORDERDECK_LANGUAGE", "en");
        cmd.env_remove("DATABASE_URL");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("orderdeck starts");
        drop(pair.slave);
        let screen = Screen {
            parser: Arc::new(Mutex::new(vt100::Parser::new(
                std::num::NonZero::new(rows).expect("rows"),
                std::num::NonZero::new(cols).expect("cols"),
                0,
            ))),
            raw: Arc::new(Mutex::new(Vec::new())),
        };
        let mut reader = pair.master.try_clone_reader().expect("reader");
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
        let writer = pair.master.take_writer().expect("writer");
        Term {
            screen,
            data,
            config,
            writer,
            child,
            master: pair.master,
            keys: 0,
            _dir: dir,
        }
    }

    /// One key (or an escape sequence), then a person's pause.
    pub fn press(&mut self, key: &str) {
        self.keys += 1;
        self.write(key.as_bytes());
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Each character as a person types it: 150 ms apart.
    pub fn type_slowly(&mut self, text: &str) {
        for c in text.chars() {
            self.press(&c.to_string());
        }
    }

    /// A scanner's burst: the code and Enter, a few milliseconds apart.
    pub fn scan(&mut self, code: &str) {
        for c in code.chars() {
            self.keys += 1;
            self.write(c.to_string().as_bytes());
            std::thread::sleep(Duration::from_millis(4));
        }
        self.keys += 1;
        self.write(b"\r");
        std::thread::sleep(Duration::from_millis(150));
    }

    fn write(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    /// The terminal is resized (as a window is), and the screen model with it.
    /// The screen's model is resized first, and held while the terminal is: a console
    /// quick to redraw on SIGWINCH must not have its new frame read at the old size (the
    /// frame lands garbled and, drawn as diffs after, never heals — a race a loaded
    /// machine lost). Old-size output read at the new size fits inside it.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        let mut parser = self.screen.parser.lock().expect("the screen's parser");
        parser.screen_mut().set_size(
            std::num::NonZero::new(rows).expect("rows"),
            std::num::NonZero::new(cols).expect("cols"),
        );
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        drop(parser);
    }

    /// Quits with `q` and stops the embedded cluster; says how both went, with what the
    /// console wrote raw.
    pub fn quit(mut self) -> Ended {
        self.write(b"q");
        let start = Instant::now();
        let exited_ok = loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                break status.success();
            }
            if start.elapsed() > Duration::from_secs(10) {
                self.child.kill().ok();
                break false;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        // The last bytes (leaving the alternate screen) are read by the reader thread.
        std::thread::sleep(Duration::from_millis(200));
        let stopped_ok = std::process::Command::new(env!("CARGO_BIN_EXE_orderdeck"))
            .arg("--data-dir")
            .arg(&self.data)
            .args(["db", "stop"])
            .env("ORDERDECK_CONFIG", &self.config)
            .env("ORDERDECK_LANGUAGE", "en")
            .output()
            .is_ok_and(|o| o.status.success());
        Ended {
            exited_ok,
            stopped_ok,
            raw: self.screen.raw_text(),
        }
    }
}

/// How a console ended.
pub struct Ended {
    pub exited_ok: bool,
    pub stopped_ok: bool,
    pub raw: String,
}
