//! The stations in a real terminal: the packer's loop counted in keys, a scanner's burst
//! read anywhere as a lookup (and the same keys typed by a person read as keys), many
//! orders' labels printed as one file.

use std::time::Duration;

use crate::term::Term;

/// The claimed order's lines on the pack screen: (SKU, quantity).
fn pack_lines(screen: &str) -> Vec<(String, u32)> {
    let mut lines = Vec::new();
    let mut table = false;
    for line in screen.lines() {
        if line.contains("SKU") && line.contains("Barcode") {
            table = true;
            continue;
        }
        if !table {
            continue;
        }
        let text = line.trim_matches(|c: char| c == '│' || c.is_whitespace());
        let Some(sku) = text.split_whitespace().next() else {
            continue;
        };
        let Some(qty) = text
            .split_whitespace()
            .rev()
            .find_map(|w| w.trim_end_matches('✓').split_once('/'))
            .and_then(|(_, q)| q.parse::<u32>().ok())
        else {
            continue;
        };
        lines.push((sku.to_string(), qty));
    }
    lines
}

fn files(dir: &std::path::Path, prefix: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(prefix))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn packed_to_label_printed_is_p_the_scans_and_enter() {
    let mut t = Term::demo(24, 80, "");
    t.screen
        .wait_for("Orders — incoming queue", Duration::from_secs(90));
    t.screen.wait_for("● connected", Duration::from_secs(30));
    let labels = t.data.join("labels");
    for round in 0..2 {
        let before = t.keys;
        let printed = files(&labels, "awb-").len() + files(&labels, "label-").len();
        if round == 0 {
            t.press("p");
        }
        t.screen.wait_for("scanned", Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(500));
        let title = t
            .screen
            .contents()
            .lines()
            .find_map(|l| {
                l.split("Pack — ")
                    .nth(1)
                    .map(|r| r.split(' ').next().unwrap_or("").to_string())
            })
            .unwrap_or_default();
        let lines = pack_lines(&t.screen.contents());
        assert!(
            !lines.is_empty(),
            "a claimed order:\n{}",
            t.screen.contents()
        );
        let mut scans = 0;
        for (sku, qty) in &lines {
            for _ in 0..*qty {
                t.scan(sku);
                scans += 1;
                std::thread::sleep(Duration::from_millis(300));
            }
        }
        // An address the carrier cannot place (the demo has some) asks for its ward:
        // one more key, Enter on the first candidate, and said apart.
        let mut ward_keys = 0;
        let start = std::time::Instant::now();
        loop {
            let shown = t.screen.contents();
            if shown.contains("Enter = ship") {
                break;
            }
            if shown.contains("which ward") {
                t.press("\r");
                ward_keys += 1;
                t.screen.wait_gone("which ward", Duration::from_secs(60));
            }
            // Generous: CI runs every terminal test at once on two cores.
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "no ship step:\n{shown}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        t.press("\r");
        let start = std::time::Instant::now();
        while files(&labels, "awb-").len() + files(&labels, "label-").len() == printed {
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "no label was written:\n{}",
                t.screen.contents()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // The next order is claimed: the title names another one.
        t.screen
            .wait_gone(&format!("Pack — {title} "), Duration::from_secs(90));
        // p (first round only: the station stays open), a key per scanned character and
        // its Enter, and one Enter.
        let scanned_keys: usize = lines
            .iter()
            .map(|(sku, qty)| (sku.chars().count() + 1) * *qty as usize)
            .sum();
        assert_eq!(
            t.keys - before - ward_keys,
            usize::from(round == 0) + scanned_keys + 1,
            "round {round}: {scans} scans"
        );
        eprintln!(
            "round {round}: {} keys from packed to label ({scans} scans, {ward_keys} ward pick)",
            t.keys - before
        );
    }
    t.quit();
}

#[test]
fn a_scan_in_a_list_opens_what_it_names_and_typing_stays_keys() {
    let mut t = Term::demo(24, 80, "");
    t.screen
        .wait_for("Orders — incoming queue", Duration::from_secs(90));
    t.screen.wait_for("● connected", Duration::from_secs(30));
    // The scanner's burst: the order opens, wherever the cursor was.
    t.press("2");
    t.screen.wait_for("Stock", Duration::from_secs(60));
    t.scan("OD-000007");
    t.screen
        .wait_for("Order OD-000007", Duration::from_secs(60));
    t.press("\x1b");
    t.screen
        .wait_gone("Order OD-000007", Duration::from_secs(60));
    // The same characters typed by a person are keys: `7` shows the dashboard, and the
    // Enter opens nothing.
    t.press("1");
    t.type_slowly("OD-000007");
    t.press("\r");
    t.screen
        .wait_for("Open orders by age", Duration::from_secs(60));
    assert!(!t.screen.contents().contains("Order OD-000007"));
    // A line typed as fast as a scanner (a script, a paste) after `/` or `:` is typing:
    // the filter takes it.
    t.press("1");
    t.scan("/nguyen");
    t.screen.wait_for("filter: nguyen", Duration::from_secs(60));
    t.press("\x1b");
    t.screen
        .wait_gone("filter: nguyen", Duration::from_secs(60));
    // A code nothing has: said, and the bell rings.
    let bells = t.screen.raw_text().matches('\x07').count();
    t.scan("NOPE-404-XYZ");
    t.screen
        .wait_for("no order, parcel or product", Duration::from_secs(60));
    assert!(t.screen.raw_text().matches('\x07').count() > bells);
    t.quit();
}

#[test]
fn twenty_marked_parcels_print_as_one_file() {
    let mut t = Term::demo(40, 120, "");
    t.screen
        .wait_for("Orders — incoming queue", Duration::from_secs(90));
    t.screen.wait_for("● connected", Duration::from_secs(30));
    t.press("4");
    t.screen.wait_for("Tracking", Duration::from_secs(20));
    let before = t.keys;
    for _ in 0..20 {
        t.press(" ");
    }
    t.screen.wait_for("20 marked", Duration::from_secs(10));
    t.press("L");
    t.screen
        .wait_for("20 of 20 labels in one file", Duration::from_secs(60));
    assert_eq!(t.keys - before, 21, "Space × 20 and L");
    let labels = t.data.join("labels");
    let made = files(&labels, "labels-");
    assert_eq!(made.len(), 1, "one file: {made:?}");
    let pdf = std::fs::read(&made[0]).expect("the file");
    let pages = pdf_extract::Document::load_mem(&pdf)
        .expect("a PDF")
        .get_pages()
        .len();
    assert_eq!(pages, 20);
    t.quit();
}
