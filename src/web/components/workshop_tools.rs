//! What a workshop needs beside the share link: the link as a QR code for
//! the room, projector mode, the run as files (PNG, CSV,
//! JSON), and the snippet that embeds the scenario in another page.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::engine::export::steps_csv;
use crate::engine::link::ViewOptions;
use crate::engine::{Params, Run};
use crate::web::components::embed_dialog::{iframe_snippet, EmbedDialog};
use crate::web::components::qr_dialog::QrDialog;
use crate::web::download;
use crate::web::url;

#[derive(Properties, PartialEq)]
pub struct WorkshopToolsProps {
    pub params: Params,
    pub view: ViewOptions,
    pub run: Rc<Run>,
    /// Turns projector mode on (true) or off.
    pub on_projector: Callback<bool>,
}

/// Which dialog is open.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Nothing,
    Qr,
    Embed,
}

fn element(selector: &str) -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()?
}

#[function_component(WorkshopTools)]
pub fn workshop_tools(props: &WorkshopToolsProps) -> Html {
    let open = use_state(|| Open::Nothing);
    let show = |which: Open| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(which))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |()| open.set(Open::Nothing))
    };
    let projector = {
        let (on_projector, on) = (props.on_projector.clone(), props.view.projector);
        Callback::from(move |_: MouseEvent| on_projector.emit(!on))
    };
    let save_png = Callback::from(|_: MouseEvent| {
        if let Some(canvas) =
            element("#spiral-canvas").and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
        {
            download::save_canvas_png("cascade-lab-spiral.png", &canvas);
        }
    });
    let save_csv = {
        let run = props.run.clone();
        Callback::from(move |_: MouseEvent| {
            download::save_text("cascade-lab-steps.csv", "text/csv", &steps_csv(&run))
        })
    };
    let save_json = {
        let run = props.run.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(json) = serde_json::to_string_pretty(&*run) {
                download::save_text("cascade-lab-run.json", "application/json", &json);
            }
        })
    };
    let dialog = match *open {
        Open::Nothing => html! {},
        Open::Qr => html! {
            <QrDialog link={url::address_with(&url::share_query(&props.params, &props.view))} on_close={close} />
        },
        Open::Embed => {
            // The embedded page shows no side panel.
            let embedded = ViewOptions {
                embed: true,
                panel: None,
                ..props.view.clone()
            };
            let snippet = iframe_snippet(&url::address_with(&url::share_query(
                &props.params,
                &embedded,
            )));
            html! { <EmbedDialog snippet={snippet} on_close={close} /> }
        }
    };
    html! {
        <div class="workshop-tools">
            <button type="button" id="show-qr" onclick={show(Open::Qr)}>{ "QR code" }</button>
            <button type="button" id="projector-mode" aria-pressed={props.view.projector.to_string()} onclick={projector}>{ "Projector mode" }</button>
            <button type="button" id="download-png" onclick={save_png}>{ "Download PNG" }</button>
            <button type="button" id="download-csv" onclick={save_csv}>{ "Download CSV" }</button>
            <button type="button" id="download-json" onclick={save_json}>{ "Download JSON" }</button>
            <button type="button" id="show-embed" onclick={show(Open::Embed)}>{ "Embed" }</button>
            { dialog }
        </div>
    }
}
