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
