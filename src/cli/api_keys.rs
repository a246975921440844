//! `orderdeck keys …`: the order-intake API's keys. Made with the scopes a client needs
//! (and optionally bound to one sales channel), shown once, stored hashed; listed;
//! revoked by name, refused from the next request on by every process. Only people whose
//! role may manage people may manage keys (`orderdeck_app::api::keys`).

use anyhow::Result;
use clap::Subcommand;
use orderdeck_app::api::keys;
use orderdeck_domain::text::visible;
use orderdeck_i18n::format::minute_time;
use orderdeck_i18n::t;

use crate::cli::setup::Setup;

#[derive(Debug, Subcommand)]
pub enum KeysAction {
    /// Make a key; its token is printed once and never again.
    Create {
        /// A name for the client (lower-case letters, digits, '.', '_', '-'): the order's
        /// timeline shows `api:NAME`.
        name: String,
        /// Comma list of orders:write, orders:read, stock:read.
        #[arg(long)]
        scope: String,
        /// Bind the key to one sales channel: it may send and read only that channel's
        /// orders. Without it: any of the shop's own channels, no marketplace.
        #[arg(long)]
        channel: Option<String>,
    },
    /// Every key: name, prefix, scopes, channel, made, last used, revoked.
    List,
    /// Revoke a key: every request with it is refused from now on.
    Revoke { name: String },
}

pub async fn run(setup: &Setup, action: KeysAction, actor: &str) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    match action {
        KeysAction::Create {
            name,
            scope,
            channel,
        } => {
            let made = keys::create(pool, &name, &scope, channel.as_deref(), actor).await?;
            let scopes: Vec<&str> = made.scopes.iter().map(|s| s.code()).collect();
            say!(
                "{}",
                t!(
                    "cli-api-keys-created",
                    name = visible(&name),
                    prefix = made.prefix,
                    scopes = scopes.join(",")
                )
            );
            // The token on a line of its own, for copying; the warning after it.
            println!("{}", made.token);
            warn_user!("{}", t!("cli-api-keys-shown-once"));
        }
        KeysAction::List => {
            let list = keys::list(pool).await?;
            if list.is_empty() {
                say!(
                    "{}",
                    t!(
                        "cli-api-keys-none",
                        example = "orderdeck keys create website --scope orders:write,stock:read"
                    )
                );
                return Ok(());
            }
            let offset = setup.offset().map_err(anyhow::Error::msg)?;
            let heads = [
                t!("cli-api-keys-col-name"),
                t!("cli-api-keys-col-prefix"),
                t!("cli-api-keys-col-scopes"),
                t!("cli-api-keys-col-channel"),
                t!("cli-api-keys-col-created"),
                t!("cli-api-keys-col-last-used"),
                t!("cli-api-keys-col-revoked"),
            ];
            let rows: Vec<[String; 7]> = list
                .iter()
                .map(|k| {
                    [
                        k.name.clone(),
                        k.prefix.clone(),
                        k.scopes.join(","),
                        k.channel
                            .clone()
                            .unwrap_or_else(|| t!("cli-api-keys-any-channel")),
                        minute_time(k.created_at, offset),
                        k.last_used_at
                            .map(|at| minute_time(at, offset))
                            .unwrap_or_else(|| t!("cli-api-keys-never")),
                        k.revoked_at
                            .map(|at| {
                                format!(
                                    "{} ({})",
                                    minute_time(at, offset),
                                    k.revoked_by.clone().unwrap_or_default()
                                )
                            })
                            .unwrap_or_else(|| "-".into()),
                    ]
                })
                .collect();
            let mut widths: Vec<usize> = heads.iter().map(|h| h.chars().count()).collect();
            for row in &rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let line = |cells: &[String]| {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            say!("{}", line(&heads));
            for row in &rows {
                say!("{}", line(row));
            }
        }
        KeysAction::Revoke { name } => {
            if keys::revoke(pool, &name, actor).await? {
                say!("{}", t!("cli-api-keys-revoked-now", name = visible(&name)));
            } else {
                say!(
                    "{}",
                    t!("cli-api-keys-revoked-before", name = visible(&name))
                );
            }
        }
    }
    Ok(())
}
