//! `[assistant]`: what the shop tells buyers in its own words, and whether it takes cash on
//! delivery. The assistant never makes a policy up: a question whose text is not written
//! here goes to a person.
//!
//! ```toml
//! [assistant]
//! cod = true
//! returns = "Đổi trả trong 7 ngày nếu sản phẩm còn tem mác."
//! hours = { vi = "8:00–21:00 mỗi ngày", id = "08.00–21.00 setiap hari", en = "8am–9pm daily" }
//! shipping = "Freeship cho đơn từ 500.000 ₫, dưới đó phí ship 30.000 ₫, giao 2–4 ngày."
//!
//! [assistant.channels.web]            # per chat channel: who answers
//! mode = "auto"                       # auto | draft (a person sends) | off
//! sales_channel = "website"           # whose stock buffer and whose orders
//! ```

use std::collections::BTreeMap;

use orderdeck_i18n::Lang;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistantConfig {
    /// Whether the shop ships cash on delivery (default: yes, as most Vietnamese shops do).
    pub cod: Option<bool>,
    /// The return and exchange policy.
    pub returns: Option<ShopText>,
    /// Opening hours.
    pub hours: Option<ShopText>,
    /// Shipping fees and times, told to a buyer who asks about shipping (after the
    /// carriers' own quote to their place, when there is one).
    pub shipping: Option<ShopText>,
    /// Whether a buyer asking what shipping to a place costs is given the carriers' live
    /// quote to it (default: yes, when a carrier and `[shipping.sender]` are set). `false`
    /// for a shop that charges its own flat fee: `shipping` answers alone.
    pub quote_shipping: Option<bool>,
    /// Per chat channel ("web", "messenger", "zalo", …): answer, draft or stay out.
    #[serde(default)]
    pub channels: BTreeMap<String, ChannelSetting>,
    /// The shop's Facebook Page (`[assistant.messenger]`): its webhook is `/hooks/messenger`
    /// on the listener.
    #[serde(default)]
    pub messenger: Option<orderdeck_integrations::messenger::MessengerConfig>,
    /// The shop's Zalo Official Account (`[assistant.zalo]`, and `[assistant.zalo.zns]`
    /// for order notices by ZNS): its webhook is `/hooks/zalo` on the listener; its tokens
    /// are kept in the database (`orderdeck assistant zalo-connect --code …`).
    #[serde(default)]
    pub zalo: Option<orderdeck_integrations::zalo::ZaloConfig>,
    /// A language model behind an OpenAI-compatible endpoint (`[assistant.model]`): when
    /// set, it writes the replies, calling the same tools the built-in engine uses; when it
    /// cannot be reached, the built-in engine answers.
    #[serde(default)]
    pub model: Option<orderdeck_integrations::llm::ModelConfig>,
    /// The carriers and the shop's address for shipping quotes, set from the whole config
    /// ([`crate::config::Config::load`], the demo) — not a setting of its own.
    #[serde(skip)]
    #[doc(hidden)]
    pub quotes: Option<std::sync::Arc<super::quote::Quotes>>,
    /// The model's client, built on first use from `model` (public only so a config can
    /// be written as `AssistantConfig { model, ..AssistantConfig::demo() }`).
    #[serde(skip)]
    #[doc(hidden)]
    pub model_client: std::sync::OnceLock<Result<orderdeck_integrations::llm::ModelClient, String>>,
}

/// What the assistant does on one chat channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// It answers by itself; what it cannot settle goes to a person.
    Auto,
    /// It writes a draft for every message and a person sends it: the safe start.
    #[default]
    Draft,
    /// It stays out: messages are stored and wait for a person.
    Off,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::Auto => "auto",
            Mode::Draft => "draft",
            Mode::Off => "off",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSetting {
    #[serde(default)]
    pub mode: Mode,
    /// The sales channel whose stock buffer the assistant offers from and whose orders it
    /// makes (the website's, or the marketplace shop's for its buyer chat).
    #[serde(default = "website")]
    pub sales_channel: String,
}

fn website() -> String {
    "website".into()
}

impl Default for ChannelSetting {
    fn default() -> Self {
        ChannelSetting {
            mode: Mode::Draft,
            sales_channel: website(),
        }
    }
}

