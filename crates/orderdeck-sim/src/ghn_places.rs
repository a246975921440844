//! GHN's master data as the simulator serves it (reference §1.3): provinces, districts and
//! wards under `/master-data/*`, and the route's services under
//! `/v2/shipping-order/available-services`.
//!
//! The places are Vietnam's real three-level units before the 2025 merger (the GHN docs
//! still use that model, reference top note), from the statistics office's list in
//! `data/vn_places.tsv`. GHN's own ids are not public, so they are made up in GHN's shape:
//! `ProvinceID` 200 + the office's code (Hà Nội 201, Hồ Chí Minh 279), `DistrictID`
//! 1000 + its code (Quận 1 is 1760), and the office's ward code as `WardCode` ("26740").
//! Like the real list, a few entries are locked (`Status` 2) duplicates that no parcel can
//! go to: a client that does not read `Status` finds two "Quận 1"s.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

use super::ghn::{bad_request, check_auth, ok, refuse};
use super::{SimState, body};

const DATA: &str = include_str!("../data/vn_places.tsv");

/// What `/master-data/*` says about a place.
pub(crate) struct Place {
    pub id: i64,
    pub parent: i64,
    pub name: String,
    pub extensions: Vec<String>,
    /// 1 unlocked, 2 locked.
    pub status: i64,
    /// 0 lock, 1 take/pay, 2 deliver, 3 take/deliver/pay.
    pub support: i64,
}

pub(crate) struct Ward {
    pub code: String,
    pub district: i64,
    pub name: String,
    pub status: i64,
    pub support: i64,
}

pub(crate) struct Places {
    pub provinces: Vec<Place>,
    pub districts: Vec<Place>,
    pub wards: Vec<Ward>,
    district_at: HashMap<i64, usize>,
    ward_at: HashMap<String, usize>,
}

impl Places {
    pub fn district(&self, id: i64) -> Option<&Place> {
        self.district_at.get(&id).map(|&i| &self.districts[i])
    }

    pub fn ward(&self, code: &str) -> Option<&Ward> {
        self.ward_at.get(code).map(|&i| &self.wards[i])
    }

    /// A district a parcel can be delivered to, or the refusal GHN would give.
    pub fn deliverable_district(&self, id: i64) -> Result<&Place, String> {
        match self.district(id) {
            None => Err(format!("to_district_id {id}: code=404, message=Not Found")),
            Some(d) if d.status == 2 || d.support == 0 => Err(format!(
                "to_district_id {id} ({}) is locked: GHN does not deliver there",
                d.name
            )),
            Some(d) => Ok(d),
        }
    }

    /// A ward of that district a parcel can be delivered to.
    pub fn deliverable_ward(&self, district: i64, code: &str) -> Result<&Ward, String> {
        match self.ward(code) {
            None => Err(format!("to_ward_code {code}: code=404, message=Not Found")),
            Some(w) if w.district != district => Err(format!(
                "to_ward_code {code} ({}) is not in to_district_id {district}",
                w.name
            )),
            Some(w) if w.status == 2 || w.support == 0 || w.support == 1 => Err(format!(
                "to_ward_code {code} ({}) is locked for delivery",
                w.name
            )),
            Some(w) => Ok(w),
        }
    }
}

/// The province name without "Thành phố"/"Tỉnh", as GHN's `ProvinceName` has it.
fn bare_province(name: &str) -> &str {
    name.strip_prefix("Thành phố ")
        .or_else(|| name.strip_prefix("Tỉnh "))
        .unwrap_or(name)
}

pub(crate) static PLACES: LazyLock<Places> = LazyLock::new(load);

fn load() -> Places {
    let mut provinces = Vec::new();
    let mut districts = Vec::new();
    let mut wards = Vec::new();
    for line in DATA.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.split('\t');
        let (Some(level), Some(code), Some(parent), Some(name)) =
            (f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let num = |s: &str| s.parse::<i64>().unwrap_or(0);
        match level {
            "P" => provinces.push(Place {
                id: 200 + num(code),
                parent: 0,
                name: bare_province(name).to_string(),
                extensions: vec![name.to_string(), bare_province(name).to_string()],
                status: 1,
                support: 3,
            }),
            "D" => districts.push(Place {
                id: 1000 + num(code),
                parent: 200 + num(parent),
                name: name.to_string(),
                extensions: vec![name.to_string()],
                status: 1,
                support: 3,
            }),
            "W" => wards.push(Ward {
                code: code.to_string(),
                district: 1000 + num(parent),
                name: name.to_string(),
                status: 1,
                support: 3,
            }),
            _ => {}
        }
    }
    // GHN's list carries old, locked entries beside the live ones: a second "Quận 1" in
    // Hồ Chí Minh and a locked ward in it. Nothing may be sent to them.
    districts.push(Place {
        id: 3999,
        parent: 279,
        name: "Quận 1".into(),
        extensions: vec!["Quận 1 (cũ)".into()],
        status: 2,
        support: 0,
    });
    wards.push(Ward {
        code: "999001".into(),
        district: 3999,
        name: "Phường Bến Nghé".into(),
        status: 2,
        support: 0,
    });
    let district_at = districts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    let ward_at = wards
        .iter()
        .enumerate()
        .map(|(i, w)| (w.code.clone(), i))
        .collect();
    Places {
        provinces,
        districts,
        wards,
        district_at,
        ward_at,
    }
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    let api = "/shiip/public-api";
    Router::new()
        .route(
            &format!("{api}/master-data/province"),
            post(provinces).get(provinces),
        )
        .route(
            &format!("{api}/master-data/district"),
            post(districts).get(districts),
        )
        .route(&format!("{api}/master-data/ward"), post(wards).get(wards))
        .route(
            &format!("{api}/v2/shipping-order/available-services"),
            post(available_services),
        )
}

