//! A carrier's list of places, stored whole (see the migration): replaced in one
//! transaction, read in one query.

use chrono::{DateTime, Utc};
use orderdeck_domain::places::{Level, Place};
use sqlx::PgPool;

use super::Result;

fn level_text(level: Level) -> &'static str {
    level.word()
}

fn level_of(text: &str) -> Option<Level> {
    match text {
        "province" => Some(Level::Province),
        "district" => Some(Level::District),
        "ward" => Some(Level::Ward),
        _ => None,
    }
}

/// When the list was last fetched and how many of each level it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListInfo {
    pub refreshed_at: DateTime<Utc>,
    pub provinces: i32,
    pub districts: i32,
    pub wards: i32,
}

/// Puts this list in place of the carrier's old one, at once for every reader. Two
/// consoles refreshing together take turns (an advisory lock per carrier).
pub async fn replace(pool: &PgPool, carrier: &str, places: &[Place]) -> Result<ListInfo> {
    let mut tx = pool.begin().await?;
    sqlx::query("select pg_advisory_xact_lock(hashtext('carrier_places:' || $1))")
        .bind(carrier)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from carrier_places where carrier = $1")
        .bind(carrier)
        .execute(&mut *tx)
        .await?;
    let mut count = [0i32; 3];
    // Batches keep each statement's arrays moderate; one transaction keeps it whole.
    for chunk in places.chunks(5_000) {
        let mut levels = Vec::with_capacity(chunk.len());
        let mut ids = Vec::with_capacity(chunk.len());
        let mut parents = Vec::with_capacity(chunk.len());
        let mut names = Vec::with_capacity(chunk.len());
        // Aliases travel as one text per place (unit separator inside), since a 2-D
        // array cannot be ragged.
        let mut aliases = Vec::with_capacity(chunk.len());
        for p in chunk {
            count[p.level as usize] += 1;
            levels.push(level_text(p.level));
            ids.push(p.id.as_str());
            parents.push(p.parent.as_str());
            names.push(p.name.as_str());
            aliases.push(p.aliases.join("\u{1f}"));
        }
        sqlx::query(
            "insert into carrier_places (carrier, level, id, parent_id, name, aliases)
             select $1, l, i, p, n, case when a = '' then '{}'::text[] else string_to_array(a, chr(31)) end
             from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(l, i, p, n, a)
             on conflict (carrier, level, id) do nothing",
        )
        .bind(carrier)
        .bind(&levels)
        .bind(&ids)
        .bind(&parents)
        .bind(&names)
        .bind(&aliases)
        .execute(&mut *tx)
        .await?;
    }
    let (refreshed_at,): (DateTime<Utc>,) = sqlx::query_as(
        "insert into carrier_place_lists (carrier, refreshed_at, provinces, districts, wards)
         values ($1, now(), $2, $3, $4)
         on conflict (carrier) do update set refreshed_at = excluded.refreshed_at,
             provinces = excluded.provinces, districts = excluded.districts, wards = excluded.wards
         returning refreshed_at",
    )
    .bind(carrier)
    .bind(count[0])
    .bind(count[1])
    .bind(count[2])
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ListInfo {
        refreshed_at,
        provinces: count[0],
        districts: count[1],
        wards: count[2],
    })
}

/// The list's date and size, if it was ever fetched.
pub async fn info(pool: &PgPool, carrier: &str) -> Result<Option<ListInfo>> {
    let row: Option<(DateTime<Utc>, i32, i32, i32)> = sqlx::query_as(
        "select refreshed_at, provinces, districts, wards from carrier_place_lists where carrier = $1",
    )
    .bind(carrier)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(refreshed_at, provinces, districts, wards)| ListInfo {
            refreshed_at,
            provinces,
            districts,
            wards,
        }),
    )
}

/// The whole list.
pub async fn load(pool: &PgPool, carrier: &str) -> Result<Vec<Place>> {
    let rows: Vec<(String, String, String, String, Vec<String>)> = sqlx::query_as(
        "select level, id, parent_id, name, aliases from carrier_places where carrier = $1",
    )
    .bind(carrier)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(level, id, parent, name, aliases)| {
            Some(Place {
                level: level_of(&level)?,
                id,
                parent,
                name,
                aliases,
            })
        })
        .collect())
}

/// The ward a person picked before for this written address (see the migration).
pub async fn picked(pool: &PgPool, carrier: &str, written: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "select ward_id from carrier_place_picks where carrier = $1 and written = $2",
    )
    .bind(carrier)
    .bind(written)
    .fetch_optional(pool)
    .await?)
}

/// Keeps a person's pick for this written address (the latest pick wins).
pub async fn remember_pick(
    pool: &PgPool,
    carrier: &str,
    written: &str,
    ward_id: &str,
    picked_by: &str,
) -> Result<()> {
    sqlx::query(
        "insert into carrier_place_picks (carrier, written, ward_id, picked_by) values ($1, $2, $3, $4)
         on conflict (carrier, written) do update set ward_id = excluded.ward_id,
             picked_by = excluded.picked_by, picked_at = now()",
    )
    .bind(carrier)
    .bind(written)
    .bind(ward_id)
    .bind(picked_by)
    .execute(pool)
    .await?;
    Ok(())
}
