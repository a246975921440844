//! Faults the simulator can inject, set at run time through [`Faults`] or over HTTP
//! (`POST /_sim/faults` with a [`FaultSpec`] as JSON).
//!
//! Each kind fires on "the next N matching calls" and/or with a probability. They are
//! checked in a fixed order (timeout, 500, 503, 429, malformed, accept-then-timeout) and
//! at most one fires per call.

use std::sync::{Arc, Mutex, MutexGuard};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use orderdeck_integrations::carrier::CarrierKind;
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_integrations::marketplace::ChannelKind;

/// Whose API a call is for: a carrier's, an e-invoice provider's or a marketplace's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Carrier(CarrierKind),
    Invoice(ProviderKind),
    Channel(ChannelKind),
}

/// When one kind of fault fires.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Trigger {
    /// Chance per matching call, 0.0 to 1.0.
    pub probability: f64,
    /// Fires on this many of the next matching calls, then stops.
    pub next: u32,
}

impl Trigger {
    pub fn next(n: u32) -> Trigger {
        Trigger {
            probability: 0.0,
            next: n,
        }
    }

    pub fn always() -> Trigger {
        Trigger {
            probability: 1.0,
            next: 0,
        }
    }

    pub fn probability(p: f64) -> Trigger {
        Trigger {
            probability: p,
            next: 0,
        }
    }

    fn armed(&self) -> bool {
        self.next > 0 || self.probability > 0.0
    }

    fn fire(&mut self, rng: &mut StdRng) -> bool {
        if self.next > 0 {
            self.next -= 1;
            return true;
        }
        self.probability > 0.0 && rng.random::<f64>() < self.probability
    }
}

/// What goes wrong, and for which calls. JSON example:
/// `{"carrier":"ghn","path_contains":"create","delay_ms":400,"accept_then_timeout":{"next":1}}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultSpec {
    /// Only calls to this carrier (`"ghn"` or `"viettelpost"`); none = every carrier
    /// (and, unless `provider` is set, every e-invoice provider too).
    pub carrier: Option<CarrierKind>,
    /// Only calls to this e-invoice provider (`"sinvoice"` or `"misa"`).
    pub provider: Option<ProviderKind>,
    /// Only calls to this marketplace (`"shopee"`, `"lazada"`, `"tiktok"`).
    pub channel: Option<ChannelKind>,
    /// Only calls whose path contains this text, e.g. `"create"`.
    pub path_contains: Option<String>,
    /// Added to every matching call.
    pub latency_ms: u64,
    /// How long a timed-out reply is held back: set it above the client's timeout.
    pub delay_ms: u64,
    /// The `Retry-After` of an injected 429.
    pub retry_after_secs: u64,
    /// Holds the reply for `delay_ms`, then answers 504; nothing is done.
    pub timeout: Trigger,
    pub http_500: Trigger,
    pub http_503: Trigger,
    /// HTTP 429 with `Retry-After`.
    pub rate_limit: Trigger,
    /// The call is carried out, but the reply body is cut in half.
    pub malformed: Trigger,
    /// Creates only (carrier orders, S-Invoice createInvoice, MISA publish): the order
    /// or invoice is stored, then the reply is held for `delay_ms`, past
    /// the client's timeout. The case that idempotency exists for.
    pub accept_then_timeout: Trigger,
}

impl Default for FaultSpec {
    fn default() -> FaultSpec {
        FaultSpec {
            carrier: None,
            provider: None,
            channel: None,
            path_contains: None,
            latency_ms: 0,
            delay_ms: 30_000,
            retry_after_secs: 3,
            timeout: Trigger::default(),
            http_500: Trigger::default(),
            http_503: Trigger::default(),
            rate_limit: Trigger::default(),
            malformed: Trigger::default(),
            accept_then_timeout: Trigger::default(),
        }
    }
}

/// What to do with one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Timeout { delay_ms: u64 },
    Status(u16),
    RateLimited { retry_after_secs: u64 },
    Malformed,
    AcceptThenTimeout { delay_ms: u64 },
}

/// Decided per call: sleep this long first, then maybe a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decision {
    pub latency_ms: u64,
    pub fault: Option<Fault>,
}

struct State {
    spec: FaultSpec,
    rng: StdRng,
}

/// The simulator's fault settings; clones share them.
#[derive(Clone)]
pub struct Faults {
    inner: Arc<Mutex<State>>,
}

