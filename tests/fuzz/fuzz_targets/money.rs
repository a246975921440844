#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orderdeck_fuzz::money(data));
