//! A carrier's list of places (province → district → ward) and the buyer's written address
//! resolved against it.
//!
//! Carriers want their own ids (GHN's fee quote needs `to_district_id` and `to_ward_code`),
//! buyers write names their own way: "P.5, Q.3, TP HCM", "phuong ben nghe, quan 1, ho chi
//! minh", or the post-2025 "Phường X, Tỉnh Y" with no district at all. Names are compared
//! as [`name_key::key`]s. Only an exact key match is taken: a near miss is a candidate for
//! a person to pick, never a guess, because a parcel sent to the wrong ward comes back.

pub mod merger;
pub mod name_key;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use name_key::{Key, Kind, key};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    Province,
    District,
    Ward,
}

impl Level {
    pub fn word(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Ward => "ward",
        }
    }
}

/// One entry of a carrier's list. Ids are text whatever the carrier's type (GHN's
/// district ids are numbers, its ward codes strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub level: Level,
    pub id: String,
    /// The province of a district, the district of a ward; empty for a province.
    pub parent: String,
    pub name: String,
    /// Other names the carrier lists (GHN's `NameExtension`).
    pub aliases: Vec<String>,
}

/// A ward with its district and province: what a carrier order is addressed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    pub province_id: String,
    pub province: String,
    pub district_id: String,
    pub district: String,
    pub ward_id: String,
    pub ward: String,
}

impl Located {
    /// "Phường 5, Quận 3, Hồ Chí Minh".
    pub fn label(&self) -> String {
        format!("{}, {}, {}", self.ward, self.district, self.province)
    }
}

/// What was written, as the order has it. Empty parts may be in the street line
/// ("12 Lê Lợi, P. Bến Nghé, Q.1"), where they are looked for too.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written<'a> {
    pub line1: &'a str,
    pub ward: &'a str,
    pub district: &'a str,
    pub province: &'a str,
}

/// Why an address cannot be sent as it is, and the wards a person may pick from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unresolved {
    /// The level that could not be settled.
    pub level: Level,
    /// Several places fit (true), or none did (false).
    pub ambiguous: bool,
    /// What was written at that level ("" when nothing was).
    pub written: String,
    /// Where it was looked for ("Quận 3, Hồ Chí Minh"; "" for a province).
    pub within: String,
    /// Wards to pick from, best first (empty when not even the province is known).
    pub candidates: Vec<Located>,
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Province => orderdeck_i18n::t!("err-level-province"),
            Level::District => orderdeck_i18n::t!("err-level-district"),
            Level::Ward => orderdeck_i18n::t!("err-level-ward"),
        };
        let within = if self.within.is_empty() {
            String::new()
        } else {
            orderdeck_i18n::t!("err-place-within", place = &self.within)
        };
        let written = &self.written;
        let text = match (self.ambiguous, self.written.is_empty()) {
            (true, _) if self.candidates.len() == 1 => orderdeck_i18n::t!(
                "err-place-written-unlike",
                level = &level,
                written = written,
                within = &within,
                listed = match self.level {
                    Level::Ward => &self.candidates[0].ward,
                    Level::District => &self.candidates[0].district,
                    Level::Province => &self.candidates[0].province,
                }
            ),
            (true, _) => orderdeck_i18n::t!(
                "err-place-fits-many",
                level = &level,
                written = written,
                within = &within,
                count = self.candidates.len()
            ),
            (false, true) => {
                orderdeck_i18n::t!("err-place-missing", level = &level, within = &within)
            }
            (false, false) => orderdeck_i18n::t!(
                "err-place-none",
                level = &level,
                written = written,
                within = &within
            ),
        };
        f.write_str(&text)
    }
}

pub type Resolution = Result<Located, Unresolved>;

/// Most candidates offered for one address (a picker filters them as the person types).
const MAX_CANDIDATES: usize = 300;

