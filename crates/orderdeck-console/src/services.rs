//! What the console's jobs need beyond the database: the config, the carriers, the
//! e-invoice providers, and where files it writes (labels, invoice PDFs) go.

use std::path::PathBuf;
use std::sync::Arc;

use orderdeck_app::config::Config;
use orderdeck_integrations::carriers::Carriers;
use orderdeck_integrations::invoice_providers::InvoiceProviders;

pub struct Services {
    pub config: Arc<Config>,
    pub carriers: Arc<Carriers>,
    pub invoices: Arc<InvoiceProviders>,
    /// Carriers' lists of places, indexed once per console.
    pub places: orderdeck_app::carrier_places::Places,
    /// Where printed labels are written before the print command gets them.
    pub labels_dir: PathBuf,
    /// Where exported invoice PDFs are written.
    pub exports_dir: PathBuf,
    /// The chat channels' clients: a reply sent from the Inbox goes through them.
    pub chat: orderdeck_app::assistant::senders::Senders,
}
