//! Arranging in the simulated Shopee (reference A1.5–A1.7): `ship_order` for one
//! package and `mass_ship_order` for up to 50, with exactly one of pickup / dropoff /
//! non_integrated, the fields `info_needed` asks for, the package-number rules of split
//! orders, and `logistics.package_already_shipped` for a package arranged before.

use super::*;

/// Why a body's handover method cannot be read.
enum MethodError {
    /// More than one of pickup / dropoff / non_integrated.
    Several,
    /// A parameter error, in words.
    Param(String),
}

/// Which one of pickup / dropoff / non_integrated the body carries (each an object).
fn method_of(v: &Value) -> Result<(&'static str, Value), MethodError> {
    let present: Vec<&'static str> = ["pickup", "dropoff", "non_integrated"]
        .into_iter()
        .filter(|k| v.get(*k).is_some_and(|x| !x.is_null()))
        .collect();
    match present.as_slice() {
        [one] => match v.get(*one) {
            Some(x @ Value::Object(_)) => Ok((one, x.clone())),
            _ => Err(MethodError::Param(format!("{one} should be an object"))),
        },
        // Unclear in the reference: the error when none is sent. error_param here.
        [] => Err(MethodError::Param(
            "one of pickup, dropoff or non_integrated is required".to_string(),
        )),
        _ => Err(MethodError::Several),
    }
}

/// The checks on a pickup for this order; Ok: nothing wrong.
fn check_pickup(p: &Value, now: DateTime<Utc>) -> Result<(), (bool, &'static str, String)> {
    // (is a param error, code, message)
    let address = match body::int(p, "address_id") {
        Ok(a) => a,
        Err(e) => return Err((true, "error_param", format!("{e} (int64)"))),
    };
    let time_id = opt_string(p, "pickup_time_id").map_err(|e| (true, "error_param", e))?;
    let (Some(address), Some(time_id)) = (address, time_id.filter(|t| !t.trim().is_empty())) else {
        return Err((
            false,
            "logistics.ship_order_need_address_pickup_time",
            "Please input address_id and pickup_time_id for pickup.".into(),
        ));
    };
    if !ADDRESSES.iter().any(|(id, _, _)| *id == address) {
        // Unclear in the reference: the error for an address_id not in address_list.
        return Err((
            false,
            "logistics.error_param",
            format!("address_id {address} is not one of the shop's pickup addresses"),
        ));
    }
    if !slots(now).iter().any(|(_, id, _, _)| *id == time_id) {
        return Err((
            false,
            "logistics.ship_order_pickup_time_invalid",
            "The pickup_time_id received is invalid, please get the latest pickup_time_id \
             from get_shipping_parameter."
                .into(),
        ));
    }
    if let Ok(Some(t)) = opt_string(p, "tracking_number")
        && t.chars().count() > MAX_TEXT
    {
        return Err((
            false,
            "logistics.ship_order_long_tracking_number",
            "tracking_number is longer than 64 characters.".into(),
        ));
    }
    Ok(())
}

fn check_dropoff(d: &Value, kind: Dropoff) -> Result<(), (bool, &'static str, String)> {
    let branch = body::int(d, "branch_id").map_err(|e| (true, "error_param", e))?;
    let name = opt_string(d, "sender_real_name").map_err(|e| (true, "error_param", e))?;
    let tracking = opt_string(d, "tracking_number").map_err(|e| (true, "error_param", e))?;
    if kind != Dropoff::Empty {
        let Some(branch) = branch else {
            return Err((
                false,
                "logistics.ship_order_need_branch_id",
                "Please input branch_id for dropoff.".into(),
            ));
        };
        if !BRANCHES.iter().any(|(id, _)| *id == branch) {
            // Unclear in the reference: the error for a branch not in branch_list.
            return Err((
                false,
                "logistics.error_param",
                format!("branch_id {branch} is not in branch_list"),
            ));
        }
    }
    let name = name.unwrap_or_default();
    if kind == Dropoff::BranchAndName && name.trim().is_empty() {
        return Err((
            false,
            "logistics.ship_order_need_sender_real_name",
            "Please input sender_real_name for dropoff.".into(),
        ));
    }
    if name.chars().count() > MAX_TEXT {
        return Err((
            false,
            "logistics.ship_order_long_sender_real_name",
            "sender_real_name is longer than 64 characters.".into(),
        ));
    }
    if tracking.is_some_and(|t| t.chars().count() > MAX_TEXT) {
        return Err((
            false,
            "logistics.ship_order_long_tracking_number",
            "tracking_number is longer than 64 characters.".into(),
        ));
    }
    Ok(())
}

