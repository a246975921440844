//! Shipping from the console: the ship form (carrier, service, weight, size, COD, payer,
//! note), the fee quote shown before confirming, and the parcel actions of pane 4
//! (label, re-delivery, return, cancel, note, COD received).

use rust_decimal::Decimal;

pub use crate::app_forms::ChoiceText;
use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use orderdeck_i18n::t;

use orderdeck_integrations::carrier::{
    CarrierKind, ParcelAction, Payer, RequiredNote, Service, ShipChoice,
};
pub use orderdeck_integrations::marketplace::fulfil::Handover;

/// How the pack station ships a packed order: our carrier with the ship form's choice, or
/// the platform's way (a marketplace order).
#[derive(Debug, Clone)]
pub enum StationWay {
    Own(ChoiceText),
    Platform(Handover),
}

#[derive(Debug, Clone)]
pub enum ShipJob {
    /// Loads the order's figures to fill the ship form.
    Prepare {
        number: String,
    },
    Quote {
        number: String,
        choice: ChoiceText,
    },
    Ship {
        number: String,
        choice: ChoiceText,
    },
    Act {
        tracking: String,
        action: ParcelAction,
    },
    Label {
        tracking: String,
    },
    Note {
        tracking: String,
        text: String,
    },
    CodReceived {
        tracking: String,
    },
    /// A marketplace order its platform lets the seller ship: our carriers' form (the
    /// tracking number is then told to the platform).
    PrepareOwn {
        number: String,
    },
    /// A marketplace order: its platform arranges the carrier the way picked.
    Arrange {
        number: String,
        handover: Handover,
    },
    /// Many packed orders at once: marketplace orders arranged with their platform (a
    /// shop's together), ours shipped the way the seller's rules choose; then every label
    /// printed as one file. Each order on its own: one refused leaves the others shipped.
    ShipMany {
        numbers: Vec<String>,
    },
    /// The labels of many orders' parcels (our carriers' labels and platforms' airway
    /// bills) as one file, sent to the printer once.
    LabelMany {
        numbers: Vec<String>,
    },
    /// A pick list for many orders: their items summed by warehouse and SKU (with the
    /// bin when known), as one PDF, for picking a batch in one walk.
    PickList {
        numbers: Vec<String>,
    },
    /// The pack station's ship step for a packed order: the way the rules (or its
    /// platform) choose, with the carrier's fee, said before Enter.
    StationPrepare {
        number: String,
        /// The way already chosen (a ward picked for an address the carrier could not
        /// place); `None`: the rules choose.
        choice: Option<ChoiceText>,
    },
    /// The pack station's Enter: ships the packed order the way shown, prints its label
    /// (or writes it to the labels folder), then claims the next order.
    Station {
        number: String,
        way: StationWay,
    },
}

/// The ship form's answer, field by field.
pub fn read_choice(c: &ChoiceText) -> Result<ShipChoice, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut err = |k: &str, m: String| errors.push((k.to_string(), m));
    let carrier = CarrierKind::parse(&c.carrier);
    if carrier.is_none() {
        err("carrier", t!("form-ship-carrier-hint"));
    }
    let service = Service::parse(&c.service);
    if service.is_none() {
        err("service", t!("form-ship-service-hint"));
    }
    let payer = Payer::parse(&c.payer);
    if payer.is_none() {
        err("payer", t!("form-ship-payer-hint"));
    }
    let note = RequiredNote::parse(&c.note);
    if note.is_none() {
        err("note", t!("form-ship-note-hint"));
    }
    let weight = match c.weight_kg.trim().replace(',', ".").parse::<Decimal>() {
        Ok(kg) if kg > Decimal::ZERO && kg <= Decimal::from(50) => {
            let g = (kg * Decimal::from(1000)).round();
            u32::try_from(g.mantissa() / 10i128.pow(g.scale())).ok()
        }
        _ => {
            err("weight", t!("form-ship-bad-weight"));
            None
        }
    };
    let size = {
        let parts: Vec<Option<u32>> = c
            .size
            .split(['x', 'X', '×', '*'])
            .map(|p| {
                p.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=150).contains(n))
            })
            .collect();
        match parts.as_slice() {
            [Some(l), Some(w), Some(h)] => Some((*l, *w, *h)),
            _ => {
                err("size", t!("form-ship-bad-size"));
                None
            }
        }
    };
    let cod = if c.cod.trim().is_empty() {
        None
    } else {
        let digits: String = c
            .cod
            .chars()
            .filter(|ch| !matches!(ch, '.' | ' ' | '₫'))
            .collect();
        match digits.trim().parse::<Decimal>() {
            Ok(v) if !v.is_sign_negative() => match carrier.map(|k| k.check_cod(v)) {
                Some(Err(e)) => {
                    err("cod", e.to_string());
                    None
                }
                _ => Some(v),
            },
            _ => {
                err("cod", t!("form-ship-bad-cod"));
                None
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    match (carrier, service, payer, note, weight, size) {
        (Some(carrier), Some(service), Some(payer), Some(required_note), Some(w), Some(s)) => {
            Ok(ShipChoice {
                carrier,
                service,
                weight_grams: Some(w),
                size_cm: Some(s),
                cod,
                payer,
                required_note,
                note: String::new(),
                ward: picked_ward(&c.ward),
            })
        }
        _ => Err(vec![("carrier".into(), t!("form-ship-check-fields"))]),
    }
}

/// The ward id from the form's "id · label" (empty: found from the address).
fn picked_ward(text: &str) -> Option<String> {
    let id = text.split('·').next().unwrap_or("").trim();
    (!id.is_empty()).then(|| id.to_string())
}

/// The ship form for an order, filled with its figures.
pub fn ship_form(number: &str, defaults: &ChoiceText, hint_cod: &str) -> FormState {
    let mut form = Form::new(
        t!("form-ship-title", number = number),
        vec![
            Field::new("carrier", "form-ship-carrier", &defaults.carrier)
                .hint("form-ship-carrier-hint"),
            Field::new("service", "form-ship-service", &defaults.service)
                .hint("form-ship-service-hint"),
            Field::new("weight", "form-ship-weight", &defaults.weight_kg)
                .hint("form-ship-weight-hint"),
            Field::new("size", "form-ship-size", &defaults.size).hint("form-ship-size-hint"),
            Field::new("cod", "form-ship-cod", &defaults.cod).hint("form-ship-cod-hint"),
            Field::new("payer", "form-ship-payer", &defaults.payer).hint("form-ship-payer-hint"),
            Field::new("note", "form-ship-note", &defaults.note).hint("form-ship-note-hint"),
            Field::new("ward", "form-ship-ward", &defaults.ward).hint("form-ship-ward-hint"),
        ],
    );
    form.note = Some((t!("form-ship-form-note", cod = hint_cod), false));
    FormState {
        form,
        kind: FormKind::Ship {
            number: number.to_string(),
        },
    }
}

pub fn choice_from_form(form: &Form) -> ChoiceText {
    ChoiceText {
        carrier: form.get("carrier"),
        service: form.get("service"),
        weight_kg: form.get("weight"),
        size: form.get("size"),
        cod: form.get("cod"),
        payer: form.get("payer"),
        note: form.get("note"),
        ward: form.get("ward"),
    }
}
