//! Who carries a reply to the buyer, per chat channel: the website's chat page fetches
//! what was sent (nothing to call); Messenger goes through the Page's Send API within its
//! window; Zalo through the OA's cs send within its own (8 replies within 48 hours of the
//! buyer's last message, counted from what this conversation sent); TikTok Shop, Shopee
//! and Lazada through the marketplace shop whose chat was granted (`crate::market_chat`,
//! each platform's rules checked before any call). A channel with no
//! client configured refuses, saying so — a reply is never marked sent when it did not go.

use chrono::Utc;
use orderdeck_integrations::messenger::{self, MessengerClient, SendError, WindowRefusal};
use orderdeck_integrations::zalo::{self, ZaloClient, ZaloError};
use orderdeck_store::conversations::{self as chats, Conversation};
use sqlx::PgPool;

use super::AssistantConfig;

/// The chat channels' clients, built once from the config.
#[derive(Clone, Default)]
pub struct Senders {
    pub messenger: Option<MessengerClient>,
    /// The Zalo OA (cs replies, and ZNS notices when templates are configured).
    pub zalo: Option<ZaloClient>,
    /// The marketplace shops whose buyer chat was granted (`crate::market_chat`): set with
    /// [`Senders::with_marketplaces`].
    pub marketplace: crate::market_chat::MarketChats,
}

impl Senders {
    /// The clients the config sets up; the problems of those it cannot, as sentences.
    pub fn from_config(config: &AssistantConfig) -> (Senders, Vec<String>) {
        let mut problems = Vec::new();
        let messenger = config.messenger.as_ref().and_then(|c| {
            MessengerClient::new(c)
                .map_err(|e| problems.push(format!("[assistant.messenger]: {e}")))
                .ok()
        });
        let zalo = config.zalo.as_ref().and_then(|c| {
            ZaloClient::new(c)
                .map_err(|e| problems.push(format!("[assistant.zalo]: {e}")))
                .ok()
        });
        (
            Senders {
                messenger,
                zalo,
                marketplace: Default::default(),
            },
            problems,
        )
    }

    /// Adds the marketplace shops' buyer chat: those of `shops` whose
    /// `[channels.<kind>] chat` is set, speaking with the shop's own client and tokens.
    pub fn with_marketplaces(
        mut self,
        shops: &[crate::channels::OpenChannel],
        channels: &orderdeck_integrations::marketplace::ChannelsConfig,
    ) -> Senders {
        self.marketplace = crate::market_chat::MarketChats::new(shops, channels);
        self
    }

    /// Sends `body` to the conversation's buyer; the channel's id for the sent message
    /// (none for the website's chat). `by_person`: a person wrote or approved it (the
    /// window rules differ).
    pub async fn deliver(
        &self,
        pool: &PgPool,
        conv: &Conversation,
        body: &str,
        by_person: bool,
    ) -> Result<Option<String>, String> {
        match conv.channel.as_str() {
            // The buyer's page (or the CLI) reads what was sent.
            "web" | "ask" => Ok(None),
            "messenger" => {
                let Some(client) = &self.messenger else {
                    return Err(orderdeck_i18n::t!(
                        "err-chat-no-client",
                        channel = "Messenger"
                    ));
                };
                let how = messenger::may_send(conv.last_in_at, Utc::now(), by_person)
                    .map_err(window_words)?;
                client
                    .send(&conv.buyer_key, body, how)
                    .await
                    .map(Some)
                    .map_err(|e| match e {
                        SendError::OutsideWindow => window_words(WindowRefusal::AutomatedAfter24h),
                        other => other.to_string(),
                    })
            }
            // TikTok Shop, Shopee, Lazada: through the shop, when its chat was granted.
            "tiktok" | "shopee" | "lazada" => self.marketplace.deliver(pool, conv, body).await,
            "zalo" => {
                let Some(client) = &self.zalo else {
                    return Err(orderdeck_i18n::t!("err-chat-no-client", channel = "Zalo"));
                };
                zalo_reply(pool, client, conv, body)
                    .await
                    .map(Some)
                    .map_err(|e| e.to_string())
            }
            other => Err(orderdeck_i18n::t!(
                "err-chat-no-client",
                channel = orderdeck_domain::text::visible(other)
            )),
        }
    }
}

fn window_words(w: WindowRefusal) -> String {
    match w {
        WindowRefusal::AutomatedAfter24h => orderdeck_i18n::t!("err-chat-window-24h"),
        WindowRefusal::After7Days => orderdeck_i18n::t!("err-chat-window-7d"),
        WindowRefusal::NeverWrote => orderdeck_i18n::t!("err-chat-window-never"),
    }
}

/// A cs reply on Zalo: the window checked first (no call outside it), then the send with
/// the OA's stored token (refreshed once on `-216`). Zalo's message id.
///
/// The count is of replies already marked sent: two sends racing at the 8th reply could
/// both pass; Zalo would then count the 9th as proactive.
async fn zalo_reply(
    pool: &PgPool,
    client: &ZaloClient,
    conv: &Conversation,
    body: &str,
) -> Result<String, ZaloError> {
    let replies = match conv.last_in_at {
        Some(since) => chats::replies_since(pool, conv.id, since)
            .await
            .map_err(|e| ZaloError::Store(e.to_string()))?,
        None => 0,
    };
    zalo::may_send(conv.last_in_at, replies, Utc::now()).map_err(ZaloError::Window)?;
    let tokens = crate::zalo::DbZaloTokens { pool, client };
    client.send_text(&tokens, &conv.buyer_key, body).await
}
