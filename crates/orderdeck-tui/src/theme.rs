//! Colour themes: TOML files in `themes/` (built in) or in the config folder's
//! `themes/` (the user's own). Styles are semantic (`selected`, `error`, `status_new` ...)
//! so a theme never needs to know which widget draws what.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The themes shipped in the repository's `themes/` folder, compiled in.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../../themes/default.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../../themes/mono.toml")),
];

/// Every style a theme may set. Unset styles fall back to `base`.
pub const STYLE_KEYS: &[&str] = &[
    "base",
    "title",
    "border",
    "border_focus",
    "tab",
    "tab_active",
    "header",
    "selected",
    "status_bar",
    "banner",
    "message_error",
    "message_info",
    "footer_key",
    "footer_text",
    "dim",
    "ok",
    "warn",
    "error",
    "status_new",
    "status_processing",
    "status_completed",
    "status_cancelled",
    "status_returned",
    "input",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[allow(dead_code)]
    name: Option<String>,
    #[serde(default)]
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    mods: Vec<String>,
}

/// A loaded theme: one resolved style per semantic name.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    styles: BTreeMap<&'static str, Style>,
}

impl Theme {
    pub fn style(&self, key: &str) -> Style {
        self.styles
            .get(key)
            .or_else(|| self.styles.get("base"))
            .copied()
            .unwrap_or_default()
    }

    /// Loads a theme by name: the user's `themes/NAME.toml` first, then the built-ins.
    pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Theme, String> {
        // A theme is a name, never a path: `:theme ../../etc/x` must not read any `.toml`
        // on disk.
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "`{}` is not a theme name (letters, digits, - and _); available: {}",
                orderdeck_domain::text::visible(name),
                Theme::names(user_dir).join(", ")
            ));
        }
        if let Some(dir) = user_dir {
            let path = dir.join(format!("{name}.toml"));
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("theme file {}: {e}", path.display()))?;
                return Theme::parse(name, &text)
                    .map_err(|e| format!("theme file {}: {e}", path.display()));
            }
        }
        let (_, text) = BUILT_IN.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            format!(
                "unknown theme `{name}`; available: {}",
                Theme::names(user_dir).join(", ")
            )
        })?;
        Theme::parse(name, text).map_err(|e| format!("theme `{name}`: {e}"))
    }

    /// Names of every theme that can be loaded.
    pub fn names(user_dir: Option<&Path>) -> Vec<String> {
        let mut names: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        if let Some(dir) = user_dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "toml")
                    && let Some(stem) = p.file_stem()
                {
                    let s = stem.to_string_lossy().to_string();
                    if !names.contains(&s) {
                        names.push(s);
                    }
                }
            }
        }
        names
    }

    pub fn parse(name: &str, text: &str) -> Result<Theme, String> {
        let file: ThemeFile =
            toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
        let mut styles = BTreeMap::new();
        for (key, spec) in &file.styles {
            let Some(known) = STYLE_KEYS.iter().find(|k| **k == key.as_str()) else {
                return Err(format!(
                    "unknown style `styles.{key}`; known styles: {}",
                    STYLE_KEYS.join(", ")
                ));
            };
            let mut style = Style::default();
            if let Some(fg) = &spec.fg {
                style = style.fg(parse_color(fg).map_err(|e| format!("`styles.{key}.fg`: {e}"))?);
            }
            if let Some(bg) = &spec.bg {
                style = style.bg(parse_color(bg).map_err(|e| format!("`styles.{key}.bg`: {e}"))?);
            }
            for m in &spec.mods {
                style = style.add_modifier(
                    parse_modifier(m).map_err(|e| format!("`styles.{key}.mods`: {e}"))?,
                );
            }
            styles.insert(*known, style);
        }
        Ok(Theme {
            name: name.to_string(),
            styles,
        })
    }

    /// The folder users put their own themes in.
    pub fn user_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "orderdeck").map(|d| d.config_dir().join("themes"))
    }
}

fn parse_color(s: &str) -> Result<Color, String> {
    // ratatui parses "lightgray" as White (P11 of the TUI reference); be explicit instead.
    match s.to_ascii_lowercase().as_str() {
        "reset" | "default" => return Ok(Color::Reset),
        "grey" | "gray" => return Ok(Color::Gray),
        "darkgrey" | "darkgray" | "dark-gray" => return Ok(Color::DarkGray),
        _ => {}
    }
    if let Ok(n) = s.parse::<u8>() {
        return Ok(Color::Indexed(n));
    }
    Color::from_str(s).map_err(|_| {
        format!("unknown colour `{s}` (use an ANSI name such as \"cyan\", \"#rrggbb\" or 0-255)")
    })
}

fn parse_modifier(s: &str) -> Result<Modifier, String> {
    Ok(match s.to_ascii_lowercase().as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underline" | "underlined" => Modifier::UNDERLINED,
        "reverse" | "reversed" => Modifier::REVERSED,
        "crossed" | "crossed_out" => Modifier::CROSSED_OUT,
        other => {
            return Err(format!(
                "unknown modifier `{other}` (bold, dim, italic, underline, reverse, crossed)"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_is_a_name_not_a_path() {
        let dir = std::env::temp_dir().join(format!("od-theme-{}", std::process::id()));
        let themes = dir.join("themes");
        std::fs::create_dir_all(&themes).unwrap();
        std::fs::write(dir.join("outside.toml"), "[colors]\n").unwrap();
        for name in ["../outside", "/etc/passwd", "a/b", "..", ""] {
            let e = Theme::load(name, Some(&themes)).unwrap_err();
            assert!(e.contains("not a theme name"), "{name}: {e}");
        }
        assert!(Theme::load("high-contrast", Some(&themes)).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn built_in_themes_load() {
        for (name, _) in BUILT_IN {
            let t = Theme::load(name, None).unwrap();
            assert_eq!(&t.name, name);
        }
    }

    #[test]
    fn mono_uses_only_default_colours() {
        let t = Theme::load("mono", None).unwrap();
        for key in STYLE_KEYS {
            let s = t.style(key);
            assert!(
                matches!(s.fg, None | Some(Color::Reset)),
                "{key} fg {:?}",
                s.fg
            );
            assert!(
                matches!(s.bg, None | Some(Color::Reset)),
                "{key} bg {:?}",
                s.bg
            );
        }
        assert!(
            t.style("selected")
                .add_modifier
                .contains(Modifier::REVERSED)
        );
    }

    #[test]
    fn bad_theme_names_the_key() {
        let e = Theme::parse("x", "[styles]\nselected = { fg = \"purpel\" }\n").unwrap_err();
        assert!(
            e.contains("styles.selected.fg") && e.contains("purpel"),
            "{e}"
        );
        let e = Theme::parse("x", "[styles]\nselceted = { fg = \"red\" }\n").unwrap_err();
        assert!(e.contains("styles.selceted"), "{e}");
        let e =
            Theme::parse("x", "[styles]\nselected = { fg = \"red\", blink = true }\n").unwrap_err();
        assert!(e.contains("blink"), "{e}");
        assert!(Theme::load("nope", None).unwrap_err().contains("available"));
    }
}
