//! The scriptable subcommands: `orders`, `stock`, `po`. Each prints text for people or
//! JSON (`--json`) for scripts, and exits non-zero with a clear message when refused.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::setup::Setup;
use crate::cli::{ExportWhat, ImportWhat, OrdersAction, PoAction, StockAction};
use orderdeck_app::intake::{self, IntakeOutcome};
use orderdeck_domain::intake::NewOrder;
use orderdeck_domain::money::format_vnd;
use orderdeck_domain::order_event::OrderEventKind;

/// One order is never this big; a bigger input is a mistake (a wrong file, a paste).
const MAX_ORDER_BYTES: u64 = 1024 * 1024;
const MAX_IMPORT_BYTES: u64 = 512 * 1024 * 1024;

fn read_input(path: &Path, limit: u64) -> Result<String> {
    let mut text = String::new();
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        )
    };
    let n = reader
        .take(limit + 1)
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read {} as UTF-8 text", path.display()))?;
    if n as u64 > limit {
        bail!(
            "{} is larger than {} MiB: refused, nothing imported",
            path.display(),
            limit / 1024 / 1024
        );
    }
    Ok(text)
}

/// `--decimal comma|point`.
pub(crate) fn decimal_mark(
    flag: Option<&str>,
) -> Result<Option<orderdeck_domain::money::read::DecimalMark>> {
    flag.map(|f| {
        orderdeck_domain::money::read::DecimalMark::parse(f).with_context(|| {
            format!("--decimal `{f}`: comma (1.250.000,00) or point (1,250,000.00)")
        })
    })
    .transpose()
}

/// Outside text as it may be printed on a terminal (control characters shown).
pub(crate) fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    orderdeck_domain::text::visible(text)
}

fn print_import(report: &orderdeck_app::import::ImportReport, started: std::time::Instant) {
    say!(
        "imported {} order(s) ({} ready to pack, {} backordered), {} duplicate(s) skipped, in {:.2} s",
        report.created,
        report.reserved,
        report.backordered,
        report.duplicates,
        started.elapsed().as_secs_f64()
    );
}

