//! The panes and lists of the console by name: which lists each pane holds, their titles,
//! and the tables whose changes each list shows. What a pane does and draws is its
//! component in `panes`.

/// The panes, in number-key order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Orders,
    Stock,
    Purchasing,
    Shipments,
    Invoices,
    Tracking,
    Dashboard,
    Catalog,
    Channels,
    Inbox,
}

impl PaneId {
    pub const ALL: [PaneId; 10] = [
        PaneId::Orders,
        PaneId::Stock,
        PaneId::Purchasing,
        PaneId::Shipments,
        PaneId::Invoices,
        PaneId::Tracking,
        PaneId::Dashboard,
        PaneId::Catalog,
        PaneId::Channels,
        PaneId::Inbox,
    ];

    /// The pane's name in the tab bar and the help.
    pub fn title(self) -> String {
        match self {
            PaneId::Orders => orderdeck_i18n::t!("tui-pane-orders"),
            PaneId::Stock => orderdeck_i18n::t!("tui-pane-stock"),
            PaneId::Purchasing => orderdeck_i18n::t!("tui-pane-purchasing"),
            PaneId::Shipments => orderdeck_i18n::t!("tui-pane-shipments"),
            PaneId::Invoices => orderdeck_i18n::t!("tui-pane-invoices"),
            PaneId::Tracking => orderdeck_i18n::t!("tui-pane-tracking"),
            PaneId::Dashboard => orderdeck_i18n::t!("tui-pane-dashboard"),
            PaneId::Catalog => orderdeck_i18n::t!("tui-pane-catalog"),
            PaneId::Channels => orderdeck_i18n::t!("tui-pane-channels"),
            PaneId::Inbox => orderdeck_i18n::t!("tui-pane-inbox"),
        }
    }

    /// The pane's name in `:` commands and the config, the same in every language.
    pub fn code(self) -> &'static str {
        match self {
            PaneId::Orders => "orders",
            PaneId::Stock => "stock",
            PaneId::Purchasing => "purchasing",
            PaneId::Shipments => "shipments",
            PaneId::Invoices => "invoices",
            PaneId::Tracking => "tracking",
            PaneId::Dashboard => "dashboard",
            PaneId::Catalog => "catalog",
            PaneId::Channels => "channels",
            PaneId::Inbox => "inbox",
        }
    }

    /// For the tab bar of a narrow terminal.
    pub fn short_title(self) -> String {
        match self {
            PaneId::Orders => orderdeck_i18n::t!("tui-pane-short-orders"),
            PaneId::Stock => orderdeck_i18n::t!("tui-pane-short-stock"),
            PaneId::Purchasing => orderdeck_i18n::t!("tui-pane-short-purchasing"),
            PaneId::Shipments => orderdeck_i18n::t!("tui-pane-short-shipments"),
            PaneId::Invoices => orderdeck_i18n::t!("tui-pane-short-invoices"),
            PaneId::Tracking => orderdeck_i18n::t!("tui-pane-short-tracking"),
            PaneId::Dashboard => orderdeck_i18n::t!("tui-pane-short-dashboard"),
            PaneId::Catalog => orderdeck_i18n::t!("tui-pane-short-catalog"),
            PaneId::Channels => orderdeck_i18n::t!("tui-pane-short-channels"),
            PaneId::Inbox => orderdeck_i18n::t!("tui-pane-short-inbox"),
        }
    }

    /// The pane's number key: 1–9, and 0 for the tenth (the Inbox).
    pub fn number(self) -> usize {
        (PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0) + 1) % 10
    }

    /// The lists a pane holds; Tab moves between them.
    pub fn lists(self) -> &'static [ListKind] {
        match self {
            PaneId::Orders => &[ListKind::Orders],
            PaneId::Stock => &[ListKind::Stock],
            PaneId::Purchasing => &[ListKind::Purchasing, ListKind::Suppliers],
            PaneId::Shipments => &[ListKind::Shipments, ListKind::ToShip, ListKind::Exceptions],
            PaneId::Invoices => &[ListKind::Invoices],
            PaneId::Tracking => &[ListKind::Tracking],
            PaneId::Dashboard => &[],
            PaneId::Catalog => &[ListKind::Products, ListKind::Warehouses],
            PaneId::Channels => &[ListKind::Channels],
            PaneId::Inbox => &[ListKind::Conversations],
        }
    }
}

