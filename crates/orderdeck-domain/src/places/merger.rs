//! Vietnam's 2025 province merger (63 provinces became 34 on 2025-07-01, reference top
//! note). Carriers' master data may still be the old three-level list while buyers write
//! the new province: a ward written under "Hồ Chí Minh" may sit, in the old list, under
//! Bình Dương or Bà Rịa - Vũng Tàu. So a place not found in the written province is looked
//! for in the old provinces that merged into it.
//!
//! Source: Resolution 202/2025/QH15 of the National Assembly (12 June 2025) — not in the
//! reference, which only notes the merger; each new province kept one old name (Huế, a
//! city since January 2025, is Thừa Thiên Huế in the old list). Keys are
//! [`super::name_key::key`]s of province names.

/// New province (its kept name) → the old provinces merged into it.
pub const MERGED_INTO: &[(&str, &[&str])] = &[
    ("tuyenquang", &["hagiang"]),
    ("laocai", &["yenbai"]),
    ("thainguyen", &["backan"]),
    ("phutho", &["vinhphuc", "hoabinh"]),
    ("bacninh", &["bacgiang"]),
    ("hungyen", &["thaibinh"]),
    ("haiphong", &["haiduong"]),
    ("ninhbinh", &["hanam", "namdinh"]),
    ("quangtri", &["quangbinh"]),
    ("danang", &["quangnam"]),
    ("quangngai", &["kontum"]),
    ("gialai", &["binhdinh"]),
    ("khanhhoa", &["ninhthuan"]),
    ("lamdong", &["daknong", "binhthuan"]),
    ("daklak", &["phuyen"]),
    ("hochiminh", &["binhduong", "bariavungtau"]),
    ("dongnai", &["binhphuoc"]),
    ("tayninh", &["longan"]),
    ("cantho", &["soctrang", "haugiang"]),
    ("vinhlong", &["bentre", "travinh"]),
    ("dongthap", &["tiengiang"]),
    ("camau", &["baclieu"]),
    ("angiang", &["kiengiang"]),
];

/// The old provinces merged into the one with this key (none if it was not enlarged).
pub fn merged_into(province_key: &str) -> &'static [&'static str] {
    MERGED_INTO
        .iter()
        .find(|(k, _)| *k == province_key)
        .map(|(_, old)| *old)
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_four_provinces_remain() {
        // 63 old provinces, 23 new ones made of 52 of them, 11 unchanged: 34 in all.
        let merged_away: usize = MERGED_INTO.iter().map(|(_, old)| old.len()).sum();
        assert_eq!(MERGED_INTO.len(), 23);
        assert_eq!(63 - merged_away, 34);
    }
}
