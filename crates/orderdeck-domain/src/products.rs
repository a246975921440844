//! A product as the forms type it: new (with its attributes, variants and opening stock)
//! or edited (details and prices), and the checks it must pass before it is saved.

use rust_decimal::Decimal;

/// Field key and message.
pub type FieldErrors = Vec<(String, String)>;

#[derive(Debug, Clone, Default)]
pub struct ProductInput {
    pub name: String,
    pub category: String,
    pub brand: String,
    pub vat_rate: String,
    pub media: Vec<String>,
    pub description: String,
    pub specs: String,
    /// "Màu: Đỏ, Xanh" per attribute, at most three.
    pub attributes: Vec<(String, Vec<String>)>,
    pub sku_prefix: String,
    pub cost_price: Decimal,
    pub sale_price: Decimal,
    /// Warehouse code and units, for every variant.
    pub opening: Vec<(String, i32)>,
}

pub const VAT_RATES: [&str; 6] = ["0", "5", "8", "10", "KCT", "KKKNT"];

/// "Màu: Đỏ, Xanh" → ("Màu", ["Đỏ", "Xanh"]).
pub fn parse_attribute(line: &str) -> Result<(String, Vec<String>), String> {
    let (name, values) = line
        .split_once(':')
        .ok_or_else(|| orderdeck_i18n::t!("err-attribute-shape", line = line))?;
    let values: Vec<String> = values
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if name.trim().is_empty() || values.is_empty() {
        return Err(orderdeck_i18n::t!("err-attribute-empty", line = line));
    }
    Ok((name.trim().to_string(), values))
}

/// "HN=10, HCM=5" → [("HN", 10), ("HCM", 5)].
pub fn parse_opening(text: &str) -> Result<Vec<(String, i32)>, String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (code, qty) = part
                .split_once('=')
                .ok_or_else(|| orderdeck_i18n::t!("err-opening-shape", part = part))?;
            let qty: i32 = qty
                .trim()
                .parse()
                .ok()
                .filter(|q| (0..=1_000_000).contains(q))
                .ok_or_else(|| orderdeck_i18n::t!("err-opening-units", part = part))?;
            Ok((code.trim().to_uppercase(), qty))
        })
        .collect()
}

impl ProductInput {
    pub fn validate(&self) -> FieldErrors {
        let mut e = Vec::new();
        if self.name.trim().is_empty() || self.name.chars().count() > 300 {
            e.push(("name".into(), orderdeck_i18n::t!("err-length-1-300")));
        }
        if !VAT_RATES.contains(&self.vat_rate.as_str()) {
            e.push((
                "vat_rate".into(),
                orderdeck_i18n::t!("err-vat-rate-choices"),
            ));
        }
        if self.attributes.len() > 3 {
            e.push((
                "attributes".into(),
                orderdeck_i18n::t!("err-attributes-at-most-three"),
            ));
        }
        let combos: usize = self.attributes.iter().map(|(_, v)| v.len()).product();
        if combos > 200 {
            e.push((
                "attributes".into(),
                orderdeck_i18n::t!("err-too-many-variants", count = combos),
            ));
        }
        let prefix_ok = !self.sku_prefix.is_empty()
            && self.sku_prefix.len() <= 40
            && self
                .sku_prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !prefix_ok {
            e.push(("sku_prefix".into(), orderdeck_i18n::t!("err-sku-prefix")));
        }
        for (k, v) in [
            ("cost_price", self.cost_price),
            ("sale_price", self.sale_price),
        ] {
            if v.is_sign_negative() {
                e.push((k.into(), orderdeck_i18n::t!("err-cannot-be-negative")));
            }
        }
        for url in &self.media {
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 1000 {
                e.push((
                    "media".into(),
                    orderdeck_i18n::t!("err-not-a-link", url = url),
                ));
            }
        }
        e
    }

    /// Every combination of attribute values, in order.
    pub fn combinations(&self) -> Vec<Vec<String>> {
        let mut out = vec![Vec::new()];
        for (_, values) in &self.attributes {
            out = out
                .iter()
                .flat_map(|prefix| {
                    values
                        .iter()
                        .map(move |v| [prefix.clone(), vec![v.clone()]].concat())
                })
                .collect();
        }
        out
    }
}

#[derive(Debug, Clone, Default)]
pub struct ProductEdit {
    pub name: String,
    pub category: String,
    pub brand: String,
    pub vat_rate: String,
    pub media: Vec<String>,
    pub description: String,
    pub specs: String,
    /// SKU, cost price, selling price, reorder point (None keeps it).
    pub prices: Vec<(String, Decimal, Decimal, Option<i32>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_opening_parse() {
        assert_eq!(
            parse_attribute("Màu: Đỏ, Xanh ,"),
            Ok(("Màu".into(), vec!["Đỏ".into(), "Xanh".into()]))
        );
        assert!(parse_attribute("Màu Đỏ").is_err());
        assert_eq!(
            parse_opening("HN=10, hcm=5"),
            Ok(vec![("HN".into(), 10), ("HCM".into(), 5)])
        );
        assert!(parse_opening("HN=-1").is_err());
    }

    #[test]
    fn one_variant_per_combination() {
        let p = ProductInput {
            attributes: vec![
                ("Màu".into(), vec!["Đỏ".into(), "Xanh".into()]),
                ("Size".into(), vec!["S".into(), "M".into(), "L".into()]),
            ],
            ..Default::default()
        };
        let c = p.combinations();
        assert_eq!(c.len(), 6);
        assert_eq!(c[0], vec!["Đỏ".to_string(), "S".to_string()]);
        assert_eq!(
            ProductInput::default().combinations(),
            vec![Vec::<String>::new()]
        );
    }
}
