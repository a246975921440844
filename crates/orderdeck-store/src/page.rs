//! Keyset pagination shared by every list: a console fetches a window of rows around
//! the cursor, never an OFFSET and never the whole table, so a pane opens at once with
//! a million rows behind it.

use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;

pub use orderdeck_domain::page::{Direction, PageKey, PageRequest};

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
        let forward = self.direction == Direction::Forward;
        // Walking the display order forwards on a descending list means "smaller".
        let smaller = forward == desc;
        let op = match (smaller, self.inclusive) {
            (true, false) => "<",
            (true, true) => "<=",
            (false, false) => ">",
            (false, true) => ">=",
        };
        let dir = if smaller { "desc" } else { "asc" };
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
            None => q,
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