/// Whether the package (of an order found) may be arranged now; the refusal if not.
fn arrangeable(f: &Fulfil, o: &Order, p: &Package, now: DateTime<Utc>) -> Result<(), Refusal> {
    let status = f.status(o, p, now).0;
    if matches!(
        status,
        "LOGISTICS_REQUEST_CREATED" | "LOGISTICS_PICKUP_DONE" | "LOGISTICS_DELIVERY_DONE"
    ) {
        return Err((
            "logistics.package_already_shipped",
            "The package has already been arranged shipment; do not arrange it again.".into(),
        ));
    }
    if o.status != "READY_TO_SHIP" || status != "LOGISTICS_READY" {
        return Err((
            "logistics.ship_order_not_ready_to_ship",
            "The order status is not ready to ship.".into(),
        ));
    }
    Ok(())
}

/// Shopee takes the parcel: its timeline starts now.
fn arrange(
    store: &mut Store,
    sn: &str,
    number: &str,
    tracking: String,
    step: chrono::Duration,
    now: DateTime<Utc>,
) {
    let f = &mut store.fulfil;
    f.parcels.entry(number.to_string()).or_default().arranged = Some(Arrangement {
        timeline: Timeline::new(PLAN.to_vec(), now, step),
        tracking,
        polls: 0,
    });
    *f.arranged.entry(sn.to_string()).or_default() += 1;
    if let Some(o) = store.orders.get(sn) {
        f.shown
            .entry(sn.to_string())
            .or_insert_with(|| o.status.clone());
    }
    advance(store, now);
}

fn new_tracking(state: &SimState) -> String {
    format!("SPXVN0{}", state.random_text(b"0123456789", 11))
}

pub(super) async fn ship_order(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_SHIP_ORDER, true) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return param_error(&state, &e),
    };
    let sn = match required_string(&v, "order_sn") {
        Ok(s) => s,
        Err(e) => return param_error(&state, &e),
    };
    let pn = match opt_string(&v, "package_number") {
        Ok(p) => p,
        Err(e) => return param_error(&state, &e),
    };
    let (method, detail) = match method_of(&v) {
        Ok(m) => m,
        Err(MethodError::Several) => {
            return refuse(
                &state,
                "logistics.ship_order_only_support_one_type",
                "Only one of pickup, dropoff and non_integrated can be sent.",
            );
        }
        Err(MethodError::Param(e)) => return param_error(&state, &e),
    };
    let tracking = new_tracking(&state);
    let now = Utc::now();
    let mut store = lock(&state.shopee);
    advance(&mut store, now);
    let Some(o) = store.orders.get(&sn) else {
        drop(store);
        return not_found(&state);
    };
    if allocating(o, now) {
        drop(store);
        return allocating_refusal(&state);
    }
    let pkgs = store.fulfil.packages(o);
    let split = pkgs.len() > 1;
    let refusal: Option<Refusal> = match pn.as_deref() {
        None | Some("") if split => Some((
            "logistics.ship_order_need_pacakge_number",
            "package_number is required for this split order.".into(),
        )),
        Some(_) if !split => Some((
            "logistics.ship_order_not_need_pacakge_number",
            "package_number is not needed for an order that is not split; leave it out.".into(),
        )),
        Some(n) if n.chars().all(|c| c.is_ascii_digit()) && !pkgs.iter().any(|p| p.number == n) => {
            Some((
                "error_param",
                "Invalid package number, please get package number from field `package_number` \
                 instead of `forder_id`."
                    .into(),
            ))
        }
        _ => None,
    };
    if let Some((code, message)) = refusal {
        drop(store);
        return refuse(&state, code, &message);
    }
    let p = match pick(&pkgs, pn.as_deref()) {
        Ok(p) => p,
        Err((code, message)) => {
            drop(store);
            return refuse(&state, code, &message);
        }
    };
    if let Err((code, message)) = arrangeable(&store.fulfil, o, p, now) {
        drop(store);
        return refuse(&state, code, &message);
    }
    let checked = match method {
        "pickup" => check_pickup(&detail, now),
        "dropoff" => check_dropoff(&detail, store.fulfil.dropoff(&sn)),
        _ => Err((
            false,
            "logistics.ship_order_unsupport_non_integrated",
            "This order does not support non_integrated.".into(),
        )),
    };
    if let Err((param, code, message)) = checked {
        drop(store);
        return if param {
            param_error(&state, &message)
        } else {
            refuse(&state, code, &message)
        };
    }
    let number = p.number.clone();
    arrange(&mut store, &sn, &number, tracking, state.step, now);
    drop(store);
    // Success: an empty error and no `response` (A1.6).
    reply_json(json!({ "error": "", "message": "", "request_id": request_id(&state) }))
}

