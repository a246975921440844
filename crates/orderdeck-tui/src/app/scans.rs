//! A scan in a list: the code is looked up, and what it names opens — an order by its
//! number, tracking number or channel order id, a product by its barcode or SKU. A code
//! that names nothing rings the bell.

use super::*;

/// A scanner types at most this much; anything longer is not a code.
const MAX_CODE: usize = 64;

impl App {
    /// Whether keys are commands here (a list, a detail page): only then is a scanner's
    /// burst read as a lookup. In a form, a filter or at a station it is typing.
    pub fn reads_scans(&self) -> bool {
        self.confirm.is_none()
            && self.picker.is_none()
            && self.form.is_none()
            && self.input.is_none()
            && self.help.is_none()
            && !self.focused_pane().station_open(self)
    }

    /// Whether a key opens a line to type in (`:` or `/`): what follows it is typing, so it
    /// is never held as the start of a scan (a scanned code never starts with one).
    pub fn opens_input(&self, key: &KeyEvent) -> bool {
        self.keymap.matches(Action::Command, Mode::Global, key)
            || self.keymap.matches(Action::Filter, Mode::Global, key)
    }

    pub(super) fn on_scan(&mut self, code: String) -> Vec<Effect> {
        let code: String = code.trim().chars().filter(|c| !c.is_control()).collect();
        if code.is_empty() || code.chars().count() > MAX_CODE {
            self.bell = true;
            self.error(t!("form-scan-unreadable"));
            return Vec::new();
        }
        self.info(t!("form-scan-looking", code = &code));
        vec![Effect::Lookup(code)]
    }

    pub(super) fn on_looked(
        &mut self,
        code: String,
        result: Result<Option<Found>, FetchError>,
    ) -> Vec<Effect> {
        match result {
            Ok(Some(Found::Order(id))) => {
                self.message = None;
                let mut fx = self.show_pane(PaneId::Orders);
                fx.extend(self.open_detail(ListKind::Orders, id, 0));
                fx
            }
            Ok(Some(Found::Product(id))) => {
                self.message = None;
                let mut fx = self.show_pane(PaneId::Catalog);
                if let Some(i) = PaneId::Catalog
                    .lists()
                    .iter()
                    .position(|k| *k == ListKind::Products)
                    && self.catalog_focus != i
                {
                    self.catalog_focus = i;
                    fx.extend(self.show_pane(PaneId::Catalog));
                }
                fx.extend(self.open_detail(ListKind::Products, id, 0));
                fx
            }
            Ok(None) => {
                self.bell = true;
                self.error(t!("form-scan-unknown", code = &code));
                Vec::new()
            }
            Err(e) => {
                self.fetch_failed(e);
                Vec::new()
            }
        }
    }
}
