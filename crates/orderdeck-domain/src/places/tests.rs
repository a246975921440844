use super::*;

fn place(level: Level, id: &str, parent: &str, name: &str) -> Place {
    Place {
        level,
        id: id.into(),
        parent: parent.into(),
        name: name.into(),
        aliases: Vec::new(),
    }
}

/// A slice of the real list: Hồ Chí Minh's Quận 1 and Quận 3 (both with a "Phường 1"
/// in Quận 3 only), Bình Dương (merged into Hồ Chí Minh in 2025), Hậu Giang's two Long Mỹ.
fn index() -> PlaceIndex {
    use Level::*;
    PlaceIndex::new(vec![
        place(Ward, "26740", "1760", "Phường Bến Nghé"),
        place(Province, "279", "", "Hồ Chí Minh"),
        place(Province, "274", "", "Bình Dương"),
        place(Province, "293", "", "Hậu Giang"),
        place(District, "1760", "279", "Quận 1"),
        place(District, "1770", "279", "Quận 3"),
        place(District, "1774", "279", "Quận 5"),
        place(District, "1718", "274", "Thành phố Thủ Dầu Một"),
        place(District, "1936", "293", "Huyện Long Mỹ"),
        place(District, "1937", "293", "Thị xã Long Mỹ"),
        place(Ward, "26737", "1760", "Phường Bến Thành"),
        place(Ward, "27139", "1770", "Phường 1"),
        place(Ward, "27142", "1770", "Phường 2"),
        place(Ward, "27301", "1774", "Phường 1"),
        place(Ward, "25747", "1718", "Phường Phú Cường"),
        place(Ward, "31471", "1936", "Xã Long Bình"),
        place(Ward, "31472", "1937", "Phường Long Bình"),
        place(Ward, "27160", "1770", "Phường Võ Thị Sáu"),
        place(Ward, "27161", "1770", "Phường Võ Thị Sấu"),
        // A ward whose district is not in the list is left out.
        place(Ward, "99999", "4242", "Phường Mồ Côi"),
    ])
}

fn written<'a>(ward: &'a str, district: &'a str, province: &'a str) -> Written<'a> {
    Written {
        line1: "12 Lê Lợi",
        ward,
        district,
        province,
    }
}

#[test]
fn buyers_spellings_resolve_to_the_same_ward() {
    let ix = index();
    assert_eq!(ix.counts(), (3, 6, 10));
    for (w, d, p) in [
        ("Phường 1", "Quận 3", "TP. Hồ Chí Minh"),
        ("P.1", "Q.3", "TP HCM"),
        ("p1", "q3", "hcm"),
        ("phuong 01", "quan 3", "ho chi minh"),
        ("Ward 1", "District 3", "Ho Chi Minh City"),
    ] {
        let got = ix
            .resolve(&written(w, d, p))
            .unwrap_or_else(|e| panic!("{w}, {d}, {p}: {e}"));
        assert_eq!(got.ward_id, "27139", "{w}, {d}, {p}");
        assert_eq!(got.district_id, "1770");
        assert_eq!(got.label(), "Phường 1, Quận 3, Hồ Chí Minh");
    }
}

#[test]
fn parts_in_the_street_line_are_read_when_the_boxes_are_empty() {
    let ix = index();
    let w = Written {
        line1: "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM",
        ..Written::default()
    };
    assert_eq!(ix.resolve(&w).map(|l| l.ward_id), Ok("26740".into()));
}

#[test]
fn a_ward_name_used_in_two_districts_is_a_pick_not_a_guess() {
    let ix = index();
    // Post-2025 style: no district. "Phường 1" is in Quận 3 and in Quận 5.
    let e = ix
        .resolve(&written("Phường 1", "", "Hồ Chí Minh"))
        .unwrap_err();
    assert!(e.ambiguous && e.level == Level::Ward, "{e:?}");
    let ids: Vec<_> = e.candidates.iter().map(|c| c.ward_id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&"27139") && ids.contains(&"27301"));
    assert_eq!(
        e.to_string(),
        "the ward \"Phường 1\" in Hồ Chí Minh fits 2 places"
    );
    // A unique ward name needs no district.
    assert_eq!(
        ix.resolve(&written("Phường Bến Thành", "", "HCM"))
            .map(|l| l.district_id),
        Ok("1760".into())
    );
}

