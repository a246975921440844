//! Buyers told where their parcel is: shipped (with carrier and tracking), out for
//! delivery, delivery failed, delivered, and the invoice issued — on the channel they talk
//! to the shop on (the conversation their order was placed in, else the latest on their
//! phone), within that channel's rules (Messenger's window: outside it the notice is not
//! sent, and e-mail carries it when the order has an address), or by e-mail when they have
//! no conversation. Each event is told at most once: claimed before it is sent. What was
//! sent is in the conversation and on the order's timeline.

use orderdeck_domain::order_event::Said;
use orderdeck_domain::text::visible;
use orderdeck_i18n::{Lang, scoped, t};
use orderdeck_integrations::mail::{Mailer, parse_mailbox};
use orderdeck_store::notices::{self as store, Due};
use sqlx::PgPool;

use super::senders::Senders;

/// What a round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    /// Not sent, with a reason kept (a closed window, a refused send).
    pub not_sent: usize,
}

/// Tells buyers of the events since the last round (at most `limit`).
pub async fn round(
    pool: &PgPool,
    senders: &Senders,
    mailer: Option<&Mailer>,
    limit: i64,
) -> orderdeck_store::Result<Report> {
    let mark = store::mark(pool).await?;
    let dues = store::due(pool, mark, limit).await?;
    let mut report = Report::default();
    let mut last = mark;
    for due in &dues {
        last = last.max(due.event_id);
        let conv = store::conversation_of(pool, &due.number, &due.buyer_phone).await?;
        let email = Some(due.buyer_email.trim()).filter(|e| e.contains('@'));
        let Some(channel) = conv
            .as_ref()
            .map(|c| c.channel.clone())
            .or_else(|| email.and(mailer).map(|_| "email".to_string()))
        else {
            // No channel to tell them on: nothing to claim or record.
            continue;
        };
        let Some(notice) = store::claim(pool, due, &channel, conv.as_ref().map(|c| c.id)).await?
        else {
            continue;
        };
        let lang = conv
            .as_ref()
            .and_then(|c| Lang::parse(&c.language))
            .unwrap_or(Lang::Vi);
        let body = text(lang, due);
        let mut outcome = Err(String::new());
        if let Some(c) = &conv {
            outcome = senders
                .deliver(c, &body, false)
                .await
                .map(|_| (Some(c.id), c.channel.clone()));
        }
        if outcome.is_err()
            && let (Some(to), Some(mailer)) = (email, mailer)
        {
            let why = outcome.as_ref().err().cloned().unwrap_or_default();
            outcome = send_mail(mailer, to, lang, due, &body)
                .await
                .map(|_| (None, "email".to_string()))
                .map_err(|e| {
                    if why.is_empty() {
                        e
                    } else {
                        format!("{why}; {e}")
                    }
                });
        }
        match outcome {
            Ok((conversation, via)) => {
                let said = Said::new("event-buyer-notified")
                    .with("channel", via.as_str())
                    .with("event", due.kind.as_str());
                store::finish(
                    pool,
                    notice,
                    due,
                    "sent",
                    "",
                    Some((conversation, &body)),
                    Some(&said),
                )
                .await?;
                report.sent += 1;
            }
            Err(why) => {
                tracing::info!(order = %due.number, "buyer notice not sent: {why}");
                store::finish(pool, notice, due, "failed", &why, None, None).await?;
                report.not_sent += 1;
            }
        }
    }
    store::set_mark(pool, last).await?;
    Ok(report)
}

/// The notice in the buyer's language.
pub fn text(lang: Lang, due: &Due) -> String {
    let _l = scoped(lang);
    let carrier = match due.carrier.as_deref() {
        Some("ghn") => "GHN (Giao Hàng Nhanh)".to_string(),
        Some("viettelpost") => "Viettel Post".to_string(),
        Some(other) => visible(other).into_owned(),
        None => String::new(),
    };
    let tracking = due
        .tracking_number
        .as_deref()
        .map(|t| visible(t).into_owned())
        .unwrap_or_default();
    let number = visible(&due.number).into_owned();
    match due.kind.as_str() {
        "shipped" => t!(
            "assistant-notice-shipped",
            number = number,
            carrier = carrier,
            tracking = tracking
        ),
        "shipment_out_for_delivery" => t!(
            "assistant-notice-out-for-delivery",
            number = number,
            tracking = tracking
        ),
        "shipment_delivery_failed" => t!(
            "assistant-notice-delivery-failed",
            number = number,
            carrier = carrier
        ),
        "shipment_delivered" => t!("assistant-notice-delivered", number = number),
        _ => t!("assistant-notice-invoice", number = number),
    }
}

async fn send_mail(
    mailer: &Mailer,
    to: &str,
    lang: Lang,
    due: &Due,
    body: &str,
) -> Result<(), String> {
    let to = parse_mailbox("to", to)?;
    let subject = {
        let _l = scoped(lang);
        t!("assistant-notice-subject", number = visible(&due.number))
    };
    let mut b = lettre::Message::builder()
        .from(mailer.from().clone())
        .to(to)
        .subject(subject);
    if let Some(r) = mailer.reply_to() {
        b = b.reply_to(r.clone());
    }
    let message = b.body(body.to_string()).map_err(|e| e.to_string())?;
    mailer.send(message).await.map_err(|e| e.to_string())
}
