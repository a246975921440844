//! `orderdeck assistant …`: the customer assistant from the command line — one message
//! answered exactly as on a channel, without sending anything, or a labelled set judged.

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use orderdeck_app::assistant::{self, Ask, Buyer, eval};
use orderdeck_i18n::{Lang, t};

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
        /// Let a buying conversation place its order: the message joins this buyer's
        /// conversation (chat channel `ask`), so details given over several asks add up,
        /// and a complete sale is ordered through intake (actor `assistant`).
        #[arg(long)]
        create: bool,
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
        /// Answer through a language model: the project's simulated OpenAI-compatible
        /// endpoint, started on loopback for this run, in place of `[assistant.model]`.
        #[arg(long)]
        simulated_model: bool,
    },
    /// Connect the shop's Zalo OA (`[assistant.zalo]`): exchange the code Zalo gave on
    /// the OA's consent page for its tokens, kept in the database and renewed by
    /// themselves from then on. Run again whenever Zalo stops taking them.
    ZaloConnect {
        /// The `code` from the consent page's redirect.
        #[arg(long)]
        code: String,
        /// The PKCE code verifier, when the consent URL carried a `code_challenge`.
        #[arg(long)]
        code_verifier: Option<String>,
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
            create,
        } => {
            if create {
                return ask_and_create(pool, setup, &channel, buyer_phone, buyer_id, &text, json)
                    .await;
            }
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
                about: None,
            };
            let answer = assistant::answer(pool, config, &ask).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&answer)?);
            } else {
                say_answer(&answer);
            }
        }
        AssistantAction::ZaloConnect {
            code,
            code_verifier,
        } => {
            let Some(oa) = &config.zalo else {
                bail!("{}", t!("cli-zalo-no-config"));
            };
            let client = orderdeck_integrations::zalo::ZaloClient::new(oa)
                .map_err(|e| anyhow::anyhow!("[assistant.zalo]: {e}"))?;
            let until =
                orderdeck_app::zalo::connect(pool, &client, &code, code_verifier.as_deref())
                    .await?;
            say!(
                "{}",
                t!(
                    "cli-zalo-connected",
                    until = orderdeck_i18n::format::minute_time(until, offset)
                )
            );
        }
        AssistantAction::Eval {
            file,
            channel,
            json,
            demo_texts,
            simulated_model,
        } => {
            let mut config = if demo_texts {
                assistant::AssistantConfig::demo()
            } else {
                config.clone()
            };
            #[cfg(not(feature = "demo"))]
            if simulated_model {
                bail!("--simulated-model needs a build with the `demo` feature (the simulators)");
            }
            // Started for the run; it stops with the runtime.
            #[cfg(feature = "demo")]
            if simulated_model {
                let sim = orderdeck_sim::llm::ModelSim::start_quiet(None).await?;
                config = assistant::AssistantConfig {
                    model: Some(sim.config()),
                    model_client: Default::default(),
                    ..config
                };
            }
            let config = &config;
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
            let engines: Vec<String> = report
                .engines
                .iter()
                .map(|(engine, n)| format!("{engine} {n}"))
                .collect();
            say!(
                "answered by: {}; answered in another language than the message's: {}",
                engines.join(", "),
                report.wrong_language
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

/// `ask --create`: the message goes through the desk on the chat channel `ask`, answered
/// at once, as a conversation whose sale may place an order.
async fn ask_and_create(
    pool: &sqlx::PgPool,
    setup: &Setup,
    channel: &str,
    buyer_phone: Option<String>,
    buyer_id: Option<String>,
    text: &str,
    json: bool,
) -> Result<()> {
    use orderdeck_app::assistant::config::{ChannelSetting, Mode};
    use orderdeck_app::assistant::desk;

    let mut config = setup.config.assistant.clone();
    config.channels.insert(
        "ask".into(),
        ChannelSetting {
            mode: Mode::Auto,
            sales_channel: channel.to_string(),
        },
    );
    let phone = buyer_phone.clone().unwrap_or_default();
    let key = match (&buyer_phone, &buyer_id) {
        (_, Some(id)) => id.clone(),
        (Some(p), None) => format!("phone:{p}"),
        (None, None) => bail!("say who is asking: --buyer-phone or --buyer-id"),
    };
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    // The chat channel `ask` sends nothing: the answer is printed here.
    let senders = orderdeck_app::assistant::senders::Senders::default();
    let handled = desk::receive(
        pool,
        &config,
        &senders,
        offset,
        &desk::Incoming {
            channel: "ask",
            buyer_key: &key,
            buyer_name: "",
            buyer_phone: &phone,
            platform_id: None,
            text,
        },
    )
    .await?;
    let Some(answer) = handled.answer else {
        say!("{}", t!("cli-assistant-person"));
        return Ok(());
    };
    if json {
        let mut v = serde_json::to_value(&answer)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("order".into(), serde_json::json!(handled.order_number));
            o.insert(
                "conversation".into(),
                serde_json::json!(handled.conversation_id),
            );
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        say_answer(&answer);
    }
    Ok(())
}

/// The reply, and under it how the assistant read the message.
fn say_answer(answer: &assistant::Answer) {
    say!("{}", answer.reply);
    say!(
        "  [{} · {} · {:?}]",
        answer.language,
        answer.intent,
        answer.outcome
    );
}
