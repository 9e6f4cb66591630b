//! The page: sliders, the chart and a one-line summary of the run.

use yew::prelude::*;

use crate::engine::params::field;
use crate::engine::Params;
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
            <p class="summary" aria-live="polite" id="run-summary">{ state.run.headline() }</p>
        </main>
    }
}