fn print_outcome(o: &IntakeOutcome) {
    match o {
        IntakeOutcome::Created {
            number,
            status,
            shortages,
        } if shortages.is_empty() => say!("created {number}: {status}"),
        IntakeOutcome::Created {
            number,
            status,
            shortages,
        } => say!(
            "created {number}: {status} ({})",
            shortages
                .iter()
                .map(|s| format!("{} short {}", s.sku, s.short))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        IntakeOutcome::Duplicate { number } => {
            say!("duplicate: already received as {number}; nothing changed")
        }
    }
}

/// A file (not standard input) whose first non-blank character is not `[`: JSON lines,
/// read as it goes.
fn json_lines_file(path: &Path) -> Result<Option<std::path::PathBuf>> {
    use std::io::BufRead;
    if path.as_os_str() == "-" {
        return Ok(None);
    }
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut reader = std::io::BufReader::new(file);
    loop {
        let buf = reader
            .fill_buf()
            .with_context(|| format!("cannot read {}", path.display()))?;
        match buf.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => return Ok(None),
            Some(_) => return Ok(Some(path.to_path_buf())),
            None if buf.is_empty() => return Ok(None),
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// Most problems listed from one file (the count says how many more).
const MAX_PROBLEMS: usize = 200;

/// Every line read and checked, nothing kept: the problems, each with its line.
fn check_json_lines(path: &Path) -> Result<Vec<String>> {
    use std::io::BufRead;
    let reader = std::io::BufReader::new(
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
    );
    let mut problems = Vec::new();
    let mut more = 0usize;
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("line {}: not UTF-8 text", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let found: Vec<String> = match serde_json::from_str::<NewOrder>(&line) {
            Ok(o) => match o.validate() {
                Ok(()) => Vec::new(),
                Err(es) => es
                    .into_iter()
                    .map(|e| format!("line {}: {e}", i + 1))
                    .collect(),
            },
            Err(e) => vec![format!("line {}: {e}", i + 1)],
        };
        for p in found {
            if problems.len() < MAX_PROBLEMS {
                problems.push(p);
            } else {
                more += 1;
            }
        }
    }
    if more > 0 {
        problems.push(format!("… and {more} more"));
    }
    Ok(problems)
}

/// The next `n` orders of a JSON-lines file (checked already).
fn read_chunk(
    reader: &mut impl std::io::BufRead,
    line_no: &mut usize,
    n: usize,
) -> Option<Result<Vec<NewOrder>, String>> {
    let mut chunk = Vec::with_capacity(n);
    let mut line = String::new();
    while chunk.len() < n {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {
                *line_no += 1;
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<NewOrder>(&line) {
                    Ok(o) => chunk.push(o),
                    Err(e) => return Some(Err(format!("line {line_no}: {e}"))),
                }
            }
            Err(e) => return Some(Err(format!("line {}: {e}", *line_no + 1))),
        }
    }
    (!chunk.is_empty()).then_some(Ok(chunk))
}

/// Parses a JSON array or JSON lines; every bad record is reported with its place.
pub fn parse_orders(text: &str) -> Result<Vec<NewOrder>, Vec<String>> {
    let trimmed = text.trim_start();
    let mut errors = Vec::new();
    let mut orders = Vec::new();
    if trimmed.starts_with('[') {
        let values: Vec<serde_json::Value> =
            serde_json::from_str(trimmed).map_err(|e| vec![format!("not a JSON array: {e}")])?;
        for (i, v) in values.into_iter().enumerate() {
            match serde_json::from_value::<NewOrder>(v) {
                Ok(o) => match o.validate() {
                    Ok(()) => orders.push(o),
                    Err(es) => {
                        errors.extend(es.into_iter().map(|e| format!("order {}: {e}", i + 1)))
                    }
                },
                Err(e) => errors.push(format!("order {}: {e}", i + 1)),
            }
        }
    } else {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<NewOrder>(line) {
                Ok(o) => match o.validate() {
                    Ok(()) => orders.push(o),
                    Err(es) => {
                        errors.extend(es.into_iter().map(|e| format!("line {}: {e}", i + 1)))
                    }
                },
                Err(e) => errors.push(format!("line {}: {e}", i + 1)),
            }
        }
    }
    if errors.is_empty() {
        Ok(orders)
    } else {
        Err(errors)
    }
}

/// `offset` is how times are shown to people (JSON keeps UTC).
pub async fn orders(setup: &Setup, action: OrdersAction, actor: &str) -> Result<()> {
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    let pool = &setup.target.open(4).await?;
    match action {
        OrdersAction::Create { file } => {
            let text = read_input(&file, MAX_ORDER_BYTES)?;
            let order: NewOrder = serde_json::from_str(&text).map_err(|e| {
                anyhow::anyhow!("the order is not valid JSON of the expected shape: {e}")
            })?;
            let outcome = intake::create_order(pool, &order, actor).await?;
            print_outcome(&outcome);
            Ok(())
        }
        OrdersAction::Import { file } => {
            // JSON lines from a file are read as they go, twice (checked whole first,
            // then written a thousand at a time), so memory stays flat whatever the size;
            // a JSON array, or standard input, is read whole.
            if let Some(lines) = json_lines_file(&file)? {
                let started = std::time::Instant::now();
                let problems = check_json_lines(&lines)?;
                if !problems.is_empty() {
                    bail!(
                        "nothing imported; {} problem(s):\n  {}",
                        problems.len(),
                        problems.join("\n  ")
                    );
                }
                let mut reader = std::io::BufReader::new(
                    std::fs::File::open(&lines)
                        .with_context(|| format!("cannot open {}", lines.display()))?,
                );
                let mut line_no = 0usize;
                let next = || read_chunk(&mut reader, &mut line_no, 1000);
                let report = orderdeck_app::import::import_chunks(pool, actor, next).await?;
                print_import(&report, started);
                return Ok(());
            }
            let text = read_input(&file, MAX_IMPORT_BYTES)?;
            let orders = parse_orders(&text).map_err(|errs| {
                anyhow::anyhow!(
                    "nothing imported; {} problem(s):\n  {}",
                    errs.len(),
                    errs.join("\n  ")
                )
            })?;
            let started = std::time::Instant::now();
            let report = orderdeck_app::import::import_orders(pool, &orders, actor).await?;
            print_import(&report, started);
            Ok(())
        }
        OrdersAction::List {
            status,
            channel,
            limit,
            json,
        } => {
            let rows = orderdeck_store::orders::list(
                pool,
                status.as_deref(),
                channel.as_deref(),
                limit.clamp(1, 100_000),
            )
            .await?;
            if json {
                say!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                // Stored text is shown, never sent: a newline in a name cannot make a row.
                for r in rows {
                    say!(
                        "{:<10} {:<16} {:<8} {:<14} {:<24} {:>14}",
                        shown(&r.number),
                        r.created_at.with_timezone(&offset).format("%Y-%m-%d %H:%M"),
                        shown(&r.channel),
                        r.status,
                        shown(&r.buyer_name),
                        format_vnd(r.total)
                    );
                }
            }
            Ok(())
        }
        OrdersAction::Show { number, json } => {
            let Some(o) = orderdeck_store::orders::show(pool, &number).await? else {
                bail!("no order {number}")
            };
            if json {
                say!("{}", serde_json::to_string_pretty(&o)?);
            } else {
                // Everything stored came from a person, a file or a platform: shown, never
                // sent (escape sequences in a product name must not reach the terminal).
                say!(
                    "{} · {} · {} · {}",
                    shown(&o.number),
                    shown(&o.channel),
                    o.status,
                    format_vnd(o.total)
                );
                say!("buyer: {} {}", shown(&o.buyer_name), shown(&o.buyer_phone));
                let ship_to: Vec<&str> = ["line1", "ward", "district", "province"]
                    .iter()
                    .filter_map(|k| o.ship_address.get(*k).and_then(|v| v.as_str()))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .collect();
                if !ship_to.is_empty() {
                    say!("ship to: {}", shown(&ship_to.join(", ")));
                }
                for l in &o.lines {
                    say!(
                        "  {} × {} {} @ {} (reserved {})",
                        l.qty,
                        shown(&l.sku),
                        shown(&l.name),
                        format_vnd(l.unit_price),
                        l.reserved
                    );
                }
                for e in &o.events {
                    let kind = OrderEventKind::parse(&e.kind);
                    say!(
                        "  {} {} {}: {}",
                        e.created_at
                            .with_timezone(&offset)
                            .format("%Y-%m-%d %H:%M:%S"),
                        shown(&e.actor),
                        kind.label(),
                        shown(&kind.sentence(&e.message, e.before.as_ref(), e.after.as_ref()))
                    );
                }
            }
            Ok(())
        }
        OrdersAction::Cancel { number, reason } => {
            orderdeck_app::orders::cancel(pool, &number, actor, &reason).await?;
            say!(
                "cancelled {}; reservations released",
                shown(&number.to_uppercase())
            );
            Ok(())
        }
    }
}

pub async fn stock(setup: &Setup, action: StockAction) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    match action {
        StockAction::Show { sku, json } => {
            let Some(rows) = orderdeck_store::stock::for_sku(pool, &sku).await? else {
                bail!("no SKU {sku}")
            };
            if json {
                let total = serde_json::json!({
                    "on_hand": rows.iter().map(|r| r.on_hand).sum::<i32>(),
                    "reserved": rows.iter().map(|r| r.reserved).sum::<i32>(),
                    "available": rows.iter().map(|r| r.available).sum::<i32>(),
                });
                say!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({"sku": sku, "warehouses": rows, "total": total})
                    )?
                );
            } else {
                say!("{}", shown(&sku));
                say!(
                    "  {:<6} {:>8} {:>9} {:>10}",
                    "whse",
                    "on hand",
                    "reserved",
                    "available"
                );
                for r in rows {
                    say!(
                        "  {:<6} {:>8} {:>9} {:>10}",
                        shown(&r.warehouse),
                        r.on_hand,
                        r.reserved,
                        r.available
                    );
                }
            }
            Ok(())
        }
    }
}

