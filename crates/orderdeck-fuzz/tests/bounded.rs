//! A bounded fuzz run of every target, on stable, inside `cargo test`.
//!
//! Not coverage-guided (that is `tests/fuzz/`, on nightly): for a fixed time per target it
//! takes the seeds in `corpus/NAME/`, mutates them — byte flips, inserts, deletes,
//! splices with other seeds, and JSON-aware changes that put odd values where the seeds
//! have numbers, strings, lists and objects — and calls the target with each result.
//! A panic fails the test with the input, escaped, and the file it was saved to.
//!
//! `ORDERDECK_FUZZ_SECS` sets the time per target (default 2; `0` runs the seeds only),
//! `ORDERDECK_FUZZ_SEED` replays a run, `ORDERDECK_FUZZ_TARGETS` (names, comma-separated)
//! picks targets. Each target prints `fuzz NAME: N executions in S s (seed X)`.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use orderdeck_fuzz::TARGETS;
use orderdeck_fuzz::replies::SEPARATOR;
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use serde_json::Value;

/// Inputs grow by inserts and splices; past this they are cut (libFuzzer's default
/// `-max_len` is 4096; our seeds are up to a few kilobytes).
const MAX_LEN: usize = 16 * 1024;

#[test]
fn every_target_survives_mutated_seeds() {
    let secs: f64 = env_or("ORDERDECK_FUZZ_SECS", 2.0);
    let seed: u64 = env_or("ORDERDECK_FUZZ_SEED", rand::rng().next_u64());
    let only: Option<Vec<String>> = std::env::var("ORDERDECK_FUZZ_TARGETS")
        .ok()
        .map(|s| s.split(',').map(|t| t.trim().to_string()).collect());
    let budget = Duration::from_secs_f64(secs.max(0.0));

    let mut failures = Vec::new();
    for (i, &(name, target)) in TARGETS.iter().enumerate() {
        if only.as_ref().is_some_and(|o| !o.iter().any(|t| t == name)) {
            continue;
        }
        let seeds = seeds(name);
        assert!(!seeds.is_empty(), "corpus/{name}/ holds no seed");
        // One stream per target: replaying one target needs only the printed seed.
        let target_seed = seed.wrapping_add(i as u64);
        let mut rng = StdRng::seed_from_u64(target_seed);
        let started = Instant::now();
        let mut runs = 0u64;
        // The seeds as they are first: a seed that panics is a finding too.
        let mut next = seeds.iter().cloned();
        let trace = std::env::var_os("ORDERDECK_FUZZ_TRACE").is_some();
        let failure = loop {
            let input = match next.next() {
                Some(s) => {
                    if trace {
                        eprintln!("{name}, seed {}:", runs + 1);
                    }
                    s
                }
                None if started.elapsed() < budget => mutate(&mut rng, &seeds),
                None => break None,
            };
            runs += 1;
            if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
                break Some(input);
            }
        };
        let took = started.elapsed().as_secs_f64();
        // Straight to stderr rather than `eprintln!`, which the test harness captures and
        // drops for a passing test: CI's log shows the figures on every run.
        let _ = writeln!(
            std::io::stderr(),
            "fuzz {name}: {runs} executions in {took:.1} s (seed {target_seed})"
        );
        if let Some(input) = failure {
            let saved = save(name, target_seed, &input);
            failures.push(format!(
                "{name} panicked (seed {target_seed}) on {} bytes, saved to {}:\n  b\"{}\"",
                input.len(),
                saved.display(),
                input.escape_ascii()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The two runners stay in step: each target has seeds and a cargo-fuzz target calling
/// it, and cargo-fuzz has no target this crate does not list.
#[test]
fn every_target_has_seeds_and_a_cargo_fuzz_target() {
    let fuzz_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz");
    let manifest = std::fs::read_to_string(fuzz_dir.join("Cargo.toml")).expect("tests/fuzz");
    for (name, _) in TARGETS {
        assert!(!seeds(name).is_empty(), "corpus/{name}/ holds no seed");
        let file = fuzz_dir.join("fuzz_targets").join(format!("{name}.rs"));
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            text.contains(&format!("orderdeck_fuzz::{name}(data)")),
            "{} does not call orderdeck_fuzz::{name}",
            file.display()
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "tests/fuzz/Cargo.toml has no [[bin]] {name}"
        );
    }
    for entry in std::fs::read_dir(fuzz_dir.join("fuzz_targets")).expect("fuzz_targets") {
        let path = entry.expect("a fuzz target").path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        assert!(
            TARGETS.iter().any(|(n, _)| *n == stem),
            "{} is not in orderdeck_fuzz::TARGETS",
            path.display()
        );
    }
}

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    match std::env::var(key) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{key}={v:?} is not a number")),
        Err(_) => default,
    }
}

/// The seed files of a target, in name order.
fn seeds(name: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

/// Where a panicking input is kept, to replay with `cargo fuzz run NAME FILE` or by hand.
fn save(name: &str, seed: u64, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes");
    let path = dir.join(format!("{name}-{seed}.bin"));
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, input)) {
        eprintln!("could not save {}: {e}", path.display());
    }
    path
}

