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
            self.error("select a parcel in the Shipments or Exceptions list (Tab)");
            return None;
        }
        match self.selected_cell(list, 0) {
            Some(t) if t != "(pending)" => Some(t),
            _ => {
                self.error("this shipment has no tracking number yet");
                None
            }
        }
    }

    /// `S`: ship a packed order (the one selected in Orders, or in pane 4's list to ship).
    pub(crate) fn ship_order(&mut self, number: Option<String>) -> Vec<Effect> {
        match number {
            Some(number) => vec![Effect::Job(Job::Shipping(ShipJob::Prepare { number }))],
            None => Vec::new(),
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
                    question: format!("{q} {tracking}? {{yes}} = yes, any other key = no"),
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
            format!("Note on {tracking}"),
            vec![Field::new("text", "Note", "").multiline()],
        );
        form.note = Some(("{save} adds it to the order's timeline".into(), false));
        self.form = Some(FormState {
            form,
            kind: FormKind::ParcelNote { tracking },
        });
        Vec::new()
    }

    pub fn on_ship_draft(&mut self, number: String, defaults: ChoiceText, hint: String) {
        self.form = Some(ship_form(&number, &defaults, &hint));
    }

    pub fn on_ship_quoted(&mut self, question: String, number: String, choice: ChoiceText) {
        self.form = None;
        self.confirm = Some(Confirm {
            question,
            job: Job::Shipping(ShipJob::Ship { number, choice }),
        });
    }
}
