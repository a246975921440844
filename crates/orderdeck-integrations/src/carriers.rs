//! The configured carriers, picked by [`CarrierKind`] at run time.

use crate::carrier::{
    Carrier, CarrierError, CarrierKind, CarrierLabel, CarrierOrder, CarrierResult, CarriersConfig,
    ParcelAction, ParcelRequest, Quote, Tracking,
};
use crate::ghn::GhnClient;
use crate::viettel_post::ViettelPostClient;
use orderdeck_domain::places::Place;

/// One carrier's client, whichever it is. An enum rather than `dyn Carrier`: the trait's
/// async methods return `impl Future`, which a trait object cannot.
#[derive(Debug, Clone)]
pub enum AnyCarrier {
    Ghn(GhnClient),
    ViettelPost(ViettelPostClient),
}

impl AnyCarrier {
    /// One cheap authenticated call: a look-up of a code no parcel has, which the carrier
    /// answers only to a caller whose keys it takes.
    pub async fn check(&self) -> CarrierResult<()> {
        self.find("ORDERDECK-CONFIG-CHECK").await.map(|_| ())
    }

    /// Whether orders go to this carrier by its own place ids (GHN), so the buyer's
    /// address must be resolved against its list first; Viettel Post takes names.
    pub fn wants_places(&self) -> bool {
        matches!(self, AnyCarrier::Ghn(_))
    }

    /// The carrier's list of places, for a carrier that [wants them](Self::wants_places).
    pub async fn places(&self) -> CarrierResult<Vec<Place>> {
        match self {
            AnyCarrier::Ghn(c) => c.places().await,
            AnyCarrier::ViettelPost(_) => Ok(Vec::new()),
        }
    }
}

impl Carrier for AnyCarrier {
    fn kind(&self) -> CarrierKind {
        match self {
            AnyCarrier::Ghn(c) => c.kind(),
            AnyCarrier::ViettelPost(c) => c.kind(),
        }
    }

    async fn quote(&self, req: &ParcelRequest) -> CarrierResult<Quote> {
        match self {
            AnyCarrier::Ghn(c) => c.quote(req).await,
            AnyCarrier::ViettelPost(c) => c.quote(req).await,
        }
    }

    async fn create(&self, req: &ParcelRequest) -> CarrierResult<CarrierOrder> {
        match self {
            AnyCarrier::Ghn(c) => c.create(req).await,
            AnyCarrier::ViettelPost(c) => c.create(req).await,
        }
    }

    async fn find(&self, client_order_code: &str) -> CarrierResult<Option<CarrierOrder>> {
        match self {
            AnyCarrier::Ghn(c) => c.find(client_order_code).await,
            AnyCarrier::ViettelPost(c) => c.find(client_order_code).await,
        }
    }

    async fn track(&self, tracking_number: &str) -> CarrierResult<Tracking> {
        match self {
            AnyCarrier::Ghn(c) => c.track(tracking_number).await,
            AnyCarrier::ViettelPost(c) => c.track(tracking_number).await,
        }
    }

    async fn act(&self, tracking_number: &str, action: ParcelAction) -> CarrierResult<()> {
        match self {
            AnyCarrier::Ghn(c) => c.act(tracking_number, action).await,
            AnyCarrier::ViettelPost(c) => c.act(tracking_number, action).await,
        }
    }

    async fn label(&self, tracking_number: &str) -> CarrierResult<CarrierLabel> {
        match self {
            AnyCarrier::Ghn(c) => c.label(tracking_number).await,
            AnyCarrier::ViettelPost(c) => c.label(tracking_number).await,
        }
    }
}

/// Every carrier account in the config. A section that is present but wrong is an error
/// at start-up (said once, clearly), not at the first parcel.
#[derive(Debug, Clone, Default)]
pub struct Carriers {
    ghn: Option<AnyCarrier>,
    viettel_post: Option<AnyCarrier>,
}

impl Carriers {
    pub fn new(cfg: &CarriersConfig) -> Result<Carriers, CarrierError> {
        Ok(Carriers {
            ghn: cfg
                .ghn
                .as_ref()
                .map(|c| GhnClient::new(c).map(AnyCarrier::Ghn))
                .transpose()?,
            viettel_post: cfg
                .viettelpost
                .as_ref()
                .map(|c| ViettelPostClient::new(c).map(AnyCarrier::ViettelPost))
                .transpose()?,
        })
    }

    /// From clients built elsewhere (tests with short timeouts, the simulator).
    pub fn from_clients(
        ghn: Option<GhnClient>,
        viettel_post: Option<ViettelPostClient>,
    ) -> Carriers {
        Carriers {
            ghn: ghn.map(AnyCarrier::Ghn),
            viettel_post: viettel_post.map(AnyCarrier::ViettelPost),
        }
    }

    pub fn get(&self, kind: CarrierKind) -> Result<&AnyCarrier, CarrierError> {
        let (slot, carrier, detail) = match kind {
            CarrierKind::Ghn => (
                &self.ghn,
                crate::ghn::CARRIER,
                "add [carriers.ghn] with base_url, token and shop_id to the config file \
                 (or ORDERDECK_CARRIERS__GHN__BASE_URL, …__TOKEN, …__SHOP_ID)",
            ),
            CarrierKind::ViettelPost => (
                &self.viettel_post,
                crate::viettel_post::CARRIER,
                "add [carriers.viettelpost] with base_url, username and password to the \
                 config file (or ORDERDECK_CARRIERS__VIETTELPOST__BASE_URL, …__USERNAME, \
                 …__PASSWORD)",
            ),
        };
        slot.as_ref().ok_or_else(|| CarrierError::NotConfigured {
            carrier,
            detail: detail.to_string(),
        })
    }

    pub fn configured(&self) -> Vec<CarrierKind> {
        CarrierKind::ALL
            .into_iter()
            .filter(|k| self.get(*k).is_ok())
            .collect()
    }
}