/// A carrier's list, indexed for resolving.
#[derive(Debug, Default)]
pub struct PlaceIndex {
    places: Vec<Place>,
    kinds: Vec<Option<Kind>>,
    keys: Vec<String>,
    exact: Vec<String>,
    /// Province key → provinces.
    provinces: HashMap<String, Vec<usize>>,
    /// (Parent index, key) → districts or wards under it.
    under: HashMap<(usize, String), Vec<usize>>,
    /// (Province index, ward key) → wards anywhere in the province.
    wards_in_province: HashMap<(usize, String), Vec<usize>>,
    children: HashMap<usize, Vec<usize>>,
    parent: Vec<Option<usize>>,
    by_id: HashMap<(Level, String), usize>,
    counts: [usize; 3],
}

impl PlaceIndex {
    /// Builds the index. Entries whose parent is missing are left out (and counted out).
    pub fn new(places: Vec<Place>) -> PlaceIndex {
        let mut ix = PlaceIndex::default();
        let mut places = places;
        // Parents before children, whatever order they came in.
        places.sort_by_key(|p| p.level as u8);
        for p in places {
            let parent = match p.level {
                Level::Province => None,
                Level::District => match ix.by_id.get(&(Level::Province, p.parent.clone())) {
                    Some(&i) => Some(i),
                    None => continue,
                },
                Level::Ward => match ix.by_id.get(&(Level::District, p.parent.clone())) {
                    Some(&i) => Some(i),
                    None => continue,
                },
            };
            let i = ix.places.len();
            let Key {
                folded: k,
                exact,
                kind,
                ..
            } = key(p.level, &p.name);
            let mut names = vec![k.clone()];
            for a in &p.aliases {
                let ak = key(p.level, a).folded;
                if !ak.is_empty() && !names.contains(&ak) {
                    names.push(ak);
                }
            }
            match p.level {
                Level::Province => {
                    for n in names {
                        ix.provinces.entry(n).or_default().push(i);
                    }
                }
                Level::District | Level::Ward => {
                    let parent_ix = parent.unwrap_or(0);
                    for n in &names {
                        ix.under.entry((parent_ix, n.clone())).or_default().push(i);
                    }
                    ix.children.entry(parent_ix).or_default().push(i);
                    if p.level == Level::Ward
                        && let Some(province) = ix.parent[parent_ix]
                    {
                        for n in names {
                            ix.wards_in_province
                                .entry((province, n))
                                .or_default()
                                .push(i);
                        }
                    }
                }
            }
            ix.counts[p.level as usize] += 1;
            ix.by_id.insert((p.level, p.id.clone()), i);
            ix.parent.push(parent);
            ix.kinds.push(kind);
            ix.keys.push(k);
            ix.exact.push(exact);
            ix.places.push(p);
        }
        ix
    }

