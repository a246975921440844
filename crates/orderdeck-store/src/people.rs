//! People: PostgreSQL login roles in the orderdeck group roles (migration `roles`), with a
//! row in `users` for the name shown. Who a session is comes from the server
//! (`session_user`), never from the program.

use orderdeck_domain::access::Role;
use sqlx::PgConnection;

use crate::{Result, StoreError};

/// Who this session is, as the server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whoami {
    pub login: String,
    /// The orderdeck role; `None` for a login that is in none of them (it can do nothing).
    pub role: Option<Role>,
    /// The owner of the tables, a superuser or one of the owner's members: what it does is
    /// written under the name the program gives (workers, imports), and migrations are its.
    pub trusted: bool,
    /// Whether the server has the orderdeck roles at all (a managed database whose
    /// migrating user may not create roles has none: every connection is then the owner).
    pub roles_exist: bool,
}

pub async fn whoami(conn: &mut PgConnection) -> Result<Whoami> {
    let (login, roles_exist, trusted, group): (String, bool, bool, Option<String>) =
        sqlx::query_as(
            "select session_user::text,
                    to_regrole('orderdeck_packer') is not null,
                    pg_has_role(session_user,
                        (select relowner from pg_class where oid = 'public.orders'::regclass), 'member'),
                    orderdeck_role_of((select oid from pg_roles where rolname = session_user))",
        )
        .fetch_one(&mut *conn)
        .await?;
    let role = if trusted || !roles_exist {
        Some(Role::Admin)
    } else {
        group.and_then(|g| g.parse().ok())
    };
    Ok(Whoami {
        login,
        role,
        trusted,
        roles_exist,
    })
}

/// Which `pg_roles r` are people: logins in the orderdeck roles, not a superuser, not the
/// group roles themselves (the owner is filtered where it matters).
const IS_PERSON: &str = "to_regrole('orderdeck_packer') is not null
    and pg_has_role(r.oid, 'orderdeck_packer', 'member')
    and not r.rolsuper
    and r.rolname not like 'orderdeck\\_%'";

/// One person, for `users list`.
#[derive(Debug, Clone)]
pub struct Person {
    pub login: String,
    pub full_name: String,
    pub role: Option<Role>,
    pub can_login: bool,
}

/// Every login in the orderdeck roles (superusers and the owner are not people here).
pub async fn list(conn: &mut PgConnection) -> Result<Vec<Person>> {
    let sql = format!(
        "select r.rolname::text, coalesce(u.full_name, ''), orderdeck_role_of(r.oid), r.rolcanlogin
         from pg_roles r
         left join users u on u.login = r.rolname
         where {IS_PERSON}
           and r.oid <> (select relowner from pg_class where oid = 'public.orders'::regclass)
         order by r.rolname"
    );
    let rows: Vec<(String, String, Option<String>, bool)> =
        sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
    Ok(rows
        .into_iter()
        .map(|(login, full_name, role, can_login)| Person {
            login,
            full_name,
            role: role.and_then(|r| r.parse().ok()),
            can_login,
        })
        .collect())
}

/// Runs a role statement built by the server itself (`format` with %I and %L), so a name
/// can never break out of its quotes.
async fn execute_formatted(conn: &mut PgConnection, format: &str, args: &[&str]) -> Result<()> {
    let mut sql = String::from("select format($1");
    for i in 0..args.len() {
        sql.push_str(&format!(", ${}", i + 2));
    }
    sql.push(')');
    let mut q = sqlx::query_scalar::<_, String>(&sql).bind(format);
    for a in args {
        q = q.bind(*a);
    }
    let statement = q.fetch_one(&mut *conn).await?;
    sqlx::query(&statement).execute(&mut *conn).await?;
    Ok(())
}

/// What `users add` stores: a login and how it signs in.
pub struct NewPerson<'a> {
    pub login: &'a str,
    pub full_name: &'a str,
    pub role: Role,
    /// A SCRAM-SHA-256 verifier (the server never sees the password itself), or `None`
    /// for a login that signs in by the operating system (peer) or a certificate.
    pub verifier: Option<&'a str>,
}

