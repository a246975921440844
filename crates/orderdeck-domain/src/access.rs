//! Who may do what. The database enforces it (group roles, grants and policies in the
//! migration `roles`); this is the same table for the screens, so a packer is never
//! offered a refund that the server would refuse.

use std::fmt;
use std::str::FromStr;

/// A person's role; each includes everything of the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Packer,
    Support,
    Manager,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Packer, Role::Support, Role::Manager, Role::Admin];

    pub fn name(self) -> &'static str {
        match self {
            Role::Packer => "packer",
            Role::Support => "support",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// The database group role that carries this role's grants.
    pub fn group(self) -> &'static str {
        match self {
            Role::Packer => "orderdeck_packer",
            Role::Support => "orderdeck_support",
            Role::Manager => "orderdeck_manager",
            Role::Admin => "orderdeck_admin",
        }
    }

    pub fn may(self, duty: Duty) -> bool {
        self >= duty.least()
    }

    /// Background work (tracking poller, automatic invoicing, channel sync) issues
    /// invoices and writes the catalog's listings: only consoles of roles that may do all
    /// of it take part in the election.
    pub fn runs_workers(self) -> bool {
        self >= Role::Manager
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "packer" => Ok(Role::Packer),
            // "agent" was the first schema's word for a support agent.
            "support" | "agent" => Ok(Role::Support),
            "manager" => Ok(Role::Manager),
            "admin" => Ok(Role::Admin),
            other => Err(orderdeck_i18n::t!(
                "err-unknown-role",
                role = format!("{:?}", crate::text::visible(other))
            )),
        }
    }
}

/// Kinds of work, each allowed from one role up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Duty {
    /// Claim, scan and pack; ship and print labels.
    Pack,
    /// Receive a purchase order's goods into stock.
    ReceiveGoods,
    /// Create, edit and cancel orders.
    EditOrders,
    /// Delivery exceptions: redeliver, return to sender, notes.
    HandleParcels,
    /// Issue, replace and e-mail invoices.
    Invoice,
    /// Returns and refunds.
    Refund,
    /// Draft purchase orders for backorders.
    DraftPurchases,
    /// Confirm and cancel purchase orders.
    Purchase,
    /// Stock counts and adjustments.
    AdjustStock,
    /// COD money received and reconciled.
    ReconcileCod,
    /// Products, warehouses, suppliers.
    EditCatalog,
    /// Marketplace shops: sync, re-authorise, listings.
    Channels,
    /// People and their roles.
    People,
    /// Buyers' conversations: send the assistant's drafts, reply, take over.
    AnswerBuyers,
}

impl Duty {
    /// The least role that may do it.
    pub fn least(self) -> Role {
        match self {
            Duty::Pack | Duty::ReceiveGoods => Role::Packer,
            Duty::EditOrders
            | Duty::HandleParcels
            | Duty::Invoice
            | Duty::Refund
            | Duty::DraftPurchases
            | Duty::AnswerBuyers => Role::Support,
            Duty::Purchase
            | Duty::AdjustStock
            | Duty::ReconcileCod
            | Duty::EditCatalog
            | Duty::Channels => Role::Manager,
            Duty::People => Role::Admin,
        }
    }

    /// What the refusal says: "a packer may not … (support and above)".
    pub fn describe(self) -> &'static str {
        match self {
            Duty::Pack => "pack and ship",
            Duty::ReceiveGoods => "receive goods",
            Duty::EditOrders => "create, edit or cancel orders",
            Duty::HandleParcels => "handle delivery exceptions",
            Duty::Invoice => "issue or replace invoices",
            Duty::Refund => "take returns or refund",
            Duty::DraftPurchases => "draft purchase orders",
            Duty::Purchase => "confirm or cancel purchase orders",
            Duty::AdjustStock => "count or adjust stock",
            Duty::ReconcileCod => "reconcile COD money",
            Duty::EditCatalog => "change products, warehouses or suppliers",
            Duty::Channels => "manage marketplace shops",
            Duty::People => "manage people and roles",
            Duty::AnswerBuyers => "answer buyers' messages",
        }
    }
}

/// A refusal in words: "your role (packer) may not take returns or refund: support and above".
pub fn refusal(role: Role, duty: Duty) -> String {
    let what = match duty {
        Duty::Pack => orderdeck_i18n::t!("err-duty-pack"),
        Duty::ReceiveGoods => orderdeck_i18n::t!("err-duty-receive-goods"),
        Duty::EditOrders => orderdeck_i18n::t!("err-duty-edit-orders"),
        Duty::HandleParcels => orderdeck_i18n::t!("err-duty-handle-parcels"),
        Duty::Invoice => orderdeck_i18n::t!("err-duty-invoice"),
        Duty::Refund => orderdeck_i18n::t!("err-duty-refund"),
        Duty::DraftPurchases => orderdeck_i18n::t!("err-duty-draft-purchases"),
        Duty::Purchase => orderdeck_i18n::t!("err-duty-purchase"),
        Duty::AdjustStock => orderdeck_i18n::t!("err-duty-adjust-stock"),
        Duty::ReconcileCod => orderdeck_i18n::t!("err-duty-reconcile-cod"),
        Duty::EditCatalog => orderdeck_i18n::t!("err-duty-edit-catalog"),
        Duty::Channels => orderdeck_i18n::t!("err-duty-channels"),
        Duty::People => orderdeck_i18n::t!("err-duty-people"),
        Duty::AnswerBuyers => orderdeck_i18n::t!("err-duty-answer-buyers"),
    };
    orderdeck_i18n::t!(
        "err-role-may-not",
        role = role.to_string(),
        what = what,
        least = duty.least().to_string()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_includes_the_ones_below() {
        assert!(Role::Admin.may(Duty::Refund));
        assert!(Role::Support.may(Duty::Refund));
        assert!(!Role::Packer.may(Duty::Refund));
        assert!(!Role::Packer.may(Duty::AdjustStock));
        assert!(!Role::Packer.may(Duty::Invoice));
        assert!(Role::Packer.may(Duty::Pack));
        assert!(!Role::Manager.may(Duty::People));
    }

    #[test]
    fn names_round_trip_and_agent_is_support() {
        for r in Role::ALL {
            assert_eq!(r.name().parse::<Role>(), Ok(r));
        }
        assert_eq!("agent".parse::<Role>(), Ok(Role::Support));
        assert!("root".parse::<Role>().is_err());
    }
}
