//! Text folding for search: Vietnamese names match with or without diacritics.

/// Text from outside (a provider's message, a code it sent) made safe to print on a
/// terminal: control characters are shown as escapes (`\u{1b}`), never sent.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// As [`visible`], but line breaks stay: for a message of several lines (an error
/// listing problems) whose parts came from outside.
pub fn visible_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| visible(line.strip_suffix('\r').unwrap_or(line)).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A name for a file made from outside text (a tracking number): letters, digits, `.`,
/// `_` and `-` kept, anything else `_`, so it cannot leave its folder.
pub fn file_safe(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.trim_start_matches('.').to_string()
}

/// Lower-cases and strips Vietnamese diacritics (đ → d included), so that
/// "Nguyễn Thị Hằng" and "nguyen thi hang" fold to the same text.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(|c| c.to_lowercase())
        .map(base_letter)
        .collect()
}

/// A lower-case letter without its Vietnamese marks (`ệ` → `e`, `đ` → `d`); any other
/// character as it is.
pub fn base_letter(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáạảãâầấậẩẫăằắặẳẵ", 'a'),
        ("èéẹẻẽêềếệểễ", 'e'),
        ("ìíịỉĩ", 'i'),
        ("òóọỏõôồốộổỗơờớợởỡ", 'o'),
        ("ùúụủũưừứựửữ", 'u'),
        ("ỳýỵỷỹ", 'y'),
        ("đ", 'd'),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS
        .iter()
        .find(|(set, _)| set.contains(c))
        .map(|(_, b)| *b)
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Nguyễn Thị Hằng"), "nguyen thi hang");
        assert_eq!(fold("ĐẶNG Văn Đức"), "dang van duc");
        assert_eq!(fold("Hồ Chí Minh"), "ho chi minh");
        assert_eq!(fold("0912 345 678"), "0912 345 678");
    }

    #[test]
    fn a_message_keeps_its_lines_but_not_its_escapes() {
        assert_eq!(
            visible_lines("two problems:\n  - \u{1b}]0;pwned\u{7}name"),
            "two problems:\n  - \\u{1b}]0;pwned\\u{7}name"
        );
    }

    #[test]
    fn outside_text_is_shown_not_sent() {
        assert_eq!(visible("ok 123"), "ok 123");
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(file_safe("../GHN 12/x"), "_GHN_12_x");
    }
}
