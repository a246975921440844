//! Where a running simulator listens and the credentials it takes — every config that
//! points at it — so a console can use simulators another process started (the demo's,
//! one set per database).

use std::net::SocketAddr;

use orderdeck_integrations::carrier::{CarriersConfig, GhnConfig, ViettelPostConfig};
use orderdeck_integrations::invoice_provider::{
    InvoiceProvidersConfig, MisaConfig, SInvoiceConfig,
};
use orderdeck_integrations::mail::{SmtpConfig, SmtpSecurity};
use orderdeck_integrations::marketplace::ChannelsConfig;
use orderdeck_integrations::marketplace::lazada::LazadaConfig;
use orderdeck_integrations::marketplace::shopee::ShopeeConfig;
use orderdeck_integrations::marketplace::tiktok::TikTokConfig;

use crate::{SimOptions, lazada, misa, shopee, sinvoice, tiktok, viettel_post};

/// Where a running simulator listens, and the credentials it accepts: every config that
/// points at it. A simulator started in another process (the demo's, shared by every
/// console on one database) is reached through these too.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub addr: SocketAddr,
    pub smtp_addr: SocketAddr,
    ghn_token: String,
    ghn_shop_id: i64,
    vtp_username: String,
    vtp_password: String,
    smtp_username: String,
    smtp_password: String,
}

/// Whether a simulator answers at `addr` (its health check, within a second).
pub async fn is_running(addr: SocketAddr) -> bool {
    let client = match reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(1))
        .build()
    {
        Ok(c) => c,
        Err(_) => return false,
    };
    client
        .get(format!("http://{addr}/_sim/health"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

impl Endpoints {
    /// A simulator started with `opts`' credentials at these addresses.
    pub fn new(addr: SocketAddr, smtp_addr: SocketAddr, opts: &SimOptions) -> Endpoints {
        Endpoints {
            addr,
            smtp_addr,
            ghn_token: opts.ghn_token.clone(),
            ghn_shop_id: opts.ghn_shop_id,
            vtp_username: opts.vtp_username.clone(),
            vtp_password: opts.vtp_password.clone(),
            smtp_username: opts.smtp_username.clone(),
            smtp_password: opts.smtp_password.clone(),
        }
    }

    /// `[carriers.ghn]` pointing here.
    pub fn ghn_config(&self) -> GhnConfig {
        GhnConfig {
            base_url: format!("http://{}/shiip/public-api", self.addr),
            token: self.ghn_token.clone(),
            shop_id: self.ghn_shop_id,
            timeout_secs: None,
            pick_shift: None,
        }
    }

    /// `[carriers.viettelpost]` pointing here.
    pub fn viettel_post_config(&self) -> ViettelPostConfig {
        ViettelPostConfig {
            base_url: format!("http://{}", self.addr),
            username: self.vtp_username.clone(),
            password: self.vtp_password.clone(),
            group_address_id: Some(viettel_post::GROUP_ADDRESS_ID),
            customer_id: Some(viettel_post::CUSTOMER_ID),
            timeout_secs: None,
        }
    }

    pub fn carriers_config(&self) -> CarriersConfig {
        CarriersConfig {
            ghn: Some(self.ghn_config()),
            viettelpost: Some(self.viettel_post_config()),
        }
    }

    /// `[invoices.sinvoice]` pointing here.
    pub fn sinvoice_config(&self) -> SInvoiceConfig {
        SInvoiceConfig {
            base_url: format!("http://{}{}", self.addr, sinvoice::API),
            username: sinvoice::USERNAME.to_string(),
            password: sinvoice::PASSWORD.to_string(),
            supplier_tax_code: sinvoice::SUPPLIER_TAX_CODE.to_string(),
            timeout_secs: None,
        }
    }

    /// `[invoices.misa]` pointing here.
    pub fn misa_config(&self) -> MisaConfig {
        MisaConfig {
            base_url: format!("http://{}{}", self.addr, misa::API),
            app_id: misa::APP_ID.to_string(),
            tax_code: misa::TAX_CODE.to_string(),
            username: misa::USERNAME.to_string(),
            password: misa::PASSWORD.to_string(),
            // Left unset: the adapter lists the account's certificates and uses the one.
            certificate_sn: None,
            timeout_secs: None,
        }
    }

    pub fn invoice_providers_config(&self) -> InvoiceProvidersConfig {
        InvoiceProvidersConfig {
            sinvoice: Some(self.sinvoice_config()),
            misa: Some(self.misa_config()),
        }
    }

    /// `[channels.shopee]` pointing here (a pre-authorised shop: tokens from
    /// [`SimHandle::shopee_authorize`]).
    pub fn shopee_config(&self) -> ShopeeConfig {
        ShopeeConfig {
            base_url: format!("http://{}", self.addr),
            partner_id: shopee::PARTNER_ID,
            partner_key: shopee::PARTNER_KEY.to_string(),
            shop_id: shopee::SHOP_ID,
            timeout_secs: None,
            logistic_ids: vec![shopee::LOGISTIC_ID],
            push_url: None,
            chat: false,
        }
    }

    pub fn channels_config(&self) -> ChannelsConfig {
        ChannelsConfig {
            redirect_url: None,
            shopee: Some(self.shopee_config()),
            lazada: Some(self.lazada_config()),
            tiktok: Some(self.tiktok_config()),
        }
    }

    /// `[channels.lazada]` pointing here: gateway and auth host both on loopback.
    pub fn lazada_config(&self) -> LazadaConfig {
        LazadaConfig {
            base_url: format!("http://{}/rest", self.addr),
            auth_url: format!("http://{}/rest", self.addr),
            app_key: lazada::APP_KEY.to_string(),
            app_secret: lazada::APP_SECRET.to_string(),
            timeout_secs: None,
            chat: false,
        }
    }

    /// `[channels.tiktok]` pointing here (open API and token host both on loopback).
    /// `shop_cipher` is left empty so the client looks it up.
    pub fn tiktok_config(&self) -> TikTokConfig {
        TikTokConfig {
            base_url: format!("http://{}", self.addr),
            auth_url: format!("http://{}", self.addr),
            app_key: tiktok::APP_KEY.to_string(),
            app_secret: tiktok::APP_SECRET.to_string(),
            shop_cipher: String::new(),
            warehouse_id: None,
            timeout_secs: None,
            authorize_url: Some(format!(
                "http://{}/open/authorize?service_id={}",
                self.addr,
                tiktok::SERVICE_ID
            )),
            chat: false,
        }
    }

    /// `[smtp]` pointing at the mail sink: plain SMTP on loopback, with its log-in.
    pub fn smtp_config(&self) -> SmtpConfig {
        let o = self;
        let login = !o.smtp_username.is_empty();
        SmtpConfig {
            host: self.smtp_addr.ip().to_string(),
            port: Some(self.smtp_addr.port()),
            security: SmtpSecurity::None,
            username: login.then(|| o.smtp_username.clone()),
            password: login.then(|| o.smtp_password.clone()),
            from: "Shop Ánh Dương <hoadon@example.vn>".to_string(),
            reply_to: None,
            timeout_secs: None,
        }
    }
}
