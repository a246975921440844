//! The scriptable subcommands: `orders`, `stock`, `po`. Each prints text for people or
//! JSON (`--json`) for scripts, and exits non-zero with a clear message when refused.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::setup::Setup;
use crate::cli::{ExportWhat, ImportWhat, OrdersAction, PoAction, StockAction};
use orderdeck_app::intake::{self, IntakeOutcome};
use orderdeck_domain::intake::NewOrder;
use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::OrderEventKind;
use orderdeck_i18n::format::{long_time, minute_time, money};
use orderdeck_i18n::t;

/// One order is never this big; a bigger input is a mistake (a wrong file, a paste).
const MAX_ORDER_BYTES: u64 = 1024 * 1024;
const MAX_IMPORT_BYTES: u64 = 512 * 1024 * 1024;

fn read_input(path: &Path, limit: u64) -> Result<String> {
    let mut text = String::new();
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(path)
                .with_context(|| t!("cli-cannot-open", path = path.display().to_string()))?,
        )
    };
    let n = reader
        .take(limit + 1)
        .read_to_string(&mut text)
        .with_context(|| t!("cli-cannot-read-utf8", path = path.display().to_string()))?;
    if n as u64 > limit {
        bail!(
            "{}",
            t!(
                "cli-input-too-large",
                path = path.display().to_string(),
                mib = limit / 1024 / 1024
            )
        );
    }
    Ok(text)
}

/// `--decimal comma|point`.
pub(crate) fn decimal_mark(
    flag: Option<&str>,
) -> Result<Option<orderdeck_domain::money::read::DecimalMark>> {
    flag.map(|f| {
        orderdeck_domain::money::read::DecimalMark::parse(f)
            .with_context(|| t!("cli-decimal-flag", given = f))
    })
    .transpose()
}

/// Outside text as it may be printed on a terminal (control characters shown).
pub(crate) fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    orderdeck_domain::text::visible(text)
}

fn print_import(report: &orderdeck_app::import::ImportReport, started: std::time::Instant) {
    say!(
        "{}",
        t!(
            "cli-orders-imported",
            created = report.created,
            reserved = report.reserved,
            backordered = report.backordered,
            duplicates = report.duplicates,
            seconds = crate::cli::fixed(started.elapsed().as_secs_f64(), 2)
        )
    );
}

fn print_outcome(o: &IntakeOutcome) {
    match o {
        IntakeOutcome::Created {
            number,
            status,
            shortages,
        } if shortages.is_empty() => say!(
            "{}",
            t!(
                "cli-order-created",
                number = number,
                status = order_status(status)
            )
        ),
        IntakeOutcome::Created {
            number,
            status,
            shortages,
        } => say!(
            "{}",
            t!(
                "cli-order-created-short",
                number = number,
                status = order_status(status),
                shortages = orderdeck_domain::stock::shortages_text(
                    shortages
                        .iter()
                        .map(|s| (s.sku.as_str(), i64::from(s.short)))
                )
            )
        ),
        IntakeOutcome::Duplicate { number } => {
            say!("{}", t!("cli-order-duplicate", number = number))
        }
    }
}

/// An order status code (`reserved`) as people say it; an unknown code as it is.
pub(crate) fn order_status(code: &str) -> String {
    code.parse::<OrderStatus>()
        .map(OrderStatus::shown)
        .unwrap_or_else(|_| code.replace('_', " "))
}

/// `line 12: …`, the place of a problem in a file.
fn at_line(line: usize, problem: impl std::fmt::Display) -> String {
    t!(
        "cli-at-line",
        line = line.to_string(),
        problem = problem.to_string()
    )
}

/// `order 3: …`, the place of a problem in a JSON array.
fn at_order(index: usize, problem: impl std::fmt::Display) -> String {
    t!(
        "cli-at-order",
        index = index.to_string(),
        problem = problem.to_string()
    )
}

