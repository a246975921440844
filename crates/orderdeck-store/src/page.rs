//! Keyset pagination shared by every list: a console fetches a window of rows around
//! the cursor, never an OFFSET and never the whole table, so a pane opens at once with
//! a million rows behind it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;

pub use orderdeck_domain::page::{Direction, PageKey, PageRequest, Sort, SortValue};

/// What kind of value a sortable column holds: how it is selected and bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKind {
    Num,
    Text,
    Time,
}

/// One column a list may be sorted by: the code the console sends, and the SQL that sorts
/// it. The SQL is ours, never the person's: a list's columns are a constant table in its
/// module, and a code not in it leaves the list in its own order. The SQL must never be
/// null (a null would drop rows out of the keyset's row comparison): coalesce it.
#[derive(Debug, Clone, Copy)]
pub struct SortColumn {
    pub code: &'static str,
    pub sql: &'static str,
    pub kind: SortKind,
}

impl SortColumn {
    pub const fn num(code: &'static str, sql: &'static str) -> Self {
        Self {
            code,
            sql,
            kind: SortKind::Num,
        }
    }
    pub const fn text(code: &'static str, sql: &'static str) -> Self {
        Self {
            code,
            sql,
            kind: SortKind::Text,
        }
    }
    pub const fn time(code: &'static str, sql: &'static str) -> Self {
        Self {
            code,
            sql,
            kind: SortKind::Time,
        }
    }

    /// The sort expression as selected, ordered and compared: cast so that it decodes
    /// into [`SortCells`] and compares with the bound key whatever the column's own type.
    fn expr(&self) -> String {
        match self.kind {
            SortKind::Num => format!("(({})::numeric)", self.sql),
            SortKind::Text => format!("(({})::text)", self.sql),
            SortKind::Time => format!("(({})::timestamptz)", self.sql),
        }
    }

    fn alias(&self) -> &'static str {
        match self.kind {
            SortKind::Num => "sort_num",
            SortKind::Text => "sort_text",
            SortKind::Time => "sort_time",
        }
    }
}

/// The sorted column's value as a page's query selected it (absent in the list's own
/// order and in every other query that reads the same row type).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct SortCells {
    #[sqlx(default)]
    pub sort_num: Option<Decimal>,
    #[sqlx(default)]
    pub sort_text: Option<String>,
    #[sqlx(default)]
    pub sort_time: Option<DateTime<Utc>>,
}

impl SortCells {
    /// The row's key: its list's own key, under the sorted value when the page was sorted.
    pub fn key(&self, own: PageKey) -> PageKey {
        let value = if let Some(n) = self.sort_num {
            SortValue::Num(n)
        } else if let Some(t) = &self.sort_text {
            SortValue::Text(t.clone())
        } else if let Some(t) = self.sort_time {
            SortValue::Time(t)
        } else {
            return own;
        };
        PageKey::Sorted(value, Box::new(own))
    }
}

/// One part of a key to bind, in `$n` order.
#[derive(Debug, Clone)]
enum Part {
    Num(Decimal),
    Text(String),
    Time(DateTime<Utc>),
    Id(i64),
}

/// A page's ORDER BY and keyset condition under the person's sort (see
/// [`PageSql::sorted_keyset`]), with the extra column to select and the key to bind.
#[derive(Debug, Clone)]
pub struct Keyset {
    /// The keyset condition; empty without a key.
    pub cond: String,
    pub order: String,
    /// `, <expr> as sort_x` when sorted, to append to the select list; else empty.
    pub select: String,
    /// Whether a chosen column is in force (a list may then drop its own tricks, such
    /// as pinning exact matches first).
    pub sorted: bool,
    parts: Vec<Part>,
}

impl Keyset {
    /// Binds the key parts for [`cond`](Self::cond).
    pub fn bind<'q, O>(
        &self,
        mut q: QueryAs<'q, Postgres, O, PgArguments>,
    ) -> QueryAs<'q, Postgres, O, PgArguments> {
        for p in &self.parts {
            q = match p.clone() {
                Part::Num(n) => q.bind(n),
                Part::Text(t) => q.bind(t),
                Part::Time(t) => q.bind(t),
                Part::Id(i) => q.bind(i),
            };
        }
        q
    }
}

/// The parts of a list's own key (`Time` or `Text`, then the id).
fn own_parts(key: &PageKey) -> Option<Vec<Part>> {
    match key {
        PageKey::Time(t, id) => Some(vec![Part::Time(*t), Part::Id(*id)]),
        PageKey::Text(s, id) => Some(vec![Part::Text(s.clone()), Part::Id(*id)]),
        PageKey::Sorted(..) => None,
    }
}

