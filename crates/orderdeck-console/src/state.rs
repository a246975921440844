//! What the console remembers between sessions on one machine: each list's sort (`<` `>`),
//! in `<data dir>/console-state.toml`:
//!
//! ```toml
//! [sort.orders]
//! column = "total"
//! desc = true
//! ```
//!
//! The file is a convenience: a missing, unreadable or malformed one (or entry) is left
//! out with a warning in the log, never an error, and the lists open in their own order.
//! Sections other than `sort` are kept as they are when the sorts are written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use orderdeck_domain::page::Sort;

/// The state file in a data directory.
pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join("console-state.toml")
}

/// Each list's sort by the list's code (`orderdeck_tui::app::list_code`); empty when the
/// file is missing or unreadable.
pub fn load_sorts(path: &Path) -> BTreeMap<String, Sort> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return BTreeMap::new(),
        Err(e) => {
            tracing::warn!("console state {}: {e}", path.display());
            return BTreeMap::new();
        }
    };
    let table = match text.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!("console state {}: {e}", path.display());
            return BTreeMap::new();
        }
    };
    let Some(sorts) = table.get("sort").and_then(toml::Value::as_table) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (list, entry) in sorts {
        let column = entry.get("column").and_then(toml::Value::as_str);
        let desc = entry.get("desc").and_then(toml::Value::as_bool);
        match (column, desc) {
            (Some(column), Some(desc)) => {
                out.insert(
                    list.clone(),
                    Sort {
                        column: column.to_string(),
                        desc,
                    },
                );
            }
            _ => tracing::warn!(
                "console state {}: sort.{list} needs a column and desc; left out",
                path.display()
            ),
        }
    }
    out
}

/// Writes the sorts (replacing the file's `sort` section, keeping the rest). A failure
/// is logged: the console goes on, the choice is only not remembered.
pub fn save_sorts(path: &Path, sorts: &BTreeMap<String, Sort>) {
    if let Err(e) = write_sorts(path, sorts) {
        tracing::warn!("console state {}: {e}", path.display());
    }
}

fn write_sorts(path: &Path, sorts: &BTreeMap<String, Sort>) -> std::io::Result<()> {
    let mut table = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .unwrap_or_default();
    let mut section = toml::Table::new();
    for (list, sort) in sorts {
        let mut entry = toml::Table::new();
        entry.insert("column".into(), toml::Value::String(sort.column.clone()));
        entry.insert("desc".into(), toml::Value::Boolean(sort.desc));
        section.insert(list.clone(), toml::Value::Table(entry));
    }
    table.insert("sort".into(), toml::Value::Table(section));
    let text = toml::to_string(&table).map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written aside and renamed over, so a crash mid-write leaves the old file whole.
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_round_trip_and_other_sections_stay() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = path_in(dir.path());
        assert!(load_sorts(&path).is_empty());
        std::fs::write(&path, "[window]\nlast = \"orders\"\n").expect("write");
        let mut sorts = BTreeMap::new();
        sorts.insert(
            "orders".to_string(),
            Sort {
                column: "total".into(),
                desc: true,
            },
        );
        sorts.insert(
            "stock".to_string(),
            Sort {
                column: "available".into(),
                desc: false,
            },
        );
        save_sorts(&path, &sorts);
        assert_eq!(load_sorts(&path), sorts);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("last = \"orders\""), "{text}");
    }

    #[test]
    fn a_bad_file_or_entry_is_left_out() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = path_in(dir.path());
        std::fs::write(&path, "this is = = not toml").expect("write");
        assert!(load_sorts(&path).is_empty());
        std::fs::write(
            &path,
            "[sort.orders]\ncolumn = \"total\"\n[sort.stock]\ncolumn = 3\ndesc = true\n",
        )
        .expect("write");
        assert!(load_sorts(&path).is_empty());
        std::fs::write(
            &path,
            "[sort.orders]\ncolumn = \"total\"\ndesc = false\n[sort.stock]\ndesc = true\n",
        )
        .expect("write");
        let sorts = load_sorts(&path);
        assert_eq!(sorts.len(), 1);
        assert_eq!(sorts["orders"].column, "total");
    }
}