/// A file (not standard input) whose first non-blank character is not `[`: JSON lines,
/// read as it goes.
fn json_lines_file(path: &Path) -> Result<Option<std::path::PathBuf>> {
    use std::io::BufRead;
    if path.as_os_str() == "-" {
        return Ok(None);
    }
    let file = std::fs::File::open(path)
        .with_context(|| t!("cli-cannot-open", path = path.display().to_string()))?;
    let mut reader = std::io::BufReader::new(file);
    loop {
        let buf = reader
            .fill_buf()
            .with_context(|| t!("cli-cannot-read", path = path.display().to_string()))?;
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
        std::fs::File::open(path)
            .with_context(|| t!("cli-cannot-open", path = path.display().to_string()))?,
    );
    let mut problems = Vec::new();
    let mut more = 0usize;
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| at_line(i + 1, t!("cli-not-utf8")))?;
        if line.trim().is_empty() {
            continue;
        }
        let found: Vec<String> = match serde_json::from_str::<NewOrder>(&line) {
            Ok(o) => match o.validate() {
                Ok(()) => Vec::new(),
                Err(es) => es.into_iter().map(|e| at_line(i + 1, e)).collect(),
            },
            Err(e) => vec![at_line(i + 1, e)],
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
        problems.push(t!("cli-and-more", count = more));
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
                    Err(e) => return Some(Err(at_line(*line_no, e))),
                }
            }
            Err(e) => return Some(Err(at_line(*line_no + 1, e))),
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
        let values: Vec<serde_json::Value> = serde_json::from_str(trimmed)
            .map_err(|e| vec![t!("cli-not-json-array", problem = e.to_string())])?;
        for (i, v) in values.into_iter().enumerate() {
            match serde_json::from_value::<NewOrder>(v) {
                Ok(o) => match o.validate() {
                    Ok(()) => orders.push(o),
                    Err(es) => errors.extend(es.into_iter().map(|e| at_order(i + 1, e))),
                },
                Err(e) => errors.push(at_order(i + 1, e)),
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
                    Err(es) => errors.extend(es.into_iter().map(|e| at_line(i + 1, e))),
                },
                Err(e) => errors.push(at_line(i + 1, e)),
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
                anyhow::anyhow!("{}", t!("cli-order-bad-json", problem = e.to_string()))
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
                        "{}\n  {}",
                        t!("cli-nothing-imported", count = problems.len()),
                        problems.join("\n  ")
                    );
                }
                let mut reader =
                    std::io::BufReader::new(std::fs::File::open(&lines).with_context(|| {
                        t!("cli-cannot-open", path = lines.display().to_string())
                    })?);
                let mut line_no = 0usize;
                let next = || read_chunk(&mut reader, &mut line_no, 1000);
                let report = orderdeck_app::import::import_chunks(pool, actor, next).await?;
                print_import(&report, started);
                return Ok(());
            }
            let text = read_input(&file, MAX_IMPORT_BYTES)?;
            let orders = parse_orders(&text).map_err(|errs| {
                anyhow::anyhow!(
                    "{}\n  {}",
                    t!("cli-nothing-imported", count = errs.len()),
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
                        minute_time(r.created_at, offset),
                        shown(&r.channel),
                        r.status.shown(),
                        shown(&r.buyer_name),
                        money(r.total)
                    );
                }
            }
            Ok(())
        }
        OrdersAction::Show { number, json } => {
            let Some(o) = orderdeck_store::orders::show(pool, &number).await? else {
                bail!("{}", t!("cli-no-order", number = number))
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
                    o.status.shown_with_stage(),
                    money(o.total)
                );
                say!(
                    "{}",
                    t!(
                        "cli-order-buyer",
                        name = shown(&o.buyer_name),
                        phone = shown(&o.buyer_phone)
                    )
                );
                let ship_to: Vec<&str> = ["line1", "ward", "district", "province"]
                    .iter()
                    .filter_map(|k| o.ship_address.get(*k).and_then(|v| v.as_str()))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .collect();
                if !ship_to.is_empty() {
                    say!(
                        "{}",
                        t!("cli-order-ship-to", address = shown(&ship_to.join(", ")))
                    );
                }
                for l in &o.lines {
                    say!(
                        "  {}",
                        t!(
                            "cli-order-line",
                            qty = l.qty,
                            sku = shown(&l.sku),
                            name = shown(&l.name),
                            price = money(l.unit_price),
                            reserved = l.reserved
                        )
                    );
                }
                for e in &o.events {
                    let kind = OrderEventKind::parse(&e.kind);
                    say!(
                        "  {} {} {}: {}",
                        long_time(e.created_at, offset),
                        shown(&e.actor),
                        kind.label(),
                        shown(&kind.sentence(
                            &e.message,
                            e.said.as_ref(),
                            e.before.as_ref(),
                            e.after.as_ref()
                        ))
                    );
                }
            }
            Ok(())
        }
        OrdersAction::CancelRequest { number, decision } => {
            crate::cli::fulfil::cancel_request(setup, &number, &decision, actor).await
        }
        OrdersAction::Cancel {
            number,
            reason,
            note,
            json,
        } => {
            crate::cli::cancel::cancel(setup, pool, &number, reason.as_deref(), &note, json, actor)
                .await
        }
    }
}

