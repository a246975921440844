//! Stock maths. Available is what can still be promised: on hand minus reserved.

/// Figures for one variant in one warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StockFigures {
    pub on_hand: i32,
    pub reserved: i32,
}

impl StockFigures {
    pub fn available(self) -> i32 {
        (self.on_hand - self.reserved).max(0)
    }

    /// At or under the reorder point (a point of 0 means "not tracked").
    pub fn is_low(self, reorder_point: i32, incoming: i32) -> bool {
        reorder_point > 0 && self.available() + incoming <= reorder_point
    }
}

/// Lines an order is short of, as people read them: "TSHIRT-M short 2, MUG short 1".
pub fn shortages_text<'a>(short: impl IntoIterator<Item = (&'a str, i64)>) -> String {
    short
        .into_iter()
        .map(|(sku, n)| orderdeck_i18n::t!("common-shortage", sku = sku, short = n))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn available_and_low_stock() {
        let s = StockFigures {
            on_hand: 10,
            reserved: 4,
        };
        assert_eq!(s.available(), 6);
        assert!(s.is_low(6, 0));
        assert!(!s.is_low(6, 1));
        assert!(!s.is_low(0, 0));
    }
}

/// Stock one warehouse can give to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub warehouse_id: i64,
    pub available: i32,
}

/// Splits `need` units over warehouses: the preferred warehouse first, then the one with
/// most available, and so on. Returns the takes and the shortage left over.
pub fn allocate(need: i32, sources: &[Source], preferred: Option<i64>) -> (Vec<(i64, i32)>, i32) {
    let mut order: Vec<Source> = sources
        .iter()
        .copied()
        .filter(|s| s.available > 0)
        .collect();
    // Stable order: preferred, then most available, then lowest id (so every run agrees).
    order.sort_by_key(|s| {
        (
            Some(s.warehouse_id) != preferred,
            std::cmp::Reverse(s.available),
            s.warehouse_id,
        )
    });
    let mut left = need.max(0);
    let mut takes = Vec::new();
    for s in order {
        if left == 0 {
            break;
        }
        let take = left.min(s.available);
        takes.push((s.warehouse_id, take));
        left -= take;
    }
    (takes, left)
}

#[cfg(test)]
mod allocate_tests {
    use super::*;
    use proptest::prelude::*;

    fn src(w: i64, a: i32) -> Source {
        Source {
            warehouse_id: w,
            available: a,
        }
    }

    #[test]
    fn preferred_first_then_most_stock() {
        let s = [src(1, 5), src(2, 10), src(3, 3)];
        assert_eq!(allocate(4, &s, Some(3)), (vec![(3, 3), (2, 1)], 0));
        assert_eq!(allocate(12, &s, None), (vec![(2, 10), (1, 2)], 0));
        assert_eq!(allocate(20, &s, None), (vec![(2, 10), (1, 5), (3, 3)], 2));
        assert_eq!(allocate(0, &s, None), (vec![], 0));
        assert_eq!(allocate(3, &[], None), (vec![], 3));
    }

    proptest! {
        #[test]
        fn never_takes_more_than_available_or_needed(need in 0i32..500, avail in proptest::collection::vec(0i32..100, 0..6), pref in proptest::option::of(0i64..6)) {
            let sources: Vec<Source> = avail.iter().enumerate().map(|(i, a)| src(i as i64, *a)).collect();
            let (takes, short) = allocate(need, &sources, pref);
            let taken: i32 = takes.iter().map(|(_, q)| q).sum();
            prop_assert_eq!(taken + short, need);
            prop_assert!(short >= 0);
            for (w, q) in &takes {
                prop_assert!(*q > 0);
                prop_assert!(*q <= sources[*w as usize].available);
            }
            let total: i32 = avail.iter().sum();
            prop_assert_eq!(short, (need - total).max(0));
        }
    }
}