/// The comparison and the SQL direction of a keyset walk (see [`PageSql::keyset`]).
fn walk(req: &PageRequest, desc: bool) -> (&'static str, &'static str) {
    let forward = req.direction == Direction::Forward;
    // Walking the display order forwards on a descending list means "smaller".
    let smaller = forward == desc;
    let op = match (smaller, req.inclusive) {
        (true, false) => "<",
        (true, true) => "<=",
        (false, false) => ">",
        (false, true) => ">=",
    };
    (op, if smaller { "desc" } else { "asc" })
}

/// How a page request becomes SQL: the filter's LIKE pattern, the keyset condition and
/// the binding of the key. Every paged query in the store uses it.
pub trait PageSql {
    /// `%folded filter%` for LIKE against a folded search column, or `None`.
    fn like_pattern(&self) -> Option<String>;

    /// One `%word%` pattern per word of the folded filter, for lists whose rows match
    /// when every word does, each anywhere ("ao thun basic" finds "Áo thun cotton Basic").
    fn like_words(&self) -> Vec<String>;

    /// Builds the keyset condition and ORDER BY for a list sorted by `(sort, id)`,
    /// descending when `desc`. `next_param` is the number of the first free `$n`.
    /// Returns (condition, order by); the condition is empty without a key.
    fn keyset(&self, sort: &str, id: &str, desc: bool, next_param: usize) -> (String, String);

    /// Binds the key parts for the condition made by [`keyset`](Self::keyset).
    fn bind_key<'q, O>(
        &self,
        q: QueryAs<'q, Postgres, O, PgArguments>,
    ) -> QueryAs<'q, Postgres, O, PgArguments>;

    /// As [`keyset`](Self::keyset) for a list the person may sort by one of `columns`:
    /// under a chosen column the order is (that column, the list's own sort, id), so ties
    /// keep the list's order and every row has one place. A key that does not fit the
    /// order asked for (left from before the sort changed) starts the list from its top.
    fn sorted_keyset(
        &self,
        columns: &[SortColumn],
        sort: &str,
        id: &str,
        desc: bool,
        next_param: usize,
    ) -> Keyset;
}

impl PageSql for PageRequest {
    fn like_pattern(&self) -> Option<String> {
        let f = orderdeck_domain::text::fold(self.filter.trim());
        if f.is_empty() {
            None
        } else {
            let escaped = f
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            Some(format!("%{escaped}%"))
        }
    }

    fn like_words(&self) -> Vec<String> {
        orderdeck_domain::text::fold(self.filter.trim())
            .split_whitespace()
            .map(|w| {
                let escaped = w
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{escaped}%")
            })
            .collect()
    }

    fn keyset(&self, sort: &str, id: &str, desc: bool, next_param: usize) -> (String, String) {
        let (op, dir) = walk(self, desc);
        let cond = if self.from.is_some() {
            format!("({sort}, {id}) {op} (${}, ${})", next_param, next_param + 1)
        } else {
            String::new()
        };
        (cond, format!("{sort} {dir}, {id} {dir}"))
    }

    fn bind_key<'q, O>(
        &self,
        q: QueryAs<'q, Postgres, O, PgArguments>,
    ) -> QueryAs<'q, Postgres, O, PgArguments> {
        match self.from.clone() {
            Some(PageKey::Time(t, id)) => q.bind(t).bind(id),
            Some(PageKey::Text(s, id)) => q.bind(s).bind(id),
            // Only a sorted page makes such keys, and it binds them by `Keyset::bind`.
            Some(PageKey::Sorted(..)) | None => q,
        }
    }

    fn sorted_keyset(
        &self,
        columns: &[SortColumn],
        sort: &str,
        id: &str,
        desc: bool,
        next_param: usize,
    ) -> Keyset {
        let chosen = self.sort.as_ref().and_then(|s| {
            columns
                .iter()
                .find(|c| c.code == s.column)
                .map(|c| (c, s.desc))
        });
        let Some((column, sort_desc)) = chosen else {
            let parts = self.from.as_ref().and_then(own_parts);
            let mut own = self.clone();
            if parts.is_none() {
                own.from = None;
            }
            let (cond, order) = own.keyset(sort, id, desc, next_param);
            return Keyset {
                cond,
                order,
                select: String::new(),
                sorted: false,
                parts: parts.unwrap_or_default(),
            };
        };
        let expr = column.expr();
        let (op, dir) = walk(self, sort_desc);
        let parts = match &self.from {
            Some(PageKey::Sorted(value, own)) => {
                let first = match (value, column.kind) {
                    (SortValue::Num(n), SortKind::Num) => Some(Part::Num(*n)),
                    (SortValue::Text(t), SortKind::Text) => Some(Part::Text(t.clone())),
                    (SortValue::Time(t), SortKind::Time) => Some(Part::Time(*t)),
                    _ => None,
                };
                first.zip(own_parts(own)).map(|(f, mut rest)| {
                    rest.insert(0, f);
                    rest
                })
            }
            _ => None,
        };
        let cond = if parts.is_some() {
            format!(
                "({expr}, {sort}, {id}) {op} (${}, ${}, ${})",
                next_param,
                next_param + 1,
                next_param + 2
            )
        } else {
            String::new()
        };
        Keyset {
            cond,
            order: format!("{expr} {dir}, {sort} {dir}, {id} {dir}"),
            select: format!(", {expr} as {}", column.alias()),
            sorted: true,
            parts: parts.unwrap_or_default(),
        }
    }
}

