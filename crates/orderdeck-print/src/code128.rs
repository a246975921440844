//! Code 128 encoder (ISO/IEC 15417), code sets B and C.
//!
//! Written here rather than taken from a crate: the candidates want the caller to mark
//! code-set switches by hand inside the data, while a label needs the plain tracking
//! number in and the symbol values out (the tests check the checksum on those). Set A
//! is left out on purpose: it only adds control characters, which a tracking number
//! never holds and which the label refuses anyway.

use std::fmt;

/// Symbol value of "switch to code set C" (in set B).
const CODE_C: u8 = 99;
/// Symbol value of "switch to code set B" (in set C).
const CODE_B: u8 = 100;
/// Start symbols.
const START_B: u8 = 104;
const START_C: u8 = 105;
/// The stop symbol; its pattern is the only one with 7 elements (13 modules).
pub const STOP: u8 = 106;

/// Quiet zone required on each side of the symbol, in modules.
pub const QUIET_ZONE: u32 = 10;

/// Bar/space widths in modules for every symbol value 0..=106, bar first. Each
/// pattern spans 11 modules (the stop symbol 13, including its final bar).
const PATTERNS: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
    "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
    "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
    "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
    "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
    "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
    "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
    "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
    "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
];

/// Why a text cannot be drawn as Code 128 here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code128Error {
    Empty,
    /// `position` counts characters from 1, as a person would.
    Unsupported {
        ch: char,
        position: usize,
    },
}

impl fmt::Display for Code128Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("nothing to encode"),
            Self::Unsupported { ch, position } => write!(
                f,
                "character {ch:?} at position {position} is not printable ASCII (space to '~')"
            ),
        }
    }
}

impl std::error::Error for Code128Error {}

/// An encoded symbol: start, data, checksum and stop symbol values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code128 {
    symbols: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    B,
    C,
}

impl Code128 {
    /// Encodes printable ASCII, packing digit runs into code set C where that makes
    /// the symbol shorter (the usual rules: 4+ digits at the start or end, 6+ inside).
    pub fn encode(text: &str) -> Result<Self, Code128Error> {
        let bytes = text.as_bytes();
        if let Some((i, ch)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| !matches!(c, ' '..='~'))
        {
            return Err(Code128Error::Unsupported {
                ch,
                position: i + 1,
            });
        }
        if bytes.is_empty() {
            return Err(Code128Error::Empty);
        }
        // From here on every char is one ASCII byte, so byte and char indices agree.
        let digits_from = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();

        let mut symbols = Vec::with_capacity(bytes.len() + 4);
        let first_run = digits_from(0);
        let mut set = if (first_run == bytes.len() && first_run % 2 == 0) || first_run >= 4 {
            symbols.push(START_C);
            Set::C
        } else {
            symbols.push(START_B);
            Set::B
        };

        let mut i = 0;
        while i < bytes.len() {
            match set {
                Set::C => {
                    if digits_from(i) >= 2 {
                        symbols.push((bytes[i] - b'0') * 10 + (bytes[i + 1] - b'0'));
                        i += 2;
                    } else {
                        symbols.push(CODE_B);
                        set = Set::B;
                    }
                }
                Set::B => {
                    let run = digits_from(i);
                    let at_end = i + run == bytes.len();
                    if run >= 6 || (at_end && run >= 4) {
                        // An odd run keeps its first digit in set B so set C gets pairs.
                        if run % 2 == 1 {
                            symbols.push(bytes[i] - b' ');
                            i += 1;
                        }
                        symbols.push(CODE_C);
                        set = Set::C;
                    } else {
                        symbols.push(bytes[i] - b' ');
                        i += 1;
                    }
                }
            }
        }

        let check = checksum(&symbols);
        symbols.push(check);
        symbols.push(STOP);
        Ok(Self { symbols })
    }

    /// All symbol values: start, data, checksum, stop.
    pub fn symbols(&self) -> &[u8] {
        &self.symbols
    }

    /// The modulo-103 check symbol.
    pub fn checksum(&self) -> u8 {
        // encode() always pushes the check symbol right before the stop symbol.
        self.symbols[self.symbols.len() - 2]
    }

    /// Width of the symbol in modules, without quiet zones.
    pub fn module_count(&self) -> u32 {
        self.symbols.iter().map(|&s| pattern_width(s)).sum()
    }

    /// The bars as (offset, width) in modules from the symbol's left edge, merged so
    /// that each is one filled rectangle to draw.
    pub fn bars(&self) -> Vec<(u32, u32)> {
        let mut bars = Vec::with_capacity(self.symbols.len() * 3);
        let mut x = 0;
        for &s in &self.symbols {
            for (k, w) in pattern(s).bytes().map(|b| u32::from(b - b'0')).enumerate() {
                if k % 2 == 0 {
                    bars.push((x, w));
                }
                x += w;
            }
        }
        bars
    }

    /// The modules as '1' (bar) and '0' (space), for tests and debugging.
    pub fn to_bit_string(&self) -> String {
        let mut out = String::new();
        for &s in &self.symbols {
            for (k, w) in pattern(s)
                .bytes()
                .map(|b| usize::from(b - b'0'))
                .enumerate()
            {
                let bit = if k % 2 == 0 { '1' } else { '0' };
                out.extend(std::iter::repeat_n(bit, w));
            }
        }
        out
    }
}

