//! Console state and its update function. `App::update` takes one message (a key, a
//! fetch result, a database event, a tick) and returns the effects to run; it never
//! awaits and never touches the database, so it is fast, and testable without a terminal.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::jobs::Job;
use crate::keymap::{Action, Keymap, Mode, Resolved};
use crate::lists::{ListKind, PaneId};
use crate::pager::{Fetch, FetchMode, Pager};
use crate::theme::Theme;
use crate::view::{Detail, DisplayRow, Fmt, Tone};
use orderdeck_domain::change::DbEvent;
use orderdeck_domain::dashboard::Dashboard;
use orderdeck_i18n::t;

mod live;

mod copy;
mod scans;
mod stations;

mod done;

mod sort;
pub use sort::list_code;

mod command_line;
pub use command_line::LogEntry;
mod forms;
mod pane;
pub use pane::{Pane, PaneOf};
mod inbox;
mod invoice;
mod ship;
mod shops;

/// Why a fetch failed, and whether it was the connection.
#[derive(Debug, Clone)]
pub struct FetchError {
    pub message: String,
    pub connection: bool,
}

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize,
    Tick,
    Page {
        list: ListKind,
        generation: u64,
        mode: FetchMode,
        limit: i64,
        result: Result<Vec<DisplayRow>, FetchError>,
    },
    Detail {
        list: ListKind,
        id: i64,
        id2: i64,
        result: Result<Option<Detail>, FetchError>,
    },
    Dashboard(Box<Result<Dashboard, FetchError>>),
    Goto {
        number: String,
        result: Result<Option<i64>, FetchError>,
    },
    Db(DbEvent),
    /// A whole code from a barcode scanner, typed in a list (see `crate::scanner`).
    Scan(String),
    Mouse(crossterm::event::MouseEvent),
    /// What a scanned code names.
    Looked {
        code: String,
        result: Result<Option<Found>, FetchError>,
    },
    Done(Result<crate::jobs::Done, String>),
    /// A shop's pull moved on (its progress bar).
    Progress(crate::jobs::Progress),
}

/// Work for the runner: fetches run as tasks and come back as messages.
#[derive(Debug, Clone)]
pub enum Effect {
    FetchList {
        list: ListKind,
        fetch: Fetch,
    },
    FetchDetail {
        list: ListKind,
        id: i64,
        id2: i64,
    },
    FetchDashboard,
    Goto(String),
    /// Finds what a scanned code names (a product, or an order).
    Lookup(String),
    Job(crate::jobs::Job),
}

