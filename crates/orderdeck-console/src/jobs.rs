use orderdeck_app::intake::{self, IntakeError, IntakeOutcome};
use orderdeck_app::packing::{self, ScanResult};
use orderdeck_app::{orders, purchasing, stock_count};
use orderdeck_store::{self as store, catalog::ItemMatch};
use orderdeck_tui::jobs::Job;
use orderdeck_tui::order_form::field_error;
use orderdeck_tui::outcome::Done;
use orderdeck_tui::shops::SyncBar;
use sqlx::PgPool;

/// Runs a job; `Err` is a message for the person, and means nothing was changed. A long
/// job tells how it is getting on through `progress` before its answer.
pub async fn run(
    pool: &PgPool,
    job: Job,
    actor: &str,
    services: Option<&crate::services::Services>,
    progress: &(dyn Fn(SyncBar) + Send + Sync),
) -> Result<Done, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    match job {
        Job::Shipping(j) => crate::ship::run(pool, services, j, actor).await,
        Job::Invoicing(j) => crate::invoice::run(pool, services, j, actor).await,
        Job::Shops(j) => crate::shops::run(pool, services, j, actor, progress).await,
        Job::ClaimNext => match packing::claim_next(pool, actor)
            .await
            .map_err(|e| text(&e))?
        {
            Some(j) => {
                let said = format!("claimed {} — scan each item", j.number);
                Ok(Done::Pack {
                    job: Some(j),
                    said,
                    packed: false,
                })
            }
            None => Ok(Done::Pack {
                job: None,
                said: "nothing is waiting to be packed".into(),
                packed: false,
            }),
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
                said: format!("{sku}: {packed} of {qty}"),
                packed: false,
            }),
            ScanResult::Packed { job } => {
                let said = format!("{} is packed ✓ — Enter for the next order", job.number);
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
                said: "order returned to the pack queue".into(),
                packed: false,
            })
        }
        Job::CancelOrder { number } => {
            orders::cancel(pool, &number, actor, "cancelled in the console")
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(format!(
                "cancelled {number}; its stock is free again"
            )))
        }
        Job::DraftPurchases => {
            let d = purchasing::draft_from_backorders(pool, actor)
                .await
                .map_err(|e| text(&e))?;
            let mut said = if d.purchase_orders.is_empty() {
                "nothing to order: every shortage is already on an open purchase order".to_string()
            } else {
                format!("drafted {}", d.purchase_orders.join(", "))
            };
            if !d.no_supplier.is_empty() {
                said.push_str(&format!(
                    "; no supplier known for {}",
                    d.no_supplier.join(", ")
                ));
            }
            Ok(Done::Said(said))
        }
        Job::ConfirmPo { number } => {
            purchasing::confirm(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(format!("confirmed {number}")))
        }
        Job::ReceivePo { number } => {
            let r = purchasing::receive(pool, &number, None, actor)
                .await
                .map_err(|e| text(&e))?;
            let mut said = format!("received {number} ({})", r.status.replace('_', " "));
            if !r.filled_orders.is_empty() {
                said.push_str(&format!(
                    "; now ready to pack: {}",
                    r.filled_orders.join(", ")
                ));
            }
            Ok(Done::Said(said))
        }
        Job::CancelPo { number } => {
            purchasing::cancel(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(format!("cancelled {number}")))
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
            Ok(Done::CountPosted(format!(
                "stock count {count_id} posted: {n} adjustment(s) {}",
                detail.join(", ")
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
                        format!("line {}: nothing matches `{}`", i + 1, line.sku),
                    )),
                    ItemMatch::Many(skus) => errors.push((
                        "lines".to_string(),
                        format!(
                            "line {}: `{}` matches {} items ({}{}): be more specific",
                            i + 1,
                            line.sku,
                            skus.len(),
                            skus.iter().take(4).cloned().collect::<Vec<_>>().join(", "),
                            if skus.len() > 4 { ", …" } else { "" }
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
                }) => Ok(Done::Saved(if shortages.is_empty() {
                    format!("created {number}: {status}, stock reserved")
                } else {
                    format!(
                        "created {number}: backordered ({})",
                        shortages
                            .iter()
                            .map(|s| format!("{} short {}", s.sku, s.short))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })),
                Ok(IntakeOutcome::Duplicate { number }) => {
                    Ok(Done::Saved(format!("already received as {number}")))
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
            Some(o) => Err(format!(
                "{} is {}: it can no longer be edited",
                o.number, o.status
            )),
            None => Err(format!("no order {number}")),
        },
        Job::SaveOrderEdit {
            number,
            version,
            edit,
        } => match orders::edit(pool, &number, version, &edit, actor).await {
            Ok(e) if e.shortages.is_empty() => Ok(Done::Saved(format!(
                "saved {number} (version {}): {}",
                e.version, e.status
            ))),
            Ok(e) => Ok(Done::Saved(format!(
                "saved {number} (version {}): backordered, {}",
                e.version,
                e.shortages
                    .iter()
                    .map(|s| format!("{} short {}", s.sku, s.short))
                    .collect::<Vec<_>>()
                    .join(", ")
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
                    message: format!(
                        "{n} was changed by {by} since you opened it (version {yours} → {current}): nothing was saved; this is the fresh order — make your change again"
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
                None => Ok(Done::Said(format!("{p}: a new customer"))),
            },
            None => Ok(Done::FormRefused(vec![(
                "phone".into(),
                format!("`{phone}` is not a Vietnamese phone number"),
            )])),
        },
        Job::SaveWarehouse { id, input } => match store::catalog::save_warehouse(pool, id, &input)
            .await
            .map_err(|e| text(&e))?
        {
            Ok(_) => Ok(Done::Saved(format!("warehouse {} saved", input.code))),
            Err(errors) => Ok(Done::FormRefused(errors)),
        },
        Job::DeactivateWarehouse { code } => {
            match store::catalog::deactivate_warehouse(pool, &code)
                .await
                .map_err(|e| text(&e))?
            {
                Ok(()) => Ok(Done::Said(format!("warehouse {code} deactivated"))),
                Err(why) => Err(why),
            }
        }
        Job::LoadWarehouse { id } => {
            let input = store::catalog::warehouse_input(pool, id)
                .await
                .map_err(|e| text(&e))?
                .ok_or_else(|| "that warehouse no longer exists".to_string())?;
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
            None => Err("that product no longer exists".into()),
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
                .ok_or_else(|| "that supplier no longer exists".to_string())?;
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
                return Err(format!("nothing is still expected on {number}"));
            }
            Ok(Done::ReceiptLoaded { number, lines })
        }
        Job::ReceiveLines { number, lines } => {
            match purchasing::receive(pool, &number, Some(&lines), actor).await {
                Ok(r) => {
                    let mut said = format!("received {number} ({})", r.status.replace('_', " "));
                    if !r.filled_orders.is_empty() {
                        said.push_str(&format!(
                            "; now ready to pack: {}",
                            r.filled_orders.join(", ")
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