#[test]
fn diacritics_written_settle_names_that_differ_only_in_them() {
    let ix = index();
    let got = ix
        .resolve(&written("Phường Võ Thị Sáu", "Quận 3", "HCM"))
        .unwrap();
    assert_eq!(got.ward_id, "27160");
    // Without diacritics both fit: a person picks.
    let e = ix
        .resolve(&written("P. Vo Thi Sau", "Q3", "HCM"))
        .unwrap_err();
    assert!(e.ambiguous && e.candidates.len() == 2, "{e:?}");
}

#[test]
fn a_name_written_with_other_marks_is_confirmed_not_taken() {
    let ix = index();
    // "Bến Thanh" folds like "Bến Thành" but its marks say another name.
    let e = ix
        .resolve(&written("Phường Bến Thạnh", "Quận 1", "HCM"))
        .unwrap_err();
    assert!(e.ambiguous && e.candidates.len() == 1, "{e:?}");
    assert_eq!(e.candidates[0].ward, "Phường Bến Thành");
    assert_eq!(
        e.to_string(),
        "the ward \"Phường Bến Thạnh\" in Quận 1, Hồ Chí Minh is written unlike Phường Bến Thành: confirm it"
    );
    // Marks left out are only left out.
    assert!(
        ix.resolve(&written("Phường Ben Thành", "Quận 1", "HCM"))
            .is_ok()
    );
}

#[test]
fn an_unknown_ward_offers_the_districts_wards_nearest_first() {
    let ix = index();
    let e = ix
        .resolve(&written("Phường Bến Ngé", "Quận 1", "HCM"))
        .unwrap_err();
    assert!(!e.ambiguous && e.level == Level::Ward);
    assert_eq!(e.candidates[0].ward, "Phường Bến Nghé");
    assert_eq!(e.within, "Quận 1, Hồ Chí Minh");
    assert_eq!(
        e.to_string(),
        "there is no ward \"Phường Bến Ngé\" in Quận 1, Hồ Chí Minh"
    );
}

#[test]
fn the_type_word_settles_two_places_of_one_name() {
    let ix = index();
    let town = ix
        .resolve(&written("Long Bình", "TX Long Mỹ", "Hậu Giang"))
        .unwrap();
    assert_eq!(town.ward_id, "31472");
    let rural = ix
        .resolve(&written("Xã Long Bình", "H. Long Mỹ", "Hau Giang"))
        .unwrap();
    assert_eq!(rural.ward_id, "31471");
    let e = ix
        .resolve(&written("Long Bình", "Long Mỹ", "Hậu Giang"))
        .unwrap_err();
    assert!(e.ambiguous && e.level == Level::District, "{e:?}");
}

#[test]
fn a_new_province_name_finds_the_old_provinces_wards() {
    // Since 2025 Thủ Dầu Một is in Hồ Chí Minh; the carrier's list still has Bình Dương.
    let ix = index();
    let got = ix
        .resolve(&written(
            "Phường Phú Cường",
            "Thủ Dầu Một",
            "TP. Hồ Chí Minh",
        ))
        .unwrap();
    assert_eq!(got.province, "Bình Dương");
    assert_eq!(got.ward_id, "25747");
    let no_district = ix
        .resolve(&written("Phú Cường", "", "Hồ Chí Minh"))
        .unwrap();
    assert_eq!(no_district.ward_id, "25747");
}

#[test]
fn nothing_is_guessed_for_an_unknown_province_or_district() {
    let ix = index();
    let e = ix
        .resolve(&written("Phường 1", "Quận 3", "Hà Nội"))
        .unwrap_err();
    assert_eq!((e.level, e.ambiguous), (Level::Province, false));
    assert!(e.candidates.is_empty());
    let e = ix
        .resolve(&written("Phường 1", "Quận 33", "HCM"))
        .unwrap_err();
    assert_eq!((e.level, e.ambiguous), (Level::District, false));
    assert!(!e.candidates.is_empty());
    let e = ix.resolve(&written("", "Quận 3", "HCM")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the address has no ward in Quận 3, Hồ Chí Minh"
    );
    assert_eq!(e.candidates.len(), 4);
}