fn not_found() -> Response {
    refuse(StatusCode::NOT_FOUND, "code=404, message=Not Found")
}

/// A body that may be empty (the docs show GET with a body; a GET client sends none).
fn optional_object(raw: &[u8]) -> Result<Value, String> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        Ok(json!({}))
    } else {
        body::object(raw)
    }
}

/// An id from the JSON body or, as the ward row of the reference writes it
/// (`/master-data/ward?district_id`), from the query string. The docs show both; neither
/// is said to be the only one, so both are read, and a present but wrong one refused.
fn id_from(v: &Value, query: &HashMap<String, String>, key: &str) -> Result<Option<i64>, String> {
    if let Some(id) = body::int(v, key)? {
        return Ok(Some(id));
    }
    match query.get(key) {
        None => Ok(None),
        Some(s) => s
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{key} must be a number, not {s:?}")),
    }
}

async fn provinces(State(state): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    if let Some(r) = check_auth(&state, &headers, false) {
        return r;
    }
    ok(Value::Array(
        PLACES
            .provinces
            .iter()
            .map(|p| {
                json!({
                    "ProvinceID": p.id,
                    "ProvinceName": p.name,
                    "Code": (p.id - 200).to_string(),
                    "NameExtension": p.extensions,
                    "CanUpdateCOD": false,
                    "Status": p.status,
                })
            })
            .collect(),
    ))
}

async fn districts(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_auth(&state, &headers, false) {
        return r;
    }
    let province = match optional_object(&raw).and_then(|v| id_from(&v, &query, "province_id")) {
        Ok(Some(id)) => id,
        Ok(None) => return bad_request("province_id is required"),
        Err(e) => return bad_request(e),
    };
    if !PLACES.provinces.iter().any(|p| p.id == province) {
        return not_found();
    }
    ok(Value::Array(
        PLACES
            .districts
            .iter()
            .filter(|d| d.parent == province)
            .map(|d| {
                json!({
                    "DistrictID": d.id,
                    "ProvinceID": d.parent,
                    "DistrictName": d.name,
                    "Code": (d.id - 1000).to_string(),
                    "Type": 1,
                    "SupportType": d.support,
                    "NameExtension": d.extensions,
                    "CanUpdateCOD": false,
                    "Status": d.status,
                })
            })
            .collect(),
    ))
}

async fn wards(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_auth(&state, &headers, false) {
        return r;
    }
    let district = match optional_object(&raw).and_then(|v| id_from(&v, &query, "district_id")) {
        Ok(Some(id)) => id,
        Ok(None) => return bad_request("district_id is required"),
        Err(e) => return bad_request(e),
    };
    if PLACES.district(district).is_none() {
        return not_found();
    }
    ok(Value::Array(
        PLACES
            .wards
            .iter()
            .filter(|w| w.district == district)
            .map(|w| {
                json!({
                    "WardCode": w.code,
                    "DistrictID": w.district,
                    "WardName": w.name,
                    "NameExtension": [w.name],
                    "CanUpdateCOD": false,
                    "SupportType": w.support,
                    "Status": w.status,
                })
            })
            .collect(),
    ))
}

/// GHN's services on a route (reference §1.5): the light-goods service everywhere, heavy
/// goods too. The ids are route-specific, as the reference warns (53320 inside one
/// province, 53321 between provinces; 100039 heavy), so a client that hard-codes one is
/// caught on the other kind of route.
pub(crate) fn services_on(from_district: i64, to_district: i64) -> Option<Vec<(i64, i64)>> {
    let from = PLACES.district(from_district)?;
    let to = PLACES.district(to_district)?;
    let light = if from.parent == to.parent {
        53_320
    } else {
        53_321
    };
    Some(vec![(light, 2), (100_039, 5)])
}

async fn available_services(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_auth(&state, &headers, false) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let read = || -> Result<(i64, i64, i64), String> {
        Ok((
            body::required_int(&v, "shop_id")?,
            body::required_int(&v, "from_district")?,
            body::required_int(&v, "to_district")?,
        ))
    };
    let (shop, from, to) = match read() {
        Ok(t) => t,
        Err(e) => return bad_request(e),
    };
    if shop != state.opts.ghn_shop_id {
        return refuse(
            StatusCode::FORBIDDEN,
            format!("shop_id {shop} does not belong to this token"),
        );
    }
    match services_on(from, to) {
        None => not_found(),
        Some(list) => ok(Value::Array(
            list.into_iter()
                .map(|(id, kind)| {
                    json!({
                        "service_id": id,
                        "short_name": if kind == 5 { "Hàng nặng" } else { "Hàng nhẹ" },
                        "service_type_id": kind,
                    })
                })
                .collect(),
        )),
    }
}
