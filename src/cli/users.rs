//! `orderdeck users …`: the shop's people. Each is a database login in one role (packer,
//! support, manager, admin); the server enforces what the role may do and writes the login
//! on everything it does.

use std::io::{BufRead, IsTerminal};

use anyhow::{Result, bail};
use clap::Subcommand;
use orderdeck_app::people;
use orderdeck_domain::access::Role;
use orderdeck_domain::text::visible;
use orderdeck_i18n::t;

use crate::cli::setup::Setup;

#[derive(Debug, Subcommand)]
pub enum UsersAction {
    /// Everyone who may sign in (or could, before being disabled), with their role.
    List,
    /// Who this console or command is signed in as, and its role.
    Me,
    /// Add a person: a login of their own in one role. Asks for their password (typed
    /// twice); `--password-stdin` reads it from the input instead; `--no-password` for
    /// a login that signs in by the operating system (peer) or a certificate.
    Add {
        /// Login name: lower-case letters, digits, '.', '_' or '-' (e.g. lan.nguyen).
        login: String,
        /// packer, support, manager or admin.
        #[arg(long)]
        role: String,
        /// The name shown beside the login.
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, conflicts_with = "no_password")]
        password_stdin: bool,
        #[arg(long)]
        no_password: bool,
    },
    /// Move a person to another role.
    Role { login: String, role: String },
    /// Take a person's sign-in away (their history keeps their name); their open consoles
    /// stop at once.
    Disable { login: String },
}

pub async fn run(setup: &Setup, action: UsersAction) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    match action {
        UsersAction::List => {
            let list = people::list(pool).await?;
            if list.is_empty() {
                say!(
                    "{}",
                    t!("cli-users-none-yet", login = visible(&setup.operator()))
                );
                say!(
                    "{}",
                    t!(
                        "cli-users-add-one",
                        example = "orderdeck users add lan.nguyen --role packer --name \"Nguyễn Thị Lan\""
                    )
                );
                return Ok(());
            }
            // A list scripts read: the headings are in the reader's language, the data
            // (login, role code, yes/disabled) stays as it is.
            let heads = [
                t!("cli-users-col-login"),
                t!("cli-users-col-role"),
                t!("cli-users-col-sign-in"),
                t!("cli-users-col-name"),
            ];
            let w: Vec<usize> = heads
                .iter()
                .zip([24, 8, 10])
                .map(|(h, min)| h.chars().count().max(min))
                .collect();
            say!(
                "{:<w0$} {:<w1$} {:<w2$} {}",
                heads[0],
                heads[1],
                heads[2],
                heads[3],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2]
            );
            for p in list {
                say!(
                    "{:<w0$} {:<w1$} {:<w2$} {}",
                    visible(&p.login),
                    p.role.map(Role::name).unwrap_or("-"),
                    if p.can_login {
                        t!("common-yes")
                    } else {
                        t!("cli-users-disabled")
                    },
                    visible(&p.full_name),
                    w0 = w[0],
                    w1 = w[1],
                    w2 = w[2]
                );
            }
        }
        UsersAction::Me => {
            let me = people::whoami(pool).await?;
            let role = me
                .role
                .map(|r| r.name().to_string())
                .unwrap_or_else(|| t!("cli-users-no-role"));
            let note = if me.trusted {
                format!(" — {}", t!("cli-users-owner-note"))
            } else {
                String::new()
            };
            say!("{} · {role}{note}", visible(&me.login));
            if !me.roles_exist {
                say!("{}", t!("cli-users-no-roles-in-db"));
            }
        }
        UsersAction::Add {
            login,
            role,
            name,
            password_stdin,
            no_password,
        } => {
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            people::check_login(&login)?;
            let password = if no_password {
                None
            } else if password_stdin || !std::io::stdin().is_terminal() {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                Some(line.trim_end_matches(['\r', '\n']).to_string())
            } else {
                let first = rpassword::prompt_password(format!(
                    "{} ",
                    t!("cli-password-for", login = visible(&login))
                ))?;
                let again = rpassword::prompt_password(format!("{} ", t!("cli-password-again")))?;
                if first != again {
                    bail!("{}", t!("cli-passwords-differ"));
                }
                Some(first)
            };
            people::add(pool, &login, &name, role, password.as_deref()).await?;
            say!(
                "{}",
                t!(
                    "cli-users-added",
                    login = visible(&login),
                    role = role.to_string()
                )
            );
        }
        UsersAction::Role { login, role } => {
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            people::set_role(pool, &login, role).await?;
            say!(
                "{}",
                t!(
                    "cli-users-role-set",
                    login = visible(&login),
                    role = role.to_string()
                )
            );
        }
        UsersAction::Disable { login } => {
            people::disable(pool, &login).await?;
            say!("{}", t!("cli-users-disabled", login = visible(&login)));
        }
    }
    Ok(())
}
