//! `orderdeck users …`: the shop's people. Each is a database login in one role (packer,
//! support, manager, admin); the server enforces what the role may do and writes the login
//! on everything it does.

use std::io::{BufRead, IsTerminal};

use anyhow::{Result, bail};
use clap::Subcommand;
use orderdeck_app::people;
use orderdeck_domain::access::Role;
use orderdeck_domain::text::visible;

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
                    "No people yet: everyone signs in as {} (the administrator).\n\
                     Add one: orderdeck users add lan.nguyen --role packer --name \"Nguyễn Thị Lan\"",
                    visible(&setup.operator())
                );
                return Ok(());
            }
            say!("{:<24} {:<8} {:<10} NAME", "LOGIN", "ROLE", "SIGN-IN");
            for p in list {
                say!(
                    "{:<24} {:<8} {:<10} {}",
                    visible(&p.login),
                    p.role.map(Role::name).unwrap_or("-"),
                    if p.can_login { "yes" } else { "disabled" },
                    visible(&p.full_name)
                );
            }
        }
        UsersAction::Me => {
            let me = people::whoami(pool).await?;
            let role = me
                .role
                .map(Role::name)
                .unwrap_or("none (it may do nothing)");
            let note = if me.trusted {
                " — the database's owner: every right, and migrations"
            } else {
                ""
            };
            say!("{} · {role}{note}", visible(&me.login));
            if !me.roles_exist {
                say!(
                    "This database has no orderdeck roles (its owner could not create them): \
                     every connection is the owner."
                );
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
                let first = rpassword::prompt_password(format!("Password for {login}: "))?;
                let again = rpassword::prompt_password("The same again: ")?;
                if first != again {
                    bail!("the two passwords differ: nothing was changed");
                }
                Some(first)
            };
            people::add(pool, &login, &name, role, password.as_deref()).await?;
            say!(
                "{} added as {role}. They sign in with: orderdeck --user {}",
                visible(&login),
                visible(&login)
            );
        }
        UsersAction::Role { login, role } => {
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            people::set_role(pool, &login, role).await?;
            say!("{} is now {role}", visible(&login));
        }
        UsersAction::Disable { login } => {
            people::disable(pool, &login).await?;
            say!("{} may no longer sign in", visible(&login));
        }
    }
    Ok(())
}
