//! What the signed-in role may do, key by key: the footer and the help leave out what the
//! role may not do, and such a key says why instead of starting work the server would
//! refuse anyway (the database enforces the same table: `orderdeck_domain::access`).

use orderdeck_domain::access::Duty;

use crate::keymap::Action;
use crate::lists::PaneId;

/// The duty a key does in a pane; `None` for keys anyone may press (moving, opening,
/// filtering, saving a PDF …).
pub fn duty(pane: PaneId, action: Action) -> Option<Duty> {
    use Action as A;
    use PaneId as P;
    match (pane, action) {
        (_, A::Pack | A::Ship | A::Label | A::PickList) => Some(Duty::Pack),
        (_, A::ReceivePo) => Some(Duty::ReceiveGoods),
        (_, A::DraftPurchases) => Some(Duty::DraftPurchases),
        (_, A::ConfirmPo) => Some(Duty::Purchase),
        (_, A::StockCount | A::PostCount) => Some(Duty::AdjustStock),
        (_, A::Redeliver | A::ReturnParcel | A::NoteParcel) => Some(Duty::HandleParcels),
        (_, A::CodReceived) => Some(Duty::ReconcileCod),
        (_, A::Invoice | A::EmailInvoice) => Some(Duty::Invoice),
        (_, A::ReturnGoods) => Some(Duty::Refund),
        (_, A::SyncShop | A::Reconnect) => Some(Duty::Channels),
        (_, A::SendDraft | A::Reply | A::TakeOver) => Some(Duty::AnswerBuyers),
        (P::Orders, A::NewItem | A::EditItem | A::CancelSelected) => Some(Duty::EditOrders),
        (P::Catalog | P::Stock, A::NewItem | A::EditItem | A::CancelSelected) => {
            Some(Duty::EditCatalog)
        }
        (P::Purchasing, A::NewItem | A::EditItem | A::CancelSelected) => Some(Duty::Purchase),
        (P::Shipments | P::Tracking, A::CancelSelected) => Some(Duty::HandleParcels),
        (P::Channels, A::EditItem) => Some(Duty::Channels),
        _ => None,
    }
}

/// The duty of a key wherever it is pressed, for the help list (keys whose meaning
/// depends on the pane are listed for everyone).
pub fn duty_anywhere(action: Action) -> Option<Duty> {
    match action {
        Action::NewItem | Action::EditItem | Action::CancelSelected => None,
        a => duty(PaneId::Dashboard, a),
    }
}
