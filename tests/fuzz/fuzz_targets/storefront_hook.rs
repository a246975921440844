#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orderdeck_fuzz::storefront_hook(data));