/// A text in one language for everyone, or one per language.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ShopText {
    One(String),
    PerLanguage {
        vi: Option<String>,
        id: Option<String>,
        en: Option<String>,
    },
}

impl ShopText {
    /// The text for a buyer writing `lang`: theirs, else English, else Vietnamese.
    pub fn for_lang(&self, lang: Lang) -> Option<&str> {
        match self {
            ShopText::One(text) => Some(text.as_str()).filter(|t| !t.trim().is_empty()),
            ShopText::PerLanguage { vi, id, en } => {
                let own = match lang {
                    Lang::Vi => vi,
                    Lang::Id => id,
                    Lang::En => en,
                };
                [own, en, vi]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .find(|t| !t.trim().is_empty())
            }
        }
    }
}

impl AssistantConfig {
    /// The language model's client when `[assistant.model]` is set; why it cannot be
    /// built (a bad URL, no model named) otherwise.
    pub fn model_client(&self) -> Option<Result<&orderdeck_integrations::llm::ModelClient, &str>> {
        let config = self.model.as_ref()?;
        let built = self
            .model_client
            .get_or_init(|| orderdeck_integrations::llm::ModelClient::new(config));
        Some(built.as_ref().map_err(String::as_str))
    }

    /// Sets up shipping quotes from the config's carriers and sender (unless
    /// `quote_shipping = false`); called once the config is final.
    pub fn set_quotes(
        &mut self,
        carriers: &orderdeck_integrations::carrier::CarriersConfig,
        sender: &orderdeck_integrations::carrier::Party,
    ) {
        self.quotes = if self.quote_shipping == Some(false) {
            None
        } else {
            super::quote::Quotes::from_config(carriers, sender)
        };
    }

    /// The setting of a chat channel; one the config does not name gets drafts only.
    pub fn channel(&self, code: &str) -> ChannelSetting {
        self.channels.get(code).cloned().unwrap_or_default()
    }

    /// What the demo shop says: the demo's own texts, so every common question has an
    /// answer there.
    pub fn demo() -> AssistantConfig {
        let per = |vi: &str, id: &str, en: &str| ShopText::PerLanguage {
            vi: Some(vi.into()),
            id: Some(id.into()),
            en: Some(en.into()),
        };
        AssistantConfig {
            cod: Some(true),
            returns: Some(per(
                "Đổi size, đổi màu hoặc trả hàng trong 7 ngày kể từ khi nhận, sản phẩm còn tem mác và chưa qua sử dụng; hàng lỗi do shop được đổi miễn phí.",
                "Tukar ukuran/warna atau retur dalam 7 hari sejak diterima, selama label masih utuh dan belum dipakai; barang cacat dari toko ditukar gratis.",
                "Exchanges (size or colour) or returns within 7 days of delivery, tags on and unused; faulty items are exchanged free of charge.",
            )),
            hours: Some(per(
                "Shop trả lời tin nhắn 8:00–21:00 mỗi ngày, kể cả Chủ nhật.",
                "Toko membalas pesan pukul 08.00–21.00 setiap hari, termasuk hari Minggu.",
                "We answer messages 8am–9pm every day, Sundays included.",
            )),
            shipping: Some(per(
                "Phí ship theo giá GHN hoặc Viettel Post tới địa chỉ nhận, miễn phí cho đơn từ 500.000 ₫; nội thành 1–2 ngày, tỉnh khác 3–5 ngày.",
                "Ongkir sesuai tarif GHN atau Viettel Post ke alamat tujuan, gratis untuk pesanan mulai 500.000 ₫; 1–5 hari. Kami belum mengirim ke luar Vietnam.",
                "Shipping is GHN's or Viettel Post's rate to your address, free from 500,000 ₫; 1–2 days in the city, 3–5 days elsewhere. We do not ship outside Vietnam yet.",
            )),
            // The website's chat answers by itself; on the Facebook Page a person checks
            // the assistant's drafts and sends them.
            channels: [
                ("web", Mode::Auto),
                ("zalo", Mode::Draft),
                ("messenger", Mode::Draft),
            ]
            .into_iter()
            .map(|(code, mode)| {
                (
                    code.to_string(),
                    ChannelSetting {
                        mode,
                        sales_channel: website(),
                    },
                )
            })
            .collect(),
            ..AssistantConfig::default()
        }
    }
}
