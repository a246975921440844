//! `orderdeck bench places`: GHN's places fetched from the simulator into a fresh
//! database, then addresses written the ways buyers write them resolved against them —
//! how many per second, and how many resolved (right or wrong), ambiguous and unknown.
//!
//! Each address is made from a real ward of the list and written in one of six styles;
//! the ward it was made from is the answer, so a wrong resolution is counted, not hidden.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use orderdeck_app::carrier_places::{self, Places};
use orderdeck_domain::places::{Level, Place, Written, merger, name_key};
use orderdeck_domain::text::fold;
use orderdeck_integrations::carrier::{CarrierKind, CarriersConfig};
use orderdeck_integrations::carriers::Carriers;
use orderdeck_store as store;
use rand::prelude::*;

use crate::cli::bench::fresh_bench_db;
use crate::cli::setup::Setup;

/// How an address is written.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Style {
    /// "Phường 1", "Quận 3", "Hồ Chí Minh" in their boxes.
    Official,
    /// "P.1", "Q.3", "TP HCM", without diacritics.
    Abbreviated,
    /// "Ward 1", "District 3", "Ho Chi Minh City".
    English,
    /// Everything in the street line: "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM".
    OneLine,
    /// After the 2025 reform: ward and the new province, no district.
    NoDistrict,
    /// A letter missing from the ward's name: must not resolve to a ward.
    Typo,
}

const STYLES: [Style; 6] = [
    Style::Official,
    Style::Abbreviated,
    Style::English,
    Style::OneLine,
    Style::NoDistrict,
    Style::Typo,
];

/// The type word of a name and its short form, longest first.
const TYPES: &[(&str, &str, &str)] = &[
    ("Thành phố ", "TP. ", "City "),
    ("Thị trấn ", "TT. ", "Town "),
    ("Thị xã ", "TX. ", "Town "),
    ("Phường ", "P.", "Ward "),
    ("Quận ", "Q.", "District "),
    ("Huyện ", "H. ", "District "),
    ("Xã ", "X. ", "Commune "),
];

/// (type word, bare name) of an official name.
fn split_type(name: &str) -> (&'static str, &str) {
    for (t, _, _) in TYPES {
        if let Some(rest) = name.strip_prefix(t) {
            return (t, rest);
        }
    }
    ("", name)
}

fn short(name: &str, english: bool) -> String {
    let (t, rest) = split_type(name);
    let Some((_, abbr, en)) = TYPES.iter().find(|(w, _, _)| *w == t) else {
        return name.to_string();
    };
    if english {
        // "District 3", "Ward 1" for numbered ones; "Binh Thanh District" otherwise.
        if rest.chars().all(|c| c.is_ascii_digit()) {
            format!("{en}{rest}")
        } else {
            format!("{} {}", rest, en.trim())
        }
    } else {
        format!("{abbr}{rest}")
    }
}

struct Ward<'a> {
    place: &'a Place,
    district: &'a Place,
    province: &'a Place,
}