// ------------------------------------------------------------------------------------
// Mutations

/// A new input: a seed with one to eight mutations stacked.
fn mutate(rng: &mut StdRng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.random_range(0..seeds.len())].clone();
    for _ in 0..rng.random_range(1..=8) {
        match rng.random_range(0..11) {
            0 => flip_bit(rng, &mut data),
            1 => set_byte(rng, &mut data),
            2 => insert_bytes(rng, &mut data),
            3 => delete_range(rng, &mut data),
            4 => duplicate_range(rng, &mut data),
            5 => splice(rng, &mut data, seeds),
            6 => insert_separator(rng, &mut data),
            // Numbers and JSON values are where readers break (arithmetic on what a server
            // sent) and are likeliest to get past the parser: more weight.
            7 | 8 => edit_number(rng, &mut data),
            _ => json_value(rng, &mut data),
        }
    }
    data.truncate(MAX_LEN);
    data
}

fn flip_bit(rng: &mut StdRng, data: &mut [u8]) {
    if !data.is_empty() {
        let i = rng.random_range(0..data.len());
        data[i] ^= 1 << rng.random_range(0..8);
    }
}

/// Bytes that mean something to JSON, CSV, numbers and UTF-8.
const INTERESTING: &[u8] = b"\x00\x7f\xff\xc3\xe2\"\\{}[],:;\n\r\t -+.0159eE%";

fn set_byte(rng: &mut StdRng, data: &mut [u8]) {
    if !data.is_empty() {
        let i = rng.random_range(0..data.len());
        data[i] = INTERESTING[rng.random_range(0..INTERESTING.len())];
    }
}

fn insert_bytes(rng: &mut StdRng, data: &mut Vec<u8>) {
    let at = rng.random_range(0..=data.len());
    let n = rng.random_range(1..=8);
    let bytes: Vec<u8> = (0..n)
        .map(|_| {
            if rng.random_bool(0.5) {
                INTERESTING[rng.random_range(0..INTERESTING.len())]
            } else {
                rng.random()
            }
        })
        .collect();
    data.splice(at..at, bytes);
}

fn delete_range(rng: &mut StdRng, data: &mut Vec<u8>) {
    if !data.is_empty() {
        let at = rng.random_range(0..data.len());
        let n = rng.random_range(1..=16).min(data.len() - at);
        data.drain(at..at + n);
    }
}

fn duplicate_range(rng: &mut StdRng, data: &mut Vec<u8>) {
    if !data.is_empty() {
        let at = rng.random_range(0..data.len());
        let n = rng.random_range(1..=64).min(data.len() - at);
        let chunk = data[at..at + n].to_vec();
        let to = rng.random_range(0..=data.len());
        data.splice(to..to, chunk);
    }
}

/// A piece of another seed over a piece of this one.
fn splice(rng: &mut StdRng, data: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let other = &seeds[rng.random_range(0..seeds.len())];
    if other.is_empty() {
        return;
    }
    let from = rng.random_range(0..other.len());
    let n = rng.random_range(1..=other.len() - from);
    let at = rng.random_range(0..=data.len());
    let cut = rng.random_range(0..=(data.len() - at).min(n));
    data.splice(at..at + cut, other[from..from + n].iter().copied());
}

/// Texts that have broken number readers somewhere: limits, signs, exponents.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1e308",
    "-1e308",
    "1e-400",
    "0.000000000000000000000000001",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "99999999999999999999999999999",
    "79228162514264337593543950336",
    "4294967296",
    "2147483648",
    "100000000000",
    "2562047788015216",
    "1.5",
    "1,5",
    "1.000.000",
    "NaN",
];

/// Replaces a run of digits with a number from [`NUMBERS`].
fn edit_number(rng: &mut StdRng, data: &mut Vec<u8>) {
    let starts: Vec<usize> = (0..data.len())
        .filter(|&i| data[i].is_ascii_digit() && (i == 0 || !data[i - 1].is_ascii_digit()))
        .collect();
    if starts.is_empty() {
        return;
    }
    let at = starts[rng.random_range(0..starts.len())];
    let end = (at..data.len())
        .find(|&i| !data[i].is_ascii_digit())
        .unwrap_or(data.len());
    let number = NUMBERS[rng.random_range(0..NUMBERS.len())].as_bytes();
    data.splice(at..end, number.iter().copied());
}