    /// Provinces, districts and wards indexed.
    pub fn counts(&self) -> (usize, usize, usize) {
        (self.counts[0], self.counts[1], self.counts[2])
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// A ward by its carrier id, with its district and province (a person's pick).
    pub fn ward(&self, id: &str) -> Option<Located> {
        let i = *self.by_id.get(&(Level::Ward, id.trim().to_string()))?;
        Some(self.located(i))
    }

    /// Places as a person reads a list: the written province's own first (then those of
    /// the provinces merged into it in 2025), by district and ward, numbers in number
    /// order ("Quận 3" before "Quận 10").
    fn in_order(&self, mut wards: Vec<usize>, lead: usize) -> Vec<Located> {
        let key = |i: usize| {
            let l = self.located(i);
            let province = self.parent[self.parent[i].unwrap_or(0)].unwrap_or(0);
            (
                (province != lead, natural(&l.province)),
                natural(&l.district),
                natural(&l.ward),
                l,
            )
        };
        let mut keyed: Vec<_> = wards.drain(..).map(key).collect();
        keyed.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
        keyed.into_iter().map(|(_, _, _, l)| l).collect()
    }

    fn located(&self, ward: usize) -> Located {
        let district = self.parent[ward].unwrap_or(0);
        let province = self.parent[district].unwrap_or(0);
        let (w, d, p) = (
            &self.places[ward],
            &self.places[district],
            &self.places[province],
        );
        Located {
            province_id: p.id.clone(),
            province: p.name.clone(),
            district_id: d.id.clone(),
            district: d.name.clone(),
            ward_id: w.id.clone(),
            ward: w.name.clone(),
        }
    }

    /// Provinces with this key, or the provinces of its short form ("HCM").
    fn provinces_for(&self, k: &Key) -> Vec<usize> {
        self.lookup(
            |key| {
                self.provinces.get(key).cloned().or_else(|| {
                    name_key::PROVINCE_ALIASES
                        .iter()
                        .find(|(alias, _)| *alias == key)
                        .and_then(|(_, official)| self.provinces.get(*official))
                        .cloned()
                })
            },
            k,
        )
    }

    /// Districts or wards under a parent with this key.
    fn under_for(&self, parent: usize, k: &Key) -> Vec<usize> {
        self.lookup(|key| self.under.get(&(parent, key.to_string())).cloned(), k)
    }

    /// Wards anywhere in the provinces of the group with this key.
    fn wards_in_group(&self, group: &[usize], k: &Key) -> Vec<usize> {
        self.lookup(
            |key| {
                let found: Vec<usize> = group
                    .iter()
                    .flat_map(|&g| {
                        self.wards_in_province
                            .get(&(g, key.to_string()))
                            .into_iter()
                            .flatten()
                            .copied()
                    })
                    .collect();
                (!found.is_empty()).then_some(found)
            },
            k,
        )
    }

    /// The folded key's places, else the whole key's (type word kept), settled.
    fn lookup(&self, get: impl Fn(&str) -> Option<Vec<usize>>, k: &Key) -> Vec<usize> {
        if k.folded.is_empty() {
            return Vec::new();
        }
        let found = get(&k.folded)
            .or_else(|| k.whole.as_deref().and_then(&get))
            .unwrap_or_default();
        self.settle(found, k)
    }

    /// The province and the old ones merged into it (2025), the written one first.
    fn province_group(&self, province: usize) -> Vec<usize> {
        let mut group = vec![province];
        for old in merger::merged_into(&self.keys[province]) {
            group.extend(self.provinces.get(*old).into_iter().flatten().copied());
        }
        group
    }

    /// A name found by its folded key, checked against the marks the writer used.
    fn marks_agree(&self, k: &Key, place: usize) -> bool {
        !k.marked || k.whole.is_some() || name_key::marks_agree(&k.exact, &self.exact[place])
    }

    /// Picks among same-key places by what else was written: the exact spelling with
    /// diacritics ("Sa Pa" is not "Sa Pả"), then the type word ("Thị xã", not "Huyện").
    fn settle(&self, found: Vec<usize>, k: &Key) -> Vec<usize> {
        if found.len() < 2 {
            return found;
        }
        if k.marked {
            let same: Vec<usize> = found
                .iter()
                .copied()
                .filter(|&i| self.exact[i] == k.exact)
                .collect();
            if same.len() == 1 {
                return same;
            }
        }
        let Some(kind) = k.kind else { return found };
        let same: Vec<usize> = found
            .iter()
            .copied()
            .filter(|&i| self.kinds[i] == Some(kind))
            .collect();
        if same.len() == 1 { same } else { found }
    }

    /// Resolves a written address to one ward, or says what a person must pick.
    pub fn resolve(&self, w: &Written<'_>) -> Resolution {
        // Parts of the street line after the street itself, last first: where buyers
        // write "…, P. Bến Nghé, Q.1, TP HCM" when the form had one box. Each part is
        // read as one level at most.
        let mut extra: Vec<&str> = w.line1.split(',').skip(1).map(str::trim).collect();
        extra.retain(|s| !s.is_empty());
        extra.reverse();
        let mut used = vec![false; extra.len()];

        let mut province_text = w.province.trim();
        if province_text.is_empty() && !extra.is_empty() {
            province_text = extra[0];
            used[0] = true;
        }
        let province = self.resolve_province(province_text)?;
        let group = self.province_group(province);
        let within_province = self.places[province].name.clone();

        // The district: as written, or the first line part that is one.
        let mut district = None;
        let mut district_text = w.district.trim();
        if district_text.is_empty() {
            for (i, part) in extra.iter().enumerate() {
                if used[i] {
                    continue;
                }
                if let Ok(Some(d)) = self.district_in(&group, part) {
                    district = Some(d);
                    district_text = part;
                    used[i] = true;
                    break;
                }
            }
        } else {
            match self.district_in(&group, district_text) {
                Ok(d) => district = d,
                Err(candidates) => {
                    return Err(Unresolved {
                        level: Level::District,
                        ambiguous: true,
                        written: district_text.to_string(),
                        within: within_province,
                        candidates: self.wards_of(&candidates, w.ward),
                    });
                }
            }
        }

        let mut ward_text = w.ward.trim();
        if ward_text.is_empty() {
            // The first unused line part that is a ward where it is looked for.
            ward_text = extra
                .iter()
                .enumerate()
                .filter(|(i, _)| !used[*i])
                .map(|(_, p)| *p)
                .find(|p| {
                    let k = key(Level::Ward, p);
                    match district {
                        Some(d) => !self.under_for(d, &k).is_empty(),
                        None => !self.wards_in_group(&group, &k).is_empty(),
                    }
                })
                .unwrap_or("");
        }
        let wk = key(Level::Ward, ward_text);

        match district {
            Some(d) => {
                let within = format!("{}, {}", self.places[d].name, self.places[province].name);
                if wk.folded.is_empty() {
                    return Err(Unresolved {
                        level: Level::Ward,
                        ambiguous: false,
                        written: String::new(),
                        within,
                        candidates: self.wards_of(&[d], ""),
                    });
                }
                let found = self.under_for(d, &wk);
                match found.as_slice() {
                    [one] if self.marks_agree(&wk, *one) => Ok(self.located(*one)),
                    [one] => Err(Unresolved {
                        level: Level::Ward,
                        ambiguous: true,
                        written: ward_text.to_string(),
                        within,
                        candidates: vec![self.located(*one)],
                    }),
                    [] => Err(Unresolved {
                        level: Level::Ward,
                        ambiguous: false,
                        written: ward_text.to_string(),
                        within,
                        candidates: self.wards_of(&[d], ward_text),
                    }),
                    many => Err(Unresolved {
                        level: Level::Ward,
                        ambiguous: true,
                        written: ward_text.to_string(),
                        within,
                        candidates: self.in_order(many.to_vec(), province),
                    }),
                }
            }
            // No district written, or one this carrier does not know: the ward settles
            // it if its name is unique in the province (post-2025 addresses have no
            // district at all).
            None => {
                let found = self.wards_in_group(&group, &wk);
                let district_unknown = !district_text.is_empty();
                let (level, written) = if district_unknown {
                    (Level::District, district_text)
                } else {
                    (Level::Ward, ward_text)
                };
                match found.as_slice() {
                    [one] if !district_unknown && self.marks_agree(&wk, *one) => {
                        Ok(self.located(*one))
                    }
                    [] => {
                        let districts = if district_unknown {
                            self.nearest(&group, Level::District, district_text, 3)
                        } else {
                            group
                                .iter()
                                .flat_map(|g| self.children.get(g).into_iter().flatten())
                                .copied()
                                .collect()
                        };
                        Err(Unresolved {
                            level,
                            ambiguous: false,
                            written: written.to_string(),
                            within: within_province,
                            candidates: self.wards_of(&districts, ward_text),
                        })
                    }
                    // A known ward under a district this list does not have: the person
                    // confirms which (the written district may be a new-style one).
                    many => Err(Unresolved {
                        level,
                        ambiguous: !district_unknown,
                        written: written.to_string(),
                        within: within_province,
                        // The written province's own first, then the merged ones'.
                        candidates: self.in_order(many.to_vec(), province),
                    }),
                }
            }
        }
    }

    fn resolve_province(&self, text: &str) -> Result<usize, Unresolved> {
        let found = self.provinces_for(&key(Level::Province, text));
        match found.as_slice() {
            [one] => Ok(*one),
            // No ward list is offered for an unknown province: thousands of wards are no
            // help; the address needs fixing.
            [] => Err(Unresolved {
                level: Level::Province,
                ambiguous: false,
                written: text.trim().to_string(),
                within: String::new(),
                candidates: Vec::new(),
            }),
            many => Err(Unresolved {
                level: Level::Province,
                ambiguous: true,
                written: text.trim().to_string(),
                within: String::new(),
                candidates: self.wards_of(many, ""),
            }),
        }
    }

    /// The district with this name in the province group: `Ok(None)` when none,
    /// `Err(several)` when more than one fits.
    fn district_in(&self, group: &[usize], text: &str) -> Result<Option<usize>, Vec<usize>> {
        let k = key(Level::District, text);
        if k.folded.is_empty() {
            return Ok(None);
        }
        // The written province first; the provinces merged into it only if it has none.
        for &g in group {
            let found = self.under_for(g, &k);
            match found.as_slice() {
                [] => continue,
                [one] => return Ok(Some(*one)),
                many => return Err(many.to_vec()),
            }
        }
        Ok(None)
    }

    /// The `n` places of a level under the group closest in name to `text`.
    fn nearest(&self, group: &[usize], level: Level, text: &str, n: usize) -> Vec<usize> {
        let k = key(level, text).folded;
        let mut scored: Vec<(f64, usize)> = group
            .iter()
            .flat_map(|g| self.children.get(g).into_iter().flatten())
            .map(|&i| (strsim::normalized_levenshtein(&k, &self.keys[i]), i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(n).map(|(_, i)| i).collect()
    }

    /// The wards under these districts (or provinces), closest to `ward_text` first.
    fn wards_of(&self, parents: &[usize], ward_text: &str) -> Vec<Located> {
        let mut wards: Vec<usize> = Vec::new();
        for &p in parents {
            match self.places[p].level {
                Level::Ward => wards.push(p),
                Level::District => wards.extend(self.children.get(&p).into_iter().flatten()),
                Level::Province => {
                    for d in self.children.get(&p).into_iter().flatten() {
                        wards.extend(self.children.get(d).into_iter().flatten());
                    }
                }
            }
        }
        let k = key(Level::Ward, ward_text).folded;
        if !k.is_empty() {
            wards.sort_by(|&a, &b| {
                strsim::normalized_levenshtein(&k, &self.keys[b])
                    .total_cmp(&strsim::normalized_levenshtein(&k, &self.keys[a]))
            });
        }
        wards
            .into_iter()
            .take(MAX_CANDIDATES)
            .map(|i| self.located(i))
            .collect()
    }
}

/// A place a buyer names in passing ("phí ship về Đà Nẵng", "ship ra Q.3 không"), as
/// [`PlaceIndex::area_in`] finds it: a province, and a district in it when one is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    pub province: String,
    /// The district named, if one was.
    pub district: Option<String>,
    /// A ward that stands for the area when a carrier is asked for a fee: the district's
    /// first, or the first of the province's first district that is not rural. Where it is, is said
    /// with the fee — a fee to one ward is not every ward's.
    pub at: Located,
}

/// Most words one place name takes in a sentence ("Thành phố Hồ Chí Minh").
const NAME_WORDS: usize = 5;

/// Words, folded, after which a place is where a parcel goes ("về", "ship ra", "ke", "to").
const TOWARDS: &[&str] = &[
    "ve", "ra", "vo", "vao", "toi", "den", "sang", "o", "tai", "ke", "di", "to",
];

/// Words, folded, that say a province's name follows ("tp hcm", "tỉnh Bình Dương").
const PROVINCE_WORDS: &[&str] = &["tp", "tinh", "pho", "city", "province", "kota", "provinsi"];

/// Words, folded, that say a district's or ward's name follows.
const UNIT_WORDS: &[&str] = &[
    "huyen", "quan", "q", "h", "xa", "tx", "phuong", "p", "tt", "tran", "district", "ward",
];

impl PlaceIndex {
    /// The area a sentence names, by whole names only (as in [`Self::resolve`]): the
    /// longest run of words that is one province, and a district in it — a run that
    /// starts or ends with its type word ("Q.3", "quận Hải Châu", "Binh Thanh District"),
    /// so a count ("2 cái") is never read as "Quận 2". A district named without a
    /// province is looked for in `home`, the shop's own province: a Sài Gòn shop's buyer
    /// writing "ship về Q.3" means Sài Gòn's. `None` when no province is settled.
    pub fn area_in(&self, text: &str, home: Option<&str>) -> Option<Area> {
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || ",;:!?()\"'“”".contains(c))
            .filter(|w| !w.trim_matches('.').is_empty())
            .collect();
        let runs = |n: usize| words.windows(n).map(|w| w.join(" "));
        let folded: Vec<String> = words.iter().map(|w| crate::text::fold(w)).collect();
        let before = |at: usize| {
            at.checked_sub(1)
                .map_or("", |i| folded[i].trim_matches('.'))
        };
        // Every run of words that is one province, longest first. A run is not taken
        // right after a district or ward's type word ("huyện Hòa Bình" is a district, not
        // the province Hòa Bình), nor written with other marks than the name's ("Huệ" is
        // a name, not Huế); a short form of one word ("hn", "sg") only after a word that
        // says a place follows ("về hn", "tp hcm") — "hn" is also "hôm nay".
        let mut found: Vec<(usize, usize, bool)> = Vec::new();
        for n in (1..=NAME_WORDS.min(words.len())).rev() {
            for (at, run) in runs(n).enumerate() {
                let k = key(Level::Province, &run);
                let provinces = self.provinces_for(&k);
                let [one] = provinces.as_slice() else {
                    continue;
                };
                let after_type = UNIT_WORDS.contains(&before(at));
                // (Marks are compared with the name itself, not with a short form's.)
                let marks_differ =
                    k.marked && self.keys[*one] == k.folded && !self.marks_agree(&k, *one);
                let heads = TOWARDS.contains(&before(at)) || PROVINCE_WORDS.contains(&before(at));
                let short = n == 1 && folded[at].chars().count() <= 3;
                if after_type || marks_differ || (short && !heads) {
                    continue;
                }
                found.push((at, *one, TOWARDS.contains(&before(at))));
            }
        }
        // The place the parcel goes to ("shop ở Hà Nội hả, ship vô Sài Gòn"): the last one
        // after a word of direction, else the first found (the longest name).
        let province = found
            .iter()
            .filter(|(_, _, towards)| *towards)
            .max_by_key(|(at, _, _)| *at)
            .or(found.first())
            .map(|(_, p, _)| *p);
        let named_province = province.is_some();
        let province = match province {
            Some(p) => p,
            None => self.resolve_province(home?).ok()?,
        };
        let group = self.province_group(province);
        let mut district = None;
        'd: for n in (1..=NAME_WORDS.min(words.len())).rev() {
            for run in runs(n) {
                if key(Level::District, &run).kind.is_none() {
                    continue;
                }
                if let Ok(Some(d)) = self.district_in(&group, &run) {
                    district = Some(d);
                    break 'd;
                }
            }
        }
        let first = |parent: usize, urban_first: bool| {
            self.children
                .get(&parent)?
                .iter()
                .copied()
                .min_by_key(|&i| {
                    let rural = self.kinds[i] == Some(Kind::Rural);
                    (urban_first && rural, natural(&self.places[i].name))
                })
        };
        // The shop's own province only stands in for a district named in it.
        if !named_province && district.is_none() {
            return None;
        }
        let ward = match district {
            Some(d) => first(d, false)?,
            None => {
                let d = first(province, true)?;
                first(d, false)?
            }
        };
        let at = self.located(ward);
        Some(Area {
            province: self.places[province].name.clone(),
            district: district.map(|d| self.places[d].name.clone()),
            at,
        })
    }
}

/// A sort key that orders the numbers in a name by value: "Quận 3" < "Quận 10".
fn natural(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = u64::from(c as u8 - b'0');
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                n = n
                    .saturating_mul(10)
                    .saturating_add(u64::from(d as u8 - b'0'));
                chars.next();
            }
            out.push((std::mem::take(&mut text), n));
        } else {
            text.extend(c.to_lowercase());
        }
    }
    out.push((text, 0));
    out
}

#[cfg(test)]
mod tests;
