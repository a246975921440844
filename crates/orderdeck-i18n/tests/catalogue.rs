//! The catalogues' own checks, run by `.ci/run` on their own before the suite: every file
//! parses; every message is in all three languages, in the same file, with the same values;
//! no message is unused and no id the code asks for is missing; no text carries a control
//! character.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::Entry;
use orderdeck_i18n::Lang;
use orderdeck_i18n::catalogue::{AREAS, sources};

/// One message: its language, file, and the values (`$name`) it uses.
struct Message {
    vars: BTreeSet<String>,
    text: String,
}

/// Messages of one language's file, by id, read line by line: an entry starts at a line
/// `id = …` and goes on over indented lines.
fn messages(source: &str) -> BTreeMap<String, Message> {
    let mut out: BTreeMap<String, Message> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let starts_entry = line
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
        if starts_entry && let Some((id, rest)) = line.split_once('=') {
            let id = id.trim().to_string();
            current = Some(id.clone());
            out.insert(
                id,
                Message {
                    vars: BTreeSet::new(),
                    text: String::new(),
                },
            );
            if let Some(m) = current.as_ref().and_then(|id| out.get_mut(id)) {
                m.text.push_str(rest);
            }
        } else if line.starts_with([' ', '\t']) {
            if let Some(m) = current.as_ref().and_then(|id| out.get_mut(id)) {
                m.text.push('\n');
                m.text.push_str(line);
            }
        } else {
            current = None;
        }
    }
    for m in out.values_mut() {
        let mut rest = m.text.as_str();
        while let Some(at) = rest.find('$') {
            let name: String = rest[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !name.is_empty() {
                m.vars.insert(name);
            }
            rest = &rest[at + 1..];
        }
    }
    out
}

#[test]
fn every_file_parses_whole() {
    for lang in Lang::ALL {
        for (area, source) in AREAS.iter().zip(sources(lang)) {
            let resource = match fluent_syntax::parser::parse(*source) {
                Ok(r) => r,
                Err((_, errors)) => panic!("{lang}/{area}.ftl does not parse: {errors:?}"),
            };
            for entry in resource.body {
                if let Entry::Junk { content } = entry {
                    panic!("{lang}/{area}.ftl has text that is not a message: {content}");
                }
            }
        }
    }
}

#[test]
fn every_message_is_in_every_language_with_the_same_values() {
    let mut problems = Vec::new();
    for (i, area) in AREAS.iter().enumerate() {
        let en = messages(sources(Lang::En)[i]);
        for lang in [Lang::Vi, Lang::Id] {
            let other = messages(sources(lang)[i]);
            for (id, m) in &en {
                match other.get(id) {
                    None => problems.push(format!("{lang}/{area}.ftl lacks `{id}`")),
                    Some(o) if o.vars != m.vars => problems.push(format!(
                        "{lang}/{area}.ftl `{id}` uses {:?}, English uses {:?}",
                        o.vars, m.vars
                    )),
                    Some(_) => {}
                }
            }
            for id in other.keys() {
                if !en.contains_key(id) {
                    problems.push(format!("{lang}/{area}.ftl has `{id}`, English does not"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_files_ids_carry_its_prefix() {
    // `tui-…` in tui.ftl, `cli-…` in cli.ftl: so two people adding messages to two files
    // never pick the same id, and an id says where to find it.
    for (area, source) in AREAS.iter().zip(sources(Lang::En)) {
        for id in messages(source).into_keys() {
            assert!(
                id.starts_with(&format!("{area}-")) || id.starts_with(&format!("-{area}-")),
                "`{id}` in {area}.ftl must start with `{area}-`"
            );
        }
    }
}

#[test]
fn no_id_is_in_two_files() {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for (area, source) in AREAS.iter().zip(sources(Lang::En)) {
        for id in messages(source).into_keys() {
            if let Some(first) = seen.insert(id.clone(), area) {
                problems.push(format!("`{id}` is in {first}.ftl and {area}.ftl"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_text_carries_a_control_character() {
    for lang in Lang::ALL {
        for (area, source) in AREAS.iter().zip(sources(lang)) {
            for (id, m) in messages(source) {
                let bad = m.text.chars().find(|c| {
                    (c.is_control() && *c != '\n' && *c != '\t')
                        || ('\u{2066}'..='\u{2069}').contains(c)
                        || ('\u{202a}'..='\u{202e}').contains(c)
                });
                assert!(
                    bad.is_none(),
                    "{lang}/{area}.ftl `{id}` has control character {bad:?}"
                );
            }
        }
    }
}

/// The workspace's Rust sources (not tests: a message only a test asks for is unused).
fn rust_sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = vec![root.join("src")];
    if let Ok(crates) = std::fs::read_dir(root.join("crates")) {
        dirs.extend(crates.flatten().map(|e| e.path().join("src")));
    }
    let mut out = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                // Comments name ids in examples; only code asks for them.
                let code: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect();
                out.push((path, code.join("\n")));
            }
        }
    }
    out
}

/// Every piece of Rust source between two quotes, odd and even alike: each string
/// literal is among them, and a stray quote (a char literal `'"'`) cannot hide the ids
/// after it.
fn literals(text: &str) -> BTreeSet<&str> {
    text.split('"').collect()
}

#[test]
fn every_message_is_used_and_every_id_asked_for_exists() {
    let sources_rs = rust_sources();
    let mut quoted: BTreeSet<String> = BTreeSet::new();
    for (_, text) in &sources_rs {
        quoted.extend(literals(text).into_iter().map(str::to_string));
    }
    let mut en_ids = BTreeSet::new();
    for source in sources(Lang::En) {
        en_ids.extend(messages(source).into_keys());
    }
    let mut unused = Vec::new();
    for id in &en_ids {
        if id.starts_with('-') || quoted.contains(id) {
            continue;
        }
        // Ids built from a code (`status-` + "packed"): used when the family is declared
        // and the code is a literal somewhere.
        let built = orderdeck_i18n::BUILT_FAMILIES.iter().any(|family| {
            id.strip_prefix(family)
                .is_some_and(|code| quoted.contains(code))
        });
        if !built {
            unused.push(id.clone());
        }
    }
    assert!(
        unused.is_empty(),
        "messages no code asks for:\n{}",
        unused.join("\n")
    );

    // Ids the code asks for by literal: `t!("…"`.
    let mut missing = Vec::new();
    for (path, text) in &sources_rs {
        let mut pieces = text.split("t!(\"");
        let mut before = pieces.next().unwrap_or("");
        for piece in pieces {
            let macro_call = !before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
            let id: String = piece.chars().take_while(|c| *c != '"').collect();
            if macro_call && !en_ids.contains(&id) {
                missing.push(format!("{}: `{id}`", path.display()));
            }
            before = piece;
        }
    }
    assert!(
        missing.is_empty(),
        "ids asked for but not in the catalogue:\n{}",
        missing.join("\n")
    );
}
