//! The draft as people read it: laid out like the paper form, and as JSON.

use super::*;

/// The draft laid out like the paper form, `width` columns wide.
pub fn render_text(d: &InvoiceDraft, offset: chrono::FixedOffset) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let title = d.template.name_vi().to_uppercase();
    let _ = writeln!(s, "{title:^78}");
    let date = d.date.with_timezone(&offset);
    let _ = writeln!(
        s,
        "{:^78}",
        format!(
            "Ngày {:02} tháng {:02} năm {}   Ký hiệu: {}   (bản xem trước — chưa có số)",
            date.day(),
            date.month(),
            date.year(),
            d.symbol
        )
    );
    let _ = writeln!(s, "{}", "─".repeat(78));
    let _ = writeln!(s, "Đơn vị bán hàng: {}", d.seller_name);
    let _ = writeln!(s, "Mã số thuế:      {}", d.seller_tax_code);
    let _ = writeln!(s, "Địa chỉ:         {}", d.seller_address);
    let _ = writeln!(s, "{}", "─".repeat(78));
    let _ = writeln!(s, "Họ tên người mua: {}", d.buyer.name);
    let _ = writeln!(s, "Tên đơn vị:       {}", d.buyer.company);
    let _ = writeln!(s, "Mã số thuế:       {}", d.buyer.tax_code);
    let _ = writeln!(s, "Địa chỉ:          {}", d.buyer.address);
    let _ = writeln!(s, "Email:            {}", d.buyer.email);
    let _ = writeln!(
        s,
        "Hình thức thanh toán: {}   Đơn hàng: {}",
        d.payment.code(),
        d.order_number
    );
    let _ = writeln!(s, "{}", "─".repeat(78));
    let vat = d.template.has_vat_breakdown();
    if vat {
        let _ = writeln!(
            s,
            "{:>2} {:<28} {:>4} {:>11} {:>12} {:>5} {:>10}",
            "TT", "Tên hàng hóa, dịch vụ", "SL", "Đơn giá", "Thành tiền", "Thuế", "Tiền thuế"
        );
    } else {
        let _ = writeln!(
            s,
            "{:>2} {:<40} {:>4} {:>12} {:>14}",
            "TT", "Tên hàng hóa, dịch vụ", "SL", "Đơn giá", "Thành tiền"
        );
    }
    for (i, (l, a)) in d.lines.iter().zip(&d.totals.lines).enumerate() {
        let name: String = l.name.chars().take(if vat { 28 } else { 40 }).collect();
        if vat {
            let _ = writeln!(
                s,
                "{:>2} {:<28} {:>4} {:>11} {:>12} {:>5} {:>10}",
                i + 1,
                name,
                l.qty,
                format_amount(a.unit_price.round_dp(0)),
                format_amount(a.amount),
                l.rate.to_string(),
                format_amount(a.vat_amount)
            );
        } else {
            let _ = writeln!(
                s,
                "{:>2} {:<40} {:>4} {:>12} {:>14}",
                i + 1,
                name,
                l.qty,
                format_amount(a.unit_price),
                format_amount(a.amount)
            );
        }
    }
    let _ = writeln!(s, "{}", "─".repeat(78));
    for g in &d.totals.breakdown {
        let _ = writeln!(
            s,
            "{:>50} {:>12} {:>14}",
            format!("Thuế suất {}: tiền hàng / tiền thuế", g.rate),
            format_amount(g.taxable_amount),
            format_amount(g.vat_amount)
        );
    }
    if vat {
        let _ = writeln!(
            s,
            "{:>50} {:>27}",
            "Cộng tiền hàng:",
            format_amount(d.totals.subtotal)
        );
        let _ = writeln!(
            s,
            "{:>50} {:>27}",
            "Tiền thuế GTGT:",
            format_amount(d.totals.vat_amount)
        );
    }
    let _ = writeln!(
        s,
        "{:>50} {:>27}",
        "Tổng cộng tiền thanh toán:",
        format_amount(d.totals.total)
    );
    let _ = writeln!(s, "Số tiền viết bằng chữ: {}", d.words);
    if !d.problems.is_empty() {
        let _ = writeln!(s, "{}", "─".repeat(78));
        let _ = writeln!(s, "Cannot be issued yet:");
        for p in &d.problems {
            let _ = writeln!(s, "  - {p}");
        }
    }
    s
}

/// The draft's figures as JSON (for scripts).
pub fn to_json(d: &InvoiceDraft) -> serde_json::Value {
    serde_json::json!({
        "order": d.order_number,
        "template": d.template.as_str(),
        "symbol": d.symbol,
        "buyer": {
            "company": d.buyer.company,
            "tax_code": d.buyer.tax_code,
            "address": d.buyer.address,
            "email": d.buyer.email,
            "name": d.buyer.name,
        },
        "payment": d.payment.code(),
        "lines": d.lines.iter().zip(&d.totals.lines).map(|(l, a)| serde_json::json!({
            "name": l.name,
            "qty": l.qty,
            "vat_rate": l.rate.as_str(),
            "unit_price": a.unit_price.to_string(),
            "amount": a.amount.to_string(),
            "vat_amount": a.vat_amount.to_string(),
        })).collect::<Vec<_>>(),
        "breakdown": d.totals.breakdown.iter().map(|g| serde_json::json!({
            "vat_rate": g.rate.as_str(),
            "taxable_amount": g.taxable_amount.to_string(),
            "vat_amount": g.vat_amount.to_string(),
        })).collect::<Vec<_>>(),
        "subtotal": d.totals.subtotal.to_string(),
        "vat_amount": d.totals.vat_amount.to_string(),
        "total": d.totals.total.to_string(),
        "total_in_words": d.words,
        "problems": d.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
    })
}
