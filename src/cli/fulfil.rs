//! Marketplace orders on the command line: `ship` arranges them with their platform
//! (one, or many of one shop together), `label --format carrier` gives the platform's
//! airway bill, `orders cancel-request` answers a buyer's request to cancel.

use anyhow::{Context, Result, bail};
use sqlx::PgPool;

use crate::cli::ShipArgs;
use crate::cli::setup::Setup;
use orderdeck_app::channels::{self, OpenChannel};
use orderdeck_app::fulfil;
use orderdeck_i18n::t;
use orderdeck_integrations::marketplace::ChannelKind;
use orderdeck_integrations::marketplace::fulfil::{CancelDecision, Handover, HandoverOptions};

/// The configured shop of a platform, opened.
pub async fn open_shop(setup: &Setup, pool: &PgPool, kind: ChannelKind) -> Result<OpenChannel> {
    channels::open(pool, &setup.config.channels, kind)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}", kind.label()))?
        .with_context(|| {
            t!(
                "console-shop-not-configured",
                platform = kind.label(),
                code = kind.code()
            )
        })
}

/// The handover the flags ask for, else the shop's usual one.
fn chosen(args: &ShipArgs, o: &HandoverOptions, default: &Handover) -> Result<Handover> {
    if args.dropoff {
        if o.dropoff.is_none() {
            bail!("{}", t!("cli-fulfil-no-dropoff"));
        }
        return Ok(Handover::DropOff {
            branch_id: args
                .branch
                .clone()
                .or_else(|| o.dropoff.iter().flatten().next().map(|b| b.id.clone())),
            sender_name: None,
        });
    }
    if args.pickup || args.slot.is_some() || args.address.is_some() {
        let Some(addresses) = &o.pickup else {
            bail!("{}", t!("cli-fulfil-no-pickup"));
        };
        let address = match &args.address {
            Some(id) => addresses
                .iter()
                .find(|a| a.id == *id)
                .with_context(|| t!("cli-fulfil-unknown-address", id = id))?,
            None => addresses
                .iter()
                .find(|a| a.default)
                .or_else(|| addresses.first())
                .with_context(|| t!("cli-fulfil-no-pickup"))?,
        };
        let slot = match &args.slot {
            Some(id) if address.slots.iter().any(|s| s.id == *id) => Some(id.clone()),
            Some(id) => bail!("{}", t!("cli-fulfil-unknown-slot", id = id)),
            None => address
                .slots
                .iter()
                .find(|s| s.recommended)
                .or_else(|| address.slots.first())
                .map(|s| s.id.clone()),
        };
        return Ok(Handover::Pickup {
            address_id: address.id.clone(),
            slot_id: slot,
        });
    }
    Ok(default.clone())
}