/// Another reply body for the reply targets (see `replies::SEPARATOR`).
fn insert_separator(rng: &mut StdRng, data: &mut Vec<u8>) {
    let at = rng.random_range(0..=data.len());
    data.splice(at..at, SEPARATOR.iter().copied());
}

/// Parses the input (or, for a multi-body reply input, one of its bodies; or a webhook
/// input's body after its header line) as JSON, changes one value in it, and writes it
/// back. Not JSON: left alone.
fn json_value(rng: &mut StdRng, data: &mut Vec<u8>) {
    // Candidate JSON texts: the pieces between separators, and whatever follows the
    // first line break (a webhook's body).
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    while let Some(at) = data[start..]
        .windows(SEPARATOR.len())
        .position(|w| w == SEPARATOR)
    {
        pieces.push((start, start + at));
        start += at + SEPARATOR.len();
    }
    pieces.push((start, data.len()));
    if let Some(nl) = data.iter().position(|b| *b == b'\n') {
        pieces.push((nl + 1, data.len()));
    }
    let (from, to) = pieces[rng.random_range(0..pieces.len())];
    let Ok(mut value) = serde_json::from_slice::<Value>(&data[from..to]) else {
        return;
    };
    let mut count = 0;
    count_nodes(&value, &mut count);
    let target = rng.random_range(0..count);
    let mut seen = 0;
    change_node(rng, &mut value, target, &mut seen);
    let text = serde_json::to_vec(&value).unwrap_or_default();
    data.splice(from..to, text);
}

fn count_nodes(v: &Value, n: &mut usize) {
    *n += 1;
    match v {
        Value::Array(a) => a.iter().for_each(|x| count_nodes(x, n)),
        Value::Object(o) => o.values().for_each(|x| count_nodes(x, n)),
        _ => {}
    }
}

/// Changes the `target`-th node (pre-order): a new value, or a list or object edited.
fn change_node(rng: &mut StdRng, v: &mut Value, target: usize, seen: &mut usize) -> bool {
    if *seen == target {
        match v {
            Value::Array(a) if !a.is_empty() && rng.random_bool(0.5) => {
                let i = rng.random_range(0..a.len());
                if rng.random_bool(0.5) {
                    a.remove(i);
                } else {
                    let copy = a[i].clone();
                    a.insert(i, copy);
                }
            }
            Value::Object(o) if !o.is_empty() && rng.random_bool(0.5) => {
                let keys: Vec<String> = o.keys().cloned().collect();
                let key = &keys[rng.random_range(0..keys.len())];
                o.remove(key);
            }
            _ => *v = odd_value(rng),
        }
        return true;
    }
    *seen += 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|x| change_node(rng, x, target, seen)),
        Value::Object(o) => o.values_mut().any(|x| change_node(rng, x, target, seen)),
        _ => false,
    }
}

/// Texts that readers of names, times and amounts trip on.
const ODD_TEXTS: &[&str] = &[
    "đ",
    "\u{0}",
    "\u{1b}[2J",
    "  ",
    "\u{a0}150.000\u{a0}₫",
    "2026-02-30T25:61:61Z",
    "31/12/9999 23:59:59",
    "+999999-12-31T23:59:59Z",
    "{\"a\":1}",
    "[]",
    "null",
];

/// A JSON value of any shape, leaning to the ones readers get wrong.
fn odd_value(rng: &mut StdRng) -> Value {
    match rng.random_range(0..12) {
        0 => Value::Null,
        1 => Value::Bool(rng.random()),
        2 => serde_json::json!(rng.random::<i64>()),
        3 => serde_json::json!(rng.random::<u64>()),
        4 => {
            serde_json::from_str(NUMBERS[rng.random_range(0..NUMBERS.len())]).unwrap_or(Value::Null)
        }
        5 => serde_json::json!(rng.random::<f64>() * 10f64.powi(rng.random_range(-20..300))),
        6 => Value::String(NUMBERS[rng.random_range(0..NUMBERS.len())].to_string()),
        7 => Value::String(String::new()),
        8 => Value::String(ODD_TEXTS[rng.random_range(0..ODD_TEXTS.len())].to_string()),
        9 => Value::String("x".repeat(rng.random_range(100..3000))),
        10 => Value::Array(Vec::new()),
        _ => Value::Object(serde_json::Map::new()),
    }
}
