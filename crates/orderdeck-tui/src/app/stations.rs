//! Keys at the pack station and the stock count: every key goes to the scan input.

use super::*;

impl App {
    /// `p` in Orders: the pack station opens and claims the next order.
    pub(crate) fn start_pack(&mut self) -> Vec<Effect> {
        self.pack = Some(PackView {
            job: None,
            input: scan_input(),
            last: None,
            packed: false,
            busy: true,
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
                let back = view
                    .job
                    .as_ref()
                    .filter(|_| !view.packed)
                    .map(|j| j.order_id);
                self.pack = None;
                match back {
                    Some(order_id) => vec![Effect::Job(Job::Unclaim { order_id })],
                    None => Vec::new(),
                }
            }
            KeyCode::Enter => {
                if view.busy {
                    return Vec::new();
                }
                let code = view.input.lines().first().cloned().unwrap_or_default();
                view.input = scan_input();
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
}