pub(super) async fn mass_ship_order(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_MASS_SHIP_ORDER, true) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return param_error(&state, &e),
    };
    let Some(list) = v.get("package_list").and_then(Value::as_array) else {
        return param_error(&state, "package_list is required");
    };
    if list.is_empty() {
        return param_error(&state, "package_list should have 1 to 50 packages.");
    }
    if list.len() > BATCH {
        // Unclear in the reference: the code that goes with this message (A1.13).
        return refuse(
            &state,
            "logistics.error_param",
            "The batch request reach limit 50",
        );
    }
    let mut numbers = Vec::with_capacity(list.len());
    for el in list {
        match required_string(el, "package_number") {
            Ok(n) if !numbers.contains(&n) => numbers.push(n),
            Ok(_) => return param_error(&state, "Duplicate package number"),
            Err(e) => return param_error(&state, &format!("package_list: {e}")),
        }
    }
    let channel = match body::int(&v, "logistics_channel_id") {
        Ok(c) => c,
        Err(e) => return param_error(&state, &e),
    };
    let location = match opt_string(&v, "product_location_id") {
        Ok(l) => l,
        Err(e) => return param_error(&state, &e),
    };
    let (method, detail) = match method_of(&v) {
        Ok(m) => m,
        Err(MethodError::Several) => {
            return refuse(
                &state,
                "logistics.ship_order_only_support_one_type",
                "Only one of pickup, dropoff and non_integrated can be sent.",
            );
        }
        Err(MethodError::Param(e)) => return param_error(&state, &e),
    };
    let now = Utc::now();
    // The pickup is one for the whole batch: checked once (A1.7 has no per-package
    // pickup fields).
    if method == "pickup"
        && let Err((param, code, message)) = check_pickup(&detail, now)
    {
        return if param {
            param_error(&state, &message)
        } else {
            refuse(&state, code, &message)
        };
    }
    let trackings: Vec<String> = numbers.iter().map(|_| new_tracking(&state)).collect();
    let mut store = lock(&state.shopee);
    advance(&mut store, now);
    // package_number → (order_sn) for every package of the shop.
    let index: HashMap<String, String> = store
        .orders
        .values()
        .flat_map(|o| {
            store
                .fulfil
                .packages(o)
                .into_iter()
                .map(move |p| (p.number, o.sn.clone()))
        })
        .collect();
    let mut success = Vec::new();
    let mut failed = Vec::new();
    for (number, tracking) in numbers.iter().zip(trackings) {
        let outcome: Result<String, Refusal> = (|| {
            let sn = index.get(number).ok_or((
                "logistics.package_number_not_exist",
                "The package number does not exist.".to_string(),
            ))?;
            let o = store
                .orders
                .get(sn)
                .ok_or(("error_not_found", String::new()))?;
            if channel.is_some_and(|c| c != LOGISTIC_ID) {
                return Err((
                    "logistics.error_param",
                    "Package is not under the specified fulfilment channel".into(),
                ));
            }
            if location.as_deref().is_some_and(|l| l != LOCATION_ID) {
                return Err((
                    "logistics.error_param",
                    "Package is not under the specified warehouse".into(),
                ));
            }
            if allocating(o, now) {
                return Err((
                    "logistics.error_param",
                    "The order is being allocated, please wait until the allocate is completed"
                        .into(),
                ));
            }
            let pkgs = store.fulfil.packages(o);
            let p = pkgs
                .iter()
                .find(|p| p.number == *number)
                .ok_or(("logistics.package_number_not_exist", String::new()))?;
            arrangeable(&store.fulfil, o, p, now)?;
            match method {
                "pickup" => {}
                "dropoff" => {
                    check_dropoff(&detail, store.fulfil.dropoff(sn)).map_err(|(_, c, m)| (c, m))?
                }
                _ => {
                    return Err((
                        "logistics.ship_order_unsupport_non_integrated",
                        "This order does not support non_integrated.".into(),
                    ));
                }
            }
            Ok(sn.clone())
        })();
        match outcome {
            Ok(sn) => {
                arrange(&mut store, &sn, number, tracking, state.step, now);
                success.push(json!({ "package_number": number }));
            }
            // Unclear in the reference: the wording of `fail_reason`. Here the code and
            // the message.
            Err((code, message)) => failed.push(json!({
                "package_number": number,
                "fail_reason": format!("{code}: {message}"),
            })),
        }
    }
    let top_level = store.fulfil.mass_top_level;
    drop(store);
    let lists = json!({ "success_list": success, "fail_list": failed });
    if top_level {
        reply_json(json!({
            "error": "",
            "message": "",
            "request_id": request_id(&state),
            "success_list": lists["success_list"],
            "fail_list": lists["fail_list"],
        }))
    } else {
        ok(&state, lists)
    }
}
