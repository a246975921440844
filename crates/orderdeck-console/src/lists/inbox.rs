//! Pane 0: buyers' conversations — who answers now, the last message — and a
//! conversation's page: the thread, the draft waiting, and the buyer's orders beside it.
//! Everything a buyer wrote is shown with control characters visible, never sent.

use orderdeck_domain::text::visible;
use orderdeck_i18n::t;
use orderdeck_store::{self as store, conversations as chats, page::PageRequest};
use orderdeck_tui::view::{Cell, Detail, DetailCol, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

/// A chat channel's name as people say it.
fn channel_word(code: &str) -> String {
    match code {
        "web" => t!("console-chat-web"),
        "messenger" => "Messenger".into(),
        "zalo" => "Zalo".into(),
        "shopee" => "Shopee".into(),
        "lazada" => "Lazada".into(),
        "tiktok" => "TikTok".into(),
        "ask" => "CLI".into(),
        other => visible(other).into_owned(),
    }
}

fn buyer(c: &chats::Conversation) -> String {
    let name = if c.buyer_name.trim().is_empty() {
        t!("console-chat-buyer-unnamed")
    } else {
        visible(c.buyer_name.trim()).into_owned()
    };
    if c.buyer_phone.is_empty() {
        name
    } else {
        format!("{name} · {}", c.buyer_phone)
    }
}

/// Who answers now, and what waits: the Inbox's third column.
fn answered_by(c: &chats::Conversation) -> (String, Tone) {
    if c.taken_over() {
        return (
            format!(
                "{} {}",
                t!("console-inbox-person-prefix"),
                visible(&c.taken_by)
            ),
            Tone::Processing,
        );
    }
    match (c.unanswered, c.needs_person.as_str(), c.has_draft) {
        (true, "handover", _) => (t!("console-inbox-needs-person"), Tone::Error),
        (true, _, true) => (t!("console-inbox-draft"), Tone::Warn),
        (true, _, false) => (t!("console-inbox-waiting"), Tone::Warn),
        _ => (t!("console-inbox-assistant"), Tone::Ok),
    }
}

/// A stated fact's kind in the person's words.
fn fact_word(kind: &str) -> String {
    match kind {
        "order" => t!("console-fact-order"),
        "status" => t!("console-fact-status"),
        "tracking" => t!("console-fact-tracking"),
        "product" => t!("console-fact-product"),
        "sku" => "SKU".into(),
        "price" => t!("console-fact-price"),
        "available" => t!("console-fact-available"),
        other => visible(other).into_owned(),
    }
}

/// One line of a list cell: the message's first line, control characters visible.
fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    visible(line).into_owned()
}

pub async fn fetch(pool: &PgPool, req: &PageRequest, fmt: &Fmt) -> store::Result<Vec<DisplayRow>> {
    let rows = chats::page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let (who, tone) = answered_by(&c);
            DisplayRow {
                id: c.id,
                id2: 0,
                key: c.key(),
                cells: vec![
                    Cell::new(channel_word(&c.channel)),
                    Cell::tone(
                        buyer(&c),
                        if c.unanswered {
                            Tone::New
                        } else {
                            Tone::Normal
                        },
                    ),
                    Cell::tone(who, tone),
                    Cell::tone(
                        c.last_body.as_deref().map(one_line).unwrap_or_default(),
                        Tone::Dim,
                    ),
                    Cell::new(fmt.short(c.last_at)),
                ],
            }
        })
        .collect())
}

/// Most messages a page shows: the latest.
const THREAD: i64 = 40;