/// Creates the login role and its `users` row, in the caller's transaction.
pub async fn add(conn: &mut PgConnection, p: &NewPerson<'_>) -> Result<()> {
    roles_must_exist(conn).await?;
    match p.verifier {
        Some(v) => {
            execute_formatted(conn, "create role %I login password %L", &[p.login, v]).await?
        }
        None => execute_formatted(conn, "create role %I login", &[p.login]).await?,
    }
    grant(conn, p.login, p.role).await?;
    sqlx::query(
        "insert into users (login, full_name, role, active) values ($1, $2, $3, true)
         on conflict (login) do update set full_name = excluded.full_name, role = excluded.role, active = true",
    )
    .bind(p.login)
    .bind(p.full_name)
    .bind(p.role.name())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts a login in exactly one role (taking it out of the others).
pub async fn set_role(conn: &mut PgConnection, login: &str, role: Role) -> Result<()> {
    roles_must_exist(conn).await?;
    must_be_person(conn, login).await?;
    for r in Role::ALL {
        execute_formatted(conn, "revoke %I from %I", &[r.group(), login]).await?;
    }
    execute_formatted(conn, "alter role %I nocreaterole", &[login]).await?;
    grant(conn, login, role).await?;
    sqlx::query(
        "insert into users (login, role) values ($1, $2)
         on conflict (login) do update set role = excluded.role",
    )
    .bind(login)
    .bind(role.name())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn grant(conn: &mut PgConnection, login: &str, role: Role) -> Result<()> {
    if role == Role::Admin {
        // An admin makes people: CREATEROLE, and (PostgreSQL 16 and later ask for it) the
        // right to hand out each orderdeck role.
        execute_formatted(conn, "alter role %I createrole", &[login]).await?;
        for r in Role::ALL {
            execute_formatted(
                conn,
                "grant %I to %I with admin option",
                &[r.group(), login],
            )
            .await?;
        }
    } else {
        execute_formatted(conn, "grant %I to %I", &[role.group(), login]).await?;
    }
    Ok(())
}

/// Takes the login away (its history stays: events keep its name) and ends its sessions.
pub async fn disable(conn: &mut PgConnection, login: &str) -> Result<()> {
    must_be_person(conn, login).await?;
    execute_formatted(conn, "alter role %I nologin", &[login]).await?;
    sqlx::query("update users set active = false where login = $1")
        .bind(login)
        .execute(&mut *conn)
        .await?;
    // Open consoles of that person stop at once; allowed to an admin over its own people.
    sqlx::query(
        "select pg_terminate_backend(pid) from pg_stat_activity
         where usename = $1 and pid <> pg_backend_pid()",
    )
    .bind(login)
    .execute(&mut *conn)
    .await
    .ok();
    Ok(())
}

async fn roles_must_exist(conn: &mut PgConnection) -> Result<()> {
    let exists: bool = sqlx::query_scalar("select to_regrole('orderdeck_packer') is not null")
        .fetch_one(&mut *conn)
        .await?;
    if exists {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "this database has no orderdeck roles: its owner could not create them when it was \
             migrated; a PostgreSQL administrator runs `orderdeck migrate` once as a user with \
             CREATEROLE (README, \"Many consoles, one database\")"
                .into(),
        ))
    }
}

async fn must_be_person(conn: &mut PgConnection, login: &str) -> Result<()> {
    let sql =
        format!("select exists (select 1 from pg_roles r where r.rolname = $1 and {IS_PERSON})");
    let person: bool = sqlx::query_scalar(&sql)
        .bind(login)
        .fetch_one(&mut *conn)
        .await?;
    if person {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{} is not a person of this shop (`orderdeck users list`)",
            orderdeck_domain::text::visible(login)
        )))
    }
}