impl Faults {
    pub(crate) fn new(seed: u64) -> Faults {
        Faults {
            inner: Arc::new(Mutex::new(State {
                spec: FaultSpec::default(),
                // Its own stream, so injecting faults does not change parcels' fates.
                rng: StdRng::seed_from_u64(seed ^ 0x5eed_fa17),
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding it leaves plain data behind: keep using it.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces every setting.
    pub fn set(&self, spec: FaultSpec) {
        self.lock().spec = spec;
    }

    /// Changes some settings, e.g. `faults.update(|f| f.http_503 = Trigger::next(1))`.
    pub fn update(&self, change: impl FnOnce(&mut FaultSpec)) {
        change(&mut self.lock().spec);
    }

    /// Adds `latency` to every call (zero: none).
    pub fn set_latency(&self, latency: std::time::Duration) {
        let ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
        self.update(|f| f.latency_ms = ms);
    }

    /// Every create is carried out and then answered too late (`delay_ms`), or none is.
    pub fn accept_then_timeout_all(&self, on: bool) {
        self.update(|f| {
            f.accept_then_timeout = if on {
                Trigger::always()
            } else {
                Trigger::default()
            }
        });
    }

    /// No faults any more.
    pub fn clear(&self) {
        self.set(FaultSpec::default());
    }

    /// The current settings (with counters as they are now).
    pub fn get(&self) -> FaultSpec {
        self.lock().spec.clone()
    }

    /// A carrier call's decision (the unit tests' shorthand).
    #[cfg(test)]
    pub(crate) fn decide(&self, carrier: CarrierKind, path: &str, is_create: bool) -> Decision {
        self.decide_for(Target::Carrier(carrier), path, is_create)
    }

    pub(crate) fn decide_for(&self, target: Target, path: &str, is_create: bool) -> Decision {
        let mut guard = self.lock();
        let State { spec, rng } = &mut *guard;
        // Each filter, when set, keeps faults to its own kind of service.
        let filtered_out = match target {
            Target::Carrier(c) => {
                spec.carrier.is_some_and(|x| x != c)
                    || spec.provider.is_some()
                    || spec.channel.is_some()
            }
            Target::Invoice(p) => {
                spec.provider.is_some_and(|x| x != p)
                    || spec.carrier.is_some()
                    || spec.channel.is_some()
            }
            Target::Channel(k) => {
                spec.channel.is_some_and(|x| x != k)
                    || spec.carrier.is_some()
                    || spec.provider.is_some()
            }
        };
        if filtered_out
            || spec
                .path_contains
                .as_deref()
                .is_some_and(|p| !path.contains(p))
        {
            return Decision::default();
        }
        let delay_ms = spec.delay_ms;
        let fault = if spec.timeout.armed() && spec.timeout.fire(rng) {
            Some(Fault::Timeout { delay_ms })
        } else if spec.http_500.armed() && spec.http_500.fire(rng) {
            Some(Fault::Status(500))
        } else if spec.http_503.armed() && spec.http_503.fire(rng) {
            Some(Fault::Status(503))
        } else if spec.rate_limit.armed() && spec.rate_limit.fire(rng) {
            Some(Fault::RateLimited {
                retry_after_secs: spec.retry_after_secs,
            })
        } else if spec.malformed.armed() && spec.malformed.fire(rng) {
            Some(Fault::Malformed)
        } else if is_create
            && spec.accept_then_timeout.armed()
            && spec.accept_then_timeout.fire(rng)
        {
            Some(Fault::AcceptThenTimeout { delay_ms })
        } else {
            None
        };
        Decision {
            latency_ms: spec.latency_ms,
            fault,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_n_fires_n_times_in_order() {
        let f = Faults::new(1);
        f.update(|s| {
            s.timeout = Trigger::next(1);
            s.http_503 = Trigger::next(2);
        });
        let d = |f: &Faults| f.decide(CarrierKind::Ghn, "/x", false).fault;
        assert_eq!(d(&f), Some(Fault::Timeout { delay_ms: 30_000 }));
        assert_eq!(d(&f), Some(Fault::Status(503)));
        assert_eq!(d(&f), Some(Fault::Status(503)));
        assert_eq!(d(&f), None);
    }

    #[test]
    fn filters_and_create_only() {
        let f = Faults::new(1);
        f.set(FaultSpec {
            carrier: Some(CarrierKind::ViettelPost),
            accept_then_timeout: Trigger::always(),
            ..FaultSpec::default()
        });
        assert_eq!(f.decide(CarrierKind::Ghn, "/create", true).fault, None);
        assert_eq!(
            f.decide(CarrierKind::ViettelPost, "/detail", false).fault,
            None
        );
        assert!(
            f.decide(CarrierKind::ViettelPost, "/createOrder", true)
                .fault
                .is_some()
        );
        let json =
            r#"{"carrier":"ghn","path_contains":"create","delay_ms":400,"rate_limit":{"next":1}}"#;
        let spec: FaultSpec = serde_json::from_str(json).unwrap();
        assert_eq!(spec.rate_limit.next, 1);
        assert_eq!(spec.retry_after_secs, 3);
    }
}
