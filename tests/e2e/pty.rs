//! The real binary in a pseudo-terminal: start on a temporary embedded database with
//! demo data, visit every pane, open help, filter, quit, and the terminal is restored.

use std::time::Duration;

use crate::term::Term;

#[test]
fn visit_every_pane_help_filter_and_quit() {
    let mut t = Term::demo(24, 80, "");
    t.screen
        .wait_for("Orders — incoming queue", Duration::from_secs(90));
    t.screen.wait_for("OD-", Duration::from_secs(30));
    t.screen.wait_for("● connected", Duration::from_secs(30));
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
        t.press(key);
        t.screen.wait_for(title, Duration::from_secs(10));
    }
    // Help lists the keys, any key closes it.
    t.press("?");
    t.screen.wait_for("Keys — Orders", Duration::from_secs(20));
    t.press("\x1b");
    t.screen.wait_gone("Keys — Orders", Duration::from_secs(20));
    // Filter: only matching rows, diacritics optional; Esc clears it.
    t.press("/");
    for c in "nguyen".chars() {
        t.press(&c.to_string());
    }
    t.screen.wait_for("filter: nguyen", Duration::from_secs(20));
    t.press("\r");
    t.screen.wait_for("Nguyễn", Duration::from_secs(20));
    let filtered = t.screen.contents();
    let rows: Vec<&str> = filtered.lines().filter(|l| l.contains("OD-")).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|l| l.contains("Nguyễn")),
        "a row without Nguyễn:\n{filtered}"
    );
    t.press("\x1b");
    t.screen
        .wait_gone("filter: nguyen", Duration::from_secs(20));
    // Detail and back.
    t.press("\r");
    t.screen.wait_for("Order OD-", Duration::from_secs(20));
    t.screen.wait_for("Lines", Duration::from_secs(20));
    t.press("\x1b");
    t.screen
        .wait_for("Orders — incoming queue", Duration::from_secs(20));

    // The command line: Tab completes, :goto opens an order by its number.
    t.press(":");
    t.press("go");
    t.press("\t");
    for c in "OD-000007".chars() {
        t.press(&c.to_string());
    }
    t.press("\r");
    t.screen
        .wait_for("Order OD-000007", Duration::from_secs(20));
    t.press("\x1b");

    // Resizing: larger, then too small (a message, not a broken screen), then back.
    t.resize(40, 120);
    t.screen.wait_for("Purchasing", Duration::from_secs(20));
    t.resize(12, 50);
    t.screen
        .wait_for("Terminal too small", Duration::from_secs(20));
    t.resize(24, 80);
    t.screen
        .wait_for("Orders — incoming queue", Duration::from_secs(20));

    let ended = t.quit();
    assert!(ended.exited_ok, "orderdeck did not quit on q, or failed");
    let text = ended.raw;
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
    assert!(ended.stopped_ok, "db stop failed");
}
