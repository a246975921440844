//! Column sort (`<` `>`): the focused list steps through its sortable columns, and the
//! choice per list is kept for the next session (the console writes it to its state file
//! when `sort_changed` is set; see `orderdeck_console::state`).
//!
//! The steps, in the order `>` takes them (`<` walks them back): the list's own order,
//! then each sortable column from left to right, first its natural way (figures largest
//! first, everything else A to Z or oldest first), then reversed; after the last column,
//! the list's own order again. Two keys reach every order, and pressing one then the
//! other always undoes it.

use std::collections::BTreeMap;

use orderdeck_domain::page::Sort;
use orderdeck_i18n::t;

use super::{App, Effect};
use crate::lists::ListKind;

impl App {
    /// `>` (`forward`) or `<` in the focused list.
    pub(crate) fn step_sort(&mut self, forward: bool) -> Vec<Effect> {
        let Some(list) = self.focused_list() else {
            self.error(t!("tui-sort-none"));
            return Vec::new();
        };
        let steps = self.sort_steps(list);
        if steps.len() < 2 {
            self.error(t!("tui-sort-none"));
            return Vec::new();
        }
        let now = steps
            .iter()
            .position(|s| *s == self.list(list).pager.sort)
            .unwrap_or(0);
        let next = if forward {
            (now + 1) % steps.len()
        } else {
            (now + steps.len() - 1) % steps.len()
        };
        let sort = steps[next].clone();
        match &sort {
            Some(s) => {
                let column = self
                    .columns(list)
                    .iter()
                    .find(|c| c.sort == Some(s.column.as_str()))
                    .map(|c| c.heading())
                    .unwrap_or_default();
                self.info(t!(
                    "tui-sorted-by",
                    column = column,
                    arrow = if s.desc { "▼" } else { "▲" }
                ));
            }
            None => self.info(t!("tui-sorted-own")),
        }
        self.sort_changed = true;
        let fetch = self.list_mut(list).pager.set_sort(sort);
        vec![Effect::FetchList { list, fetch }]
    }

    /// Every order `<` `>` step through in a list (see the module's words).
    fn sort_steps(&self, list: ListKind) -> Vec<Option<Sort>> {
        let mut steps = vec![None];
        for c in self.columns(list) {
            let Some(code) = c.sort else { continue };
            // Right-aligned columns are figures: largest first is what one looks for.
            let natural = c.right;
            for desc in [natural, !natural] {
                steps.push(Some(Sort {
                    column: code.to_string(),
                    desc,
                }));
            }
        }
        steps
    }

    /// Each list's sort, by the list's code, for the state file.
    pub fn sorts(&self) -> BTreeMap<String, Sort> {
        ListKind::ALL
            .iter()
            .filter_map(|k| {
                let sort = self.list(*k).pager.sort.clone()?;
                Some((list_code(*k).to_string(), sort))
            })
            .collect()
    }

    /// Sorts read from the state file, before the first fetch. A list or column that is
    /// not (or no longer) sortable is left in its own order.
    pub fn set_sorts(&mut self, sorts: &BTreeMap<String, Sort>) {
        for k in ListKind::ALL {
            let Some(sort) = sorts.get(list_code(k)) else {
                continue;
            };
            if self.sort_steps(k).contains(&Some(sort.clone())) {
                self.list_mut(k).pager.sort = Some(sort.clone());
            }
        }
    }
}

