//! The console's keys as a config file gives them: the app layer reads the file, the
//! keymap checks every binding (unknown actions, bad key names, the old flat `[keys]`
//! table). Tested here, where both halves meet.

use orderdeck_app::config::Config;
use orderdeck_tui::keymap::*;

fn load_checked(p: &std::path::Path) -> String {
    let (config, _) = Config::load(Some(p), vec![]).expect("loads");
    config.check_keys(check_key).unwrap_err().to_string()
}

fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("config.toml");
    std::fs::write(&p, text).expect("write");
    (dir, p)
}

#[test]
fn unknown_action_in_keys_names_it() {
    let (_d, p) = write("[keys.global]\ndown = \"j\"\nfly = \"f\"\n");
    let err = load_checked(&p);
    assert!(
        err.contains("keys.global.fly") && err.contains("line 3"),
        "{err}"
    );
}

#[test]
fn bad_key_name_is_an_error() {
    let (_d, p) = write("[keys.global]\ndown = \"Ctrl-Banana\"\n");
    let err = load_checked(&p);
    assert!(err.contains("keys.global.down"), "{err}");
}

#[test]
fn an_old_flat_keys_table_names_the_section_to_move_to() {
    let (_d, p) = write("theme = \"mono\"\n[keys]\nship = \"Ctrl-x\"\n");
    let err = load_checked(&p);
    assert!(
        err.contains("keys.ship") && err.contains("[keys.orders]") && err.contains("line 3"),
        "{err}"
    );
}

#[test]
fn an_action_in_a_section_it_does_not_belong_to_is_refused() {
    let (_d, p) = write("[keys.stock]\nship = \"S\"\n");
    let err = load_checked(&p);
    assert!(
        err.contains("[keys.orders] or [keys.shipments]") && err.contains("line 2"),
        "{err}"
    );
    let (_d, p) = write("[keys.fly]\ndown = \"j\"\n");
    assert!(load_checked(&p).contains("unknown section"));
}
