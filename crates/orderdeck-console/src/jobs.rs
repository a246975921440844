use orderdeck_app::intake::{self, IntakeError, IntakeOutcome};
use orderdeck_app::packing::{self, ScanResult};
use orderdeck_app::{orders, purchasing, stock_count};
use orderdeck_i18n::t;
use orderdeck_store::{self as store, catalog::ItemMatch};
use orderdeck_tui::jobs::Job;
use orderdeck_tui::jobs::Progress;
use orderdeck_tui::lists::ListKind;
use orderdeck_tui::order_form::field_error;
use orderdeck_tui::outcome::{Done, Made};
use sqlx::PgPool;

use crate::words;

/// Runs a job; `Err` is a message for the person, and means nothing was changed. A long
/// job tells how it is getting on through `progress` before its answer.
pub async fn run(
    pool: &PgPool,
    job: Job,
    actor: &str,
    services: Option<&crate::services::Services>,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Done, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    match job {
        Job::Shipping(j) => crate::ship::run(pool, services, j, actor, progress).await,
        Job::Invoicing(j) => crate::invoice::run(pool, services, j, actor).await,
        Job::Shops(j) => crate::shops::run(pool, services, j, actor, progress).await,
        Job::Inbox(j) => crate::inbox::run(pool, services, j, actor).await,
        Job::DecideCancel {
            order_id,
            number,
            accept,
        } => {
            let services = services.ok_or_else(|| t!("console-shipping-not-set-up"))?;
            let said =
                match crate::fulfil::decide_cancel(pool, services, &number, accept, actor).await? {
                    Done::Said(s) => s,
                    _ => String::new(),
                };
            // Cancelled: the station is free for the next order; rejected: packing goes on.
            let job = packing::reload(pool, order_id)
                .await
                .map_err(|e| text(&e))?;
            let gone = job.cancel_request.is_none() && accept;
            Ok(Done::Pack {
                job: (!gone).then_some(job),
                said,
                packed: false,
            })
        }
        Job::ClaimNext => match packing::resume(pool, actor).await.map_err(|e| text(&e))? {
            // The order this station left half scanned comes back first.
            Some(j) => {
                let said = t!("console-pack-resumed", number = &j.number);
                Ok(Done::Pack {
                    job: Some(j),
                    said,
                    packed: false,
                })
            }
            None => claim_next(pool, actor, services).await,
        },
        Job::Scan { order_id, code } => match packing::scan(pool, order_id, actor, &code)
            .await
            .map_err(|e| text(&e))?
        {
            ScanResult::Counted {
                sku,
                packed,
                qty,
                job,
            } => Ok(Done::Pack {
                job: Some(job),
                said: t!(
                    "console-pack-counted",
                    sku = &sku,
                    packed = packed,
                    qty = qty
                ),
                packed: false,
            }),
            ScanResult::Packed { job } => {
                let said = t!("console-pack-done", number = &job.number);
                Ok(Done::Pack {
                    job: Some(job),
                    said,
                    packed: true,
                })
            }
        },
        Job::Unclaim { order_id } => {
            packing::unclaim(pool, order_id, actor)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Pack {
                job: None,
                said: t!("console-pack-unclaimed"),
                packed: false,
            })
        }
        Job::Cancel(j) => crate::cancel::run(pool, services, j, actor, progress).await,
        Job::DraftPurchases => {
            let d = purchasing::draft_from_backorders(pool, actor)
                .await
                .map_err(|e| text(&e))?;
            let mut said = if d.purchase_orders.is_empty() {
                t!("console-po-nothing-to-draft")
            } else {
                t!("console-po-drafted", numbers = d.purchase_orders.join(", "))
            };
            if !d.no_supplier.is_empty() {
                said.push_str(&t!(
                    "console-po-no-supplier",
                    skus = d.no_supplier.join(", ")
                ));
            }
            Ok(Done::Said(said))
        }
        Job::ConfirmPo { number } => {
            purchasing::confirm(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(t!("console-po-confirmed", number = &number)))
        }
        Job::ReceivePo { number } => {
            let r = purchasing::receive(pool, &number, None, actor)
                .await
                .map_err(|e| text(&e))?;
            let mut said = t!(
                "console-po-received",
                number = &number,
                status = words::po_status(&r.status)
            );
            if !r.filled_orders.is_empty() {
                said.push_str(&t!(
                    "console-po-now-ready",
                    numbers = r.filled_orders.join(", ")
                ));
            }
            Ok(Done::Said(said))
        }
        Job::CancelPo { number } => {
            purchasing::cancel(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(t!("console-po-cancelled", number = &number)))
        }
        Job::StartCount { warehouse } => {
            let count_id = stock_count::start(pool, &warehouse, None, actor)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::CountStarted {
                count_id,
                warehouse,
            })
        }
        Job::CountEnter { count_id, code } => {
            let (sku, counted) = stock_count::enter(pool, count_id, &code, 1)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Counted { sku, counted })
        }
        Job::PostCount { count_id } => {
            let diffs = stock_count::differences(pool, count_id)
                .await
                .map_err(|e| text(&e))?;
            let n = stock_count::post(pool, count_id, actor)
                .await
                .map_err(|e| text(&e))?;
            let detail: Vec<String> = diffs
                .iter()
                .take(6)
                .map(|d| format!("{} {:+}", d.sku, d.counted - d.system))
                .collect();
            Ok(Done::CountPosted(t!(
                "console-count-posted",
                count = count_id.to_string(),
                adjustments = n,
                details = detail.join(", ")
            )))
        }
        Job::CreateOrder(mut order) => {
            // Resolve what was typed (SKU, barcode or name) into SKUs, or say which line is unclear.
            let mut errors = Vec::new();
            for (i, line) in order.lines.iter_mut().enumerate() {
                match store::catalog::find_item(pool, &line.sku)
                    .await
                    .map_err(|e| text(&e))?
                {
                    ItemMatch::One(sku) => line.sku = sku,
                    ItemMatch::None => errors.push((
                        "lines".to_string(),
                        t!(
                            "console-order-line-no-match",
                            line = i + 1,
                            typed = &line.sku
                        ),
                    )),
                    ItemMatch::Many(skus) => errors.push((
                        "lines".to_string(),
                        t!(
                            "console-order-line-many",
                            line = i + 1,
                            typed = &line.sku,
                            count = skus.len(),
                            skus = format!(
                                "{}{}",
                                skus.iter().take(4).cloned().collect::<Vec<_>>().join(", "),
                                if skus.len() > 4 { ", …" } else { "" }
                            )
                        ),
                    )),
                }
            }
            if !errors.is_empty() {
                return Ok(Done::FormRefused(errors));
            }
            match intake::create_order(pool, &order, actor).await {
                Ok(IntakeOutcome::Created {
                    number,
                    status,
                    shortages,
                }) => Ok(Done::Made {
                    said: if shortages.is_empty() {
                        t!(
                            "console-order-created",
                            number = &number,
                            status = words::order_status(&status)
                        )
                    } else {
                        t!(
                            "console-order-created-backordered",
                            number = &number,
                            shortages = words::shortages(
                                shortages.iter().map(|s| (s.sku.as_str(), s.short))
                            )
                        )
                    },
                    // What comes next is the new order's page, not the row under the cursor.
                    made: Made {
                        list: ListKind::Orders,
                        key: number.clone(),
                        open: true,
                    },
                }),
                Ok(IntakeOutcome::Duplicate { number }) => {
                    Ok(Done::Saved(t!("console-order-duplicate", number = &number)))
                }
                Err(IntakeError::Invalid(es)) => {
                    Ok(Done::FormRefused(es.into_iter().map(field_error).collect()))
                }
                Err(e) => Err(text(&e)),
            }
        }
        Job::LoadOrderForEdit { number } => match store::orders::show(pool, &number)
            .await
            .map_err(|e| text(&e))?
        {
            Some(o) if o.status.editable_buyer() => Ok(Done::EditLoaded(Box::new(o))),
            Some(o) => Err(t!(
                "console-order-not-editable",
                number = &o.number,
                status = o.status.shown()
            )),
            None => Err(t!("console-order-not-found", number = &number)),
        },
        Job::SaveOrderEdit {
            number,
            version,
            edit,
        } => match orders::edit(pool, &number, version, &edit, actor).await {
            Ok(e) if e.shortages.is_empty() => Ok(Done::Saved(t!(
                "console-order-saved",
                number = &number,
                version = e.version.to_string(),
                status = words::order_status(&e.status)
            ))),
            Ok(e) => Ok(Done::Saved(t!(
                "console-order-saved-backordered",
                number = &number,
                version = e.version.to_string(),
                shortages = words::shortages(e.shortages.iter().map(|s| (s.sku.as_str(), s.short)))
            ))),
            Err(orders::OrderError::Conflict {
                number: n,
                yours,
                current,
                by,
            }) => {
                let fresh = store::orders::show(pool, &n)
                    .await
                    .ok()
                    .flatten()
                    .map(Box::new);
                Ok(Done::Conflict {
                    message: t!(
                        "console-order-conflict",
                        number = &n,
                        by = &by,
                        yours = yours.to_string(),
                        current = current.to_string()
                    ),
                    fresh,
                })
            }
            Err(orders::OrderError::Invalid(es)) => {
                Ok(Done::FormRefused(es.into_iter().map(field_error).collect()))
            }
            Err(e) => Err(text(&e)),
        },
        Job::LookupCustomer { phone } => match orderdeck_domain::intake::normalise_phone(&phone) {
            Some(p) => match store::catalog::customer_by_phone(pool, &p)
                .await
                .map_err(|e| text(&e))?
            {
                Some(c) => Ok(Done::Customer(c)),
                None => Ok(Done::Said(t!("console-customer-new", phone = &p))),
            },
            None => Ok(Done::FormRefused(vec![(
                "phone".into(),
                t!("console-phone-invalid", phone = &phone),
            )])),
        },
        Job::SaveWarehouse { id, input } => match store::catalog::save_warehouse(pool, id, &input)
            .await
            .map_err(|e| text(&e))?
        {
            Ok(_) => Ok(Done::Saved(t!(
                "console-warehouse-saved",
                code = &input.code
            ))),
            Err(errors) => Ok(Done::FormRefused(errors)),
        },
        Job::DeactivateWarehouse { code } => {
            match store::catalog::deactivate_warehouse(pool, &code)
                .await
                .map_err(|e| text(&e))?
            {
                Ok(()) => Ok(Done::Said(t!(
                    "console-warehouse-deactivated",
                    code = &code
                ))),
                Err(why) => Err(why),
            }
        }
        Job::LoadWarehouse { id } => {
            let input = store::catalog::warehouse_input(pool, id)
                .await
                .map_err(|e| text(&e))?
                .ok_or_else(|| t!("console-warehouse-gone"))?;
            Ok(Done::WarehouseLoaded { id, input })
        }
        Job::CreateProduct(input) => match orderdeck_app::products::create(pool, &input, actor)
            .await
            .map_err(|e| text(&e))?
        {
            Ok(msg) => Ok(Done::Saved(msg)),
            Err(errors) => Ok(Done::FormRefused(errors)),
        },
        Job::LoadProduct { id } => match store::catalog::product_detail(pool, id)
            .await
            .map_err(|e| text(&e))?
        {
            Some(detail) => Ok(Done::ProductLoaded {
                id,
                detail: Box::new(detail),
            }),
            None => Err(t!("console-product-gone")),
        },
        Job::SaveProduct { id, edit } => match orderdeck_app::products::update(pool, id, &edit)
            .await
            .map_err(|e| text(&e))?
        {
            Ok(msg) => Ok(Done::Saved(msg)),
            Err(errors) => Ok(Done::FormRefused(errors)),
        },
        Job::SaveSupplier { id, input } => match purchasing::save_supplier(pool, id, &input)
            .await
            .map_err(|e| text(&e))?
        {
            Ok(msg) => Ok(Done::Saved(msg)),
            Err(errors) => Ok(Done::FormRefused(errors)),
        },
        Job::LoadSupplier { id } => {
            let input = purchasing::load_supplier(pool, id)
                .await
                .map_err(|e| text(&e))?
                .ok_or_else(|| t!("console-supplier-gone"))?;
            Ok(Done::SupplierLoaded { id, input })
        }
        Job::CreateManualPo(po) => match purchasing::create_manual(pool, &po, actor)
            .await
            .map_err(|e| text(&e))?
        {
            Ok(msg) => Ok(Done::Saved(msg)),
            Err(errors) => Ok(Done::FormRefused(errors)),
        },
        Job::LoadReceipt { number } => {
            let lines = purchasing::remaining(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            if lines.is_empty() {
                return Err(t!("console-po-nothing-expected", number = &number));
            }
            Ok(Done::ReceiptLoaded { number, lines })
        }
        Job::ReceiveLines { number, lines } => {
            match purchasing::receive(pool, &number, Some(&lines), actor).await {
                Ok(r) => {
                    let mut said = t!(
                        "console-po-received",
                        number = &number,
                        status = words::po_status(&r.status)
                    );
                    if !r.filled_orders.is_empty() {
                        said.push_str(&t!(
                            "console-po-now-ready",
                            numbers = r.filled_orders.join(", ")
                        ));
                    }
                    Ok(Done::Saved(said))
                }
                Err(purchasing::PurchaseError::Refused(why)) => {
                    Ok(Done::FormRefused(vec![("lines".into(), why)]))
                }
                Err(e) => Err(text(&e)),
            }
        }
    }
}

/// The next order for this station's pack queue (near its ship-by time first), as the
/// station shows it. The pack station's Enter after shipping claims through here too.
pub(crate) async fn claim_next(
    pool: &PgPool,
    actor: &str,
    services: Option<&crate::services::Services>,
) -> Result<Done, String> {
    let hours = services.map_or(packing::AT_RISK_HOURS, |s| {
        s.config.shipping.at_risk_hours()
    });
    let job = packing::claim_next_within(pool, actor, hours)
        .await
        .map_err(|e| e.to_string())?;
    let said = match &job {
        Some(j) => t!("console-pack-claimed", number = &j.number),
        None => t!("console-pack-nothing-waiting"),
    };
    Ok(Done::Pack {
        job,
        said,
        packed: false,
    })
}