pub async fn run(setup: &Setup, addresses: usize) -> Result<()> {
    if addresses == 0 {
        bail!("--addresses must be at least 1");
    }
    let sim =
        orderdeck_sim::start("127.0.0.1:0".parse()?, orderdeck_sim::SimOptions::default()).await?;
    let (_, pool) = fresh_bench_db(setup, "orderdeck_bench_places").await?;
    let carriers = Carriers::new(&CarriersConfig {
        ghn: Some(sim.ghn_config()),
        viettelpost: None,
    })?;

    let t = Instant::now();
    let list = carrier_places::refresh(&pool, &carriers, CarrierKind::Ghn).await?;
    let fetch = t.elapsed();
    let t = Instant::now();
    let index = Places::new()
        .index(&pool, &carriers, CarrierKind::Ghn)
        .await?;
    let build = t.elapsed();
    say!(
        "GHN's places from the simulator: {} provinces, {} districts, {} wards — fetched and \
         stored in {:.2} s ({} calls), loaded and indexed in {:.0} ms",
        list.provinces,
        list.districts,
        list.wards,
        fetch.as_secs_f64(),
        1 + list.provinces + list.districts,
        build.as_secs_f64() * 1000.0
    );

    let places = store::places::load(&pool, "ghn").await?;
    let by_id: HashMap<(Level, &str), &Place> = places
        .iter()
        .map(|p| ((p.level, p.id.as_str()), p))
        .collect();
    let mut wards: Vec<Ward<'_>> = places
        .iter()
        .filter(|p| p.level == Level::Ward)
        .filter_map(|w| {
            let district = *by_id.get(&(Level::District, w.parent.as_str()))?;
            let province = *by_id.get(&(Level::Province, district.parent.as_str()))?;
            Some(Ward {
                place: w,
                district,
                province,
            })
        })
        .collect();
    wards.sort_by(|a, b| a.place.id.cmp(&b.place.id));
    // The new (2025) province each old one is now part of, by name.
    let province_names: HashMap<String, &str> = places
        .iter()
        .filter(|p| p.level == Level::Province)
        .map(|p| {
            (
                name_key::key(Level::Province, &p.name).folded,
                p.name.as_str(),
            )
        })
        .collect();
    let new_province = |old: &str| -> String {
        let k = name_key::key(Level::Province, old).folded;
        merger::MERGED_INTO
            .iter()
            .find(|(_, olds)| olds.contains(&k.as_str()))
            .and_then(|(new, _)| province_names.get(*new))
            .map(|s| s.to_string())
            .unwrap_or_else(|| old.to_string())
    };

    let mut rng = StdRng::seed_from_u64(2025);
    struct Case {
        style: Style,
        answer: String,
        line1: String,
        ward: String,
        district: String,
        province: String,
    }
    let mut cases = Vec::with_capacity(addresses);
    for n in 0..addresses {
        let w = wards
            .choose(&mut rng)
            .context("the simulator sent no wards")?;
        let style = STYLES[n % STYLES.len()];
        let street = format!("{} Lê Lợi", rng.random_range(1..400));
        let (ward, district, province) = (&w.place.name, &w.district.name, &w.province.name);
        let mut c = Case {
            style,
            answer: w.place.id.clone(),
            line1: street.clone(),
            ward: ward.clone(),
            district: district.clone(),
            province: province.clone(),
        };
        match style {
            Style::Official => {}
            Style::Abbreviated => {
                c.ward = fold(&short(ward, false));
                c.district = fold(&short(district, false));
                c.province = format!("TP {}", fold(province));
            }
            Style::English => {
                c.ward = fold(&short(ward, true));
                c.district = fold(&short(district, true));
                c.province = format!("{} city", fold(province));
            }
            Style::OneLine => {
                c.line1 = format!(
                    "{street}, {}, {}, {}",
                    short(ward, false),
                    short(district, false),
                    province
                );
                c.ward.clear();
                c.district.clear();
                c.province.clear();
            }
            Style::NoDistrict => {
                c.district.clear();
                c.province = new_province(province);
            }
            Style::Typo => {
                let (t, rest) = split_type(ward);
                let chars: Vec<char> = rest.chars().collect();
                if chars.len() > 3 {
                    let cut = rng.random_range(1..chars.len() - 1);
                    let rest: String = chars
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != cut)
                        .map(|(_, c)| c)
                        .collect();
                    c.ward = format!("{t}{rest}");
                } else {
                    c.ward = format!("{t}{rest}x");
                }
            }
        }
        cases.push(c);
    }

    #[derive(Default, Clone, Copy)]
    struct Tally {
        right: usize,
        wrong: usize,
        ambiguous: usize,
        unknown: usize,
    }
    let mut by_style: HashMap<Style, Tally> = HashMap::new();
    let t = Instant::now();
    let results: Vec<_> = cases
        .iter()
        .map(|c| {
            index.resolve(&Written {
                line1: &c.line1,
                ward: &c.ward,
                district: &c.district,
                province: &c.province,
            })
        })
        .collect();
    let took = t.elapsed();
    let show = std::env::var("BENCH_PLACES_SHOW").ok();
    for (c, r) in cases.iter().zip(&results) {
        if show.as_deref() == Some(&format!("{:?}", c.style))
            && !matches!(r, Ok(l) if l.ward_id == c.answer)
        {
            warn_user!(
                "{:?} | {} | {} | {} | {} → {:?}",
                c.style,
                c.line1,
                c.ward,
                c.district,
                c.province,
                r.as_ref().map(|l| l.label()).map_err(|e| e.to_string())
            );
        }
        let tally = by_style.entry(c.style).or_default();
        match r {
            Ok(l) if l.ward_id == c.answer => tally.right += 1,
            Ok(_) => tally.wrong += 1,
            Err(u) if u.ambiguous => tally.ambiguous += 1,
            Err(_) => tally.unknown += 1,
        }
    }
    let total = by_style.values().fold(Tally::default(), |a, t| Tally {
        right: a.right + t.right,
        wrong: a.wrong + t.wrong,
        ambiguous: a.ambiguous + t.ambiguous,
        unknown: a.unknown + t.unknown,
    });
    say!(
        "resolved {addresses} addresses in {:.1} ms: {:.0} addresses/s ({:.1} µs each), one core",
        took.as_secs_f64() * 1000.0,
        addresses as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / addresses as f64
    );
    say!(
        "{:<12} {:>7} {:>7} {:>9} {:>7} {:>7}",
        "written as",
        "right",
        "wrong",
        "ambiguous",
        "unknown",
        "of"
    );
    for style in STYLES {
        let t = by_style.get(&style).copied().unwrap_or_default();
        say!(
            "{:<12} {:>7} {:>7} {:>9} {:>7} {:>7}",
            format!("{style:?}"),
            t.right,
            t.wrong,
            t.ambiguous,
            t.unknown,
            t.right + t.wrong + t.ambiguous + t.unknown
        );
    }
    say!(
        "{:<12} {:>7} {:>7} {:>9} {:>7} {:>7}",
        "all",
        total.right,
        total.wrong,
        total.ambiguous,
        total.unknown,
        addresses
    );
    say!(
        "(ambiguous and unknown addresses go to a person's pick list in the ship form; a typo \
         is meant to land there, never on a ward)"
    );
    pool.close().await;
    Ok(())
}