/// What a scan named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Order(i64),
    Product(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Connected,
    Lost {
        reason: String,
        since: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub text: String,
    pub kind: MessageKind,
    pub at: Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Filter,
    Command,
}

pub struct Input {
    pub kind: InputKind,
    pub area: TextArea<'static>,
    /// The filter before editing began, restored by Esc.
    pub previous: String,
}

impl Input {
    fn new(kind: InputKind, text: &str, previous: String) -> Self {
        let mut area = TextArea::new(vec![text.to_string()]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Self {
            kind,
            area,
            previous,
        }
    }

    pub fn text(&self) -> String {
        self.area.lines().first().cloned().unwrap_or_default()
    }
}

/// The pack station: one claimed order, scanned item by item.
pub struct PackView {
    pub job: Option<orderdeck_domain::packing::PackJob>,
    pub input: TextArea<'static>,
    /// The last thing that happened, and whether it was a refusal (shown in red).
    pub last: Option<(String, bool)>,
    pub packed: bool,
    pub busy: bool,
    /// After the last good scan: how the order will ship (Enter ships it).
    pub step: StationStep,
}

/// The pack station's ship step, filled by the seller's shipping rules once an order is
/// packed: Enter ships it, prints its label and claims the next order.
#[derive(Debug, Clone, Default)]
pub enum StationStep {
    #[default]
    None,
    /// The step is being filled (the order's figures, the rules, the carrier's fee).
    Preparing { number: String },
    /// Enter ships it this way; `said` is the way in words (carrier, fee, cash at door).
    Ready {
        number: String,
        way: Box<crate::ship::StationWay>,
        said: String,
    },
    /// Shipping, printing, claiming the next.
    Sending,
}

/// A stock count in progress: scans count one unit each.
pub struct CountView {
    pub count_id: Option<i64>,
    pub warehouse: String,
    pub input: TextArea<'static>,
    /// Newest first: (what, refused?)
    pub log: Vec<(String, bool)>,
    pub busy: bool,
}

/// A question before something that cannot be undone.
pub struct Confirm {
    pub question: String,
    pub job: crate::jobs::Job,
}

/// What a pick list over a form is choosing.
pub enum PickFor {
    /// The ward a parcel goes to, from the carrier's list (the ship form stays open under).
    ShipWard {
        number: String,
        choice: crate::app_forms::ChoiceText,
    },
    /// A field of the selected row to copy (`Y`): the values, by their index.
    Copy { values: Vec<String> },
    /// How a marketplace order's parcel is handed over (its platform's choices).
    Handover {
        number: String,
        /// The choices by id.
        handovers: Vec<(String, crate::ship::Handover)>,
    },
}

/// A scanner types at most a barcode's worth; anything longer is not a scan.
fn feed_scan_input(input: &mut TextArea<'static>, key: KeyEvent) {
    let room = input
        .lines()
        .first()
        .is_some_and(|l| l.chars().count() < 64);
    if room || matches!(key.code, KeyCode::Backspace) {
        input.input(key);
    }
}

fn scan_input() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text(t!("form-scan-placeholder"));
    t
}

pub struct DetailView {
    pub id: i64,
    pub id2: i64,
    pub detail: Option<Detail>,
    pub scroll: usize,
    pub stale: bool,
}

#[derive(Default)]
pub struct ListState {
    pub pager: Pager,
    pub detail: Option<DetailView>,
    /// Changed while not on screen: reload when shown.
    pub dirty: bool,
}

/// Who and where, for the status line.
#[derive(Debug, Clone)]
pub struct Identity {
    pub mode: String,
    pub operator: String,
    /// What the login may do: keys beyond it are left out of the footer and refused.
    pub role: orderdeck_domain::access::Role,
}

/// Longest filter or command accepted; a huge paste is cut with a message, not sent.
pub const MAX_INPUT: usize = 200;

pub struct App {
    pub pane: PaneId,
    /// Each pane's component (`crate::panes::pane_of`).
    pub panes: PaneOf,
    pub catalog_focus: usize,
    pub lists: BTreeMap<ListKind, ListState>,
    pub dashboard: Option<Dashboard>,
    dashboard_stale: bool,
    dashboard_loading: bool,
    dashboard_loaded_at: Option<Instant>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub theme_names: Vec<String>,
    pub input: Option<Input>,
    pub message: Option<Message>,
    pub help: Option<usize>,
    pub connection: Connection,
    pub identity: Identity,
    pub now: DateTime<Utc>,
    /// Tests and benchmarks pin the clock so frames are reproducible.
    pub frozen_clock: bool,
    pub offset: FixedOffset,
    pub quit: bool,
    /// Rows the list view showed last frame, for PgUp/PgDn.
    pub view_height: usize,
    pub pack: Option<PackView>,
    pub count: Option<CountView>,
    pub confirm: Option<Confirm>,
    pub form: Option<crate::app_forms::FormState>,
    /// A pick list over the form (a ward for the ship form).
    pub picker: Option<(crate::picker::Picker, PickFor)>,
    /// The invoice preview under the invoice form (`I`).
    pub invoice: Option<crate::invoice::InvoicePreview>,
    /// The change listener is subscribed: what is on screen follows the database.
    pub listening: bool,
    /// Shops being pulled now (Channels pane), each drawn as a progress bar.
    pub syncs: Vec<crate::shops::SyncBar>,
    /// A bulk job's bar: (what, settled, of).
    pub bulk: Option<(String, usize, usize)>,
    /// How near its ship-by time an order is at risk (`[packing] at_risk_hours`).
    pub at_risk_hours: u32,
    /// Orders marked (Space) for one act on all of them: their numbers.
    pub marked: std::collections::BTreeSet<String>,
    /// Parcels marked in Shipments (Space): their tracking numbers, for `L` on all.
    pub marked_parcels: std::collections::BTreeSet<String>,
    /// Text for the terminal's clipboard; the event loop sends it (OSC 52) and clears it.
    pub clipboard: Option<String>,
    /// Every message of the session, oldest first, for `:messages` (layout).
    pub log: Vec<LogEntry>,
    /// `:messages` is open, scrolled this far.
    pub log_view: Option<usize>,
    /// A wrong scan: the event loop rings the terminal's bell (when the config lets it).
    pub bell: bool,
    /// Where the last frame drew tabs and lists, for the mouse.
    pub hits: crate::mouse::Hits,
    /// A list's sort changed (`<` `>`): the event loop writes the sorts to the state file
    /// and clears it.
    pub sort_changed: bool,
}

impl App {
    pub fn new(
        panes: PaneOf,
        keymap: Keymap,
        theme: Theme,
        theme_names: Vec<String>,
        identity: Identity,
        offset: FixedOffset,
    ) -> Self {
        let lists = ListKind::ALL
            .iter()
            .map(|k| (*k, ListState::default()))
            .collect();
        Self {
            pane: PaneId::Orders,
            panes,
            catalog_focus: 0,
            lists,
            dashboard: None,
            dashboard_stale: true,
            dashboard_loading: false,
            dashboard_loaded_at: None,
            keymap,
            theme,
            theme_names,
            input: None,
            message: None,
            help: None,
            connection: Connection::Connecting,
            identity,
            now: Utc::now(),
            frozen_clock: false,
            offset,
            quit: false,
            view_height: 10,
            pack: None,
            count: None,
            confirm: None,
            picker: None,
            form: None,
            invoice: None,
            listening: false,
            syncs: Vec::new(),
            bulk: None,
            marked: std::collections::BTreeSet::new(),
            marked_parcels: std::collections::BTreeSet::new(),
            at_risk_hours: 6,
            clipboard: None,
            log: Vec::new(),
            log_view: None,
            bell: false,
            hits: crate::mouse::Hits::default(),
            sort_changed: false,
        }
    }

    pub fn fmt(&self) -> Fmt {
        Fmt {
            offset: self.offset,
            now: self.now,
        }
    }

    /// The list that has the keyboard, if the pane has lists.
    /// The component of the pane on screen.
    pub fn focused_pane(&self) -> &'static dyn Pane {
        (self.panes)(self.pane)
    }

    /// The columns a list shows (its pane says).
    pub fn columns(&self, list: ListKind) -> &'static [crate::view::Column] {
        (self.panes)(list.pane()).columns(list)
    }

    pub fn focused_list(&self) -> Option<ListKind> {
        let lists = self.pane.lists();
        lists
            .get(self.catalog_focus.min(lists.len().saturating_sub(1)))
            .copied()
    }

    pub fn list(&self, kind: ListKind) -> &ListState {
        &self.lists[&kind]
    }

    fn list_mut(&mut self, kind: ListKind) -> &mut ListState {
        self.lists.entry(kind).or_default()
    }

    /// Opens the detail page of one row of a list.
    pub fn open_detail(&mut self, kind: ListKind, id: i64, id2: i64) -> Vec<Effect> {
        self.list_mut(kind).detail = Some(DetailView {
            id,
            id2,
            detail: None,
            scroll: 0,
            stale: false,
        });
        vec![Effect::FetchDetail {
            list: kind,
            id,
            id2,
        }]
    }

    /// The effects needed to show the current pane (first load, or reload if it changed).
    pub fn start(&mut self) -> Vec<Effect> {
        self.show_pane(self.pane)
    }

    fn show_pane(&mut self, pane: PaneId) -> Vec<Effect> {
        if pane != self.pane {
            self.catalog_focus = 0;
            // What was said was about the pane left; it stays in `:messages`.
            self.message = None;
        }
        self.pane = pane;
        let mut fx = Vec::new();
        for kind in pane.lists() {
            let st = self.list_mut(*kind);
            if !st.pager.loaded && !st.pager.is_loading() {
                fx.push(Effect::FetchList {
                    list: *kind,
                    fetch: st.pager.reset(),
                });
            } else if st.dirty {
                st.dirty = false;
                fx.push(Effect::FetchList {
                    list: *kind,
                    fetch: st.pager.refresh(),
                });
            }
        }
        if pane == PaneId::Dashboard
            && (self.dashboard.is_none() || self.dashboard_stale)
            && !self.dashboard_loading
        {
            fx.push(self.fetch_dashboard());
        }
        fx
    }

    fn fetch_dashboard(&mut self) -> Effect {
        self.dashboard_loading = true;
        self.dashboard_stale = false;
        Effect::FetchDashboard
    }

    pub fn info(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.keep_in_log(MessageKind::Info, &text);
        self.message = Some(Message {
            text,
            kind: MessageKind::Info,
            at: Instant::now(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.keep_in_log(MessageKind::Error, &text);
        self.message = Some(Message {
            text,
            kind: MessageKind::Error,
            at: Instant::now(),
        });
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => {
                if key.kind == KeyEventKind::Press {
                    self.on_key(key)
                } else {
                    Vec::new()
                }
            }
            Msg::Resize => Vec::new(),
            Msg::Tick => self.on_tick(),
            Msg::Page {
                list,
                generation,
                mode,
                limit,
                result,
            } => match result {
                Ok(rows) => {
                    self.connected();
                    let st = self.list_mut(list);
                    st.pager
                        .apply(generation, mode, limit, rows)
                        .map(|fetch| vec![Effect::FetchList { list, fetch }])
                        .unwrap_or_default()
                }
                Err(e) => {
                    self.list_mut(list).pager.failed(generation, mode);
                    self.fetch_failed(e);
                    Vec::new()
                }
            },
            Msg::Detail {
                list,
                id,
                id2,
                result,
            } => {
                match result {
                    Ok(found) => {
                        self.connected();
                        let missing = found.is_none();
                        if let Some(view) = self.list_mut(list).detail.as_mut()
                            && view.id == id
                            && view.id2 == id2
                        {
                            view.detail = found;
                        }
                        if missing {
                            self.list_mut(list).detail = None;
                            self.error(t!("form-row-gone"));
                        }
                    }
                    Err(e) => self.fetch_failed(e),
                }
                Vec::new()
            }
            Msg::Dashboard(result) => {
                self.dashboard_loading = false;
                match *result {
                    Ok(d) => {
                        self.connected();
                        self.dashboard = Some(d);
                        self.dashboard_loaded_at = Some(Instant::now());
                    }
                    Err(e) => self.fetch_failed(e),
                }
                Vec::new()
            }
            Msg::Goto { number, result } => match result {
                Ok(Some(id)) => {
                    let mut fx = self.show_pane(PaneId::Orders);
                    fx.extend(self.open_detail(ListKind::Orders, id, 0));
                    fx
                }
                Ok(None) => {
                    self.error(t!("form-no-such-order", number = number));
                    Vec::new()
                }
                Err(e) => {
                    self.fetch_failed(e);
                    Vec::new()
                }
            },
            Msg::Db(ev) => self.on_db(ev),
            Msg::Scan(code) => self.on_scan(code),
            Msg::Mouse(m) => self.on_mouse(m),
            Msg::Looked { code, result } => self.on_looked(code, result),
            Msg::Done(result) => self.on_done(result),
            Msg::Progress(crate::jobs::Progress::Sync(bar)) => {
                self.on_sync_progress(bar);
                Vec::new()
            }
            Msg::Progress(crate::jobs::Progress::Bulk { label, done, total }) => {
                self.bulk = Some((label, done, total));
                Vec::new()
            }
        }
    }

    /// A query answered: the database is there, whatever the listener says. A banner set
    /// by an earlier failure goes at once (it used to wait for the listener's reconnect,
    /// minutes after the connections were fine again), and what is shown is read again.
    fn connected(&mut self) {
        match self.connection {
            Connection::Connecting => self.connection = Connection::Connected,
            Connection::Lost { .. } => {
                self.connection = Connection::Connected;
                self.info(if self.listening {
                    t!("form-db-restored")
                } else {
                    t!("form-db-restored-reconnecting")
                });
                for kind in ListKind::ALL {
                    let st = self.list_mut(kind);
                    if st.pager.loaded {
                        st.pager.stale = true;
                        st.dirty = true;
                    }
                }
                self.dashboard_stale = true;
            }
            Connection::Connected => {}
        }
    }

    fn fetch_failed(&mut self, e: FetchError) {
        if e.connection {
            if !matches!(self.connection, Connection::Lost { .. }) {
                self.connection = Connection::Lost {
                    reason: e.message,
                    since: self.now,
                };
            }
        } else {
            self.error(e.message);
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // Ctrl-C always quits, whatever has the keyboard.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return Vec::new();
        }
        // A terminal sends Esc then a quick key as one Alt-key: unless Alt-key is bound,
        // it is the two keys the person pressed (Esc to leave a page, then `4`).
        if let KeyCode::Char(c) = key.code
            && key.modifiers == KeyModifiers::ALT
            && matches!(self.keymap.resolve(&key, self.pane), Resolved::None)
        {
            let mut fx = self.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            fx.extend(self.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
            return fx;
        }
        if let Some(c) = self.confirm.take() {
            return if self.keymap.matches(Action::Yes, Mode::Confirm, &key) {
                vec![Effect::Job(c.job)]
            } else {
                self.info(t!("form-nothing-done"));
                Vec::new()
            };
        }
        if self.picker.is_some() {
            return self.on_picker_key(key);
        }
        if self.form.is_some() {
            return self.on_form_key(key);
        }
        if self.input.is_some() {
            return self.on_input_key(key);
        }
        let pane = self.focused_pane();
        if self.help.is_none() && pane.station_open(self) {
            return pane.on_station_key(self, key);
        }
        if self.log_view.is_some() {
            return self.on_log_key(key);
        }
        if let Some(scroll) = self.help {
            match self.keymap.resolve(&key, self.pane) {
                Resolved::Action(Action::Down) => self.help = Some(scroll + 1),
                Resolved::Action(Action::Up) => self.help = Some(scroll.saturating_sub(1)),
                Resolved::Action(Action::ForceQuit) => self.quit = true,
                Resolved::Pending => {}
                _ => self.help = None,
            }
            return Vec::new();
        }
        match self.keymap.resolve(&key, self.pane) {
            Resolved::Action(a) => self.on_action(a),
            Resolved::Pending => Vec::new(),
            Resolved::Elsewhere(a, pane) => {
                self.error(t!(
                    "form-key-works-in",
                    key = self.keymap.label(a),
                    action = a.description(),
                    pane = pane.title(),
                    number = pane.number().to_string()
                ));
                Vec::new()
            }
            Resolved::None => {
                if let KeyCode::Char(c) = key.code
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                {
                    self.error(t!(
                        "form-key-does-nothing",
                        key = c.to_string(),
                        help = self.keymap.label(Action::Help)
                    ));
                }
                Vec::new()
            }
        }
    }

    pub fn on_action(&mut self, action: Action) -> Vec<Effect> {
        let list = self.focused_list();
        let detail_open = list.is_some_and(|k| self.list(k).detail.is_some());
        match action {
            Action::Quit | Action::ForceQuit => {
                self.quit = true;
                Vec::new()
            }
            // Modal keys: read where their modal has the keyboard (forms, questions,
            // the stock count), never resolved in a pane.
            Action::Save
            | Action::InvoiceFormPdf
            | Action::InvoiceFormTemplate
            | Action::CopyLink
            | Action::Yes
            | Action::PostCount => Vec::new(),
            Action::PaneOrders => self.show_pane(PaneId::Orders),
            Action::PaneStock => self.show_pane(PaneId::Stock),
            Action::PanePurchasing => self.show_pane(PaneId::Purchasing),
            Action::PaneShipments => self.show_pane(PaneId::Shipments),
            Action::PaneInvoices => self.show_pane(PaneId::Invoices),
            Action::PaneTracking => self.show_pane(PaneId::Tracking),
            Action::PaneDashboard => self.show_pane(PaneId::Dashboard),
            Action::PaneCatalog => self.show_pane(PaneId::Catalog),
            Action::PaneChannels => self.show_pane(PaneId::Channels),
            Action::PaneInbox => self.show_pane(PaneId::Inbox),
            Action::Help => {
                self.help = Some(0);
                Vec::new()
            }
            Action::SortPrev => self.step_sort(false),
            Action::SortNext => self.step_sort(true),
            Action::Copy => self.copy_key(),
            Action::CopyMenu => self.copy_menu(),
            Action::Command => {
                self.input = Some(Input::new(InputKind::Command, "", String::new()));
                Vec::new()
            }
            Action::Filter => {
                match list {
                    Some(k) if !detail_open => {
                        let current = self.list(k).pager.filter.clone();
                        self.input = Some(Input::new(InputKind::Filter, &current, current.clone()));
                    }
                    _ => self.error(t!("form-nothing-to-filter")),
                }
                Vec::new()
            }
            Action::FocusNext => {
                let n = self.pane.lists().len();
                if n > 1 {
                    self.catalog_focus = (self.catalog_focus + 1) % n;
                    return self.show_pane(self.pane);
                }
                Vec::new()
            }
            Action::Refresh => {
                let mut fx = Vec::new();
                if let Some(k) = list {
                    let st = self.list_mut(k);
                    fx.push(Effect::FetchList {
                        list: k,
                        fetch: st.pager.refresh(),
                    });
                    if let Some(d) = &st.detail {
                        fx.push(Effect::FetchDetail {
                            list: k,
                            id: d.id,
                            id2: d.id2,
                        });
                    }
                }
                if self.pane == PaneId::Dashboard && !self.dashboard_loading {
                    fx.push(self.fetch_dashboard());
                }
                fx
            }
            Action::Back => {
                if let Some(k) = list {
                    if self.list(k).detail.is_some() {
                        self.list_mut(k).detail = None;
                        return Vec::new();
                    }
                    if !self.list(k).pager.filter.is_empty() {
                        let fetch = self.list_mut(k).pager.set_filter("");
                        return vec![Effect::FetchList { list: k, fetch }];
                    }
                }
                self.message = None;
                Vec::new()
            }
            Action::Open => {
                let Some(k) = list else { return Vec::new() };
                if detail_open {
                    return Vec::new();
                }
                let Some(row) = self.list(k).pager.selected_row() else {
                    return Vec::new();
                };
                let (id, id2) = (row.id, row.id2);
                self.open_detail(k, id, id2)
            }
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => {
                let page = self.view_height.max(1) as isize;
                let Some(k) = list else { return Vec::new() };
                let st = self.list_mut(k);
                if let Some(d) = st.detail.as_mut() {
                    let max = d
                        .detail
                        .as_ref()
                        .map(|x| x.lines.len())
                        .unwrap_or(0)
                        .saturating_sub(1);
                    d.scroll = match action {
                        Action::Down => d.scroll + 1,
                        Action::Up => d.scroll.saturating_sub(1),
                        Action::PageDown => d.scroll + page as usize,
                        Action::PageUp => d.scroll.saturating_sub(page as usize),
                        Action::Top => 0,
                        _ => max,
                    }
                    .min(max);
                    return Vec::new();
                }
                let fetch = match action {
                    Action::Down => st.pager.move_by(1),
                    Action::Up => st.pager.move_by(-1),
                    Action::PageDown => st.pager.move_by(page),
                    Action::PageUp => st.pager.move_by(-page),
                    Action::Top => st.pager.first(),
                    _ => st.pager.last(),
                };
                fetch
                    .map(|fetch| vec![Effect::FetchList { list: k, fetch }])
                    .unwrap_or_default()
            }
            // Everything else is a pane's own key: the focused pane does it, when the
            // role may.
            own if !self.may(own) => {
                if let Some(duty) = crate::access::duty(self.pane, own) {
                    self.error(orderdeck_domain::access::refusal(self.identity.role, duty));
                }
                Vec::new()
            }
            own => match self.focused_pane().act(self, own, list) {
                Some(fx) => fx,
                None => {
                    self.error(t!(
                        "form-key-does-nothing-in",
                        key = self.keymap.label(own),
                        action = own.description(),
                        pane = self.pane.title()
                    ));
                    Vec::new()
                }
            },
        }
    }

    /// Whether the signed-in role may do what `action` does in the current pane.
    pub fn may(&self, action: Action) -> bool {
        crate::access::duty(self.pane, action).is_none_or(|d| self.identity.role.may(d))
    }

    /// The text of one cell of the selected row of a list.
    /// A cell of the row the keys act on: the open detail's row when one is open (`goto`
    /// opens a detail without moving the cursor), else the selected row.
    pub(crate) fn selected_cell(&self, kind: ListKind, col: usize) -> Option<String> {
        let state = self.list(kind);
        let row = match &state.detail {
            Some(d) => {
                let shown = state
                    .pager
                    .rows
                    .iter()
                    .find(|r| r.id == d.id && r.id2 == d.id2);
                if shown.is_none() && kind == ListKind::Orders && col == 0 {
                    // Not among the loaded rows: the page says which order it is.
                    return d.detail.as_ref().and_then(|x| x.key.clone());
                }
                shown
            }
            None => state.pager.selected_row(),
        };
        row.and_then(|r| r.cells.get(col))
            .filter(|c| c.tone != Tone::Placeholder)
            .map(|c| c.text.clone())
    }
}

/// A console with the default keys and theme, signed in as an admin, for unit tests.
#[cfg(test)]
pub(crate) fn test_app() -> App {
    let identity = Identity {
        mode: "embedded".into(),
        operator: "tester".into(),
        role: orderdeck_domain::access::Role::Admin,
    };
    App::new(
        crate::panes::pane_of,
        Keymap::default(),
        Theme::load("default", None).expect("the built-in theme"),
        vec!["default".into(), "light".into(), "mono".into()],
        identity,
        FixedOffset::east_opt(7 * 3600).expect("an offset"),
    )
}

pub const COMMANDS: &[&str] = &[
    "quit",
    "goto",
    "theme",
    "lang",
    "refresh",
    "help",
    "messages",
    "orders",
    "stock",
    "purchasing",
    "shipments",
    "invoices",
    "tracking",
    "dashboard",
    "catalog",
    "channels",
];

/// Tab completion for the command line: the completed text (if any) and the candidates.
pub fn complete(text: &str, themes: &[String]) -> (Option<String>, Vec<String>) {
    let (head, tail) = match text.split_once(' ') {
        Some((h, t)) => (h, Some(t.trim_start())),
        None => (text, None),
    };
    let (prefix, pool): (&str, Vec<String>) = match tail {
        None => (head, COMMANDS.iter().map(|c| c.to_string()).collect()),
        Some(t) if head == "theme" => (t, themes.to_vec()),
        Some(t) if head == "lang" => (
            t,
            orderdeck_i18n::Lang::ALL
                .iter()
                .map(|l| l.code().to_string())
                .collect(),
        ),
        Some(_) => return (None, Vec::new()),
    };
    let matches: Vec<String> = pool.into_iter().filter(|c| c.starts_with(prefix)).collect();
    let common = common_prefix(&matches);
    let completed = match (tail, matches.len()) {
        (_, 0) => None,
        (None, 1) => Some(format!("{} ", matches[0])),
        (Some(_), 1) => Some(format!("{head} {}", matches[0])),
        (None, _) if common.len() > prefix.len() => Some(common),
        (Some(_), _) if common.len() > prefix.len() => Some(format!("{head} {common}")),
        _ => None,
    };
    (completed, matches)
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut len = first.len();
    for w in words {
        len = len.min(
            first
                .bytes()
                .zip(w.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_commands_and_themes() {
        let themes = vec![
            "default".to_string(),
            "light".to_string(),
            "mono".to_string(),
        ];
        assert_eq!(complete("th", &themes).0.as_deref(), Some("theme "));
        assert_eq!(
            complete("theme m", &themes).0.as_deref(),
            Some("theme mono")
        );
        let (c, all) = complete("theme ", &themes);
        assert_eq!(c, None);
        assert_eq!(all.len(), 3);
        assert_eq!(
            complete("s", &themes).1,
            vec!["stock".to_string(), "shipments".to_string()]
        );
        assert_eq!(complete("zz", &themes).0, None);
    }
}
