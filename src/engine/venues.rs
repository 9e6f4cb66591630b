//! Venues and their backstops. Large centralised venues hold insurance
//! funds of hundreds of millions to billions of dollars; an on-chain venue
//! like Hyperliquid is backstopped by its liquidity vault (HLP), small
//! against its open interest, so on Oct 10 2025 auto-deleveraging fired
//! there, closing about $2.1B of positions in about 12 minutes (model
//! references, sections 3, 6 and 7).

use super::params::Params;

/// Share of the leveraged positions on the on-chain venue: Hyperliquid
/// liquidated about $10.2B of the $19.1B on Oct 10 2025, 55% (model
/// references, section 6). Every simulated position stands for accounts on
/// both kinds of venue in these proportions.
pub const ON_CHAIN_SHARE: f64 = 0.55;

/// The on-chain venue's backstop (its vault's capacity to absorb losses)
/// as a share of the centralised venues' insurance funds. The references
/// give no figure beyond "small against its open interest"; a fifth, while
/// the venue holds 55% of the positions, puts Oct 10 2025's ADL near the
/// reported $2.1B.
pub const ON_CHAIN_BACKSTOP_RATIO: f64 = 0.2;

/// One kind of venue: the share of every position it holds and the
/// backstop that pays for fills past bankruptcy before it deleverages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Venue {
    pub name: &'static str,
    pub share: f64,
    pub backstop_usd: f64,
}

/// The venues of a run: the centralised ones pooled, with the insurance
/// funds of the parameters (`fund`), and the on-chain one with its vault.
pub fn venues(params: &Params) -> [Venue; 2] {
    [
        Venue {
            name: "centralised venues",
            share: 1.0 - ON_CHAIN_SHARE,
            backstop_usd: params.insurance_fund_musd * 1e6,
        },
        Venue {
            name: "on-chain venue",
            share: ON_CHAIN_SHARE,
            backstop_usd: ON_CHAIN_BACKSTOP_RATIO * params.insurance_fund_musd * 1e6,
        },
    ]
}
