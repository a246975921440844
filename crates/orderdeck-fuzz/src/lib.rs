//! Fuzz targets: every place where orderdeck reads bytes it did not write.
//!
//! What is fuzzed, and why: order JSON (the CLI, imports and channel sync all go through
//! it), the catalog and COD-remittance CSV imports (files people make in spreadsheets),
//! amounts as files write them, the reply readers of every carrier, e-invoice provider and
//! marketplace (their servers change formats and have bad days), the invoice ZIP/XML a
//! provider hands back, and the marketplace webhook verifiers (anyone on the internet can
//! post to them). A panic in any of these stops a worker or a console; an error is the
//! right answer to a bad input.
//!
//! Each target is a `pub fn NAME(data: &[u8])` that must return for any input. The code
//! under test may refuse the input; it must not panic, and where a module promises more
//! (an amount is never negative, our own signature always verifies) the target checks
//! that too, so a broken promise is a crash as well. Two runners use the same functions:
//!
//! - `tests/bounded.rs`, run by `cargo test` on stable: for `ORDERDECK_FUZZ_SECS` per
//!   target (2 s by default) it mutates the seeds in `corpus/NAME/` and calls the target.
//! - `tests/fuzz/` at the top of the repository, a cargo-fuzz project for coverage-guided
//!   runs where a nightly toolchain is installed (`.ci/run` runs it when it can).
//!
//! Targets are grouped by kind: [`inputs`] (files and JSON people hand us), [`replies`]
//! (what providers answer, served by a loopback server to the real HTTP clients) and
//! [`webhooks`] (signed pushes).

pub mod inputs;
pub mod replies;
pub mod storefronts;
pub mod webhooks;

pub use inputs::{catalog_csv, cod_csv, money, order_json};
pub use replies::{ghn, invoice_xml, lazada, misa, shopee, sinvoice, tiktok, viettel_post};
pub use storefronts::storefront_hook;
pub use webhooks::{lazada_push, shopee_push, tiktok_webhook};

/// A fuzz target: any bytes in, no panic out.
pub type Target = fn(&[u8]);

/// Every target by name; the name is also its seed folder (`corpus/NAME/`) and its
/// cargo-fuzz target (`tests/fuzz/fuzz_targets/NAME.rs`).
pub const TARGETS: &[(&str, Target)] = &[
    ("order_json", order_json),
    ("catalog_csv", catalog_csv),
    ("cod_csv", cod_csv),
    ("money", money),
    ("ghn", ghn),
    ("viettel_post", viettel_post),
    ("sinvoice", sinvoice),
    ("misa", misa),
    ("invoice_xml", invoice_xml),
    ("shopee", shopee),
    ("lazada", lazada),
    ("tiktok", tiktok),
    ("shopee_push", shopee_push),
    ("lazada_push", lazada_push),
    ("tiktok_webhook", tiktok_webhook),
    ("storefront_hook", storefront_hook),
];

/// The one runtime every target that needs async runs on, the loopback server included.
/// One thread: the server's tasks run while a target's call waits in `block_on`, so a
/// request and its answer never cross threads (under libFuzzer each hand-off between
/// threads cost more than the request itself).
pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            // Setup, not input: without a runtime no target can run at all.
            .expect("a tokio runtime for the fuzz targets")
    })
}