/// Start symbol counts once, then each following symbol times its position; summed
/// modulo 103 as it goes so that no input length can overflow.
fn checksum(symbols: &[u8]) -> u8 {
    let sum = symbols.iter().enumerate().fold(0u64, |acc, (i, &s)| {
        let weight = (i as u64).max(1) % 103;
        (acc + u64::from(s) * weight) % 103
    });
    // Below 103 by construction.
    sum as u8
}

fn pattern(symbol: u8) -> &'static str {
    PATTERNS[usize::from(symbol)]
}

fn pattern_width(symbol: u8) -> u32 {
    pattern(symbol).bytes().map(|b| u32::from(b - b'0')).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for (value, p) in PATTERNS.iter().enumerate() {
            let widths: Vec<u32> = p.bytes().map(|b| u32::from(b - b'0')).collect();
            let bars: u32 = widths.iter().step_by(2).sum();
            let total: u32 = widths.iter().sum();
            let expected = if value == usize::from(STOP) { 13 } else { 11 };
            assert_eq!(total, expected, "symbol {value} spans {total} modules");
            // Code 128 patterns have an even number of bar modules (its parity check).
            assert_eq!(bars % 2, 0, "symbol {value} has odd bar parity");
            assert!(seen.insert(*p), "symbol {value} repeats a pattern");
        }
    }

    #[test]
    fn tracking_number_in_set_b_with_checksum() {
        let code = Code128::encode("GHN5X7K9QP").unwrap();
        // G=39 H=40 N=46 5=21 X=56 7=23 K=43 9=25 Q=49 P=48 in set B (ASCII - 32).
        let data = [39, 40, 46, 21, 56, 23, 43, 25, 49, 48];
        // 104 + 39·1 + 40·2 + 46·3 + 21·4 + 56·5 + 23·6 + 43·7 + 25·8 + 49·9 + 48·10
        // = 2285 = 22·103 + 19.
        assert_eq!(code.checksum(), 19);
        let mut expected = vec![START_B];
        expected.extend(data);
        expected.extend([19, STOP]);
        assert_eq!(code.symbols(), &expected[..]);
        assert_eq!(code.module_count(), 12 * 11 + 13);
        let bits = code.to_bit_string();
        assert!(bits.starts_with("11010010000"), "start B");
        assert!(bits.ends_with("1100011101011"), "stop");
    }

    #[test]
    fn textbook_hello_bits() {
        // Start B, H, E, L, L, O, check 40 (= (104+40+74+132+176+235) mod 103), stop.
        let code = Code128::encode("HELLO").unwrap();
        assert_eq!(code.checksum(), 40);
        assert_eq!(
            code.to_bit_string(),
            [
                "11010010000",
                "11000101000",
                "10001101000",
                "10001101110",
                "10001101110",
                "10001110110",
                "11000101000",
                "1100011101011",
            ]
            .concat()
        );
    }

    #[test]
    fn digits_use_set_c() {
        let code = Code128::encode("12345678").unwrap();
        // 105 + 12·1 + 34·2 + 56·3 + 78·4 = 665 = 6·103 + 47.
        assert_eq!(code.symbols(), &[START_C, 12, 34, 56, 78, 47, STOP]);

        // Odd digit run at the end: first digit stays in B, the rest go to C in pairs.
        let code = Code128::encode("AB1234567").unwrap();
        assert_eq!(
            &code.symbols()[..code.symbols().len() - 2],
            &[START_B, 33, 34, 17, CODE_C, 23, 45, 67]
        );

        // Digits leading into letters: C for the pairs, then back to B.
        let code = Code128::encode("1234AB").unwrap();
        assert_eq!(
            &code.symbols()[..code.symbols().len() - 2],
            &[START_C, 12, 34, CODE_B, 33, 34]
        );

        // A short digit run inside stays in B (switching would cost more).
        let code = Code128::encode("PJJ123C").unwrap();
        assert_eq!(code.symbols()[0], START_B);
        // 104 + 48 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879 = 8·103 + 55.
        assert_eq!(code.checksum(), 55);
    }

    #[test]
    fn long_input_does_not_overflow_the_checksum() {
        let code = Code128::encode(&"Z~".repeat(50_000)).unwrap();
        assert!(code.checksum() < 103);
    }

    #[test]
    fn bars_cover_the_symbol() {
        let code = Code128::encode("OD-000123").unwrap();
        let bars = code.bars();
        let (last_x, last_w) = bars[bars.len() - 1];
        assert_eq!(last_x + last_w, code.module_count());
        let dark: u32 = bars.iter().map(|b| b.1).sum();
        assert_eq!(dark as usize, code.to_bit_string().matches('1').count());
    }

    #[test]
    fn refuses_what_it_cannot_encode() {
        assert_eq!(Code128::encode(""), Err(Code128Error::Empty));
        assert_eq!(
            Code128::encode("AB\u{1}"),
            Err(Code128Error::Unsupported {
                ch: '\u{1}',
                position: 3
            })
        );
        assert_eq!(
            Code128::encode("GHNđ"),
            Err(Code128Error::Unsupported {
                ch: 'đ',
                position: 4
            })
        );
    }
}
