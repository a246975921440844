//! Shipping from the console: the ship form (carrier, service, weight, size, COD, payer,
//! note), the fee quote shown before confirming, and the parcel actions of pane 4
//! (label, re-delivery, return, cancel, note, COD received).

use rust_decimal::Decimal;

pub use crate::app_forms::ChoiceText;
use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};

use orderdeck_integrations::carrier::{
    CarrierKind, ParcelAction, Payer, RequiredNote, Service, ShipChoice,
};

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
}

/// The ship form's answer, field by field.
pub fn read_choice(c: &ChoiceText) -> Result<ShipChoice, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut err = |k: &str, m: String| errors.push((k.to_string(), m));
    let carrier = CarrierKind::parse(&c.carrier);
    if carrier.is_none() {
        err("carrier", "ghn or viettelpost".into());
    }
    let service = Service::parse(&c.service);
    if service.is_none() {
        err("service", "express or economy".into());
    }
    let payer = Payer::parse(&c.payer);
    if payer.is_none() {
        err("payer", "seller or buyer".into());
    }
    let note = RequiredNote::parse(&c.note);
    if note.is_none() {
        err("note", "may_try, may_look or may_not_look".into());
    }
    let weight = match c.weight_kg.trim().replace(',', ".").parse::<Decimal>() {
        Ok(kg) if kg > Decimal::ZERO && kg <= Decimal::from(50) => {
            let g = (kg * Decimal::from(1000)).round();
            u32::try_from(g.mantissa() / 10i128.pow(g.scale())).ok()
        }
        _ => {
            err(
                "weight",
                "a weight in kg, more than 0 and at most 50".into(),
            );
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
                err("size", "L×W×H in cm, each 1–150, like 30x20x10".into());
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
                err("cod", "an amount in đồng, not negative".into());
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
        _ => Err(vec![("carrier".into(), "check the fields".into())]),
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
        format!("Ship {number}"),
        vec![
            Field::new("carrier", "Carrier", &defaults.carrier).hint("ghn or viettelpost"),
            Field::new("service", "Service", &defaults.service).hint("express or economy"),
            Field::new("weight", "Weight", &defaults.weight_kg).hint("kg"),
            Field::new("size", "Size", &defaults.size).hint("L×W×H cm"),
            Field::new("cod", "COD", &defaults.cod)
                .hint("đồng the buyer hands over, shipping included"),
            Field::new("payer", "Shipping paid by", &defaults.payer).hint("seller or buyer"),
            Field::new("note", "Buyer may", &defaults.note)
                .hint("may_try, may_look or may_not_look"),
            Field::new("ward", "Deliver to", &defaults.ward)
                .hint("found from the address; a ward is picked here when it is unclear"),
        ],
    );
    form.note = Some((
        format!(
            "COD: {hint_cod}. {{save}} asks the carrier for the fee; you confirm before anything is sent"
        ),
        false,
    ));
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