/// A list's name in the state file, the same in every language.
pub fn list_code(list: ListKind) -> &'static str {
    match list {
        ListKind::Orders => "orders",
        ListKind::Stock => "stock",
        ListKind::Purchasing => "purchasing",
        ListKind::Shipments => "shipments",
        ListKind::Invoices => "invoices",
        ListKind::Tracking => "tracking",
        ListKind::Products => "products",
        ListKind::Warehouses => "warehouses",
        ListKind::Suppliers => "suppliers",
        ListKind::ToShip => "to_ship",
        ListKind::Exceptions => "exceptions",
        ListKind::Channels => "channels",
        ListKind::Conversations => "conversations",
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use orderdeck_domain::page::PageKey;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::Msg;
    use crate::lists::PaneId;
    use crate::view::{Cell, DisplayRow};

    fn app() -> App {
        crate::app::test_app()
    }

    fn press(app: &mut App, c: char) -> Vec<Effect> {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    }

    fn sort_of(fx: &[Effect]) -> Option<Sort> {
        match fx {
            [Effect::FetchList { list, fetch }] => {
                assert_eq!(*list, ListKind::Orders);
                fetch.request.sort.clone()
            }
            other => panic!("one fetch expected, got {other:?}"),
        }
    }

    fn sort(column: &str, desc: bool) -> Option<Sort> {
        Some(Sort {
            column: column.into(),
            desc,
        })
    }

    #[test]
    fn greater_and_less_step_through_the_columns_and_back() {
        let mut app = app();
        app.start();
        // The first sortable column of Orders is the number (text: A to Z first).
        assert_eq!(sort_of(&press(&mut app, '>')), sort("number", false));
        assert_eq!(sort_of(&press(&mut app, '>')), sort("number", true));
        assert_eq!(sort_of(&press(&mut app, '>')), sort("created", false));
        assert!(app.sort_changed);
        assert_eq!(sort_of(&press(&mut app, '<')), sort("number", true));
        assert_eq!(sort_of(&press(&mut app, '<')), sort("number", false));
        assert_eq!(sort_of(&press(&mut app, '<')), None);
        // From the list's own order `<` goes to the last column, a figure: its natural
        // way (largest first) is the step before it, so `<` shows the reverse first.
        assert_eq!(sort_of(&press(&mut app, '<')), sort("total", false));
        assert_eq!(sort_of(&press(&mut app, '<')), sort("total", true));
        assert_eq!(sort_of(&press(&mut app, '>')), sort("total", false));
        assert_eq!(sort_of(&press(&mut app, '>')), None);
        assert_eq!(
            app.message.as_ref().map(|m| m.text.clone()),
            Some(t!("tui-sorted-own"))
        );
        // Lists without sortable columns say so and fetch nothing.
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('7'),
            KeyModifiers::NONE,
        )));
        assert_eq!(app.pane, PaneId::Dashboard);
        assert!(press(&mut app, '>').is_empty());
        assert_eq!(
            app.message.as_ref().map(|m| m.text.clone()),
            Some(t!("tui-sort-none"))
        );
    }

    #[test]
    fn the_header_shows_the_sort_and_sorts_are_kept_by_list_code() {
        let mut app = app();
        let fx = app.start();
        let Some(Effect::FetchList { fetch, .. }) = fx.first() else {
            panic!("the orders are fetched first");
        };
        let rows = (0..3)
            .map(|i| DisplayRow {
                id: i,
                id2: 0,
                key: PageKey::Text(format!("{i}"), i),
                cells: vec![Cell::new(format!("OD-00000{i}"))],
            })
            .collect();
        app.update(Msg::Page {
            list: ListKind::Orders,
            generation: fetch.generation,
            mode: fetch.mode,
            limit: fetch.request.limit,
            result: Ok(rows),
        });
        app.set_sorts(&BTreeMap::from([
            (
                "orders".to_string(),
                Sort {
                    column: "total".into(),
                    desc: true,
                },
            ),
            // Not a column of Stock: left out.
            (
                "stock".to_string(),
                Sort {
                    column: "total".into(),
                    desc: true,
                },
            ),
        ]));
        assert_eq!(app.list(ListKind::Stock).pager.sort, None);
        assert_eq!(
            app.sorts().into_iter().collect::<Vec<_>>(),
            vec![(
                "orders".to_string(),
                Sort {
                    column: "total".into(),
                    desc: true,
                }
            )]
        );
        let mut terminal = Terminal::new(TestBackend::new(120, 20)).expect("a test terminal");
        terminal
            .draw(|f| crate::render::draw(f, &mut app))
            .expect("a frame");
        let buf = terminal.backend().buffer().clone();
        let screen: Vec<String> = (0..20)
            .map(|y| (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect();
        let total = orderdeck_i18n::text("tui-col-total");
        assert!(
            screen.iter().any(|l| l.contains(&format!("▼{total}"))),
            "{}",
            screen.join("\n")
        );
    }
}
