//! The page: sliders, the chart and a one-line summary of the run.

use yew::prelude::*;

use crate::engine::params::field;
use crate::engine::market::BTC;
use crate::engine::{Params, Run};
use crate::web::components::cascade_chart::CascadeChart;
use crate::web::components::link_notice::LinkNoticeBar;
use crate::web::components::slider::Slider;
use crate::web::state::{Action, AppState};
use crate::web::url;

/// The three main controls, each labelled as a phrase with its value.
fn slider_labels(p: &Params) -> [(&'static str, String); 3] {
    [
        ("shock", format!("Shock: the price first falls {}%", p.shock_pct)),
        ("lev", format!("Leverage: traders use {}x on average", p.mean_leverage)),
        ("liq", format!("Liquidity: order books {}x as deep as usual", p.depth_multiplier)),
    ]
}

/// The sentence under the chart, also read out by screen readers.
fn summary_text(run: &Run) -> String {
    let s = &run.summary;
    let outcome = if s.runaway { " and ran away" } else { "" };
    format!(
        "A {}% shock became a {:.1}% fall{}: ${:.2}B liquidated from {} accounts over {} rounds.",
        s.shock_pct,
        run.assets[BTC].max_drawdown_pct,
        outcome,
        s.total_liquidated_usd / 1e9,
        group_thousands(s.accounts_liquidated.round() as u64),
        s.rounds
    )
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_query(&url::current_query()));

    use_effect_with(state.params.clone(), |params| url::replace_query(params));

    let on_change = {
        let state = state.clone();
        Callback::from(move |(key, value): (&'static str, f64)| state.dispatch(Action::SetField { key, value }))
    };
    let on_dismiss = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::DismissNotices))
    };

    html! {
        <main class="app">
            <header>
                <h1>{ "Cascade Lab" }</h1>
                <p class="tagline">{ "How a price shock becomes a crash when leveraged positions are sold into thin order books." }</p>
            </header>
            <LinkNoticeBar notices={state.notices.clone()} on_dismiss={on_dismiss} />
            <section class="controls" aria-label="Scenario">
                { for slider_labels(&state.params).into_iter().filter_map(|(key, label)| {
                    let spec = field(key)?;
                    Some(html! {
                        <Slider key={key} spec={spec} value={(spec.get)(&state.params)} label={label} on_change={on_change.clone()} />
                    })
                }) }
            </section>
            <CascadeChart run={state.run.clone()} />
            <p class="summary" aria-live="polite" id="run-summary">{ summary_text(&state.run) }</p>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_238_375), "1,238,375");
    }
}
