//! Keys at the pack station and the stock count: every key goes to the scan input.

use super::*;
use crate::ship::ShipJob;

impl App {
    /// `p` in Orders: the pack station opens and claims the next order.
    pub(crate) fn start_pack(&mut self) -> Vec<Effect> {
        self.pack = Some(PackView {
            job: None,
            input: scan_input(),
            last: None,
            packed: false,
            busy: true,
            step: StationStep::None,
        });
        vec![Effect::Job(Job::ClaimNext)]
    }

    /// `s` in Stock: a count of the selected row's warehouse starts.
    pub(crate) fn start_count(&mut self) -> Vec<Effect> {
        let Some(warehouse) = self.selected_cell(ListKind::Stock, 2) else {
            self.error(t!("form-count-select-row"));
            return Vec::new();
        };
        self.count = Some(CountView {
            count_id: None,
            warehouse: warehouse.clone(),
            input: scan_input(),
            log: Vec::new(),
            busy: true,
        });
        vec![Effect::Job(Job::StartCount { warehouse })]
    }

    /// At the pack station every key goes to the scan input (barcodes are digits), except
    /// Enter (scan / next order) and Esc (leave, giving an unfinished order back).
    pub(crate) fn on_pack_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(view) = self.pack.as_mut() else {
            return Vec::new();
        };
        // The buyer asked to cancel: the station stops until someone answers.
        if let Some(j) = view.job.as_ref().filter(|j| j.cancel_request.is_some())
            && key.code != KeyCode::Esc
        {
            let can_reject = j.cancel_request.as_ref().is_some_and(|c| c.can_reject);
            let accept = self.keymap.matches(Action::AcceptCancel, Mode::Pack, &key);
            let reject = self.keymap.matches(Action::RejectCancel, Mode::Pack, &key);
            if view.busy || !(accept || (reject && can_reject)) {
                return Vec::new();
            }
            view.busy = true;
            return vec![Effect::Job(Job::DecideCancel {
                order_id: j.order_id,
                number: j.number.clone(),
                accept,
            })];
        }
        match key.code {
            KeyCode::Esc => {
                let unfinished = view.job.as_ref().filter(|_| !view.packed);
                let scanned = unfinished.map_or(0, |j| j.lines.iter().map(|l| l.packed_qty).sum());
                let back = unfinished.map(|j| (j.order_id, j.number.clone()));
                self.pack = None;
                match back {
                    // Scans made are kept: the order stays this station's, and `p` comes
                    // back to it (a claim left alone expires and the order goes back).
                    Some((_, number)) if scanned > 0 => {
                        self.info(t!(
                            "form-pack-left-kept",
                            number = number,
                            scanned = scanned
                        ));
                        Vec::new()
                    }
                    Some((order_id, _)) => vec![Effect::Job(Job::Unclaim { order_id })],
                    None => Vec::new(),
                }
            }
            // Tab after packing: the full ship form, to ship another way than the rules'.
            KeyCode::Tab if view.packed && !view.busy => {
                let Some(number) = view.job.as_ref().map(|j| j.number.clone()) else {
                    return Vec::new();
                };
                view.step = StationStep::None;
                vec![Effect::Job(Job::Shipping(ShipJob::Prepare { number }))]
            }
            KeyCode::Enter => {
                if view.busy {
                    return Vec::new();
                }
                let code = view.input.lines().first().cloned().unwrap_or_default();
                view.input = scan_input();
                if view.packed && code.trim().is_empty() {
                    match std::mem::take(&mut view.step) {
                        StationStep::Ready { number, way, .. } => {
                            view.busy = true;
                            view.step = StationStep::Sending;
                            return vec![Effect::Job(Job::Shipping(ShipJob::Station {
                                number,
                                way: *way,
                            }))];
                        }
                        // Still being filled, or on its way: Enter waits for it.
                        busy @ (StationStep::Preparing { .. } | StationStep::Sending) => {
                            view.step = busy;
                            return Vec::new();
                        }
                        StationStep::None => {}
                    }
                }
                match (&view.job, view.packed, code.trim().is_empty()) {
                    (None, _, true) | (Some(_), true, true) => {
                        view.busy = true;
                        vec![Effect::Job(Job::ClaimNext)]
                    }
                    (Some(j), false, false) => {
                        view.busy = true;
                        vec![Effect::Job(Job::Scan {
                            order_id: j.order_id,
                            code: code.trim().to_string(),
                        })]
                    }
                    (Some(_), false, true) => {
                        view.last = Some((t!("form-pack-scan-an-item"), true));
                        Vec::new()
                    }
                    (Some(j), true, false) => {
                        view.last =
                            Some((t!("form-pack-already-packed", number = &j.number), true));
                        Vec::new()
                    }
                    (None, _, false) => {
                        view.last = Some((t!("form-pack-none-claimed"), true));
                        Vec::new()
                    }
                }
            }
            _ => {
                feed_scan_input(&mut view.input, key);
                Vec::new()
            }
        }
    }

    pub(crate) fn on_count_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(view) = self.count.as_mut() else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => {
                self.count = None;
                self.info(t!("form-count-left"));
                Vec::new()
            }
            _ if self.keymap.matches(Action::PostCount, Mode::Pack, &key) => {
                let Some(count_id) = view.count_id else {
                    return Vec::new();
                };
                self.confirm = Some(Confirm {
                    question: t!("form-confirm-post-count", count = count_id.to_string()),
                    job: Job::PostCount { count_id },
                });
                Vec::new()
            }
            KeyCode::Enter => {
                let code = view.input.lines().first().cloned().unwrap_or_default();
                view.input = scan_input();
                match view.count_id {
                    Some(count_id) if !code.trim().is_empty() => {
                        vec![Effect::Job(Job::CountEnter {
                            count_id,
                            code: code.trim().to_string(),
                        })]
                    }
                    _ => Vec::new(),
                }
            }
            _ => {
                feed_scan_input(&mut view.input, key);
                Vec::new()
            }
        }
    }

    /// A ward picked for the station's order: the step is filled again with it.
    pub(crate) fn station_ward_picked(
        &mut self,
        number: &str,
        choice: &crate::ship::ChoiceText,
    ) -> Option<Vec<Effect>> {
        let view = self.pack.as_ref()?;
        if !matches!(&view.step, StationStep::Preparing { number: n } if n == number) {
            return None;
        }
        self.form = None;
        Some(vec![Effect::Job(Job::Shipping(ShipJob::StationPrepare {
            number: number.to_string(),
            choice: Some(choice.clone()),
        }))])
    }

    /// What the pack station does with a job's answer; `None` when the answer is not the
    /// station's (the usual handling takes it).
    pub(super) fn on_station_done(
        &mut self,
        result: &Result<crate::jobs::Done, String>,
    ) -> Option<Vec<Effect>> {
        use crate::jobs::Done;
        let view = self.pack.as_mut()?;
        match (result, &view.step) {
            // The last good scan: the ship step is filled by the rules at once.
            (
                Ok(Done::Pack {
                    job: Some(job),
                    packed: true,
                    ..
                }),
                StationStep::None,
            ) => {
                let number = job.number.clone();
                view.job = Some(job.clone());
                view.packed = true;
                view.busy = false;
                view.last = Some((t!("form-pack-packed", number = &number), false));
                view.step = StationStep::Preparing {
                    number: number.clone(),
                };
                Some(vec![Effect::Job(Job::Shipping(ShipJob::StationPrepare {
                    number,
                    choice: None,
                }))])
            }
            (
                Ok(Done::StationReady { number, way, said }),
                StationStep::Preparing { number: n },
            ) if n == number => {
                view.step = StationStep::Ready {
                    number: number.clone(),
                    way: Box::new(way.clone()),
                    said: said.clone(),
                };
                view.busy = false;
                Some(Vec::new())
            }
            // The carrier cannot place the address: the ship form, its wards to pick from
            // over it; the pick comes back here (see `on_picker_key`).
            (
                Ok(Done::ShipPlace {
                    number,
                    choice,
                    said,
                    candidates,
                }),
                StationStep::Preparing { number: n },
            ) if n == number => {
                let (number, choice, said, candidates) = (
                    number.clone(),
                    choice.clone(),
                    said.clone(),
                    candidates.clone(),
                );
                self.form = Some(crate::ship::ship_form(&number, &choice, ""));
                self.on_ship_place(number, choice, said, candidates);
                Some(Vec::new())
            }
            // The step could not be filled (an address the carrier cannot place, no
            // carrier set up): said in red, and Tab opens the ship form.
            (Err(e), StationStep::Preparing { .. }) => {
                view.step = StationStep::None;
                view.busy = false;
                view.last = Some((t!("form-pack-ship-step-failed", error = e), true));
                Some(Vec::new())
            }
            // Shipping failed: the order stays packed, the step can be tried again.
            (Err(e), StationStep::Sending) => {
                view.step = StationStep::None;
                view.busy = false;
                view.last = Some((t!("form-pack-ship-failed", error = e), true));
                Some(Vec::new())
            }
            (Ok(Done::Pack { .. }), StationStep::Sending) => {
                view.step = StationStep::None;
                None
            }
            _ => None,
        }
    }
}