#[test]
fn a_picked_ward_brings_its_district_and_province() {
    let ix = index();
    let l = ix.ward("27301").unwrap();
    assert_eq!(l.label(), "Phường 1, Quận 5, Hồ Chí Minh");
    assert!(ix.ward("99999").is_none());
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]
        /// Whatever a buyer or a platform writes, resolving it answers (a place, or what to
        /// pick) and never panics; a place it answers is a real one of the list.
        #[test]
        fn any_address_resolves_or_says_why(
            line1 in "\\PC{0,60}",
            ward in "\\PC{0,30}",
            district in "\\PC{0,30}",
            province in "\\PC{0,30}",
        ) {
            let ix = index();
            if let Ok(l) = ix.resolve(&Written { line1: &line1, ward: &ward, district: &district, province: &province }) {
                prop_assert_eq!(ix.ward(&l.ward_id), Some(l));
            }
        }

        #[test]
        fn any_text_has_a_key(s in any::<String>()) {
            for level in [Level::Province, Level::District, Level::Ward] {
                let k = name_key::key(level, &s);
                prop_assert!(!k.folded.chars().any(char::is_whitespace));
            }
        }
    }
}

#[test]
fn a_place_named_in_passing_is_found_by_whole_names() {
    let ix = index();
    let at = |text: &str, home: Option<&str>| ix.area_in(text, home);
    // A province alone stands for its first city district's first ward.
    let a = at("phí ship về hcm bao nhiêu ạ", None).expect("HCM");
    assert_eq!((a.province.as_str(), a.district), ("Hồ Chí Minh", None));
    assert_eq!(a.at.district, "Quận 1");
    // A district in it: its own first ward.
    let a = at("ship ra Q.3 TP HCM mất mấy ngày", None).expect("Q.3 HCM");
    assert_eq!(a.district.as_deref(), Some("Quận 3"));
    assert_eq!(a.at.district_id, "1770");
    // Without a province, the shop's own.
    let a = at("ship về quận 5 không shop", Some("TP. Hồ Chí Minh")).expect("home");
    assert_eq!(a.at.district, "Quận 5");
    assert!(at("ship về quận 5 không shop", None).is_none());
    assert!(at("ongkir ke Surabaya brp gan", Some("TP. Hồ Chí Minh")).is_none());
    // A count is not a district; a province's rural district comes after its towns.
    let a = at("lấy 3 cái ship Hậu Giang", None).expect("Hậu Giang");
    assert_eq!(
        (a.district, a.at.district.as_str()),
        (None, "Thị xã Long Mỹ")
    );
    // Nothing the list knows.
    assert!(at("ongkir ke Surabaya brp gan", None).is_none());
    assert!(at("", Some("nowhere")).is_none());
}

#[test]
fn the_place_a_parcel_goes_to_is_told_from_names_that_only_look_alike() {
    use Level::*;
    let ix = PlaceIndex::new(vec![
        place(Province, "201", "", "Hà Nội"),
        place(Province, "279", "", "Hồ Chí Minh"),
        place(Province, "267", "", "Hòa Bình"),
        place(Province, "253", "", "Bạc Liêu"),
        place(District, "1484", "201", "Quận Ba Đình"),
        place(District, "1760", "279", "Quận 1"),
        place(District, "1942", "267", "Thành phố Hoà Bình"),
        place(District, "2001", "253", "Huyện Hòa Bình"),
        place(Ward, "1A0101", "1484", "Phường Phúc Xá"),
        place(Ward, "20101", "1760", "Phường Bến Nghé"),
        place(Ward, "30101", "1942", "Phường Tân Thịnh"),
        place(Ward, "40101", "2001", "Thị trấn Hòa Bình"),
    ]);
    let province = |text: &str| ix.area_in(text, None).map(|a| a.province);
    // "huyện Hòa Bình" is Bạc Liêu's district, not the province Hòa Bình.
    let a = ix
        .area_in("ship về huyện Hòa Bình, Bạc Liêu bao nhiêu", None)
        .unwrap();
    assert_eq!(
        (a.province.as_str(), a.district.as_deref()),
        ("Bạc Liêu", Some("Huyện Hòa Bình"))
    );
    // Where the parcel goes, not where the shop is.
    assert_eq!(
        province("shop ở Hà Nội hả, ship vô Sài Gòn bao nhiêu").as_deref(),
        Some("Hồ Chí Minh")
    );
    // "hn" is also "hôm nay": a short form only where a place is expected.
    assert_eq!(province("hn đặt mai có nhận không"), None);
    assert_eq!(province("ship về hn mấy ngày").as_deref(), Some("Hà Nội"));
    assert_eq!(
        province("phí ship tp hcm sao shop").as_deref(),
        Some("Hồ Chí Minh")
    );
}