pub async fn po(setup: &Setup, action: PoAction, actor: &str) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    use orderdeck_app::purchasing;
    match action {
        PoAction::List { json } => {
            let rows = purchasing::list(pool).await?;
            if json {
                say!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in rows {
                    say!(
                        "{:<9} {:<34} {:<4} {:<19} {} {:>16}{}",
                        shown(&r.number),
                        shown(&r.supplier),
                        shown(&r.warehouse),
                        r.status,
                        r.expected_at
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "-".into()),
                        format_vnd(r.total),
                        if r.late { "  LATE" } else { "" }
                    );
                }
            }
        }
        PoAction::Draft => {
            let d = purchasing::draft_from_backorders(pool, actor).await?;
            if d.purchase_orders.is_empty() {
                say!("nothing to order: every backorder is covered by an open purchase order");
            } else {
                say!("drafted {}", d.purchase_orders.join(", "));
            }
            if !d.no_supplier.is_empty() {
                say!(
                    "no supplier known for {}: nothing drafted for them",
                    shown(&d.no_supplier.join(", "))
                );
            }
        }
        PoAction::Confirm { number } => {
            purchasing::confirm(pool, &number).await?;
            say!("confirmed {}", shown(&number.to_uppercase()));
        }
        PoAction::Receive { number } => {
            let r = purchasing::receive(pool, &number, None, actor).await?;
            say!(
                "received {}: {}",
                shown(&number.to_uppercase()),
                r.status.replace('_', " ")
            );
            if !r.filled_orders.is_empty() {
                say!("now ready to pack: {}", r.filled_orders.join(", "));
            }
        }
        PoAction::Cancel { number } => {
            purchasing::cancel(pool, &number).await?;
            say!("cancelled {}", shown(&number.to_uppercase()));
        }
    }
    Ok(())
}

/// `orderdeck import products FILE`: the catalog from CSV.
pub async fn import(setup: &Setup, what: ImportWhat, actor: &str) -> Result<()> {
    let ImportWhat::Products { file, decimal } = what;
    let mark = decimal_mark(decimal.as_deref())?;
    let pool = &setup.target.open(2).await?;
    let text = read_input(&file, 64 * 1024 * 1024)?;
    let r = orderdeck_app::catalog_csv::import_with(pool, &text, actor, mark).await?;
    say!(
        "imported {} product(s), {} variant(s), {} opening stock move(s)",
        r.products,
        r.variants,
        r.stock_moves
    );
    Ok(())
}

/// `orderdeck export products [--out FILE]`: the catalog as CSV.
pub async fn export(setup: &Setup, what: ExportWhat) -> Result<()> {
    let ExportWhat::Products { out } = what;
    let out = out.as_deref();
    let pool = &setup.target.open(2).await?;
    let text = orderdeck_app::catalog_csv::export(pool).await?;
    match out {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?
        }
        // Into a pipe or a file the data goes as it is; onto a terminal, stored text is
        // shown, never sent (a product name with an escape sequence must not act).
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            print!("{}", orderdeck_domain::text::visible_lines(&text))
        }
        None => print!("{text}"),
    }
    Ok(())
}
