//! Marketplace buyer chat on the customer desk (reference `customer-channels.md` §3–§5):
//! TikTok Shop Customer Service, Shopee seller chat and Lazada IM, each speaking for the
//! marketplace shop the order sync already uses (its client, its stored tokens).
//!
//! - **Access.** None of the three grants chat by default. `[channels.<kind>] chat = true`
//!   says the app was granted it; otherwise the desk does not use that chat (a push is
//!   acknowledged and ignored, a send is refused as "not connected") and the Channels pane
//!   says why and how to apply ([`access`], [`access_words`]).
//! - **Incoming.** TikTok's type-14 webhook and Shopee's code-10 push arrive on the same
//!   `/push/{platform}` endpoint as the order pushes, with the same signature check; the
//!   listener hands the verified body here ([`ChatDesk::take`]). Each buyer message is
//!   stored once (platform id `<thread>/<message>`, see `orderdeck_store::market_chat`),
//!   keyed by the platform's buyer id (TikTok `im_user_id`, Shopee `from_id`), and goes
//!   through the desk like any other channel's. The conversation's sales channel is the
//!   shop's own (its stock buffer, its orders).
//! - **The shop's side.** A message from the shop (TikTok role SHOP / CUSTOMER_SERVICE;
//!   on Shopee a sender who is not the thread's buyer — an inference, the push has no
//!   role) is either our own send coming back or a person answering in the platform's
//!   seller centre: ours are recognised and dropped; a person's takes the conversation
//!   over, as Messenger's echoes do. Neither is ever answered.
//! - **Lazada.** Its IM push payload is unconfirmed (§4), so no Lazada message is read:
//!   the desk can reply in a Lazada conversation only if one already exists here with its
//!   session id; it never creates or discovers one.

use std::sync::Arc;

use chrono::FixedOffset;
use orderdeck_integrations::marketplace::chat::{ChatError, ChatEvent};
use orderdeck_integrations::marketplace::shopee::chat as shopee_chat;
use orderdeck_integrations::marketplace::tiktok::chat as tiktok_chat;
use orderdeck_integrations::marketplace::{ChannelKind, ChannelsConfig};
use orderdeck_store::conversations::{self as chats, Conversation};
use orderdeck_store::market_chat as threads;
use sqlx::PgPool;

use crate::assistant::AssistantConfig;
use crate::assistant::config::ChannelSetting;
use crate::assistant::desk::{self, DeskError, Incoming};
use crate::assistant::senders::Senders;
use crate::channels::{ChannelClient, OpenChannel};

/// Where a marketplace shop's buyer chat stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Granted: messages come in and replies go out.
    Connected,
    /// Granted, replies only (Lazada: no new-message push for us).
    RepliesOnly,
    /// Not granted (`chat` not set): the note says how to apply.
    NotGranted,
}

/// Whether `kind`'s app was granted chat (`[channels.<kind>] chat = true`); `None` for a
/// platform not configured or not a marketplace.
pub fn access(cfg: &ChannelsConfig, kind: ChannelKind) -> Option<Access> {
    let granted = match kind {
        ChannelKind::Shopee => cfg.shopee.as_ref()?.chat,
        ChannelKind::TikTok => cfg.tiktok.as_ref()?.chat,
        ChannelKind::Lazada => {
            return Some(if cfg.lazada.as_ref()?.chat {
                Access::RepliesOnly
            } else {
                Access::NotGranted
            });
        }
        _ => return None,
    };
    Some(if granted {
        Access::Connected
    } else {
        Access::NotGranted
    })
}

/// The state in the reader's language: connected, or not and why (each platform's
/// access rule, §3.1, §4, §5.1).
pub fn access_words(kind: ChannelKind, access: Access) -> String {
    match (access, kind) {
        (Access::Connected, _) => orderdeck_i18n::t!("console-chat-connected"),
        (Access::RepliesOnly, _) => orderdeck_i18n::t!("console-chat-connected-lazada"),
        (Access::NotGranted, ChannelKind::Shopee) => {
            orderdeck_i18n::t!("console-chat-note-shopee")
        }
        (Access::NotGranted, ChannelKind::Lazada) => {
            orderdeck_i18n::t!("console-chat-note-lazada")
        }
        (Access::NotGranted, _) => orderdeck_i18n::t!("console-chat-note-tiktok"),
    }
}

/// The marketplace shops whose chat was granted, with their clients (shared with the
/// order sync: one token keeper per shop).
#[derive(Clone, Default)]
pub struct MarketChats {
    shops: Vec<OpenChannel>,
}

impl MarketChats {
    /// The shops of `shops` whose `[channels.<kind>] chat` is set.
    pub fn new(shops: &[OpenChannel], cfg: &ChannelsConfig) -> MarketChats {
        MarketChats {
            shops: shops
                .iter()
                .filter(|s| {
                    matches!(
                        access(cfg, s.kind()),
                        Some(Access::Connected | Access::RepliesOnly)
                    )
                })
                .cloned()
                .collect(),
        }
    }

    /// The granted shop of this platform.
    pub fn shop(&self, kind: ChannelKind) -> Option<&OpenChannel> {
        self.shops.iter().find(|s| s.kind() == kind)
    }

    pub fn is_empty(&self) -> bool {
        self.shops.is_empty()
    }

