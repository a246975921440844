//! Shipping in the console: the ship form, quotes, parcels and labels.

use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use crate::jobs::Job;
use crate::lists::ListKind;

use super::*;
use crate::ship::*;

impl App {
    /// The selected parcel's tracking number (pane 4's shipment lists).
    pub(super) fn selected_parcel(&mut self) -> Option<String> {
        let list = self.focused_list()?;
        if !matches!(list, ListKind::Shipments | ListKind::Exceptions) {
            self.error(t!("form-select-parcel"));
            return None;
        }
        // A parcel without a tracking number shows a placeholder, never taken as a name.
        let tracking = self.selected_cell(list, 0);
        if tracking.is_none() {
            self.error(t!("form-no-tracking-yet"));
        }
        tracking
    }

    /// `S`: ship a packed order (the one selected in Orders, or in pane 4's list to ship).
    pub(crate) fn ship_order(&mut self, number: Option<String>) -> Vec<Effect> {
        match number {
            Some(number) => vec![Effect::Job(Job::Shipping(ShipJob::Prepare { number }))],
            None => Vec::new(),
        }
    }

    /// The marks a list takes: order numbers in Orders, tracking numbers in Shipments.
    fn marks_mut(&mut self, list: ListKind) -> &mut std::collections::BTreeSet<String> {
        if list == ListKind::Shipments {
            &mut self.marked_parcels
        } else {
            &mut self.marked
        }
    }

    /// Space: marks the selected row of the list (or unmarks it) and moves down, so a run
    /// of rows is marked by holding the key.
    pub(crate) fn toggle_mark(&mut self, list: ListKind) -> Vec<Effect> {
        let Some(key) = self.selected_cell(list, 0) else {
            return Vec::new();
        };
        let marks = self.marks_mut(list);
        if !marks.remove(&key) {
            marks.insert(key);
        }
        let count = marks.len();
        self.info(t!("form-marked", count = count));
        let st = self.list_mut(list);
        if st.pager.selected + 1 < st.pager.rows.len() {
            st.pager.selected += 1;
        }
        Vec::new()
    }

    /// A job over the list's marked rows (their marks go), else over the selected one.
    pub(crate) fn marked_job(
        &mut self,
        list: ListKind,
        selected: Option<String>,
        job: impl FnOnce(Vec<String>) -> ShipJob,
    ) -> Vec<Effect> {
        let marks = std::mem::take(self.marks_mut(list));
        let numbers: Vec<String> = if marks.is_empty() {
            selected.into_iter().collect()
        } else {
            marks.into_iter().collect()
        };
        if numbers.is_empty() {
            self.error(t!("form-select-or-mark"));
            return Vec::new();
        }
        if numbers.len() > 1 {
            self.bulk = Some((t!("form-working-many"), 0, numbers.len()));
        }
        vec![Effect::Job(Job::Shipping(job(numbers)))]
    }

    /// `S` with orders marked: one shop's packed orders arranged together, one AWB file.
    pub(crate) fn ship_marked(&mut self) -> Vec<Effect> {
        let numbers: Vec<String> = self.marked.iter().cloned().collect();
        self.bulk = Some((t!("form-arranging-many"), 0, numbers.len()));
        vec![Effect::Job(Job::Shipping(ShipJob::ShipMany { numbers }))]
    }

