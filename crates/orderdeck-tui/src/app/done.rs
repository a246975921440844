//! What a finished job changes on screen: the message line, the pack station, forms.

use super::*;

impl App {
    pub(super) fn on_done(&mut self, result: Result<crate::jobs::Done, String>) -> Vec<Effect> {
        use crate::jobs::Done;
        if let Some(fx) = self.on_station_done(&result) {
            return fx;
        }
        if let Ok(Done::Made { said, made }) = result {
            return self.on_made(said, made);
        }
        if let Some(p) = self.pack.as_mut() {
            p.busy = false;
        }
        if let Some(c) = self.count.as_mut() {
            c.busy = false;
        }
        // A bulk job that was refused as a whole leaves no bar behind.
        if result.is_err() {
            self.bulk = None;
        }
        if let Ok(done) = &result
            && self.on_form_done(done)
        {
            return Vec::new();
        }
        if let (Err(e), Some(state)) = (&result, self.form.as_mut()) {
            state.form.busy = false;
            state.form.note = Some((e.clone(), true));
            return Vec::new();
        }
        match result {
            Ok(Done::Said(s)) => self.info(s),
            Ok(Done::SyncEnded { shop_id, result }) => self.on_sync_ended(shop_id, result),
            Ok(Done::ReplyForm {
                conversation_id,
                buyer,
                text,
            }) => self.on_reply_form(conversation_id, &buyer, &text),
            Ok(Done::BufferForm {
                shop_id,
                shop,
                buffer,
                listings,
            }) => self.on_buffer_form(shop_id, &shop, buffer, listings),
            Ok(Done::ConsentNeeded {
                shop_id,
                platform,
                why,
                link,
            }) => self.on_consent_needed(shop_id, &platform, &why, link.as_deref()),
            Ok(Done::CountPosted(s)) => {
                self.count = None;
                self.info(s);
            }
            Ok(Done::Pack { job, said, packed }) => {
                if let Some(p) = self.pack.as_mut() {
                    p.job = job;
                    p.packed = packed;
                    p.last = Some((said, false));
                } else {
                    self.info(said);
                }
            }
            Ok(Done::CountStarted {
                count_id,
                warehouse,
            }) => {
                if let Some(c) = self.count.as_mut() {
                    c.count_id = Some(count_id);
                    c.log.insert(
                        0,
                        (
                            t!(
                                "form-count-started",
                                count = count_id.to_string(),
                                warehouse = warehouse
                            ),
                            false,
                        ),
                    );
                }
            }
            Ok(Done::ShipDraft {
                number,
                defaults,
                hint,
            }) => self.on_ship_draft(number, defaults, hint),
            Ok(Done::PlatformDraft {
                number,
                title,
                note,
                choices,
                selected,
            }) => self.on_platform_draft(number, title, note, choices, selected),
            Ok(Done::BulkDone { said, lines }) => self.on_bulk_done(said, lines),
            Ok(Done::ShipPlace {
                number,
                choice,
                said,
                candidates,
            }) => self.on_ship_place(number, choice, said, candidates),
            Ok(Done::ShipQuoted {
                question,
                number,
                choice,
            }) => self.on_ship_quoted(question, number, choice),
            Ok(Done::Counted { sku, counted }) => {
                if let Some(c) = self.count.as_mut() {
                    c.log
                        .insert(0, (t!("form-counted", sku = sku, counted = counted), false));
                    c.log.truncate(200);
                }
            }
            // Form answers were taken above.
            Ok(_) => {}
            Err(e) => {
                // A refusal at a station is a wrong scan: the bell says so without looking.
                if let Some(p) = self.pack.as_mut() {
                    p.last = Some((e, true));
                    self.bell = true;
                } else if let Some(c) = self.count.as_mut() {
                    if c.count_id.is_none() {
                        self.count = None;
                        self.error(e);
                    } else {
                        c.log.insert(0, (e, true));
                        self.bell = true;
                    }
                } else {
                    self.error(e);
                }
            }
        }
        Vec::new()
    }

    /// Something was made: its form closes, and the cursor goes to it (in its own list,
    /// focused when it is in this pane), so the next key acts on what was made.
    pub(crate) fn on_made(&mut self, said: String, made: crate::outcome::Made) -> Vec<Effect> {
        self.form = None;
        self.info(said);
        let pane = made.list.pane();
        if pane == self.pane
            && let Some(i) = pane.lists().iter().position(|k| *k == made.list)
        {
            self.catalog_focus = i;
        }
        let visible = pane == self.pane;
        let st = self.list_mut(made.list);
        st.pager.select_key(&made.key);
        if st.pager.loaded {
            st.pager.stale = true;
            st.dirty = !visible;
        }
        if made.open {
            return vec![Effect::Goto(made.key)];
        }
        Vec::new()
    }
}
