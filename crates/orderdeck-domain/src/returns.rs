//! A return as people give it: which lines come back in what condition, a refund, and
//! what the customer gets instead. `orderdeck_app::returns` receives it.

use rust_decimal::Decimal;
use serde::Serialize;

/// A returned or exchanged line as typed that cannot be read; says what to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidLine(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    Good,
    Damaged,
}

impl Condition {
    pub fn code(self) -> &'static str {
        match self {
            Condition::Good => "good",
            Condition::Damaged => "damaged",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLine {
    pub sku: String,
    pub qty: i32,
    pub condition: Condition,
}

impl ReturnLine {
    /// `SKU:QTY:good|damaged`, as the command line takes it.
    pub fn parse(s: &str) -> Result<ReturnLine, InvalidLine> {
        let parts: Vec<&str> = s.split(':').map(str::trim).collect();
        let [sku, qty, condition] = parts.as_slice() else {
            return Err(InvalidLine(orderdeck_i18n::t!(
                "err-return-line-shape",
                line = s
            )));
        };
        let qty: i32 = qty
            .parse()
            .ok()
            .filter(|q| *q > 0)
            .ok_or_else(|| InvalidLine(orderdeck_i18n::t!("err-line-qty-whole", line = s)))?;
        let condition = match condition.to_ascii_lowercase().as_str() {
            "good" => Condition::Good,
            "damaged" => Condition::Damaged,
            other => {
                return Err(InvalidLine(orderdeck_i18n::t!(
                    "err-return-condition",
                    line = s,
                    condition = other
                )));
            }
        };
        if sku.is_empty() {
            return Err(InvalidLine(orderdeck_i18n::t!("err-line-no-sku", line = s)));
        }
        Ok(ReturnLine {
            sku: sku.to_string(),
            qty,
            condition,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundInput {
    pub amount: Decimal,
    /// cash, transfer or channel.
    pub method: String,
    pub reference: String,
}

#[derive(Debug, Clone)]
pub struct ReturnInput {
    pub order_number: String,
    pub lines: Vec<ReturnLine>,
    pub reason: String,
    /// Where good units go back (a warehouse code); by default where they left from.
    pub warehouse: Option<String>,
    pub refund: Option<RefundInput>,
}

/// One line of an exchange: what the customer gets instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeLine {
    pub sku: String,
    pub qty: i32,
}

impl ExchangeLine {
    /// `SKU:QTY`, as the command line takes it.
    pub fn parse(s: &str) -> Result<ExchangeLine, InvalidLine> {
        let (sku, qty) = s
            .split_once(':')
            .ok_or_else(|| InvalidLine(orderdeck_i18n::t!("err-exchange-line-shape", line = s)))?;
        let qty: i32 = qty
            .trim()
            .parse()
            .ok()
            .filter(|q| *q > 0)
            .ok_or_else(|| InvalidLine(orderdeck_i18n::t!("err-line-qty-whole", line = s)))?;
        if sku.trim().is_empty() {
            return Err(InvalidLine(orderdeck_i18n::t!("err-line-no-sku", line = s)));
        }
        Ok(ExchangeLine {
            sku: sku.trim().to_string(),
            qty,
        })
    }
}

/// What an exchange gives the customer instead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ExchangeWith {
    #[default]
    Nothing,
    /// The same SKUs and quantities as came back.
    Same,
    Lines(Vec<ExchangeLine>),
}