    /// A bulk arrangement ended: the marks go, the message says how many went and why
    /// any did not.
    pub fn on_bulk_done(&mut self, said: String, lines: Vec<(String, bool)>) {
        self.bulk = None;
        self.marked.clear();
        let failed: Vec<&str> = lines
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(l, _)| l.as_str())
            .collect();
        if failed.is_empty() {
            self.info(said);
        } else {
            self.error(format!("{said}; {}", failed.join("; ")));
        }
    }

    /// L, R, B, x, $ on a parcel; N asks for a note first.
    pub fn parcel_action(
        &mut self,
        job: fn(String) -> ShipJob,
        confirm: Option<&str>,
    ) -> Vec<Effect> {
        let Some(tracking) = self.selected_parcel() else {
            return Vec::new();
        };
        let job = Job::Shipping(job(tracking.clone()));
        match confirm {
            Some(q) => {
                self.confirm = Some(Confirm {
                    question: t!("form-confirm-parcel", question = q, tracking = &tracking),
                    job,
                });
                Vec::new()
            }
            None => vec![Effect::Job(job)],
        }
    }

    pub fn start_note(&mut self) -> Vec<Effect> {
        let Some(tracking) = self.selected_parcel() else {
            return Vec::new();
        };
        let mut form = Form::new(
            t!("form-parcel-note-title", tracking = &tracking),
            vec![Field::new("text", "form-parcel-note-text", "").multiline()],
        );
        form.note = Some((t!("form-parcel-note-note"), false));
        self.form = Some(FormState {
            form,
            kind: FormKind::ParcelNote { tracking },
        });
        Vec::new()
    }

    pub fn on_ship_draft(&mut self, number: String, defaults: ChoiceText, hint: String) {
        self.form = Some(ship_form(&number, &defaults, &hint));
    }

    /// The address needs a person: the ship form stays, the wards to pick from over it.
    pub fn on_ship_place(
        &mut self,
        number: String,
        choice: ChoiceText,
        said: String,
        candidates: Vec<(String, String)>,
    ) {
        let Some(state) = self.form.as_mut() else {
            self.error(said);
            return;
        };
        state.form.busy = false;
        if candidates.is_empty() {
            state.form.note = Some((t!("form-ship-place-fix-address", said = &said), true));
            return;
        }
        state.form.note = Some((said.clone(), true));
        let picker = crate::picker::Picker::new(
            t!("form-ship-ward-title", number = &number),
            t!("form-ship-ward-note", said = &said),
            candidates,
        );
        self.picker = Some((picker, crate::app::PickFor::ShipWard { number, choice }));
    }

    /// A marketplace order: its platform's ways to hand the parcel over, the shop's
    /// usual one selected; Enter arranges it.
    pub fn on_platform_draft(
        &mut self,
        number: String,
        title: String,
        note: String,
        choices: Vec<(Handover, String)>,
        selected: usize,
    ) {
        let items = choices
            .iter()
            .enumerate()
            .map(|(i, (_, label))| (i.to_string(), label.clone()))
            .collect();
        let mut picker = crate::picker::Picker::new(title, note, items);
        picker.selected = selected.min(choices.len().saturating_sub(1));
        picker.show_ids = false;
        let handovers = choices
            .into_iter()
            .enumerate()
            .map(|(i, (h, _))| (i.to_string(), h))
            .collect();
        self.picker = Some((picker, crate::app::PickFor::Handover { number, handovers }));
    }

    /// Keys for the pick list: a ward goes back into the form and asks for the fee
    /// again; a handover arranges the parcel with the platform.
    pub(crate) fn on_picker_key(&mut self, key: crossterm::event::KeyEvent) -> Vec<Effect> {
        let Some((picker, _)) = self.picker.as_mut() else {
            return Vec::new();
        };
        match picker.on_key(key) {
            crate::picker::Picked::Nothing => Vec::new(),
            crate::picker::Picked::Cancelled => {
                self.picker = None;
                Vec::new()
            }
            crate::picker::Picked::Chosen(id, _)
                if matches!(self.picker, Some((_, crate::app::PickFor::Copy { .. }))) =>
            {
                if let Some((_, crate::app::PickFor::Copy { values })) = self.picker.take()
                    && let Some(v) = id.parse::<usize>().ok().and_then(|i| values.get(i))
                {
                    self.copy_text(v.clone());
                }
                Vec::new()
            }
            crate::picker::Picked::Chosen(id, label)
                if matches!(self.picker, Some((_, crate::app::PickFor::Handover { .. }))) =>
            {
                let Some((_, crate::app::PickFor::Handover { number, handovers })) =
                    self.picker.take()
                else {
                    return Vec::new();
                };
                let Some((_, handover)) = handovers.into_iter().find(|(i, _)| *i == id) else {
                    return Vec::new();
                };
                if matches!(handover, Handover::SellerShipped { .. }) {
                    // Our carriers' form; the number goes to the platform after.
                    return vec![Effect::Job(Job::Shipping(ShipJob::PrepareOwn { number }))];
                }
                self.info(t!("form-arranging", number = &number, how = &label));
                vec![Effect::Job(Job::Shipping(ShipJob::Arrange {
                    number,
                    handover,
                }))]
            }
            crate::picker::Picked::Chosen(id, label) => {
                let Some((_, crate::app::PickFor::ShipWard { number, mut choice })) =
                    self.picker.take()
                else {
                    return Vec::new();
                };
                choice.ward = format!("{id} · {label}");
                if let Some(fx) = self.station_ward_picked(&number, &choice) {
                    return fx;
                }
                if let Some(state) = self.form.as_mut() {
                    state.form.set("ward", &choice.ward);
                    state.form.busy = true;
                    state.form.note = Some((t!("form-ship-asking-fee", ward = &label), false));
                }
                vec![Effect::Job(Job::Shipping(ShipJob::Quote {
                    number,
                    choice,
                }))]
            }
        }
    }

    pub fn on_ship_quoted(&mut self, question: String, number: String, choice: ChoiceText) {
        self.form = None;
        self.confirm = Some(Confirm {
            question,
            job: Job::Shipping(ShipJob::Ship { number, choice }),
        });
    }
}
