//! `bench assistant`: messages answered per second by the built-in engine, and their
//! latency, on the demo shop in a fresh database. The messages are the labelled set's
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
    let config = Arc::new(AssistantConfig::demo());
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    say!(
        "bench assistant: {messages} messages from the labelled set ({} distinct, vi/id/en), {concurrency} buyers at once, built-in engine, demo shop",
        filled.len()
    );
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (pool, filled, config, next) =
            (pool.clone(), filled.clone(), config.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times: Vec<Duration> = Vec::new();
            let mut handed = 0usize;
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
                };
                let t = Instant::now();
                let answer = assistant::answer(&pool, &config, &ask).await?;
                times.push(t.elapsed());
                handed += usize::from(answer.outcome == assistant::Outcome::Handover);
            }
            anyhow::Ok((times, handed))
        }));
    }
    let mut times = Vec::with_capacity(messages);
    let mut handed = 0;
    for t in tasks {
        let (mine, h) = t.await??;
        times.extend(mine);
        handed += h;
    }
    let secs = started.elapsed().as_secs_f64();
    times.sort_unstable();
    say!(
        "  {:.0} messages/s ({} in {:.2} s); latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {handed} handed to a person",
        times.len() as f64 / secs,
        times.len(),
        secs,
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default()),
    );
    say!("  through a language-model endpoint: not built yet (issue 19)");
    pool.close().await;
    Ok(())
}
