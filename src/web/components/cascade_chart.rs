//! The canvas showing a run; redrawn only when the run changes.

use std::rc::Rc;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::engine::Run;
use crate::web::chart;

#[derive(Properties, PartialEq)]
pub struct CascadeChartProps {
    pub run: Rc<Run>,
}

#[function_component(CascadeChart)]
pub fn cascade_chart(props: &CascadeChartProps) -> Html {
    let canvas_ref = use_node_ref();
    {
        let canvas_ref = canvas_ref.clone();
        use_effect_with(props.run.clone(), move |run| {
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                if let Err(message) = chart::draw(&canvas, run) {
                    web_sys::console::warn_1(&format!("chart not drawn: {message}").into());
                }
            }
        });
    }
    html! {
        <canvas
            ref={canvas_ref}
            id="cascade-canvas"
            class="chart"
            role="img"
            aria-label="Price path and cumulative liquidations by round of the spiral"
        />
    }
}
