//! The seller's shipping rules (`[[shipping.rules]]` in the config): which carrier and
//! service an order goes with, chosen from its channel, weight, COD amount and province.
//! The first rule that matches wins, as in the rule lists of the shipping apps sellers
//! already know; an order no rule matches gets the first configured carrier.

use rust_decimal::Decimal;
use serde::Deserialize;

/// One rule. Every condition left out matches anything.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ShipRule {
    /// The sales channel kind: website, shopee, lazada, tiktok, manual.
    pub channel: Option<String>,
    /// The parcel's weight in grams, inclusive bounds.
    pub min_grams: Option<u32>,
    pub max_grams: Option<u32>,
    /// Cash to collect at the door, in đồng (whole numbers: no float money in the file).
    pub min_cod: Option<u64>,
    pub max_cod: Option<u64>,
    /// Provinces the rule is for, written any way ("Hà Nội", "ha noi", "TP. Hồ Chí Minh").
    #[serde(default)]
    pub provinces: Vec<String>,
    /// ghn or viettel_post (checked against the configured carriers when used).
    pub carrier: String,
    /// economy or express; left out: the ship form's default.
    pub service: Option<String>,
}

/// What a rule is matched against.
#[derive(Debug, Clone, Copy)]
pub struct ShipFacts<'a> {
    pub channel: &'a str,
    pub grams: u32,
    pub cod: Decimal,
    pub province: &'a str,
}

impl ShipRule {
    pub fn matches(&self, f: &ShipFacts<'_>) -> bool {
        let channel = self
            .channel
            .as_deref()
            .is_none_or(|c| c.trim().eq_ignore_ascii_case(f.channel));
        let grams = self.min_grams.is_none_or(|m| f.grams >= m)
            && self.max_grams.is_none_or(|m| f.grams <= m);
        let cod = self.min_cod.is_none_or(|m| f.cod >= Decimal::from(m))
            && self.max_cod.is_none_or(|m| f.cod <= Decimal::from(m));
        let province = self.provinces.is_empty() || {
            let here = province_key(f.province);
            self.provinces.iter().any(|p| province_key(p) == here)
        };
        channel && grams && cod && province
    }
}

/// The first rule that matches, if any.
pub fn pick<'r>(rules: &'r [ShipRule], facts: &ShipFacts<'_>) -> Option<&'r ShipRule> {
    rules.iter().find(|r| r.matches(facts))
}

/// A province's name without its kind and accents, so "TP. Hồ Chí Minh", "Thành phố Hồ
/// Chí Minh" and "ho chi minh" are one place.
fn province_key(name: &str) -> String {
    let folded = crate::text::fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let skip = match words.as_slice() {
        ["thanh", "pho", ..] => 2,
        ["tp" | "tinh" | "provinsi", ..] => 1,
        _ => 0,
    };
    words[skip..].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(carrier: &str) -> ShipRule {
        ShipRule {
            carrier: carrier.into(),
            ..Default::default()
        }
    }

    fn facts<'a>(channel: &'a str, grams: u32, cod: i64, province: &'a str) -> ShipFacts<'a> {
        ShipFacts {
            channel,
            grams,
            cod: Decimal::from(cod),
            province,
        }
    }

    #[test]
    fn first_matching_rule_wins() {
        let rules = vec![
            ShipRule {
                provinces: vec!["TP. Hồ Chí Minh".into()],
                max_grams: Some(2000),
                service: Some("express".into()),
                ..rule("ghn")
            },
            ShipRule {
                min_cod: Some(1_000_000),
                ..rule("viettel_post")
            },
            rule("ghn"),
        ];
        let hcm = pick(
            &rules,
            &facts("website", 800, 300_000, "Thành phố Hồ Chí Minh"),
        );
        assert_eq!(hcm.and_then(|r| r.service.as_deref()), Some("express"));
        let heavy_cod = pick(&rules, &facts("manual", 5000, 1_500_000, "ho chi minh"));
        assert_eq!(heavy_cod.map(|r| r.carrier.as_str()), Some("viettel_post"));
        let other = pick(&rules, &facts("shopee", 500, 0, "Hà Nội"));
        assert_eq!(other, rules.last());
    }

    #[test]
    fn channel_and_bounds_are_inclusive_and_case_blind() {
        let r = ShipRule {
            channel: Some("Website".into()),
            min_grams: Some(100),
            max_grams: Some(100),
            max_cod: Some(0),
            ..rule("ghn")
        };
        assert!(r.matches(&facts("website", 100, 0, "")));
        assert!(!r.matches(&facts("website", 101, 0, "")));
        assert!(!r.matches(&facts("website", 100, 1, "")));
        assert!(!r.matches(&facts("shopee", 100, 0, "")));
    }

    #[test]
    fn province_names_are_one_place_however_written() {
        assert_eq!(province_key("TP. Hồ Chí Minh"), "ho chi minh");
        assert_eq!(province_key("Thành phố Hồ Chí Minh"), "ho chi minh");
        assert_eq!(province_key("Tỉnh Bình Dương"), "binh duong");
        assert_eq!(province_key("Provinsi Jawa Barat"), "jawa barat");
    }
}
