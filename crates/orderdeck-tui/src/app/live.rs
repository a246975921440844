//! What changes by itself: database notifications and the clock's tick.

use super::*;

impl App {
    pub(super) fn on_db(&mut self, ev: DbEvent) -> Vec<Effect> {
        match ev {
            DbEvent::Changed(change) => {
                let mut fx = Vec::new();
                for kind in ListKind::ALL {
                    let visible = self.pane.lists().contains(&kind);
                    let st = self.list_mut(kind);
                    if kind.tables().contains(&change.table.as_str()) {
                        if visible {
                            st.pager.stale = true;
                            // The first change after a quiet spell is read at once; those
                            // coming while that read is out, or within the gap after it,
                            // are read together by the next (on a later change, the answer
                            // or the tick, whichever finds the gap passed).
                            if st.pager.refresh_due() {
                                fx.push(Effect::FetchList {
                                    list: kind,
                                    fetch: st.pager.refresh(),
                                });
                            }
                        } else if st.pager.loaded {
                            st.dirty = true;
                        }
                    }
                    if let Some(d) = st.detail.as_mut()
                        && kind.detail_tables().contains(&change.table.as_str())
                    {
                        d.stale = true;
                    }
                }
                self.dashboard_stale = true;
                fx
            }
            DbEvent::Lost(reason) => {
                self.listening = false;
                if !matches!(self.connection, Connection::Lost { .. }) {
                    self.connection = Connection::Lost {
                        reason,
                        since: self.now,
                    };
                }
                Vec::new()
            }
            DbEvent::Connected => {
                let was_lost = matches!(self.connection, Connection::Lost { .. });
                self.connection = Connection::Connected;
                self.listening = true;
                if was_lost {
                    self.info(t!("form-db-restored-refreshed"));
                }
                // Changes made before the listener was subscribed (at start-up, or while
                // the connection was lost) were never announced: re-read everything shown.
                {
                    for kind in ListKind::ALL {
                        let st = self.list_mut(kind);
                        if st.pager.loaded {
                            st.pager.stale = true;
                            st.dirty = true;
                        }
                        if let Some(d) = st.detail.as_mut() {
                            d.stale = true;
                        }
                    }
                    self.dashboard_stale = true;
                    self.on_tick()
                }
            }
        }
    }

    pub(super) fn on_tick(&mut self) -> Vec<Effect> {
        if !self.frozen_clock {
            self.now = Utc::now();
        }
        if let Some(m) = &self.message
            && m.at.elapsed() > Duration::from_secs(8)
        {
            self.message = None;
        }
        let mut fx = Vec::new();
        for kind in self.pane.lists().to_vec() {
            let st = self.list_mut(kind);
            st.dirty = false;
            if st.pager.stale && st.pager.refresh_due() {
                fx.push(Effect::FetchList {
                    list: kind,
                    fetch: st.pager.refresh(),
                });
            }
            if let Some(d) = st.detail.as_mut()
                && d.stale
            {
                d.stale = false;
                fx.push(Effect::FetchDetail {
                    list: kind,
                    id: d.id,
                    id2: d.id2,
                });
            }
        }
        if self.pane == PaneId::Dashboard
            && self.dashboard_stale
            && !self.dashboard_loading
            && self
                .dashboard_loaded_at
                .is_none_or(|t| t.elapsed() >= Duration::from_millis(500))
        {
            fx.push(self.fetch_dashboard());
        }
        fx
    }
}
