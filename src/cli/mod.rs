//! The command line. `orderdeck` opens the console; subcommands serve scripts,
//! operators and benchmarks. `main.rs` dispatches; each command group has its module here,
//! and the arguments are declared below.

/// `println!` for people: whatever the arguments hold (a buyer's name, a carrier's reply),
/// control characters are shown, never sent to the terminal; the lines the format makes
/// stay lines. Every command's output goes through it, so text from outside cannot set a
/// window title or the clipboard even where a field was not shown on its own; fields that
/// could forge a row (a line break in a name) are also shown one by one where printed.
macro_rules! say {
    () => { println!() };
    ($($t:tt)*) => {
        println!("{}", orderdeck_domain::text::visible_lines(&format!($($t)*)))
    };
}

/// `eprintln!` for people, as [`say!`].
macro_rules! warn_user {
    ($($t:tt)*) => {
        eprintln!("{}", orderdeck_domain::text::visible_lines(&format!($($t)*)))
    };
}

/// A measured figure with `places` decimals, written the current language's way
/// (`1.25` in English, `1,25` in Vietnamese and Indonesian).
pub(crate) fn fixed(x: f64, places: usize) -> String {
    let text = format!("{x:.places$}");
    match orderdeck_i18n::current() {
        orderdeck_i18n::Lang::En => text,
        orderdeck_i18n::Lang::Vi | orderdeck_i18n::Lang::Id => text.replace('.', ","),
    }
}

/// A moment to the minute in UTC, as the current language writes it, marked UTC.
pub(crate) fn utc_minute(at: chrono::DateTime<chrono::Utc>) -> String {
    let utc = chrono::Offset::fix(&chrono::Utc);
    format!("{} UTC", orderdeck_i18n::format::minute_time(at, utc))
}

/// A moment to the second in UTC, as the current language writes it, marked UTC.
pub(crate) fn utc_long(at: chrono::DateTime<chrono::Utc>) -> String {
    let utc = chrono::Offset::fix(&chrono::Utc);
    format!("{} UTC", orderdeck_i18n::format::long_time(at, utc))
}

