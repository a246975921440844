//! Use cases. Each owns its transaction boundaries; none holds a database lock across a
//! network call.

pub mod demo;
