//! What a workshop needs beside the share link: the link as a QR code for
//! the room, projector mode, the run as files (PNG, CSV,
//! JSON), and the snippet that embeds the scenario in another page.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::components::embed_dialog::{iframe_snippet, EmbedDialog};
use crate::components::qr_dialog::QrDialog;
use crate::download;
use crate::engine::export::steps_csv;
use crate::engine::i18n::{Key, Lang, PanelKey};
use crate::engine::link::ViewOptions;
use crate::engine::{Params, Run};
use crate::url;

#[derive(Properties, PartialEq)]
pub struct WorkshopToolsProps {
    pub params: Params,
    pub view: ViewOptions,
    /// None until the first run arrives: the downloads wait for it.
    pub run: Option<Rc<Run>>,
    pub lang: Lang,
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
    let lang = props.lang;
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
            if let Some(run) = &run {
                download::save_text("cascade-lab-steps.csv", "text/csv", &steps_csv(run))
            }
        })
    };
    let save_json = {
        let run = props.run.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(Ok(json)) = run.as_deref().map(serde_json::to_string_pretty) {
                download::save_text("cascade-lab-run.json", "application/json", &json);
            }
        })
    };
    let no_run = props.run.is_none();
    let dialog = match *open {
        Open::Nothing => html! {},
        Open::Qr => html! {
            <QrDialog link={url::address_with(&url::share_query(&props.params, &props.view))} lang={lang} on_close={close} />
        },
        Open::Embed => {
            // The embedded page shows no side panel.
            let embedded = ViewOptions {
                embed: true,
                panel: None,
                ..props.view.clone()
            };
            let address = url::address_with(&url::share_query(&props.params, &embedded));
            let snippet = iframe_snippet(&address, lang.t(Key::AppTitle));
            html! { <EmbedDialog snippet={snippet} lang={lang} on_close={close} /> }
        }
    };
    html! {
        <div class="workshop-tools">
            <button type="button" id="show-qr" onclick={show(Open::Qr)}>{ lang.t(PanelKey::QrCode) }</button>
            <button type="button" id="projector-mode" aria-pressed={props.view.projector.to_string()} onclick={projector}>{ lang.t(PanelKey::ProjectorMode) }</button>
            <button type="button" id="download-png" disabled={no_run} onclick={save_png}>{ lang.fill(PanelKey::DownloadFile, &[("format", "PNG")]) }</button>
            <button type="button" id="download-csv" disabled={no_run} onclick={save_csv}>{ lang.fill(PanelKey::DownloadFile, &[("format", "CSV")]) }</button>
            <button type="button" id="download-json" disabled={no_run} onclick={save_json}>{ lang.fill(PanelKey::DownloadFile, &[("format", "JSON")]) }</button>
            <button type="button" id="show-embed" onclick={show(Open::Embed)}>{ lang.t(PanelKey::Embed) }</button>
            { dialog }
        </div>
    }
}