/// Joins non-empty SQL conditions with `and`, or `true`.
pub fn where_all(conds: &[String]) -> String {
    let parts: Vec<&str> = conds
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    if parts.is_empty() {
        "true".to_string()
    } else {
        parts.join(" and ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyset_directions() {
        let mut r = PageRequest::first("", 10);
        r.from = Some(PageKey::Text("a".into(), 1));
        assert_eq!(r.keyset("t", "id", true, 3).0, "(t, id) < ($3, $4)");
        assert_eq!(r.keyset("t", "id", false, 3).0, "(t, id) > ($3, $4)");
        r.direction = Direction::Backward;
        assert_eq!(
            r.keyset("t", "id", true, 3),
            ("(t, id) > ($3, $4)".into(), "t asc, id asc".into())
        );
        r.inclusive = true;
        assert_eq!(r.keyset("t", "id", false, 1).0, "(t, id) <= ($1, $2)");
    }

    const COLUMNS: &[SortColumn] = &[
        SortColumn::num("total", "o.total"),
        SortColumn::text("buyer", "o.buyer_name"),
    ];

    #[test]
    fn sorted_keyset_follows_the_chosen_column_and_ignores_others() {
        let mut r = PageRequest::first("", 10);
        r.sort = Some(Sort {
            column: "total".into(),
            desc: true,
        });
        let k = r.sorted_keyset(COLUMNS, "o.created_at", "o.id", true, 2);
        assert!(k.sorted && k.cond.is_empty());
        assert_eq!(
            k.order,
            "((o.total)::numeric) desc, o.created_at desc, o.id desc"
        );
        assert_eq!(k.select, ", ((o.total)::numeric) as sort_num");
        r.from = Some(PageKey::Sorted(
            SortValue::Num(Decimal::new(150, 0)),
            Box::new(PageKey::Text("x".into(), 7)),
        ));
        r.direction = Direction::Backward;
        let k = r.sorted_keyset(COLUMNS, "o.created_at", "o.id", true, 2);
        assert_eq!(
            k.cond,
            "(((o.total)::numeric), o.created_at, o.id) > ($2, $3, $4)"
        );
        assert_eq!(k.parts.len(), 3);
        // A key of another kind (from before the sort changed) starts from the top.
        r.sort = Some(Sort {
            column: "buyer".into(),
            desc: false,
        });
        let k = r.sorted_keyset(COLUMNS, "o.created_at", "o.id", true, 2);
        assert!(k.cond.is_empty() && k.parts.is_empty());
        // An unknown code is the list's own order.
        r.sort = Some(Sort {
            column: "o.id; drop table orders".into(),
            desc: false,
        });
        r.from = Some(PageKey::Text("x".into(), 7));
        let k = r.sorted_keyset(COLUMNS, "o.created_at", "o.id", true, 2);
        assert!(!k.sorted && k.select.is_empty());
        assert_eq!(k.cond, "(o.created_at, o.id) > ($2, $3)");
    }

    #[test]
    fn filter_is_folded_and_escaped() {
        assert_eq!(
            PageRequest::first(" Nguyễn ", 1).like_pattern().as_deref(),
            Some("%nguyen%")
        );
        assert_eq!(
            PageRequest::first("50%", 1).like_pattern().as_deref(),
            Some("%50\\%%")
        );
        assert_eq!(PageRequest::first("  ", 1).like_pattern(), None);
        assert_eq!(
            PageRequest::first(" Áo  thun 5% ", 1).like_words(),
            vec!["%ao%", "%thun%", "%5\\%%"]
        );
    }
}
