//! How a simulated parcel moves: a planned list of statuses, one step every `step`
//! of real time from the moment it was planned. Asking never changes anything, so the
//! history is the same however often (or rarely) a client polls.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone)]
pub(crate) struct Timeline<S> {
    /// Steps that happened before the last re-plan, with their times.
    done: Vec<(S, DateTime<Utc>)>,
    plan: Vec<S>,
    plan_start: DateTime<Utc>,
    step: Duration,
}

impl<S: Clone + PartialEq> Timeline<S> {
    pub fn new(plan: Vec<S>, now: DateTime<Utc>, step: Duration) -> Timeline<S> {
        Timeline {
            done: Vec::new(),
            plan,
            plan_start: now,
            step,
        }
    }

    /// Every step reached by `now`, oldest first. The first planned step is reached at
    /// once.
    pub fn events(&self, now: DateTime<Utc>) -> Vec<(S, DateTime<Utc>)> {
        let mut out = self.done.clone();
        let mut at = self.plan_start;
        for (i, s) in self.plan.iter().enumerate() {
            if i > 0 {
                at += self.step;
                if at > now {
                    break;
                }
            }
            out.push((s.clone(), at));
        }
        out
    }

    pub fn current(&self, now: DateTime<Utc>) -> Option<S> {
        self.events(now).pop().map(|(s, _)| s)
    }

    /// Keeps what has happened and continues with `plan` from `now`.
    pub fn replan(&mut self, now: DateTime<Utc>, plan: Vec<S>) {
        self.done = self.events(now);
        self.plan = plan;
        self.plan_start = now;
    }
}

/// A step of `secs` seconds (0 or less: every step at once).
pub(crate) fn step_from_secs(secs: f64) -> Duration {
    if secs.is_finite() && secs > 0.0 {
        // Milliseconds are plenty; the cast is bounded by the clamp.
        Duration::milliseconds((secs * 1000.0).round().min(1e12) as i64)
    } else {
        Duration::zero()
    }
}

/// A number in [0, 1) fixed by the seed and the parcel: its fate does not depend on the
/// order parcels arrive in.
pub(crate) fn roll(seed: u64, key: &str) -> f64 {
    // FNV-1a, then splitmix64 to spread the bits.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = h ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_follow_time_and_replans_keep_history() {
        let t0 = Utc::now();
        let step = Duration::seconds(2);
        let mut t = Timeline::new(vec!["a", "b", "c"], t0, step);
        assert_eq!(t.current(t0), Some("a"));
        assert_eq!(t.current(t0 + Duration::seconds(3)), Some("b"));
        assert_eq!(t.events(t0 + Duration::seconds(60)).len(), 3);
        t.replan(t0 + Duration::seconds(3), vec!["x", "y"]);
        let ev = t.events(t0 + Duration::seconds(100));
        let codes: Vec<_> = ev.iter().map(|(s, _)| *s).collect();
        assert_eq!(codes, ["a", "b", "x", "y"]);
        assert!(ev.windows(2).all(|w| w[0].1 <= w[1].1));
    }

    #[test]
    fn rolls_are_stable_and_spread() {
        assert_eq!(roll(7, "A1"), roll(7, "A1"));
        assert_ne!(roll(7, "A1"), roll(8, "A1"));
        let low = (0..1000).filter(|i| roll(1, &i.to_string()) < 0.5).count();
        assert!((400..600).contains(&low), "{low}");
    }
}
