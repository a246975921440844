//! Sales channels: Shopee, Lazada and TikTok Shop.

pub mod signing;