/// Every list in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListKind {
    Orders,
    Stock,
    Purchasing,
    Shipments,
    Invoices,
    Tracking,
    Products,
    Warehouses,
    Suppliers,
    ToShip,
    Exceptions,
    Channels,
    Conversations,
}

impl ListKind {
    pub const ALL: [ListKind; 13] = [
        ListKind::Orders,
        ListKind::Stock,
        ListKind::Purchasing,
        ListKind::Shipments,
        ListKind::Invoices,
        ListKind::Tracking,
        ListKind::Products,
        ListKind::Warehouses,
        ListKind::Suppliers,
        ListKind::ToShip,
        ListKind::Exceptions,
        ListKind::Channels,
        ListKind::Conversations,
    ];

    pub fn title(self) -> String {
        match self {
            ListKind::Orders => orderdeck_i18n::t!("tui-list-orders"),
            ListKind::Stock => orderdeck_i18n::t!("tui-list-stock"),
            ListKind::Purchasing => orderdeck_i18n::t!("tui-list-purchasing"),
            ListKind::Shipments => orderdeck_i18n::t!("tui-list-shipments"),
            ListKind::Invoices => orderdeck_i18n::t!("tui-list-invoices"),
            ListKind::Tracking => orderdeck_i18n::t!("tui-list-tracking"),
            ListKind::Products => orderdeck_i18n::t!("tui-list-products"),
            ListKind::Warehouses => orderdeck_i18n::t!("tui-list-warehouses"),
            ListKind::Suppliers => orderdeck_i18n::t!("tui-list-suppliers"),
            ListKind::ToShip => orderdeck_i18n::t!("tui-list-to-ship"),
            ListKind::Exceptions => orderdeck_i18n::t!("tui-list-exceptions"),
            ListKind::Channels => orderdeck_i18n::t!("tui-list-channels"),
            ListKind::Conversations => orderdeck_i18n::t!("tui-list-conversations"),
        }
    }

    /// The pane that holds this list.
    pub fn pane(self) -> PaneId {
        PaneId::ALL
            .into_iter()
            .find(|p| p.lists().contains(&self))
            .unwrap_or(PaneId::Orders)
    }

    /// Tables whose changes this list shows (matched against NOTIFY payloads).
    pub fn tables(self) -> &'static [&'static str] {
        match self {
            ListKind::Orders => &["orders", "order_lines"],
            ListKind::Stock => &[
                "stock_levels",
                "variants",
                "products",
                "warehouses",
                "purchase_orders",
                "purchase_order_lines",
            ],
            ListKind::Purchasing => &[
                "purchase_orders",
                "purchase_order_lines",
                "suppliers",
                "goods_receipts",
            ],
            ListKind::Shipments => &["shipments"],
            ListKind::Invoices => &["invoices"],
            ListKind::Tracking => &["tracking_events", "shipments"],
            ListKind::Products => &["products", "variants", "stock_levels"],
            ListKind::Warehouses => &["warehouses", "stock_levels"],
            ListKind::Suppliers => &["suppliers", "purchase_orders"],
            ListKind::ToShip => &["orders", "shipments"],
            ListKind::Exceptions => &["shipments", "tracking_events"],
            ListKind::Channels => &["sales_channels", "outbox", "channel_listings"],
            ListKind::Conversations => &["conversations", "chat_messages"],
        }
    }

    /// Tables whose changes an open detail page of this list shows.
    pub fn detail_tables(self) -> &'static [&'static str] {
        match self {
            ListKind::Orders => &["orders", "order_lines", "order_events", "shipments"],
            ListKind::Stock => &["stock_levels"],
            ListKind::Shipments | ListKind::Tracking | ListKind::Exceptions => {
                &["shipments", "tracking_events"]
            }
            ListKind::ToShip => &["orders", "order_lines", "order_events", "shipments"],
            ListKind::Conversations => &["conversations", "chat_messages", "orders", "shipments"],
            other => other.tables(),
        }
    }
}
