//! `bench assistant`: messages answered per second, and their latency, by the built-in
//! engine and then through a language model (the simulated OpenAI-compatible endpoint),
//! on the demo shop in a fresh database. The messages are the labelled set's
//! (`tests/assistant/eval.jsonl`), placeholders filled, sent round-robin by concurrent
//! buyers; each answer reads the database as a real one does (orders, offers, buffer).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use orderdeck_app::assistant::{self, Ask, AssistantConfig, Buyer, eval};
use orderdeck_i18n::Lang;

use crate::cli::bench_paired::{ms, percentile};
use crate::cli::setup::Setup;

const SET: &str = include_str!("../../tests/assistant/eval.jsonl");

pub async fn run(setup: &Setup, messages: usize, concurrency: usize) -> Result<()> {
    if messages == 0 || concurrency == 0 {
        anyhow::bail!("--messages and --concurrency must be at least 1");
    }
    let (options, setup_pool) =
        crate::cli::bench::fresh_bench_db(setup, "orderdeck_bench_assistant").await?;
    orderdeck_sim::demo::seed(&setup_pool, chrono::Utc::now()).await?;
    setup_pool.close().await;
    let pool = orderdeck_store::pool(options, u32::try_from(concurrency).unwrap_or(8)).await?;
    let cases = eval::parse(SET).map_err(anyhow::Error::msg)?;
    let filled = Arc::new(eval::fill(&pool, &cases).await?);
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    say!(
        "bench assistant: {messages} messages from the labelled set ({} distinct, vi/id/en), {concurrency} buyers at once, demo shop",
        filled.len()
    );
    let config = AssistantConfig::demo();
    let run = Run {
        pool: pool.clone(),
        filled,
        messages,
        concurrency,
        offset,
    };
    run.pass("built-in engine", config.clone()).await?;
    // The same messages through a language model: the simulated OpenAI-compatible
    // endpoint on loopback HTTP, two completions (a tool call, then the reply) a message.
    let sim = orderdeck_sim::llm::ModelSim::start_quiet(None).await?;
    let through_model = AssistantConfig {
        model: Some(sim.config()),
        ..config
    };
    run.pass(
        "through the simulated language-model endpoint (tool calls, loopback HTTP)",
        through_model,
    )
    .await?;
    pool.close().await;
    Ok(())
}

/// One benchmark's messages and buyers.
struct Run {
    pool: sqlx::PgPool,
    filled: Arc<Vec<eval::Filled>>,
    messages: usize,
    concurrency: usize,
    offset: chrono::FixedOffset,
}

impl Run {
    /// Answers the messages with `config`'s engine and prints the figures.
    async fn pass(&self, engine: &str, config: AssistantConfig) -> Result<()> {
        let config = Arc::new(config);
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..self.concurrency {
            let (pool, filled, config, next) = (
                self.pool.clone(),
                self.filled.clone(),
                config.clone(),
                next.clone(),
            );
            let (messages, offset) = (self.messages, self.offset);
            tasks.push(tokio::spawn(async move {
                let mut times: Vec<Duration> = Vec::new();
                let (mut handed, mut other_engine) = (0usize, 0usize);
                let wanted = if config.model.is_some() {
                    assistant::model::ENGINE
                } else {
                    assistant::BUILT_IN
                };
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= messages {
                        break;
                    }
                    let m = &filled[i % filled.len()];
                    let ask = Ask {
                        channel: "website",
                        buyer: Buyer::Phone(m.phone.clone()),
                        text: &m.text,
                        usual: Lang::Vi,
                        offset,
                        about: None,
                    };
                    let t = Instant::now();
                    let answer = assistant::answer(&pool, &config, &ask).await?;
                    times.push(t.elapsed());
                    handed += usize::from(answer.outcome == assistant::Outcome::Handover);
                    other_engine += usize::from(answer.engine != wanted);
                }
                anyhow::Ok((times, handed, other_engine))
            }));
        }
        let mut times = Vec::with_capacity(self.messages);
        let (mut handed, mut other_engine) = (0, 0);
        for t in tasks {
            let (mine, h, o) = t.await??;
            times.extend(mine);
            handed += h;
            other_engine += o;
        }
        let secs = started.elapsed().as_secs_f64();
        times.sort_unstable();
        say!(
            "  {engine}: {:.0} messages/s ({} in {:.2} s); latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {handed} handed to a person",
            times.len() as f64 / secs,
            times.len(),
            secs,
            ms(percentile(&times, 0.50)),
            ms(percentile(&times, 0.99)),
            ms(times.last().copied().unwrap_or_default()),
        );
        if other_engine > 0 {
            say!("    {other_engine} answered by the other engine (the endpoint failed)");
        }
        Ok(())
    }
}