/// `orderdeck ship` for marketplace orders.
pub async fn ship(
    setup: &Setup,
    pool: &PgPool,
    kind: ChannelKind,
    args: &ShipArgs,
    actor: &str,
) -> Result<()> {
    let shop = open_shop(setup, pool, kind).await?;
    let first = args.orders.first().context("an order number")?;
    let form = fulfil::prepare(pool, &shop.client, first).await?;
    if args.options {
        let at = setup.offset().map_err(|e| anyhow::anyhow!(e))?;
        let (choices, selected) =
            orderdeck_console::fulfil::choices(form.platform, &form.options, &form.default, at);
        for (i, (h, label)) in choices.iter().enumerate() {
            let id = match h {
                Handover::Pickup {
                    address_id,
                    slot_id,
                } => format!(
                    "--pickup --address {address_id} --slot {}",
                    slot_id.as_deref().unwrap_or("-")
                ),
                Handover::DropOff { branch_id, .. } => {
                    format!("--dropoff --branch {}", branch_id.as_deref().unwrap_or("-"))
                }
                _ => String::new(),
            };
            let mark = if i == selected { "*" } else { " " };
            say!("{mark} {label}\t{id}");
        }
        return Ok(());
    }
    let handover = chosen(args, &form.options, &form.default)?;
    if args.orders.len() == 1 {
        let a = fulfil::arrange(pool, &shop.client, first, &handover, actor).await?;
        if args.json {
            say!("{}", serde_json::to_string_pretty(&a)?);
        } else {
            say!("{}", a.tracking_number.as_deref().unwrap_or(""));
            let said = t!(
                "console-arranged",
                number = &a.order_number,
                platform = kind.label(),
                carrier = &a.carrier,
                tracking = a
                    .tracking_number
                    .clone()
                    .unwrap_or_else(|| t!("console-tracking-pending"))
            );
            if a.recovered {
                warn_user!("{said} — {}", t!("cli-ship-recovered"));
            } else {
                warn_user!("{said}");
            }
        }
        return Ok(());
    }
    let total = args.orders.len();
    let tell = |done: usize, total: usize| {
        eprint!(
            "\r{}",
            t!("cli-fulfil-progress", done = done, total = total)
        );
    };
    let lines =
        fulfil::arrange_many(pool, &shop.client, &args.orders, &handover, actor, &tell).await?;
    eprintln!();
    let ok = lines.iter().filter(|l| l.outcome.is_ok()).count();
    if args.json {
        let json: Vec<serde_json::Value> = lines
            .iter()
            .map(|l| match &l.outcome {
                Ok(a) => serde_json::json!({"order": l.order_number, "arranged": a}),
                Err(e) => serde_json::json!({"order": l.order_number, "error": e}),
            })
            .collect();
        say!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        for l in &lines {
            match &l.outcome {
                Ok(a) => say!(
                    "{}\t{}",
                    l.order_number,
                    a.tracking_number.as_deref().unwrap_or("-")
                ),
                Err(e) => say!("{}\t{}", l.order_number, crate::cli::commands::shown(e)),
            }
        }
        warn_user!(
            "{}",
            t!(
                "console-arranged-many",
                arranged = ok,
                total = total,
                platform = kind.label()
            )
        );
    }
    if ok < total {
        bail!("{}", t!("cli-fulfil-some-failed", failed = total - ok));
    }
    Ok(())
}

/// The airway bills of these platform parcels (order or tracking numbers), as one PDF.
pub async fn documents(setup: &Setup, pool: &PgPool, keys: &[String]) -> Result<Vec<u8>> {
    let mut files = Vec::with_capacity(keys.len());
    for key in keys {
        let parcel = fulfil::parcel(pool, key)
            .await?
            .with_context(|| t!("cli-fulfil-not-platform-parcel", key = key))?;
        let kind = ChannelKind::parse(&parcel.carrier)
            .with_context(|| t!("cli-fulfil-not-platform-parcel", key = key))?;
        let shop = open_shop(setup, pool, kind).await?;
        let (_, bytes) = fulfil::document(pool, &shop.client, key)
            .await?
            .with_context(|| t!("console-awb-not-ready", key = key))?;
        files.push(bytes);
    }
    Ok(orderdeck_print::merge_pdfs(&files)?)
}

/// `orderdeck orders cancel-request NUMBER accept|reject`.
pub async fn cancel_request(
    setup: &Setup,
    number: &str,
    decision: &str,
    actor: &str,
) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    let accept = match decision.trim().to_ascii_lowercase().as_str() {
        "accept" | "yes" => true,
        "reject" | "no" => false,
        other => bail!("{}", t!("cli-fulfil-decision-flag", given = other)),
    };
    let kind = fulfil::platform_of(pool, number)
        .await?
        .with_context(|| t!("err-fulfil-not-marketplace", number = number.trim()))?;
    let shop = open_shop(setup, pool, kind).await?;
    let decision = if accept {
        CancelDecision::Accept
    } else {
        CancelDecision::Reject {
            reason: "seller_reject_apply_product_has_been_packed".into(),
        }
    };
    let d = fulfil::decide_cancel(pool, &shop.client, number, &decision, actor).await?;
    say!(
        "{}",
        if d.cancelled {
            t!("console-cancel-request-accepted", number = &d.order_number)
        } else if d.accepted {
            t!(
                "console-cancel-request-accepted-late",
                number = &d.order_number
            )
        } else {
            t!("console-cancel-request-rejected", number = &d.order_number)
        }
    );
    Ok(())
}
