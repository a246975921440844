//! The configured e-invoice providers, picked by [`ProviderKind`] at run time.

use crate::invoice_provider::{
    InvoiceError, InvoiceProvider, InvoiceProvidersConfig, InvoiceRequest, InvoiceResult,
    IssuedInvoice, ProviderKind,
};
use crate::misa::MisaClient;
use crate::sinvoice::SInvoiceClient;

/// One provider's client, whichever it is. An enum rather than `dyn InvoiceProvider`: the
/// trait's async methods return `impl Future`, which a trait object cannot.
#[derive(Debug, Clone)]
pub enum AnyInvoiceProvider {
    SInvoice(SInvoiceClient),
    Misa(MisaClient),
}

impl AnyInvoiceProvider {
    /// One cheap authenticated call (a log-in): whether the account's keys work.
    pub async fn check(&self) -> InvoiceResult<()> {
        match self {
            AnyInvoiceProvider::SInvoice(c) => c.check().await,
            AnyInvoiceProvider::Misa(c) => c.check().await,
        }
    }
}

impl InvoiceProvider for AnyInvoiceProvider {
    fn kind(&self) -> ProviderKind {
        match self {
            AnyInvoiceProvider::SInvoice(c) => c.kind(),
            AnyInvoiceProvider::Misa(c) => c.kind(),
        }
    }

    async fn issue(&self, req: &InvoiceRequest) -> InvoiceResult<IssuedInvoice> {
        match self {
            AnyInvoiceProvider::SInvoice(c) => c.issue(req).await,
            AnyInvoiceProvider::Misa(c) => c.issue(req).await,
        }
    }

    async fn find(&self, req: &InvoiceRequest) -> InvoiceResult<Option<IssuedInvoice>> {
        match self {
            AnyInvoiceProvider::SInvoice(c) => c.find(req).await,
            AnyInvoiceProvider::Misa(c) => c.find(req).await,
        }
    }

    async fn preview(&self, req: &InvoiceRequest) -> InvoiceResult<Vec<u8>> {
        match self {
            AnyInvoiceProvider::SInvoice(c) => c.preview(req).await,
            AnyInvoiceProvider::Misa(c) => c.preview(req).await,
        }
    }

    async fn pdf(&self, invoice: &IssuedInvoice) -> InvoiceResult<Vec<u8>> {
        match self {
            AnyInvoiceProvider::SInvoice(c) => c.pdf(invoice).await,
            AnyInvoiceProvider::Misa(c) => c.pdf(invoice).await,
        }
    }

    async fn status(&self, invoice: &IssuedInvoice) -> InvoiceResult<String> {
        match self {
            AnyInvoiceProvider::SInvoice(c) => c.status(invoice).await,
            AnyInvoiceProvider::Misa(c) => c.status(invoice).await,
        }
    }
}

/// Every e-invoice account in the config. A section that is present but wrong is an
/// error at start-up (said once, clearly), not at the first invoice.
#[derive(Debug, Clone, Default)]
pub struct InvoiceProviders {
    sinvoice: Option<AnyInvoiceProvider>,
    misa: Option<AnyInvoiceProvider>,
}

impl InvoiceProviders {
    pub fn new(cfg: &InvoiceProvidersConfig) -> Result<InvoiceProviders, InvoiceError> {
        Ok(InvoiceProviders {
            sinvoice: cfg
                .sinvoice
                .as_ref()
                .map(|c| SInvoiceClient::new(c).map(AnyInvoiceProvider::SInvoice))
                .transpose()?,
            misa: cfg
                .misa
                .as_ref()
                .map(|c| MisaClient::new(c).map(AnyInvoiceProvider::Misa))
                .transpose()?,
        })
    }

    /// From clients built elsewhere (tests with short timeouts, the simulator).
    pub fn from_clients(
        sinvoice: Option<SInvoiceClient>,
        misa: Option<MisaClient>,
    ) -> InvoiceProviders {
        InvoiceProviders {
            sinvoice: sinvoice.map(AnyInvoiceProvider::SInvoice),
            misa: misa.map(AnyInvoiceProvider::Misa),
        }
    }

    pub fn get(&self, kind: ProviderKind) -> Result<&AnyInvoiceProvider, InvoiceError> {
        let (slot, provider, detail) = match kind {
            ProviderKind::SInvoice => (
                &self.sinvoice,
                crate::sinvoice::PROVIDER,
                "add [invoices.sinvoice] with base_url, username, password and \
                 supplier_tax_code to the config file (or \
                 ORDERDECK_INVOICES__SINVOICE__BASE_URL, …__USERNAME, …__PASSWORD, \
                 …__SUPPLIER_TAX_CODE)",
            ),
            ProviderKind::Misa => (
                &self.misa,
                crate::misa::PROVIDER,
                "add [invoices.misa] with base_url, app_id, tax_code, username and password \
                 to the config file (or ORDERDECK_INVOICES__MISA__BASE_URL, …__APP_ID, \
                 …__TAX_CODE, …__USERNAME, …__PASSWORD)",
            ),
        };
        slot.as_ref().ok_or_else(|| InvoiceError::NotConfigured {
            provider,
            detail: detail.to_string(),
        })
    }

    pub fn configured(&self) -> Vec<ProviderKind> {
        ProviderKind::ALL
            .into_iter()
            .filter(|k| self.get(*k).is_ok())
            .collect()
    }
}
