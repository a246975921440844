//! End-to-end tests: the real binary in a pseudo-terminal, as separate processes, and
//! the embedded server it starts.

#[path = "../common/mod.rs"]
mod common;

mod embedded;
mod processes;
mod pty;
mod stations;
mod term;
