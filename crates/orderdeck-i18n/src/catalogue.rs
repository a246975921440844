//! The catalogues, compiled in: one Fluent file per area of the program and language
//! (`locales/vi/tui.ftl` …), parsed once on first use.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use crate::Lang;
use crate::format;

macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        /// The catalogue files of each language, by area.
        pub const AREAS: &[&str] = &[$($area),*];

        /// Each area's Fluent source in `lang`, in [`AREAS`] order.
        pub fn sources(lang: Lang) -> &'static [&'static str] {
            match lang {
                Lang::En => &[$(include_str!(concat!("../locales/en/", $area, ".ftl"))),*],
                Lang::Vi => &[$(include_str!(concat!("../locales/vi/", $area, ".ftl"))),*],
                Lang::Id => &[$(include_str!(concat!("../locales/id/", $area, ".ftl"))),*],
            }
        }
    };
}

areas![
    "common",
    "tui",
    "form",
    "console",
    "cli",
    "err",
    "event",
    "assistant"
];

type Bundle = FluentBundle<FluentResource>;

// Each language is parsed on its first use only: a Vietnamese console never parses the
// Indonesian catalogue, and English only when a text is missing.
static EN: LazyLock<Bundle> = LazyLock::new(|| build(Lang::En));
static VI: LazyLock<Bundle> = LazyLock::new(|| build(Lang::Vi));
static ID: LazyLock<Bundle> = LazyLock::new(|| build(Lang::Id));

/// A language's bundle. A file that fails to parse keeps what did parse (the catalogue
/// test refuses such a file long before it ships), so a slip in one message never takes
/// the console down.
fn build(lang: Lang) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around values help right-to-left scripts; in a terminal
    // they are invisible characters that upset column widths.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::En => format::fluent_number_en,
        Lang::Vi => format::fluent_number_vi,
        Lang::Id => format::fluent_number_id,
    }));
    for source in sources(lang) {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(resource) => resource,
            Err((partial, _)) => partial,
        };
        // Overriding: a duplicate id (refused by the catalogue test) keeps the later one
        // instead of dropping the whole file.
        bundle.add_resource_overriding(resource);
    }
    bundle
}

pub(crate) fn bundle(lang: Lang) -> &'static Bundle {
    match lang {
        Lang::En => &EN,
        Lang::Vi => &VI,
        Lang::Id => &ID,
    }
}

/// Message `id` in `lang` with its values, if that catalogue has it and every value it
/// uses was given.
pub(crate) fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let bundle = bundle(lang);
    let message = bundle.get_message(id)?;
    let pattern = message.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    errors.is_empty().then(|| text.into_owned())
}
