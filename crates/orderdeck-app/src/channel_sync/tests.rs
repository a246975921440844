use super::*;
use orderdeck_integrations::marketplace::{ChannelBuyer, ChannelKind, ChannelLine, ChannelTotals};
use rust_decimal_macros::dec;

fn order() -> ChannelOrder {
    ChannelOrder {
        channel: ChannelKind::Shopee,
        external_id: "220810QSK8S7BX".into(),
        status: ChannelStatus::ToShip,
        channel_status: "READY_TO_SHIP".into(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        buyer: ChannelBuyer {
            username: "buyer1234".into(),
            name: "Nguyễn Thị Lan".into(),
            phone: "84912345678".into(),
        },
        address: Address {
            line1: "12 Lê Lợi".into(),
            ward: "Phường Bến Nghé".into(),
            district: "Quận 1".into(),
            province: "TP. Hồ Chí Minh".into(),
        },
        lines: vec![
            ChannelLine {
                external_line_id: "1:0".into(),
                sku: "TT-001-1".into(),
                name: "Áo thun".into(),
                qty: 2,
                unit_price: dec!(150000),
                discount: dec!(30000),
                channel_status: String::new(),
            },
            ChannelLine {
                external_line_id: "2:0".into(),
                sku: "GD-002-1".into(),
                name: "Bình".into(),
                qty: 1,
                unit_price: dec!(99000),
                discount: dec!(0),
                channel_status: String::new(),
            },
        ],
        currency: "VND".into(),
        totals: ChannelTotals {
            subtotal: dec!(399000),
            discount: dec!(40000),
            shipping_fee: dec!(15000),
            total: dec!(374000),
        },
        cod: true,
        note: "Giao giờ hành chính".into(),
        ship_by: None,
        buyer_masked: false,
        seller_shipping: false,
    }
}

#[test]
fn a_channel_order_maps_to_intake_with_its_money() {
    let n = to_new_order("shopee", &order()).unwrap();
    assert_eq!(n.channel, "shopee");
    assert_eq!(n.external_id.as_deref(), Some("220810QSK8S7BX"));
    assert_eq!(n.customer.phone, "0912345678");
    assert_eq!(n.payment, "cod");
    assert_eq!(n.lines[0].unit_price, Some(dec!(150000)));
    assert_eq!(n.lines[0].discount, dec!(30000));
    // A voucher beyond the line discounts is the order's discount.
    assert_eq!(n.discount, dec!(10000));
    assert_eq!(n.shipping_fee, dec!(15000));
    let note = n.note.unwrap();
    assert!(note.contains("Giao giờ hành chính"), "{note}");
    assert!(!note.contains("says the buyer pays"), "{note}");
}

#[test]
fn orders_that_cannot_go_in_say_why() {
    // A masked phone is no phone: fine when the platform ships the parcel (it prints the
    // label), refused when the seller must ship it with a carrier of ours.
    let mut o = order();
    o.buyer.phone = "******78".into();
    let n = to_new_order("shopee", &o).unwrap();
    assert!(n.customer.masked && n.customer.phone.is_empty());
    o.seller_shipping = true;
    assert!(to_new_order("shopee", &o).unwrap_err().contains("phone"));
    let mut o = order();
    o.buyer.phone = "12345".into();
    assert!(to_new_order("shopee", &o).unwrap_err().contains("phone"));
    let mut o = order();
    o.lines[1].sku = " ".into();
    assert!(to_new_order("shopee", &o).unwrap_err().contains("SKU"));
    let mut o = order();
    o.cod = false;
    assert_eq!(to_new_order("shopee", &o).unwrap().payment, "prepaid");
}

#[test]
fn only_orders_that_want_stock_are_taken_in() {
    let mut o = order();
    assert_eq!(admission(&o), Admission::Take);
    o.status = ChannelStatus::AwaitingPayment;
    assert_eq!(admission(&o), Admission::NotYet);
    o.status = ChannelStatus::Cancelled;
    assert_eq!(admission(&o), Admission::Leave);
    o.status = ChannelStatus::Shipped;
    assert_eq!(admission(&o), Admission::Leave);
    o.status = ChannelStatus::OnHold;
    o.buyer.phone.clear();
    assert_eq!(admission(&o), Admission::NotYet);
    o.status = ChannelStatus::Unknown;
    assert!(matches!(admission(&o), Admission::Problem(_)));
}