pub mod api_keys;
pub mod assistant;
#[cfg(feature = "demo")]
pub mod bench;
#[cfg(feature = "demo")]
pub mod bench_api;
#[cfg(feature = "demo")]
pub mod bench_assistant;
#[cfg(feature = "demo")]
pub mod bench_fulfil;
#[cfg(feature = "demo")]
pub mod bench_paired;
#[cfg(feature = "demo")]
pub mod bench_places;
#[cfg(feature = "demo")]
pub mod bench_stations;
pub mod cancel;
pub mod channels;
pub mod commands;
pub mod console;
pub mod db;
pub mod demo;
pub mod fulfil;
pub mod invoices;
pub mod keys;
pub mod listings;
pub mod places;
pub mod returns;
pub mod serve;
pub mod setup;
pub mod shipping;
pub mod users;
pub mod worker;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "orderdeck",
    version,
    about = "Keyboard-driven order-processing console on one shared PostgreSQL",
    long_about = "orderdeck runs an online seller's order workflow — catalog, orders from every channel, \
stock and reservations, purchasing, shipments, e-invoices and tracking — in the terminal.\n\n\
With no database URL it starts a private PostgreSQL in its data directory (the embedded default). \
Point many consoles at one shared server with --database-url or DATABASE_URL.",
    after_help = "Keys in the console: 1-8 panes, j/k or arrows move, Enter opens, Esc goes back, / filters, \
: command line (:goto NUMBER, :theme NAME, :q), ? shows every key, q quits."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Seed demo data into an empty database before opening the console.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// A shared PostgreSQL server (postgres://user:pass@host/db). Without one, the embedded server is used.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Config file (default: the platform config folder's orderdeck/config.toml).
    #[arg(long, env = "ORDERDECK_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Colour theme: default, light, high-contrast, mono, or one of yours.
    #[arg(long, global = true)]
    pub theme: Option<String>,
    /// Data directory for the embedded server and the logs.
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Sign in as this person (a login made by `orderdeck users add`); the password comes
    /// from PGPASSWORD, ~/.pgpass or a prompt. Without it: the database URL's user, or
    /// the embedded server's administrator.
    #[arg(long, global = true)]
    pub user: Option<String>,
    /// Use a config file that holds secrets even though other users can read it.
    #[arg(long, global = true)]
    pub insecure_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The embedded PostgreSQL server.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Every key of the console and what it does, in your language (a Markdown table).
    Keymap,
    /// The order-intake API's keys: create (shown once), list, revoke.
    Keys {
        #[command(subcommand)]
        action: crate::cli::api_keys::KeysAction,
    },
    /// The customer assistant: answer a buyer's message (`ask`), judge a labelled set (`eval`).
    Assistant {
        #[command(subcommand)]
        action: crate::cli::assistant::AssistantAction,
    },
    /// Configuration.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Seed demo data into an empty database and exit.
    Demo,
    /// Orders: create from JSON, import, list, show, cancel.
    Orders {
        #[command(subcommand)]
        action: OrdersAction,
    },
    /// Stock figures.
    Stock {
        #[command(subcommand)]
        action: StockAction,
    },
    /// Import products from CSV (one row per variant; all or nothing).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export products as CSV, in the import format.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Purchase orders.
    Po {
        #[command(subcommand)]
        action: PoAction,
    },
    /// Benchmarks that print figures.
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// Ship a packed order with a carrier; prints the tracking number.
    Ship(ShipArgs),
    /// A carrier's list of places (GHN's provinces, districts and wards): fetch it, see
    /// it, resolve an address against it.
    Places {
        #[command(subcommand)]
        action: PlacesAction,
    },
    /// Shipments: show one, list the exceptions queue, act on a parcel.
    Shipments {
        #[command(subcommand)]
        action: ShipmentsAction,
    },
    /// Render a shipping label (our own 100×150 mm label, or the carrier's).
    Label {
        /// Tracking numbers (or order numbers); several become one file.
        #[arg(required = true, num_args = 1..)]
        tracking: Vec<String>,
        /// pdf, zpl, or carrier (the carrier's own label, or the marketplace's airway
        /// bill, as it sends it).
        #[arg(long, default_value = "pdf")]
        format: String,
        /// Write the label here; without it, it is sent to the print command.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// COD money: record it per shipment or from a carrier's remittance file.
    Cod {
        #[command(subcommand)]
        action: CodAction,
    },
    /// VAT e-invoices.
    Invoice {
        #[command(subcommand)]
        action: InvoiceAction,
    },
    /// Returns of delivered goods (and their refunds).
    Returns {
        #[command(subcommand)]
        action: ReturnsAction,
    },
    /// Marketplace listings: product sync with a shop, queued stock pushes, status.
    Listings {
        #[command(subcommand)]
        action: crate::cli::listings::ListingsAction,
    },
    /// Marketplace shops: authorise one, order sync status, pull orders now.
    Channels {
        #[command(subcommand)]
        action: crate::cli::channels::ChannelsAction,
    },
    /// Run the background workers (tracking poller, automatic invoicing, marketplace order
    /// sync, stock back to the shops) without a console.
    Worker {
        /// Stop after this many seconds (default: run until interrupted).
        #[arg(long)]
        seconds: Option<u64>,
        /// Also run the HTTP listener on this address, as `orderdeck serve` does.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
    },
    /// The HTTP listener: the order-intake API (POST /v1/orders, GET /v1/orders/{number},
    /// GET /v1/stock, GET /v1/openapi.json; keys from `orderdeck keys create`), the
    /// storefronts' webhooks (POST /hooks/{code}) and the marketplaces' pushes
    /// (POST /push/{platform}). Plain HTTP: put TLS in front (nginx, Caddy).
    Serve {
        /// Where to listen, e.g. 127.0.0.1:8080 (0.0.0.0:8080 behind a proxy).
        #[arg(long)]
        listen: std::net::SocketAddr,
        /// Stop after this many seconds (default: run until interrupted).
        #[arg(long)]
        seconds: Option<u64>,
    },
    /// The shop's people: each a database login in one role (packer, support, manager,
    /// admin) that the server enforces.
    Users {
        #[command(subcommand)]
        action: crate::cli::users::UsersAction,
    },
    /// Run the loopback simulator: carriers (Giao Hang Nhanh, Viettel Post), e-invoice
    /// providers (S-Invoice, MISA) and a mail sink (SMTP).
    Sim(SimArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ShipArgs {
    /// The packed order's number. A marketplace order goes its platform's way; several
    /// orders of one shop are arranged together (their airway bills printed as one file).
    #[arg(required = true, num_args = 1..)]
    pub orders: Vec<String>,
    /// ghn or viettelpost (website and manual orders).
    #[arg(long)]
    pub carrier: Option<String>,
    /// Marketplace orders: the courier picks the parcel up (the default when offered).
    #[arg(long, conflicts_with = "dropoff")]
    pub pickup: bool,
    /// Marketplace orders: the pickup slot id (`--options` lists them; default: the one
    /// the platform recommends).
    #[arg(long)]
    pub slot: Option<String>,
    /// Marketplace orders: the pickup address id (default: the shop's default one).
    #[arg(long)]
    pub address: Option<String>,
    /// Marketplace orders: the seller takes the parcel to the carrier.
    #[arg(long)]
    pub dropoff: bool,
    /// Marketplace orders: the drop-off branch id.
    #[arg(long)]
    pub branch: Option<String>,
    /// Marketplace orders: list the platform's handover choices and ship nothing.
    #[arg(long)]
    pub options: bool,
    /// express or economy.
    #[arg(long, default_value = "economy")]
    pub service: String,
    /// Weight in kg (default 0.5 kg per item).
    #[arg(long)]
    pub weight: Option<rust_decimal::Decimal>,
    /// Length × width × height in cm, as LxWxH (default 20x15x10).
    #[arg(long)]
    pub size: Option<String>,
    /// Cash to collect (default: goods, plus shipping when the buyer pays it; 0 if prepaid).
    #[arg(long)]
    pub cod: Option<rust_decimal::Decimal>,
    /// Who pays the shipping fee: seller or buyer.
    #[arg(long, default_value = "seller")]
    pub payer: String,
    /// may_try, may_look or may_not_look (default from the config, else may_look).
    #[arg(long)]
    pub note_code: Option<String>,
    /// The carrier's ward id to deliver to, when the address does not name one of its
    /// places (the refusal lists the candidates with their ids).
    #[arg(long)]
    pub ward: Option<String>,
    /// Only print the fee quote; ship nothing.
    #[arg(long)]
    pub quote: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PlacesAction {
    /// Fetch the carrier's list now (it is also fetched when a week old).
    Refresh {
        #[arg(long, default_value = "ghn")]
        carrier: String,
    },
    /// When the list was fetched and how many provinces, districts and wards it has.
    Status {
        #[arg(long, default_value = "ghn")]
        carrier: String,
        #[arg(long)]
        json: bool,
    },
    /// Resolve an address as buyers write it ("P.1, Q.3, TP HCM"; ward, district,
    /// province, comma-separated) to the carrier's ward, or list the candidates.
    Find {
        address: String,
        #[arg(long, default_value = "ghn")]
        carrier: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShipmentsAction {
    /// One shipment (by tracking number, client order code or order number) with its events.
    Show {
        tracking: String,
        #[arg(long)]
        json: bool,
    },
    /// Shipments that need a person.
    Exceptions {
        #[arg(long)]
        json: bool,
    },
    /// Ask the carrier to deliver again.
    Redeliver { tracking: String },
    /// Ask the carrier to return the parcel to us.
    Return { tracking: String },
    /// Ask the carrier to cancel the parcel.
    Cancel { tracking: String },
    /// Put a note on the order's timeline (takes it out of the exceptions queue).
    Note { tracking: String, text: String },
    /// Ask the carriers about every active parcel once, now.
    Poll,
}

#[derive(Debug, Subcommand)]
pub enum CodAction {
    /// Record the COD money of one shipment as received.
    Received {
        tracking: String,
        amount: rust_decimal::Decimal,
        /// YYYY-MM-DD (default today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// Match a carrier's remittance CSV (tracking number, amount, date); only exact matches are applied.
    Import {
        file: std::path::PathBuf,
        /// The amounts' decimal mark: comma (2.383.000,00) or point (2,383,000.00);
        /// default: the one the file's amounts agree on.
        #[arg(long)]
        decimal: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Whether the embedded server is initialised and running, and where.
    Status,
    /// Print a connection URL that psql accepts (starting the embedded server if needed).
    Url,
    /// Stop the embedded server.
    Stop,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the config file's path.
    Path,
    /// Print a complete configuration with every key, commented (it parses as it is:
    /// edit the "…" and the addresses, save it where `config path` says).
    Example,
    /// For every carrier, e-invoice provider, marketplace and the mail server: configured
    /// or not, and whether one cheap authenticated call succeeds. Exits 1 when one fails.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum OrdersAction {
    /// Create one order from JSON (a file, or - for standard input).
    Create {
        #[arg(long)]
        file: std::path::PathBuf,
    },
    /// Import orders from a JSON array or JSON lines; all or nothing.
    Import { file: std::path::PathBuf },
    /// List orders, newest first.
    List {
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// One order with its lines and timeline.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Cancel an order that has not shipped: its reservations are released, the reason is
    /// kept, and an issued VAT invoice is adjusted down to nothing (an adjustment invoice).
    /// On an order already cancelled whose invoice adjustment failed, issues it now.
    Cancel {
        number: String,
        /// Why (required): out_of_stock, buyer_asked, duplicate, fraud (suspected),
        /// cannot_deliver (address unreachable), other (then --note is required).
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(
            orderdeck_domain::cancel_reason::CancelCode::ALL.map(|c| c.code())
        ))]
        reason: Option<String>,
        /// Your own words, kept with the reason (at most 500 characters, one line).
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Answer a buyer's request (on the marketplace) to cancel: accept or reject.
    CancelRequest {
        number: String,
        /// accept (the order is cancelled, its stock released) or reject.
        decision: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// product,sku,barcode,category,brand,attr1,value1,attr2,value2,attr3,value3,cost_price,vat_rate,sale_price,warehouse,opening_stock
    Products {
        file: std::path::PathBuf,
        /// The prices' decimal mark: comma (150.000 is a hundred and fifty thousand;
        /// 1.250.000,00) or point (150,000; 1250000.00); default: the one the file's
        /// prices agree on.
        #[arg(long)]
        decimal: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    Products {
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum StockAction {
    /// On hand, reserved and available per warehouse for one SKU.
    Show {
        #[arg(long)]
        sku: String,
        #[arg(long)]
        json: bool,
    },
    /// Where a SKU lies in a warehouse (its shelf or bin), for pick lists.
    ///
    /// A code like A-03-2, at most 32 characters; "" clears it. Pick lists walk each
    /// warehouse by bin, the SKUs without one last.
    Bin {
        sku: String,
        /// The warehouse's code.
        warehouse: String,
        bin: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PoAction {
    /// Every purchase order, late ones flagged.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Draft purchase orders (one per supplier) for every backorder shortage.
    Draft,
    /// Confirm a draft purchase order.
    Confirm { number: String },
    /// Receive everything still expected on a purchase order (backorders are then reserved).
    Receive { number: String },
    /// Cancel a purchase order that has received nothing.
    Cancel { number: String },
}

#[derive(Debug, Subcommand)]
pub enum BenchWhat {
    /// Orders per second and latency of intake with reservation, many orders on few SKUs.
    Intake(IntakeBench),
    /// Shipments refreshed per second against the simulator, and CPU time per shipment.
    Track {
        #[arg(long, default_value_t = 2000)]
        shipments: usize,
        /// Simulated carrier latency per call, in milliseconds.
        #[arg(long, default_value_t = 20)]
        latency_ms: u64,
        /// Calls in flight per carrier.
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
    },
    /// Addresses resolved per second against GHN's places (fetched from the simulator),
    /// written the ways buyers write them; how many resolved, ambiguous, unknown, wrong.
    Places {
        #[arg(long, default_value_t = 10_000)]
        addresses: usize,
    },
    /// Orders per second of a full order pull from each simulated marketplace (Shopee,
    /// Lazada, TikTok Shop): real adapters, intake and reservation.
    Sync {
        /// New orders put on each platform before the pull.
        #[arg(long, default_value_t = 5000)]
        orders: usize,
    },
    /// Orders per second, platform calls and CPU per order of arranging packed
    /// marketplace orders in bulk (Shopee, Lazada, TikTok Shop simulators) and
    /// downloading their airway bills.
    Fulfil {
        /// Packed orders in all, a third on each platform.
        #[arg(long, default_value_t = 1000)]
        orders: usize,
    },
    /// Many headless consoles on one database while orders arrive and packers pack:
    /// commit → visible on every console, queries per change, server and client CPU,
    /// connections held.
    Stations(StationsBench),
    /// Orders per second, p50/p99 of the HTTP intake API (the real router on a loopback
    /// port, keep-alive clients) paired with pgbench, then with every key repeated.
    #[cfg(feature = "demo")]
    Api(crate::cli::bench_api::ApiBench),
    /// Buyer messages answered per second by the customer assistant's built-in engine on
    /// the demo shop, with p50/p99 latency.
    #[cfg(feature = "demo")]
    Assistant {
        #[arg(long, default_value_t = 2000)]
        messages: usize,
        /// Buyers writing at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
    },
    /// Time to first frame, per-frame render time and peak memory of the Orders pane.
    Render {
        /// Orders in the benchmark database (created once, then reused).
        #[arg(long, default_value_t = 1_000_000)]
        orders: i64,
        /// Frames to draw while moving through the list.
        #[arg(long, default_value_t = 2000)]
        frames: usize,
        /// Terminal size as COLSxROWS.
        #[arg(long, default_value = "200x50")]
        size: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReturnsAction {
    /// Receive returned goods: good units back on hand, damaged ones written off.
    Create {
        order: String,
        /// SKU:QTY:good|damaged (repeat for more lines).
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long)]
        reason: String,
        /// Warehouse code the good units go back to (default: where they were shipped from).
        #[arg(long)]
        warehouse: Option<String>,
        /// Refund this much (at most what was paid and not yet refunded).
        #[arg(long)]
        refund: Option<rust_decimal::Decimal>,
        /// cash, transfer or channel.
        #[arg(long, default_value = "transfer")]
        method: String,
        #[arg(long, default_value = "")]
        reference: String,
        /// Exchange: a replacement order with SKU:QTY at no charge (repeat for more lines).
        #[arg(long = "exchange", conflicts_with = "exchange_same")]
        exchange: Vec<String>,
        /// Exchange: a replacement order with the same SKUs and quantities as came back.
        #[arg(long)]
        exchange_same: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum InvoiceAction {
    /// An order's invoice as it would be issued, laid out like the paper form.
    Preview {
        order: String,
        /// vat or sales.
        #[arg(long, default_value = "vat")]
        template: String,
        #[command(flatten)]
        buyer: BuyerArgs,
        #[arg(long)]
        json: bool,
        /// Write the invoice as an A4 PDF to this file instead of printing it.
        #[arg(long, value_name = "FILE")]
        pdf: Option<std::path::PathBuf>,
    },
    /// Issues the order's e-invoice with a provider, exactly once; prints its number and
    /// the tax-authority code. An unclear answer keeps it as issuing: run it again.
    Issue {
        order: String,
        /// sinvoice or misa.
        #[arg(long)]
        provider: String,
        /// vat or sales.
        #[arg(long, default_value = "vat")]
        template: String,
        #[command(flatten)]
        buyer: BuyerArgs,
        #[arg(long)]
        json: bool,
    },
    /// Replaces the order's issued invoice (it is never edited): with the buyer corrected
    /// (ORDER with --reason and the buyer flags), or as a received return calls for
    /// (--return N; `returns create` does this already when a provider is configured).
    Replace {
        /// The order whose invoice is replaced with the buyer corrected.
        #[arg(required_unless_present = "return_id", conflicts_with = "return_id")]
        order: Option<String>,
        /// The return's number, as `returns create` printed it.
        #[arg(long = "return")]
        return_id: Option<i64>,
        /// Why it is replaced (sent to the provider).
        #[arg(long, default_value = "")]
        reason: String,
        #[command(flatten)]
        buyer: BuyerArgs,
    },
    /// Automatic invoicing now: one round (the invoices completed orders call for, since
    /// `invoicing.auto_provider` was switched on). --dry-run lists what it would issue and
    /// the older orders it never issues by itself; --older issues those too, on request.
    Auto {
        #[arg(long)]
        dry_run: bool,
        /// Also issue for orders completed before automatic invoicing started.
        #[arg(long)]
        older: bool,
        #[arg(long)]
        json: bool,
    },
    /// Writes the order's issued invoice PDF to a file.
    Pdf {
        order: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Emails the order's issued invoice (its PDF attached) to the buyer, over the SMTP
    /// server of `[smtp]`.
    Email {
        order: String,
        /// Send here instead of the buyer's email on the invoice (several: a,b).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// What `bench intake` measures.
#[derive(Debug, Clone, Copy, Args)]
pub struct IntakeBench {
    /// Most orders one measurement takes in (the stock is sized for about 60% of them, so
    /// a long or fast run ends with backorders); a measurement ends at `--secs` or here.
    #[arg(long, default_value_t = 20_000)]
    pub orders: usize,
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// Bulk import in one transaction instead of one intake per order.
    #[arg(long)]
    pub batch: bool,
    /// How many SKUs the orders share.
    #[arg(long, default_value_t = 5)]
    pub skus: usize,
    /// List every SKU on Shopee, Lazada and TikTok Shop first, so each stock change
    /// also queues a marketplace stock push (the outbox trigger's full cost).
    #[arg(long)]
    pub listed: bool,
    /// Writers of the intake queue, each writing its own groups on its own connection.
    /// One makes the largest groups; more race for the same stock rows (on this
    /// 2-core machine one beat two at every client count from 2 to 16).
    #[arg(long, default_value_t = 1)]
    pub writers: usize,
    /// Paired rounds of (one transaction per order, intake queue, pgbench) back to back;
    /// the median of the rounds' ratios is the result.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Seconds each measurement of a round runs (ours and pgbench's alike).
    #[arg(long, default_value_t = 5)]
    pub secs: u32,
}

/// What `bench stations` runs.
#[derive(Debug, Clone, Copy, Args)]
pub struct StationsBench {
    /// Headless consoles, each with its own pool, all on one listener.
    #[arg(long, default_value_t = 10)]
    pub consoles: usize,
    /// Orders taken in per second, at a steady pace.
    #[arg(long, default_value_t = 100)]
    pub rate: u64,
    /// How long orders arrive.
    #[arg(long, default_value_t = 10)]
    pub secs: u64,
    /// Packers claiming the next order and scanning its items.
    #[arg(long, default_value_t = 2)]
    pub packers: usize,
    /// Consoles on Shipments → To ship (the rest on Orders); one in five when not given.
    #[arg(long)]
    pub to_ship: Option<usize>,
    /// Connections each console's pool may open.
    #[arg(long, default_value_t = 2)]
    pub pool: u32,
    /// Each console reads for itself, as consoles in processes of their own do, instead
    /// of sharing a read of the same window after the same change within this process.
    #[arg(long)]
    pub separate_reads: bool,
}

/// The buyer on an invoice, typed on the command line over what the order holds.
#[derive(Debug, Clone, Default, Args)]
pub struct BuyerArgs {
    /// The buying company (a company invoice needs its tax code and address).
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub buyer_tax_code: Option<String>,
    #[arg(long)]
    pub buyer_address: Option<String>,
    #[arg(long)]
    pub buyer_email: Option<String>,
    #[arg(long)]
    pub buyer_name: Option<String>,
}

impl BuyerArgs {
    /// Any buyer field given at all.
    pub fn given(&self) -> bool {
        self.company.is_some()
            || self.buyer_tax_code.is_some()
            || self.buyer_address.is_some()
            || self.buyer_email.is_some()
            || self.buyer_name.is_some()
    }

    pub fn into_override(self) -> orderdeck_domain::invoice_document::BuyerOverride {
        orderdeck_domain::invoice_document::BuyerOverride {
            company: self.company,
            tax_code: self.buyer_tax_code,
            address: self.buyer_address,
            email: self.buyer_email,
            name: self.buyer_name,
        }
    }
}

/// `orderdeck sim`: where and how the loopback simulator runs.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8765")]
    pub listen: std::net::SocketAddr,
    /// Port of the mail sink (SMTP), on the same address (0: any free port).
    #[arg(long, default_value_t = 2525)]
    pub smtp_port: u16,
    /// Seconds of real time per status step of a parcel.
    #[arg(long, default_value_t = 5.0)]
    pub step_seconds: f64,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Seconds between buyer activity on the marketplaces: a new order mostly, now
    /// and then a cancellation or an address change (0: none).
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub channel_activity: u64,
    /// Paid orders waiting on each marketplace, spread over the last 20 days: a shop
    /// that sold before orderdeck was connected (its first pull takes them in).
    #[arg(long, value_name = "ORDERS", default_value_t = 0)]
    pub backlog: usize,
    /// Listings carry the SKUs of `orderdeck demo`'s catalog, so a demo database takes
    /// the marketplaces' orders in.
    #[arg(long)]
    pub demo_catalog: bool,
    /// The simulated WooCommerce shop sends its orders' webhooks here (e.g.
    /// http://127.0.0.1:8080/hooks/web-woocommerce, where `orderdeck serve` listens), a
    /// new order now and then (with --channel-activity).
    #[arg(long, value_name = "URL")]
    pub woocommerce_webhook: Option<String>,
}
