//! What people read, in their language. Every sentence, label and hint comes from a
//! Fluent message catalogue (`locales/{en,vi,id}/*.ftl`), looked up by id with [`t!`];
//! money, numbers and dates are written the way each language writes them ([`format`]).
//!
//! Why Fluent (`fluent-bundle`) rather than `rust-i18n` or gettext: it carries CLDR plural
//! rules per language (English "1 order / 2 orders"; Vietnamese and Indonesian have one
//! form), lets a translator reorder the sentence around its values, and its catalogues are
//! plain text a shop's staff can correct. The catalogues are compiled into the binary, so a
//! console over SSH needs no files beside it.
//!
//! The language is one setting for the whole process — like the terminal's own locale —
//! chosen at start ([`Lang::choose`]) and switched by `:lang`. A thread may override it
//! ([`scoped`]) so tests can draw the same screen in three languages side by side.
//!
//! Stored data and `--json` stay language-neutral: they carry codes, and only what is shown
//! to a person is looked up here.

pub mod catalogue;
pub mod format;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

pub use fluent_bundle::{FluentArgs, FluentValue};

/// The languages orderdeck speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Vi,
    Id,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Vi, Lang::Id];

    /// The code used in the config file and `:lang` (`en`, `vi`, `id`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
            Lang::Id => "id",
        }
    }

    /// The language's own name, for `:lang` without an argument.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Vi => "Tiếng Việt",
            Lang::Id => "Bahasa Indonesia",
        }
    }

    /// A code as written in the config or typed after `:lang`: `vi`, `VI`, `vi-VN`, `id_ID`.
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_', '.', '@']).next().unwrap_or("");
        match primary {
            "en" | "english" => Some(Lang::En),
            "vi" | "vie" | "vietnamese" => Some(Lang::Vi),
            // `in` is the old ISO code for Indonesian; Java and some Android images still
            // set `in_ID`.
            "id" | "in" | "ind" | "indonesian" => Some(Lang::Id),
            _ => None,
        }
    }

    /// The language a POSIX locale names (`vi_VN.UTF-8`); `C`, `POSIX` and anything we
    /// don't speak mean English.
    pub fn from_locale(locale: &str) -> Lang {
        Lang::parse(locale).unwrap_or(Lang::En)
    }

    /// The language to start in: the config's `language` when set, else the first of
    /// `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty (the POSIX order: the
    /// first one set decides, even when it is `C`), else English.
    pub fn choose(configured: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = configured {
            return lang;
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| env(name))
            .find(|value| !value.trim().is_empty())
            .map(|value| Lang::from_locale(&value))
            .unwrap_or(Lang::En)
    }

    fn index(self) -> u8 {
        self as u8
    }

    fn from_index(i: u8) -> Lang {
        match i {
            1 => Lang::Vi,
            2 => Lang::Id,
            _ => Lang::En,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Prefixes of message ids that code builds from a code instead of writing out
/// (`status-` + `packed`). The catalogue test counts such a message as used when its code
/// appears in the sources; keep each family's codes as literals in one `match`.
pub const BUILT_FAMILIES: &[&str] = &["tui-action-"];

static PROCESS_LANG: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static THREAD_LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The language text is looked up in now: this thread's, else the process's.
pub fn current() -> Lang {
    THREAD_LANG
        .with(Cell::get)
        .unwrap_or_else(|| Lang::from_index(PROCESS_LANG.load(Ordering::Relaxed)))
}

/// Sets the process's language (start-up, `:lang`).
pub fn set(lang: Lang) {
    PROCESS_LANG.store(lang.index(), Ordering::Relaxed);
}

/// Overrides the language on this thread until the guard is dropped (tests, and a worker
/// that writes a message in a language other than the console's).
pub fn scoped(lang: Lang) -> Scoped {
    let before = THREAD_LANG.with(|c| c.replace(Some(lang)));
    Scoped { before }
}

#[must_use = "the language goes back when this is dropped"]
pub struct Scoped {
    before: Option<Lang>,
}

impl Drop for Scoped {
    fn drop(&mut self) {
        THREAD_LANG.with(|c| c.set(self.before));
    }
}

/// Ids asked for that a catalogue lacks, as `lang:id`. The language walk test reads
/// them; in use a missing text falls back to English, then to its id, and is noted here
/// (and never panics).
static MISSES: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn note_miss(lang: Lang, id: &str) {
    if let Ok(mut misses) = MISSES.lock() {
        misses.insert(format!("{lang}:{id}"));
    }
}

/// The ids looked up but missing so far, and forgets them.
pub fn take_misses() -> Vec<String> {
    match MISSES.lock() {
        Ok(mut misses) => std::mem::take(&mut *misses).into_iter().collect(),
        Err(_) => Vec::new(),
    }
}

/// The text of message `id` in the current language.
pub fn text(id: &str) -> String {
    lookup(current(), id, None)
}

/// The text of message `id` with its values.
pub fn text_with(id: &str, args: &FluentArgs) -> String {
    lookup(current(), id, Some(args))
}

/// Whether message `id` exists (for texts whose id is built from a code, such as a
/// carrier's status code, that fall back to the provider's own words).
pub fn has(id: &str) -> bool {
    catalogue::bundle(current()).has_message(id)
}

/// The text of `id` in `lang`: that language's, else English (noted as missing), else the
/// id itself.
pub fn lookup(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    if let Some(found) = catalogue::format(lang, id, args) {
        return found;
    }
    note_miss(lang, id);
    if lang != Lang::En
        && let Some(found) = catalogue::format(Lang::En, id, args)
    {
        return found;
    }
    id.to_string()
}

/// A value a message can carry: text, a whole number (Fluent picks the plural form by
/// it and writes it the language's way), or a decimal (written the language's way).
/// Money and dates go in already written by [`format`].
pub trait Arg {
    fn arg(&self) -> FluentValue<'static>;
}

impl Arg for str {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
impl Arg for String {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}
impl Arg for std::borrow::Cow<'_, str> {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
impl Arg for rust_decimal::Decimal {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::from(format::decimal_in(current(), *self))
    }
}
impl<T: Arg + ?Sized> Arg for &T {
    fn arg(&self) -> FluentValue<'static> {
        (**self).arg()
    }
}
macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn arg(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_args!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

/// Looks up a message in the current language: `t!("tui-orders-title")`, or with values
/// `t!("console-cancelled", number = &number, count = 3)`. Values are anything that is an
/// [`Arg`] (text, whole numbers, decimals), borrowed or owned.
#[macro_export]
macro_rules! t {
    ($id:expr) => {
        $crate::text($id)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::FluentArgs::new();
        $(args.set(stringify!($name), $crate::Arg::arg(&$value));)+
        $crate::text_with($id, &args)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_chooses_when_the_config_does_not() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "vi_VN.UTF-8")])),
            Lang::Vi
        );
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "id_ID.UTF-8")])),
            Lang::Id
        );
        assert_eq!(Lang::choose(None, env(&[("LANG", "in_ID")])), Lang::Id);
        assert_eq!(
            Lang::choose(None, env(&[("LC_ALL", "C"), ("LANG", "vi_VN.UTF-8")])),
            Lang::En,
            "LC_ALL decides when set, even to C"
        );
        assert_eq!(
            Lang::choose(None, env(&[("LC_ALL", ""), ("LC_MESSAGES", "id_ID.UTF-8")])),
            Lang::Id,
            "an empty variable is not set"
        );
        assert_eq!(
            Lang::choose(Some(Lang::Vi), env(&[("LANG", "id_ID.UTF-8")])),
            Lang::Vi
        );
        assert_eq!(Lang::choose(None, env(&[])), Lang::En);
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "fr_FR.UTF-8")])),
            Lang::En
        );
    }

    #[test]
    fn a_thread_may_speak_another_language_for_a_while() {
        let _vi = scoped(Lang::Vi);
        assert_eq!(current(), Lang::Vi);
        {
            let _id = scoped(Lang::Id);
            assert_eq!(current(), Lang::Id);
        }
        assert_eq!(current(), Lang::Vi);
    }

    #[test]
    fn a_missing_text_falls_back_and_is_noted() {
        let shown = lookup(Lang::Vi, "no-such-message-anywhere", None);
        assert_eq!(shown, "no-such-message-anywhere");
        assert!(take_misses().contains(&"vi:no-such-message-anywhere".to_string()));
    }

    #[test]
    fn plurals_follow_each_language() {
        let count = |lang, n: i64| {
            let mut args = FluentArgs::new();
            args.set("count", n);
            lookup(lang, "common-orders-count", Some(&args))
        };
        assert_eq!(count(Lang::En, 1), "1 order");
        assert_eq!(count(Lang::En, 1234), "1,234 orders");
        assert_eq!(count(Lang::Vi, 1), "1 đơn");
        assert_eq!(count(Lang::Vi, 1234), "1.234 đơn");
        assert_eq!(count(Lang::Id, 1234), "1.234 pesanan");
    }
}