pub async fn detail(pool: &PgPool, id: i64, fmt: &Fmt) -> store::Result<Option<Detail>> {
    let Some(c) = chats::get(pool, id).await? else {
        return Ok(None);
    };
    let mut d = Detail::new(t!(
        "console-chat-title",
        buyer = buyer(&c),
        channel = channel_word(&c.channel)
    ));
    let (who, tone) = answered_by(&c);
    d.field_cell(
        &crate::words::label(t!("console-field-answered-by")),
        Cell::tone(who, tone),
    );
    d.heading(t!("console-chat-thread"));
    let thread = chats::thread(pool, c.id, THREAD).await?;
    let mut drafts = Vec::new();
    for m in &thread {
        if m.state == "draft" {
            drafts.push(m);
            continue;
        }
        if m.state == "discarded" {
            continue;
        }
        let who = match (m.direction.as_str(), m.author.as_str()) {
            ("in", _) => t!("console-chat-buyer"),
            (_, "assistant") if m.engine == "model" => t!("console-chat-assistant-model"),
            (_, "assistant") => t!("console-chat-assistant"),
            (_, user) => visible(user).into_owned(),
        };
        let mut head = format!("{} {who}", fmt.short(m.created_at));
        if m.state == "failed" {
            head.push_str(&format!(
                " — {}",
                t!("console-chat-failed", reason = visible(&m.error))
            ));
        }
        let tone = if m.direction == "in" {
            Tone::New
        } else {
            Tone::Dim
        };
        d.line(vec![Cell::tone(head, tone)]);
        for line in m.body.lines() {
            d.text(format!("  {}", visible(line)));
        }
        // What an answer stated, as the database had it: a person checks it at a glance.
        if m.direction == "out"
            && let Some(facts) = m.facts.as_array()
            && !facts.is_empty()
        {
            let told: Vec<String> = facts
                .iter()
                .filter_map(|f| {
                    let kind = f.get("kind")?.as_str()?;
                    let value = f.get("value")?.as_str()?;
                    let value = match (kind, value.parse::<rust_decimal::Decimal>()) {
                        ("price", Ok(amount)) => orderdeck_i18n::format::money(amount),
                        _ => visible(value).into_owned(),
                    };
                    Some(format!("{} {value}", fact_word(kind)))
                })
                .collect();
            d.line(vec![Cell::tone(
                format!("  {}", t!("console-chat-facts", facts = told.join(" · "))),
                Tone::Dim,
            )]);
        }
        if let Some(n) = &m.order_number {
            d.line(vec![Cell::tone(
                format!("  → {}", t!("console-chat-order-made", number = visible(n))),
                Tone::Ok,
            )]);
        }
    }
    d.heading(t!("console-chat-draft"));
    if drafts.is_empty() {
        d.line(vec![Cell::tone(t!("console-chat-no-draft"), Tone::Dim)]);
    }
    for (k, m) in drafts.iter().enumerate() {
        for (n, line) in m.body.lines().enumerate() {
            let mark = if n == 0 {
                format!("{}.", k + 1)
            } else {
                "  ".into()
            };
            d.line(vec![Cell::tone(
                format!("{mark} {}", visible(line)),
                Tone::Warn,
            )]);
        }
        if m.engine == "model" {
            d.line(vec![Cell::tone(
                format!("   — {}", t!("console-chat-assistant-model")),
                Tone::Dim,
            )]);
        }
        if !m.error.is_empty() {
            d.line(vec![Cell::tone(
                format!(
                    "   {}",
                    t!("console-chat-failed", reason = visible(&m.error))
                ),
                Tone::Error,
            )]);
        }
    }
    // The buyer's orders, by the phone the channel vouches for (or the one their
    // conversation's sale was made under).
    let phone = if c.buyer_phone.is_empty() {
        c.sale
            .get("phone")
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string()
    } else {
        c.buyer_phone.clone()
    };
    d.heading(t!("console-chat-orders"));
    if phone.is_empty() {
        d.line(vec![Cell::tone(t!("console-chat-no-phone"), Tone::Dim)]);
    } else {
        let orders = store::assistant::orders_of_phone(pool, &phone, 8).await?;
        if orders.is_empty() {
            d.line(vec![Cell::tone(t!("console-chat-no-orders"), Tone::Dim)]);
        } else {
            d.table(vec![
                (t!("tui-col-order"), DetailCol::left()),
                (t!("tui-col-status"), DetailCol::left()),
                (t!("tui-col-total"), DetailCol::right()),
                (t!("tui-col-tracking"), DetailCol::text()),
            ]);
            for o in orders {
                d.table_row(vec![
                    Cell::new(&o.number),
                    Cell::new(crate::words::order_status(&o.status)),
                    Cell::new(orderdeck_i18n::format::money(o.total)),
                    Cell::new(
                        o.tracking_number
                            .as_deref()
                            .map(visible)
                            .unwrap_or_default(),
                    ),
                ]);
            }
        }
    }
    Ok(Some(d))
}
