//! Who carries a reply to the buyer, per chat channel: the website's chat page fetches
//! what was sent (nothing to call); Messenger goes through the Page's Send API within its
//! window. A channel with no client configured refuses, saying so — a reply is never
//! marked sent when it did not go.

use chrono::Utc;
use orderdeck_integrations::messenger::{self, MessengerClient, SendError, WindowRefusal};
use orderdeck_store::conversations::Conversation;

use super::AssistantConfig;

/// The chat channels' clients, built once from the config.
#[derive(Clone, Default)]
pub struct Senders {
    pub messenger: Option<MessengerClient>,
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
        (Senders { messenger }, problems)
    }

    /// Sends `body` to the conversation's buyer; the channel's id for the sent message
    /// (none for the website's chat). `by_person`: a person wrote or approved it (the
    /// window rules differ).
    pub async fn deliver(
        &self,
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