pub async fn stock(setup: &Setup, action: StockAction) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    match action {
        StockAction::Show { sku, json } => {
            let Some(rows) = orderdeck_store::stock::for_sku(pool, &sku).await? else {
                bail!("{}", t!("cli-no-sku", sku = sku))
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
                let heads = [
                    t!("cli-stock-col-warehouse"),
                    t!("cli-stock-col-on-hand"),
                    t!("cli-stock-col-reserved"),
                    t!("cli-stock-col-available"),
                ];
                // Each column as wide as its heading in this language, and at least as
                // wide as the English one.
                let w: Vec<usize> = heads
                    .iter()
                    .zip([6, 8, 9, 10])
                    .map(|(h, min)| h.chars().count().max(min))
                    .collect();
                say!(
                    "  {:<w0$} {:>w1$} {:>w2$} {:>w3$}",
                    heads[0],
                    heads[1],
                    heads[2],
                    heads[3],
                    w0 = w[0],
                    w1 = w[1],
                    w2 = w[2],
                    w3 = w[3]
                );
                for r in rows {
                    say!(
                        "  {:<w0$} {:>w1$} {:>w2$} {:>w3$}",
                        shown(&r.warehouse),
                        r.on_hand,
                        r.reserved,
                        r.available,
                        w0 = w[0],
                        w1 = w[1],
                        w2 = w[2],
                        w3 = w[3]
                    );
                }
            }
            Ok(())
        }
        StockAction::Bin {
            sku,
            warehouse,
            bin,
        } => {
            use orderdeck_store::pick::BinSet;
            match orderdeck_store::pick::set_bin(pool, &sku, &warehouse, &bin).await? {
                BinSet::Set(b) if b.is_empty() => say!(
                    "{}",
                    t!(
                        "cli-stock-bin-cleared",
                        sku = shown(&sku),
                        warehouse = shown(&warehouse.to_uppercase())
                    )
                ),
                BinSet::Set(b) => say!(
                    "{}",
                    t!(
                        "cli-stock-bin-set",
                        sku = shown(&sku),
                        warehouse = shown(&warehouse.to_uppercase()),
                        bin = shown(&b)
                    )
                ),
                BinSet::UnknownSku => bail!("{}", t!("cli-no-sku", sku = shown(&sku))),
                BinSet::UnknownWarehouse => bail!(
                    "{}",
                    t!("cli-stock-bin-no-warehouse", warehouse = shown(&warehouse))
                ),
                BinSet::TooLong => bail!(
                    "{}",
                    t!(
                        "cli-stock-bin-too-long",
                        max = orderdeck_domain::pick::MAX_BIN_CHARS
                    )
                ),
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
                        orderdeck_domain::purchasing::po_status_word(&r.status),
                        r.expected_at
                            .map(orderdeck_i18n::format::date)
                            .unwrap_or_else(|| "-".into()),
                        money(r.total),
                        if r.late {
                            format!("  {}", t!("cli-po-late"))
                        } else {
                            String::new()
                        }
                    );
                }
            }
        }
        PoAction::Draft => {
            let d = purchasing::draft_from_backorders(pool, actor).await?;
            if d.purchase_orders.is_empty() {
                say!("{}", t!("cli-po-nothing-to-order"));
            } else {
                say!(
                    "{}",
                    t!("cli-po-drafted", numbers = d.purchase_orders.join(", "))
                );
            }
            if !d.no_supplier.is_empty() {
                say!(
                    "{}",
                    t!(
                        "cli-po-no-supplier",
                        skus = shown(&d.no_supplier.join(", "))
                    )
                );
            }
        }
        PoAction::Confirm { number } => {
            purchasing::confirm(pool, &number).await?;
            say!(
                "{}",
                t!("cli-po-confirmed", number = shown(&number.to_uppercase()))
            );
        }
        PoAction::Receive { number } => {
            let r = purchasing::receive(pool, &number, None, actor).await?;
            say!(
                "{}",
                t!(
                    "cli-po-received",
                    number = shown(&number.to_uppercase()),
                    status = orderdeck_domain::purchasing::po_status_word(&r.status)
                )
            );
            if !r.filled_orders.is_empty() {
                say!(
                    "{}",
                    t!("cli-po-ready-to-pack", numbers = r.filled_orders.join(", "))
                );
            }
        }
        PoAction::Cancel { number } => {
            purchasing::cancel(pool, &number).await?;
            say!(
                "{}",
                t!("cli-po-cancelled", number = shown(&number.to_uppercase()))
            );
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
        "{}",
        t!(
            "cli-products-imported",
            products = r.products,
            variants = r.variants,
            moves = r.stock_moves
        )
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
        Some(p) => std::fs::write(p, text)
            .with_context(|| t!("cli-cannot-write", path = p.display().to_string()))?,
        // Into a pipe or a file the data goes as it is; onto a terminal, stored text is
        // shown, never sent (a product name with an escape sequence must not act).
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            print!("{}", orderdeck_domain::text::visible_lines(&text))
        }
        None => print!("{text}"),
    }
    Ok(())
}
