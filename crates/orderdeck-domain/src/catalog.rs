//! The catalog as forms load it: a product with its variants, a warehouse as typed, a
//! customer known by phone.

use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct VariantDetail {
    pub sku: String,
    pub reorder_point: i32,
    pub barcode: Option<String>,
    pub attr_values: Vec<String>,
    pub cost_price: Decimal,
    pub sale_price: Decimal,
    pub on_hand: i64,
    pub reserved: i64,
}

#[derive(Debug, Clone)]
pub struct ProductHeader {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub brand: String,
    pub description: String,
    pub specs: String,
    pub media_urls: Vec<String>,
    pub attributes: Vec<String>,
    pub vat_rate: String,
}

#[derive(Debug, Clone)]
pub struct ProductDetail {
    pub header: ProductHeader,
    pub variants: Vec<VariantDetail>,
}

/// A customer found by phone, to fill a new order's buyer fields.
#[derive(Debug, Clone)]
pub struct KnownCustomer {
    pub name: String,
    pub email: String,
    pub address: serde_json::Value,
}

/// A warehouse as the form edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarehouseInput {
    pub code: String,
    pub name: String,
    pub address: String,
    pub manager: String,
}
impl WarehouseInput {
    /// Every problem, by field.
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut e = Vec::new();
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 16
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !code_ok {
            e.push(("code".into(), orderdeck_i18n::t!("err-warehouse-code")));
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 200 {
            e.push(("name".into(), orderdeck_i18n::t!("err-length-1-200")));
        }
        if self.address.chars().count() > 500 {
            e.push((
                "address".into(),
                orderdeck_i18n::t!("err-at-most-chars", max = 500),
            ));
        }
        if self.manager.chars().count() > 200 {
            e.push((
                "manager".into(),
                orderdeck_i18n::t!("err-at-most-chars", max = 200),
            ));
        }
        e
    }
}
