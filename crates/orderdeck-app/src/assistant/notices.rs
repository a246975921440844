//! Buyers told where their parcel is: shipped (with carrier and tracking), out for
//! delivery, delivery failed, delivered, and the invoice issued — on the channel they talk
//! to the shop on (the conversation their order was placed in, else the latest on their
//! phone), within that channel's rules (Messenger's window: outside it the notice goes as
//! the Page's approved utility template when `[assistant.messenger.utility]` has one for
//! it, else ZNS or e-mail carries it), or by e-mail when they have
//! no conversation. With Zalo ZNS templates configured (`[assistant.zalo.zns]`) and a
//! phone on the order, a notice that cannot go in a conversation goes by ZNS to the
//! buyer's Zalo instead of e-mail (`tracking_id` = the notice's id). Each event is told at
//! most once: claimed before it is sent. What was sent is in the conversation and on the
//! order's timeline.

use orderdeck_domain::order_event::Said;
use orderdeck_domain::text::visible;
use orderdeck_i18n::{Lang, scoped, t};
use orderdeck_integrations::mail::{Mailer, parse_mailbox};
use orderdeck_integrations::messenger::{MessengerClient, NoticeField, UtilityTemplate};
use orderdeck_integrations::zalo::{ZaloClient, ZnsMessage, ZnsValues, phone_84};
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
        let zns = zns_for(senders, due);
        let Some(channel) = conv
            .as_ref()
            .map(|c| c.channel.clone())
            .or_else(|| zns.as_ref().map(|_| ZNS.to_string()))
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
                .deliver(pool, c, &body, false)
                .await
                .map(|_| (Some(c.id), c.channel.clone()));
        }
        // Messenger outside its 24-hour window: the Page's approved utility template for
        // this notice, when it has one (no window applies to those).
        if outcome.is_err()
            && let Some(c) = conv.as_ref().filter(|c| c.channel == "messenger")
            && let Some((client, template)) = utility_for(senders, due)
        {
            let why = outcome.as_ref().err().cloned().unwrap_or_default();
            outcome = send_utility(client, template, &c.buyer_key, lang, due)
                .await
                .map(|_| (Some(c.id), c.channel.clone()))
                .map_err(|e| format!("{why}; {e}"));
        }
        if outcome.is_err()
            && let Some((client, phone)) = &zns
        {
            let why = outcome.as_ref().err().cloned().unwrap_or_default();
            outcome = send_zns(pool, client, phone, notice, due)
                .await
                .map(|_| (None, ZNS.to_string()))
                .map_err(|e| {
                    if why.is_empty() {
                        e
                    } else {
                        format!("{why}; {e}")
                    }
                });
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

/// The Messenger client and its utility template for this notice's kind.
fn utility_for<'a>(
    senders: &'a Senders,
    due: &Due,
) -> Option<(&'a MessengerClient, &'a UtilityTemplate)> {
    let client = senders.messenger.as_ref()?;
    let key = match due.kind.as_str() {
        "shipped" => "shipped",
        "shipment_out_for_delivery" => "out_for_delivery",
        "shipment_delivery_failed" => "delivery_failed",
        "shipment_delivered" => "delivered",
        "invoice_issued" => "invoice",
        _ => return None,
    };
    Some((client, client.utility.get(key)?))
}

/// The notice as a Messenger utility message: the template's placeholders filled with
/// what its config names (`number`, `carrier`, `tracking`, `date`, `status`), in the
/// buyer's language when the template was made in it.
async fn send_utility(
    client: &MessengerClient,
    template: &UtilityTemplate,
    psid: &str,
    lang: Lang,
    due: &Due,
) -> Result<String, String> {
    let values = values(lang, due);
    let value = |field: NoticeField| {
        let v = match field {
            NoticeField::Number => &values.number,
            NoticeField::Carrier => &values.carrier,
            NoticeField::Tracking => &values.tracking,
            NoticeField::Date => &values.date,
            NoticeField::Status => &values.status,
        };
        // A placeholder may not be empty.
        if v.trim().is_empty() {
            "-".to_string()
        } else {
            v.clone()
        }
    };
    let body: Vec<String> = template.body.iter().map(|f| value(*f)).collect();
    let url = template.url_button.map(value);
    client
        .send_utility(
            psid,
            template,
            template.language_for(lang.code()),
            &body,
            url.as_deref(),
        )
        .await
        .map_err(|e| e.to_string())
}

/// The channel code a notice sent by Zalo ZNS is recorded under.
pub const ZNS: &str = "zns";

/// The Zalo client and the buyer's phone (`84…`) when this notice can go by ZNS: a
/// template configured for its kind and a phone on the order.
fn zns_for<'a>(senders: &'a Senders, due: &Due) -> Option<(&'a ZaloClient, String)> {
    let client = senders.zalo.as_ref()?;
    client.zns.as_ref()?.template_for(&due.kind)?;
    Some((client, phone_84(&due.buyer_phone)?))
}

/// The notice as a ZNS template message; its `tracking_id` is the notice's id (Zalo's
/// delivery receipt carries it back).
async fn send_zns(
    pool: &PgPool,
    client: &ZaloClient,
    phone: &str,
    notice_id: i64,
    due: &Due,
) -> Result<String, String> {
    let Some(template) = client.zns.as_ref().and_then(|z| z.template_for(&due.kind)) else {
        return Err(t!("err-zalo-zns-no-template"));
    };
    let values = values(Lang::Vi, due);
    let msg = ZnsMessage {
        phone: phone.to_string(),
        template_id: template.template_id.clone(),
        template_data: template.data_for(&values),
        tracking_id: notice_id.to_string(),
    };
    let tokens = crate::zalo::DbZaloTokens { pool, client };
    client
        .send_zns(&tokens, &msg)
        .await
        .map_err(|e| e.to_string())
}

/// What a notice's template placeholders are filled from (ZNS and Messenger utility
/// messages alike), stored text shown with its control characters visible.
fn values(lang: Lang, due: &Due) -> ZnsValues {
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset");
    ZnsValues {
        number: visible(&due.number).into_owned(),
        carrier: carrier_name(due),
        tracking: due
            .tracking_number
            .as_deref()
            .map(|t| visible(t).into_owned())
            .unwrap_or_default(),
        date: due
            .at
            .with_timezone(&vietnam)
            .format("%d/%m/%Y")
            .to_string(),
        status: text(lang, due),
    }
}

fn carrier_name(due: &Due) -> String {
    match due.carrier.as_deref() {
        Some("ghn") => "GHN (Giao Hàng Nhanh)".to_string(),
        Some("viettelpost") => "Viettel Post".to_string(),
        Some(other) => visible(other).into_owned(),
        None => String::new(),
    }
}

/// The notice in the buyer's language.
pub fn text(lang: Lang, due: &Due) -> String {
    let _l = scoped(lang);
    let carrier = carrier_name(due);
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
