//! A pick list: what a batch of orders has reserved, summed by warehouse and SKU, so one
//! walk through the shelves picks them all. Bins say where on the shelves a SKU lies.

use serde::Serialize;

/// A bin name's limit (the database checks it too): shelf codes like "A-03-2", not notes.
pub const MAX_BIN_CHARS: usize = 32;

/// One row: this many units of one SKU to take from one warehouse's bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickRow {
    /// The warehouse's code.
    pub warehouse: String,
    /// Empty when nobody has said where it lies.
    pub bin: String,
    pub sku: String,
    pub name: String,
    /// The variant's attribute values (colour, size), in the product's order.
    pub attrs: Vec<String>,
    pub qty: i64,
}

impl PickRow {
    /// The product's name and its variant's values: "Áo thun basic — Đỏ / M".
    pub fn item(&self) -> String {
        let attrs: Vec<&str> = self
            .attrs
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .collect();
        if attrs.is_empty() {
            self.name.trim().to_string()
        } else {
            format!("{} — {}", self.name.trim(), attrs.join(" / "))
        }
    }
}

/// An order asked for, and what it has to pick (or why nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickOrder {
    pub number: String,
    /// `None`: no such order.
    pub status: Option<String>,
    /// Units on the order's lines.
    pub ordered: i64,
    /// Units reserved for it now, which is what the list picks.
    pub reserved: i64,
}

/// Why an order gives nothing to pick (`None`: it is on the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    NotFound,
    /// Its goods are in their box already (packed), or gone (shipped and after).
    Packed,
    Shipped,
    Cancelled,
    /// New: not reserved yet.
    NotReserved,
    /// Backordered with nothing reserved yet: waiting for stock.
    AwaitingStock,
}

impl PickOrder {
    /// Whether the order is on the list, and if not why.
    pub fn skip(&self) -> Option<Skip> {
        match self.status.as_deref() {
            None => Some(Skip::NotFound),
            Some("packed") => Some(Skip::Packed),
            Some("cancelled") => Some(Skip::Cancelled),
            Some("shipped" | "delivered" | "completed" | "returned" | "partly_returned") => {
                Some(Skip::Shipped)
            }
            Some("backordered") if self.reserved <= 0 => Some(Skip::AwaitingStock),
            Some(_) if self.reserved <= 0 => Some(Skip::NotReserved),
            Some(_) => None,
        }
    }
}

/// The list as printed: the orders on it and the rows, sorted by warehouse, then bin
/// (rows without a bin last), then SKU.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PickList {
    pub orders: Vec<String>,
    pub rows: Vec<PickRow>,
}

impl PickList {
    pub fn units(&self) -> i64 {
        self.rows.iter().map(|r| r.qty).sum()
    }

    /// Puts the rows in walking order (the store sorts them so too; this keeps a list
    /// built elsewhere the same).
    pub fn sort(&mut self) {
        self.rows.sort_by(|a, b| {
            a.warehouse
                .cmp(&b.warehouse)
                .then(a.bin.is_empty().cmp(&b.bin.is_empty()))
                .then(a.bin.cmp(&b.bin))
                .then(a.sku.cmp(&b.sku))
        });
    }
}

/// A bin as stored: trimmed, inner whitespace as one space; `None` when it is too long.
/// Empty clears it.
pub fn clean_bin(raw: &str) -> Option<String> {
    let bin = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (bin.chars().count() <= MAX_BIN_CHARS).then_some(bin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(warehouse: &str, bin: &str, sku: &str) -> PickRow {
        PickRow {
            warehouse: warehouse.into(),
            bin: bin.into(),
            sku: sku.into(),
            name: "Áo".into(),
            attrs: vec![],
            qty: 1,
        }
    }

    #[test]
    fn rows_walk_by_warehouse_then_bin_with_no_bin_last() {
        let mut l = PickList {
            orders: vec![],
            rows: vec![
                row("HN", "", "A1"),
                row("HCM", "B-2", "Z9"),
                row("HN", "A-01", "Z9"),
                row("HCM", "", "A1"),
                row("HN", "A-01", "B1"),
            ],
        };
        l.sort();
        let order: Vec<(&str, &str, &str)> = l
            .rows
            .iter()
            .map(|r| (r.warehouse.as_str(), r.bin.as_str(), r.sku.as_str()))
            .collect();
        assert_eq!(
            order,
            vec![
                ("HCM", "B-2", "Z9"),
                ("HCM", "", "A1"),
                ("HN", "A-01", "B1"),
                ("HN", "A-01", "Z9"),
                ("HN", "", "A1"),
            ]
        );
    }

    #[test]
    fn item_names_the_variant_and_bins_are_checked() {
        let mut r = row("HN", "", "S1");
        r.attrs = vec!["Đỏ".into(), " ".into(), "M".into()];
        assert_eq!(r.item(), "Áo — Đỏ / M");
        assert_eq!(clean_bin("  A-03  2 ").as_deref(), Some("A-03 2"));
        assert_eq!(clean_bin("").as_deref(), Some(""));
        assert!(clean_bin(&"x".repeat(33)).is_none());
        assert!(clean_bin(&"ô".repeat(32)).is_some());
    }

    #[test]
    fn orders_without_reservations_are_skipped_with_why() {
        let o = |status: Option<&str>, reserved| PickOrder {
            number: "OD-1".into(),
            status: status.map(str::to_string),
            ordered: 2,
            reserved,
        };
        assert_eq!(o(Some("reserved"), 2).skip(), None);
        assert_eq!(o(Some("backordered"), 1).skip(), None);
        assert_eq!(o(Some("backordered"), 0).skip(), Some(Skip::AwaitingStock));
        assert_eq!(o(Some("new"), 0).skip(), Some(Skip::NotReserved));
        assert_eq!(o(Some("shipped"), 0).skip(), Some(Skip::Shipped));
        assert_eq!(o(Some("packed"), 2).skip(), Some(Skip::Packed));
        assert_eq!(o(None, 0).skip(), Some(Skip::NotFound));
    }
}
