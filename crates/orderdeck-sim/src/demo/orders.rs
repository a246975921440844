//! The demo's orders through their lives: statuses by age, shipments, invoices, returns.

use super::*;
use orderdeck_domain::order_event::Said;

impl Seeder<'_> {
    /// Picks the status an order of this age would plausibly have.
    pub(super) fn status_for_age(&mut self, hours: i64) -> OrderStatus {
        let r: f64 = self.rng.random();
        use OrderStatus::*;
        match hours {
            0..=3 => *[New, New, Reserved, Backordered, Packing]
                .choose(&mut self.rng)
                .unwrap_or(&New),
            4..=23 => *[Reserved, Packing, Packed, Shipped, Backordered, New]
                .choose(&mut self.rng)
                .unwrap_or(&Reserved),
            24..=71 => {
                if r < 0.1 {
                    Cancelled
                } else if r < 0.6 {
                    Shipped
                } else {
                    Delivered
                }
            }
            _ => {
                if r < 0.08 {
                    Cancelled
                } else if r < 0.14 {
                    Returned
                } else if r < 0.17 {
                    PartlyReturned
                } else if r < 0.25 {
                    Delivered
                } else {
                    Completed
                }
            }
        }
    }

    pub(super) async fn orders(
        &mut self,
        variants: &[Variant],
        customers: &[(i64, String, String, serde_json::Value)],
        channels: &[(i64, &'static str)],
    ) -> orderdeck_store::Result<()> {
        let mut invoice_no = 100;
        // Recent hours are busier; numbers follow creation time, as a real shop's do.
        let mut ages: Vec<i64> = (0..340)
            .map(|i| {
                if i < 40 {
                    self.rng.random_range(0..(12 * 60))
                } else {
                    self.rng.random_range(0..(14 * 24 * 60))
                }
            })
            .collect();
        ages.sort_unstable_by(|a, b| b.cmp(a));
        for (i, minutes) in ages.into_iter().enumerate() {
            let created_at = self.now - Duration::minutes(minutes);
            let hours = minutes / 60;
            let mut status = self.status_for_age(hours);
            let r: f64 = self.rng.random();
            let (channel_id, channel) = if r < 0.35 {
                channels[1]
            } else if r < 0.5 {
                channels[2]
            } else if r < 0.7 {
                channels[3]
            } else if r < 0.9 {
                channels[0]
            } else {
                channels[4]
            };
            // Open marketplace orders come from the marketplaces' simulators (the order
            // sync takes them in), so each one is an order its platform knows and can
            // arrange; the seed's open orders are the website's and the phone's.
            let (channel_id, channel) =
                if status.is_unshipped() && matches!(channel, "shopee" | "lazada" | "tiktok") {
                    if r < 0.6 { channels[0] } else { channels[4] }
                } else {
                    (channel_id, channel)
                };
            let (customer_id, name, phone, address) = customers
                .choose(&mut self.rng)
                .cloned()
                .unwrap_or_else(|| customers[0].clone());
            let external_id: Option<String> = match channel {
                "shopee" => Some(format!(
                    "{}{}",
                    created_at.format("%y%m%d"),
                    (0..8)
                        .map(|_| *b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
                            .choose(&mut self.rng)
                            .unwrap_or(&b'A') as char)
                        .collect::<String>()
                )),
                "lazada" => Some(format!(
                    "{}",
                    self.rng
                        .random_range(400_000_000_000_000u64..499_999_999_999_999)
                )),
                "tiktok" => Some(format!(
                    "57{}",
                    self.rng
                        .random_range(1_000_000_000_000_000u64..9_999_999_999_999_999)
                )),
                "website" => Some(format!("W-{}", 10_000 + i)),
                _ => None,
            };
            let source = if channel == "manual" {
                *["phone", "facebook", "zalo", "other"]
                    .choose(&mut self.rng)
                    .unwrap_or(&"phone")
            } else {
                ""
            };
            let payment = if channel == "manual" || self.rng.random_bool(0.6) {
                "cod"
            } else {
                "prepaid"
            };
            let shipping_fee = money(*[0, 15, 22, 30].choose(&mut self.rng).unwrap_or(&0));
            // Lines: 1–3 different variants.
            let n_lines = self.rng.random_range(1..=3);
            let picked: Vec<&Variant> = variants.choose_multiple(&mut self.rng, n_lines).collect();
            let lines: Vec<(&Variant, i32)> = picked
                .into_iter()
                .map(|v| (v, self.rng.random_range(1..=3)))
                .collect();
            let subtotal: Decimal = lines.iter().map(|(v, q)| v.price * Decimal::from(*q)).sum();
            let discount = if self.rng.random_bool(0.2) {
                ((subtotal / Decimal::from(10_000)).round() * Decimal::from(1000)).min(money(50))
            } else {
                Decimal::ZERO
            };
            let total = subtotal - discount + shipping_fee;

            // Stock: decide where each line's units come from before writing anything.
            let needs_reserve = matches!(
                status,
                OrderStatus::Reserved | OrderStatus::Packing | OrderStatus::Packed
            );
            let consumes = matches!(
                status,
                OrderStatus::Shipped
                    | OrderStatus::Delivered
                    | OrderStatus::Completed
                    | OrderStatus::Returned
                    | OrderStatus::PartlyReturned
            );
            let mut sources: Vec<Option<i64>> = Vec::new();
            if needs_reserve || consumes {
                for (v, q) in &lines {
                    let wh = self
                        .warehouses
                        .iter()
                        .copied()
                        .filter(|w| {
                            let l = self.levels.get(&(v.id, *w)).copied().unwrap_or_default();
                            l.on_hand - l.reserved >= *q
                        })
                        .max_by_key(|w| {
                            let l = self.levels.get(&(v.id, *w)).copied().unwrap_or_default();
                            l.on_hand - l.reserved
                        });
                    sources.push(wh);
                }
                if sources.iter().any(Option::is_none) {
                    status = if needs_reserve {
                        OrderStatus::Backordered
                    } else {
                        OrderStatus::Cancelled
                    };
                }
            }
            let payment_status = match (payment, status) {
                (_, OrderStatus::Cancelled) => "unpaid",
                ("prepaid", OrderStatus::Returned) => "refunded",
                ("prepaid", OrderStatus::PartlyReturned) => "partly_refunded",
                ("prepaid", _) => "paid",
                (_, OrderStatus::Completed) => "cod_received",
                (_, OrderStatus::Shipped | OrderStatus::Delivered) => "cod_pending",
                _ => "unpaid",
            };
            let number_id: i64 = sqlx::query_scalar("select nextval('order_number_seq')")
                .fetch_one(&mut *self.tx)
                .await?;
            let number = format!("OD-{number_id:06}");
            let wants_invoice = self.rng.random_bool(0.15);
            let order_id: i64 = sqlx::query_scalar(
                "insert into orders (number, channel_id, external_id, source, customer_id, buyer_name, buyer_phone, buyer_email,
                    ship_address, status, payment_method, payment_status, subtotal, discount, shipping_fee, total,
                    wants_invoice, search_text, created_at, updated_at)
                 values ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) returning id",
            )
            .bind(&number)
            .bind(channel_id)
            .bind(&external_id)
            .bind(source)
            .bind(customer_id)
            .bind(&name)
            .bind(&phone)
            .bind(&address)
            .bind(status.as_str())
            .bind(payment)
            .bind(payment_status)
            .bind(subtotal)
            .bind(discount)
            .bind(shipping_fee)
            .bind(total)
            .bind(wants_invoice)
            .bind(search_text(&[&number, &name, &phone, external_id.as_deref().unwrap_or("")]))
            .bind(created_at)
            .fetch_one(&mut *self.tx)
            .await?;
            let creator = if channel == "manual" {
                STAFF[i % STAFF.len()].to_string()
            } else {
                format!("{channel}-sync")
            };
            self.event(
                order_id,
                &creator,
                "created",
                Said::new("event-received")
                    .with("channel", channel)
                    .count("lines", lines.len() as i64)
                    .money("total", total),
                created_at,
            )
            .await?;

            let mut line_ids = Vec::new();
            for (li, (v, q)) in lines.iter().enumerate() {
                let packed = if matches!(status, OrderStatus::Packed) || consumes {
                    *q
                } else {
                    0
                };
                let id: i64 = sqlx::query_scalar(
                    "insert into order_lines (order_id, line_no, variant_id, sku, name, qty, unit_price, vat_rate, packed_qty)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
                )
                .bind(order_id)
                .bind(i32::try_from(li + 1).unwrap_or(1))
                .bind(v.id)
                .bind(&v.sku)
                .bind(&v.name)
                .bind(*q)
                .bind(v.price)
                .bind(v.vat)
                .bind(packed)
                .fetch_one(&mut *self.tx)
                .await?;
                line_ids.push(id);
            }

            let t = |h: i64| created_at + Duration::minutes(h);
            match status {
                OrderStatus::Backordered => {
                    self.event(
                        order_id,
                        "system",
                        "backordered",
                        Said::new("event-waiting-po"),
                        t(1),
                    )
                    .await?;
                }
                OrderStatus::Reserved | OrderStatus::Packing | OrderStatus::Packed => {
                    for (li, (v, q)) in lines.iter().enumerate() {
                        let Some(wh) = sources[li] else { continue };
                        sqlx::query("insert into reservations (order_line_id, variant_id, warehouse_id, qty, created_at) values ($1, $2, $3, $4, $5)")
                            .bind(line_ids[li]).bind(v.id).bind(wh).bind(*q).bind(t(1))
                            .execute(&mut *self.tx).await?;
                        self.levels.entry((v.id, wh)).or_default().reserved += *q;
                    }
                    self.event(
                        order_id,
                        "system",
                        "reserved",
                        Said::new("event-reserved"),
                        t(1),
                    )
                    .await?;
                    if status != OrderStatus::Reserved {
                        let packer = STAFF[(i + 1) % STAFF.len()];
                        sqlx::query(
                            "update orders set claimed_by = $2, claimed_at = $3 where id = $1",
                        )
                        .bind(order_id)
                        .bind(packer)
                        .bind(t(20))
                        .execute(&mut *self.tx)
                        .await?;
                        self.event(
                            order_id,
                            packer,
                            "claimed",
                            Said::new("event-claimed").with("station", packer),
                            t(20),
                        )
                        .await?;
                    }
                    if status == OrderStatus::Packed {
                        self.event(
                            order_id,
                            STAFF[(i + 1) % STAFF.len()],
                            "packed",
                            Said::new("event-packed"),
                            t(35),
                        )
                        .await?;
                    }
                }
                OrderStatus::Cancelled => {
                    self.event(
                        order_id,
                        if channel == "manual" {
                            "lan.nguyen"
                        } else {
                            "system"
                        },
                        "cancelled",
                        Said::new("event-cancelled-by-buyer"),
                        t(30),
                    )
                    .await?;
                }
                OrderStatus::New => {}
                _ => {
                    // Shipped or later: the units left the warehouse.
                    for (li, (v, q)) in lines.iter().enumerate() {
                        if let Some(wh) = sources[li] {
                            self.move_stock(
                                v.id,
                                wh,
                                -*q,
                                "shipment",
                                &format!("order {number}"),
                                t(60),
                            )
                            .await?;
                        }
                    }
                    self.event(
                        order_id,
                        "system",
                        "reserved",
                        Said::new("event-reserved"),
                        t(1),
                    )
                    .await?;
                    self.event(
                        order_id,
                        STAFF[(i + 1) % STAFF.len()],
                        "packed",
                        Said::new("event-packed"),
                        t(40),
                    )
                    .await?;
                    let tracking = self
                        .shipment(order_id, &number, status, payment, total, created_at)
                        .await?;
                    self.event(
                        order_id,
                        STAFF[(i + 1) % STAFF.len()],
                        "shipped",
                        Said::new("event-handed-over").with("tracking", tracking.clone()),
                        t(60),
                    )
                    .await?;
                    sqlx::query("update orders set search_text = $2 where id = $1")
                        .bind(order_id)
                        .bind(search_text(&[
                            &number,
                            &name,
                            &phone,
                            external_id.as_deref().unwrap_or(""),
                            &tracking,
                        ]))
                        .execute(&mut *self.tx)
                        .await?;
                    if matches!(
                        status,
                        OrderStatus::Delivered
                            | OrderStatus::Completed
                            | OrderStatus::Returned
                            | OrderStatus::PartlyReturned
                    ) {
                        self.event(
                            order_id,
                            "tracking",
                            "delivered",
                            Said::new("event-delivered"),
                            t(60 * 30),
                        )
                        .await?;
                    }
                    if status == OrderStatus::Completed {
                        self.event(
                            order_id,
                            "system",
                            "completed",
                            if payment == "cod" {
                                Said::new("event-completed-cod")
                            } else {
                                Said::new("event-completed")
                            },
                            t(60 * 50),
                        )
                        .await?;
                        if wants_invoice || total >= money(2000) {
                            invoice_no += 1;
                            self.invoice(order_id, &lines, &name, invoice_no, t(60 * 51))
                                .await?;
                            self.event(
                                order_id,
                                "system",
                                "invoiced",
                                Said::new("event-vat-invoice-issued")
                                    .with("invoice", format!("1C26TAA-{invoice_no:07}")),
                                t(60 * 51),
                            )
                            .await?;
                        }
                    }
                    if matches!(status, OrderStatus::Returned | OrderStatus::PartlyReturned) {
                        self.ret(
                            order_id,
                            &lines,
                            &line_ids,
                            &sources,
                            status,
                            payment,
                            total,
                            t(60 * 70),
                        )
                        .await?;
                    }
                }
            }
            self.report.orders += 1;
        }
        Ok(())
    }

    pub(super) async fn event(
        &mut self,
        order_id: i64,
        actor: &str,
        kind: &str,
        said: Said,
        at: DateTime<Utc>,
    ) -> orderdeck_store::Result<()> {
        let at = at.min(self.now);
        sqlx::query("insert into order_events (order_id, actor, kind, message, said, created_at) values ($1, $2, $3, $4, $5, $6)")
            .bind(order_id)
            .bind(actor)
            .bind(kind)
            .bind(said.english())
            .bind(said.to_json())
            .bind(at)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    pub(super) async fn shipment(
        &mut self,
        order_id: i64,
        number: &str,
        status: OrderStatus,
        payment: &str,
        total: Decimal,
        created: DateTime<Utc>,
    ) -> orderdeck_store::Result<String> {
        let ghn = self.rng.random_bool(0.6);
        let carrier = if ghn { "ghn" } else { "viettelpost" };
        let tracking = if ghn {
            format!(
                "GY{}",
                (0..6)
                    .map(|_| *b"ABCDEFGHJKLMNPQRTUVWXY346789"
                        .choose(&mut self.rng)
                        .unwrap_or(&b'A') as char)
                    .collect::<String>()
            )
        } else {
            format!(
                "1{}",
                self.rng.random_range(10_000_000_000u64..99_999_999_999)
            )
        };
        // (our status, GHN code, Viettel Post code, description)
        const STEPS: &[(&str, &str, &str, &str)] = &[
            ("ready_to_pick", "ready_to_pick", "-100", "Chờ lấy hàng"),
            ("picked_up", "picked", "200", "Đã lấy hàng"),
            ("in_transit", "transporting", "300", "Đang vận chuyển"),
            ("out_for_delivery", "delivering", "500", "Đang giao hàng"),
            ("delivered", "delivered", "501", "Giao hàng thành công"),
        ];
        const FAILED: (&str, &str, &str, &str) = (
            "delivery_failed",
            "delivery_fail",
            "507",
            "Giao hàng thất bại — khách không nghe máy",
        );
        const RETURNING: (&str, &str, &str, &str) =
            ("returning", "return", "505", "Đang hoàn hàng về người gửi");
        let mut steps: Vec<(&str, &str, &str, &str)> = Vec::new();
        match status {
            OrderStatus::Shipped => {
                let k = self.rng.random_range(1..=4);
                steps.extend_from_slice(&STEPS[..k]);
                if k == 4 && self.rng.random_bool(0.3) {
                    steps.push(FAILED);
                    if self.rng.random_bool(0.5) {
                        steps.push(RETURNING);
                    }
                }
            }
            _ => steps.extend_from_slice(STEPS),
        }
        let last = steps.last().copied().unwrap_or(STEPS[0]);
        let cod = if payment == "cod" {
            total
        } else {
            Decimal::ZERO
        };
        let shipment_id: i64 = sqlx::query_scalar(
            "insert into shipments (order_id, carrier, service, client_order_code, tracking_number, status, carrier_status, cod_amount, fee,
                payer, weight_grams, length_cm, width_cm, height_cm, expected_delivery_at, cod_reconciled_at, created_at, updated_at,
                next_poll_at, cod_received_at, cod_received_amount)
             -- Seeded parcels are history: no carrier (not even the simulator) knows them, so
             -- the poller leaves them be; parcels shipped in the demo are tracked live.
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'seller', $10, 20, 15, 10, $11, $12, $13, $13, 'infinity',
                     $12, case when $12::timestamptz is null then null else $8 end)
             returning id",
        )
        .bind(order_id)
        .bind(carrier)
        .bind(if self.rng.random_bool(0.3) { "express" } else { "economy" })
        .bind(format!("{number}-1"))
        .bind(&tracking)
        .bind(last.0)
        .bind(if ghn { last.1 } else { last.2 })
        .bind(cod)
        .bind(money(self.rng.random_range(18..36)))
        .bind(self.rng.random_range(200..3000))
        .bind(created + Duration::days(3))
        .bind((status == OrderStatus::Completed && payment == "cod").then_some(created + Duration::days(2)))
        .bind((created + Duration::minutes(60)).min(self.now))
        .fetch_one(&mut *self.tx)
        .await?;
        // Spread the events over the shipment's life so far: at most 7 hours apart.
        let age = (self.now - created).num_minutes().max(61);
        let spacing = ((age - 60) / i64::try_from(steps.len()).unwrap_or(1).max(1)).min(7 * 60);
        for (k, (st, g, v, desc)) in steps.iter().enumerate() {
            let at = (created + Duration::minutes(60 + spacing * i64::try_from(k).unwrap_or(0)))
                .min(self.now - Duration::minutes(1));
            sqlx::query(
                "insert into tracking_events (shipment_id, status, carrier_status, description, location, occurred_at, recorded_at)
                 values ($1, $2, $3, $4, $5, $6, $6) on conflict do nothing",
            )
            .bind(shipment_id)
            .bind(st)
            .bind(if ghn { g } else { v })
            .bind(desc)
            .bind(if k < 2 { "Bưu cục gửi" } else { "Bưu cục phát" })
            .bind(at)
            .execute(&mut *self.tx)
            .await?;
        }
        self.report.shipments += 1;
        Ok(tracking)
    }

    pub(super) async fn invoice(
        &mut self,
        order_id: i64,
        lines: &[(&Variant, i32)],
        buyer: &str,
        number: i32,
        at: DateTime<Utc>,
    ) -> orderdeck_store::Result<()> {
        let company = self.rng.random_bool(0.5);
        let (provider, tax) = if number % 2 == 0 {
            ("sinvoice", tax_code_for(&mut self.rng))
        } else {
            ("misa", tax_code_for(&mut self.rng))
        };
        let mut subtotal = Decimal::ZERO;
        let mut vat_total = Decimal::ZERO;
        let mut rows = Vec::new();
        for (v, q) in lines {
            // Selling prices include VAT: split each line into amount before VAT and VAT.
            let gross = v.price * Decimal::from(*q);
            let rate = Decimal::from(v.vat.parse::<i64>().unwrap_or(0));
            let net = (gross * Decimal::ONE_HUNDRED / (Decimal::ONE_HUNDRED + rate)).round();
            let vat = gross - net;
            subtotal += net;
            vat_total += vat;
            rows.push((v, *q, net, vat));
        }
        let uuid = format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            self.rng.random::<u32>(),
            self.rng.random::<u16>(),
            self.rng.random_range(0..0xfff),
            self.rng.random_range(0..0xfff),
            self.rng.random_range(0..0xffff_ffff_ffffu64)
        );
        let cqt: String = (0..34)
            .map(|_| *b"0123456789ABCDEF".choose(&mut self.rng).unwrap_or(&b'0') as char)
            .collect();
        let id: i64 = sqlx::query_scalar(
            "insert into invoices (order_id, provider, template, template_code, series, transaction_uuid, number, tax_authority_code, status,
                buyer_company, buyer_tax_code, buyer_address, buyer_name, subtotal, vat_amount, total, issued_at, created_at, updated_at)
             values ($1, $2, 'vat', '1', '1C26TAA', $3::uuid, $4, $5, 'issued', $6, $7, $8, $9, $10, $11, $12, $13, $13, $13) returning id",
        )
        .bind(order_id)
        .bind(provider)
        .bind(uuid)
        .bind(format!("{number:07}"))
        .bind(cqt)
        .bind(if company { format!("Công ty TNHH {}", buyer.split(' ').next_back().unwrap_or("An")) } else { String::new() })
        .bind(if company { tax } else { String::new() })
        .bind(if company { "Hà Nội" } else { "" })
        .bind(buyer)
        .bind(subtotal)
        .bind(vat_total)
        .bind(subtotal + vat_total)
        .bind(at.min(self.now))
        .fetch_one(&mut *self.tx)
        .await?;
        for (i, (v, q, net, vat)) in rows.into_iter().enumerate() {
            let unit = (net / Decimal::from(q)).round_dp(2);
            sqlx::query(
                "insert into invoice_lines (invoice_id, line_no, name, qty, unit_price, vat_rate, amount, vat_amount) values ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(i32::try_from(i + 1).unwrap_or(1))
            .bind(&v.name)
            .bind(q)
            .bind(unit)
            .bind(v.vat)
            .bind(net)
            .bind(vat)
            .execute(&mut *self.tx)
            .await?;
        }
        self.report.invoices += 1;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) async fn ret(
        &mut self,
        order_id: i64,
        lines: &[(&Variant, i32)],
        line_ids: &[i64],
        sources: &[Option<i64>],
        status: OrderStatus,
        payment: &str,
        total: Decimal,
        at: DateTime<Utc>,
    ) -> orderdeck_store::Result<()> {
        let at = at.min(self.now);
        let rid: i64 = sqlx::query_scalar(
            "insert into returns (order_id, reason, status, created_by, created_at, received_at) values ($1, $2, 'received', 'hoa.le', $3, $3) returning id",
        )
        .bind(order_id)
        .bind(if status == OrderStatus::Returned { "khách đổi ý" } else { "một sản phẩm bị lỗi" })
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        let mut refund = Decimal::ZERO;
        let take = if status == OrderStatus::Returned {
            lines.len()
        } else {
            1
        };
        for (li, (v, q)) in lines.iter().enumerate().take(take) {
            let damaged = status == OrderStatus::PartlyReturned;
            let wh = sources[li].unwrap_or(self.warehouses[0]);
            sqlx::query("insert into return_lines (return_id, order_line_id, qty, condition, warehouse_id) values ($1, $2, $3, $4, $5)")
                .bind(rid)
                .bind(line_ids[li])
                .bind(*q)
                .bind(if damaged { "damaged" } else { "good" })
                .bind(wh)
                .execute(&mut *self.tx)
                .await?;
            if !damaged {
                self.move_stock(v.id, wh, *q, "return", "returned in good condition", at)
                    .await?;
            }
            refund += v.price * Decimal::from(*q);
        }
        if payment == "prepaid" {
            sqlx::query("insert into refunds (order_id, return_id, amount, method, reference, status, created_by, created_at) values ($1, $2, $3, 'channel', 'RF-' || $1, 'done', 'hoa.le', $4)")
                .bind(order_id)
                .bind(rid)
                .bind(refund.min(total))
                .bind(at)
                .execute(&mut *self.tx)
                .await?;
        }
        self.event(
            order_id,
            "hoa.le",
            "returned",
            Said::new("event-return-received").money("refund", refund.min(total)),
            at,
        )
        .await?;
        Ok(())
    }
}