    /// Sends `body` in the conversation through its marketplace shop; the message's
    /// platform id (`<thread>/<message>`). Each platform's rules are checked before any
    /// call (`orderdeck_integrations::marketplace::*::chat`).
    pub async fn deliver(
        &self,
        pool: &PgPool,
        conv: &Conversation,
        body: &str,
    ) -> Result<Option<String>, String> {
        let Some(kind) = ChannelKind::parse(&conv.channel).filter(|k| ChannelKind::ALL.contains(k))
        else {
            return Err(orderdeck_i18n::t!(
                "err-chat-no-client",
                channel = orderdeck_domain::text::visible(&conv.channel)
            ));
        };
        let Some(shop) = self.shop(kind) else {
            return Err(ChatError::NotGranted(kind).to_string());
        };
        let thread = threads::thread_of(pool, conv.id)
            .await
            .map_err(|e| e.to_string())?;
        let sent = match (&shop.client, thread.as_deref()) {
            (ChannelClient::TikTok(c), Some(t)) => c.send_chat_text(t, body, conv.last_in_at).await,
            (ChannelClient::Shopee(c), _) => c.send_chat_text(&conv.buyer_key, body).await,
            (ChannelClient::Lazada(c), Some(t)) => c.send_chat_text(t, body).await,
            (ChannelClient::TikTok(_) | ChannelClient::Lazada(_), None) => {
                Err(ChatError::NoThread(kind))
            }
            (ChannelClient::Store(_), _) => Err(ChatError::NotGranted(kind)),
        };
        let id = sent.map_err(|e| e.to_string())?;
        Ok(Some(match thread {
            Some(t) if !id.is_empty() => threads::platform_id(&t, &id),
            _ => id,
        }))
    }
}

/// Takes verified chat pushes to the desk.
#[derive(Clone)]
pub struct ChatDesk {
    pub pool: PgPool,
    /// The assistant's config, each granted shop's chat channel set to sell from that
    /// shop (see [`ChatDesk::new`]).
    pub assistant: Arc<AssistantConfig>,
    pub senders: Senders,
    pub offset: FixedOffset,
}

impl ChatDesk {
    /// The desk for `senders`' granted marketplace shops. A marketplace conversation's
    /// sales channel is always the shop's own (its stock buffer, its orders: a TikTok
    /// buyer is not sold the website's stock); the mode stays as
    /// `[assistant.channels.<kind>]` says (drafts when unset).
    pub fn new(
        pool: PgPool,
        assistant: &AssistantConfig,
        senders: Senders,
        offset: FixedOffset,
    ) -> ChatDesk {
        let mut config = assistant.clone();
        for kind in ChannelKind::ALL {
            if let Some(shop) = senders.marketplace.shop(kind) {
                let mode = assistant.channel(kind.code()).mode;
                config.channels.insert(
                    kind.code().to_string(),
                    ChannelSetting {
                        mode,
                        sales_channel: shop.row.code.clone(),
                    },
                );
            }
        }
        ChatDesk {
            pool,
            assistant: Arc::new(config),
            senders,
            offset,
        }
    }

    /// Takes a push of `kind` whose signature was checked. `Ok(false)`: not a chat
    /// message for the desk (an order push, a chat not granted, a hidden message).
    pub async fn take(&self, kind: ChannelKind, body: &[u8]) -> Result<bool, DeskError> {
        if self.senders.marketplace.shop(kind).is_none() {
            return Ok(false);
        }
        let event = match kind {
            ChannelKind::TikTok => tiktok_chat::parse_chat_webhook(body),
            ChannelKind::Shopee => shopee_chat::parse_chat_push(body),
            // Lazada's IM push is unconfirmed (§4): nothing is read from it.
            _ => return Ok(false),
        };
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                tracing::warn!(channel = kind.code(), "a chat push could not be read: {e}");
                return Ok(false);
            }
        };
        let channel = kind.code();
        match event {
            ChatEvent::Ignored(what) => {
                tracing::debug!(channel, "chat push ignored: {what}");
                Ok(false)
            }
            ChatEvent::Shop(m) => {
                let pid = threads::platform_id(&m.thread_id, &m.message_id);
                self.shop_side(channel, &m.thread_id, &pid, &m.text).await?;
                Ok(true)
            }
            ChatEvent::Buyer(m) => {
                let pid = threads::platform_id(&m.thread_id, &m.message_id);
                // Shopee's push has no role: a sender who is not the thread's buyer is the
                // shop's side (inference, see the module doc).
                if kind == ChannelKind::Shopee
                    && let Some((_, buyer)) =
                        threads::by_thread(&self.pool, channel, &m.thread_id).await?
                    && buyer != m.buyer_id
                {
                    self.shop_side(channel, &m.thread_id, &pid, &m.text).await?;
                    return Ok(true);
                }
                let done = desk::receive(
                    &self.pool,
                    &self.assistant,
                    &self.senders,
                    self.offset,
                    &Incoming {
                        channel,
                        buyer_key: &m.buyer_id,
                        buyer_name: &m.buyer_name,
                        buyer_phone: "",
                        platform_id: Some(&pid),
                        text: &m.text,
                    },
                )
                .await;
                match done {
                    Ok(_) => Ok(true),
                    // The buyer's own message too long or empty: not ours to retry.
                    Err(DeskError::Empty | DeskError::TooLong | DeskError::Buyer) => Ok(true),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// A shop-side message: ours is dropped; a person's takes the conversation over.
    async fn shop_side(
        &self,
        channel: &str,
        thread_id: &str,
        platform_id: &str,
        text: &str,
    ) -> Result<(), DeskError> {
        let Some((conversation_id, _)) = threads::by_thread(&self.pool, channel, thread_id).await?
        else {
            // A conversation the desk never saw a buyer message of: nothing to stop.
            return Ok(());
        };
        if threads::is_ours(&self.pool, conversation_id, platform_id, text).await? {
            return Ok(());
        }
        let taken = chats::get(&self.pool, conversation_id)
            .await?
            .is_some_and(|c| c.taken_over());
        if !taken {
            desk::take_over(&self.pool, conversation_id, Some("seller-centre")).await?;
        }
        Ok(())
    }
}
