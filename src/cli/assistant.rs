//! `orderdeck assistant …`: the customer assistant from the command line — one message
//! answered exactly as on a channel, without sending anything, or a labelled set judged.

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use orderdeck_app::assistant::{self, Ask, Buyer, eval};
use orderdeck_i18n::Lang;

use crate::cli::setup::Setup;

#[derive(Debug, Subcommand)]
pub enum AssistantAction {
    /// Answer one buyer message as the assistant would on a channel; nothing is sent.
    Ask {
        /// The sales channel the message came in on (its code: website, shopee, zalo …).
        #[arg(long, default_value = "website")]
        channel: String,
        /// The buyer's phone, when the channel knows it.
        #[arg(
            long,
            conflicts_with = "buyer_id",
            required_unless_present = "buyer_id"
        )]
        buyer_phone: Option<String>,
        /// The channel's id for the buyer, when only that is known.
        #[arg(long)]
        buyer_id: Option<String>,
        /// The message.
        #[arg(long)]
        text: String,
        /// Print the answer as JSON: language, intent, outcome, reply, facts.
        #[arg(long)]
        json: bool,
    },
    /// Run a labelled set of messages (JSON Lines) and print how each intent and language
    /// fared: answered correctly, sent to a person, answered wrongly.
    Eval {
        file: std::path::PathBuf,
        #[arg(long, default_value = "website")]
        channel: String,
        /// Print every message's result as JSON.
        #[arg(long)]
        json: bool,
        /// Use the demo shop's return, hours and shipping texts (for a database seeded
        /// with `orderdeck demo`) instead of the config's `[assistant]`.
        #[arg(long)]
        demo_texts: bool,
    },
}

/// Longest message taken: chat platforms cap theirs near this (Messenger 2,000 characters),
/// and a pasted novel is not a question.
const MOST_CHARS: usize = 4_000;

pub async fn run(setup: &Setup, action: AssistantAction) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    let config = &setup.config.assistant;
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    match action {
        AssistantAction::Ask {
            channel,
            buyer_phone,
            buyer_id,
            text,
            json,
        } => {
            if text.chars().count() > MOST_CHARS {
                bail!("the message is longer than {MOST_CHARS} characters");
            }
            let buyer = match (buyer_phone, buyer_id) {
                (Some(p), _) => Buyer::Phone(p),
                (None, Some(id)) => Buyer::Id(id),
                (None, None) => bail!("say who is asking: --buyer-phone or --buyer-id"),
            };
            let ask = Ask {
                channel: &channel,
                buyer,
                text: &text,
                usual: Lang::Vi,
                offset,
            };
            let answer = assistant::answer(pool, config, &ask).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&answer)?);
            } else {
                say!("{}", answer.reply);
                say!(
                    "  [{} · {} · {:?}]",
                    answer.language,
                    answer.intent,
                    answer.outcome
                );
            }
        }
        AssistantAction::Eval {
            file,
            channel,
            json,
            demo_texts,
        } => {
            let demo = assistant::AssistantConfig::demo();
            let config = if demo_texts { &demo } else { config };
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let cases = eval::parse(&text).map_err(anyhow::Error::msg)?;
            let report = eval::run(pool, config, &channel, offset, &cases).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
                return Ok(());
            }
            say!(
                "{:<14} {:<4} {:>5} {:>9} {:>9} {:>9}",
                "intent",
                "lang",
                "n",
                "correct",
                "person",
                "wrong"
            );
            let pct = |n: usize, of: usize| {
                if of == 0 {
                    0.0
                } else {
                    n as f64 * 100.0 / of as f64
                }
            };
            for (intent, langs) in &report.by_intent_lang {
                for (lang, t) in langs {
                    say!(
                        "{:<14} {:<4} {:>5} {:>8.0}% {:>8.0}% {:>8.0}%",
                        intent,
                        lang,
                        t.total,
                        pct(t.correct, t.total),
                        pct(t.person, t.total),
                        pct(t.wrong, t.total)
                    );
                }
            }
            let t = &report.total;
            say!(
                "{:<14} {:<4} {:>5} {:>8.1}% {:>8.1}% {:>8.1}%",
                "all",
                "",
                t.total,
                pct(t.correct, t.total),
                pct(t.person, t.total),
                pct(t.wrong, t.total)
            );
            say!(
                "wrong answers stating order or stock facts: {}; another buyer's order disclosed: {}",
                report.wrong_about_orders_or_stock,
                report.disclosed
            );
            for c in report
                .cases
                .iter()
                .filter(|c| c.verdict == eval::Verdict::Wrong)
            {
                say!(
                    "  wrong {} ({}): {:?} → {}",
                    c.id,
                    c.why,
                    c.text,
                    c.answer.reply
                );
            }
        }
    }
    Ok(())
}
