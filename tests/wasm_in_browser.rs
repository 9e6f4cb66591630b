//! Runs in headless Chromium (wasm-bindgen-test): the engine compiled to
//! wasm gives bit-identical results to the native build.
//!
//! scripts/test.sh computes the native digests with the `cascade-lab digest`
//! command and passes them in `CASCADE_LAB_NATIVE_DIGESTS` as
//! `digest@query;digest@query;...`.
#![cfg(target_arch = "wasm32")]

use cascade_lab::engine::{link, simulate};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_runs_match_native_digests_bit_for_bit() {
    let Some(expected) = option_env!("CASCADE_LAB_NATIVE_DIGESTS") else {
        panic!("CASCADE_LAB_NATIVE_DIGESTS is not set: run the wasm tests through scripts/test.sh");
    };
    let mut compared = 0;
    for entry in expected.split(';').filter(|e| !e.is_empty()) {
        let (digest, query) = entry.split_once('@').expect("entries are digest@query");
        let decoded = link::decode(query);
        assert!(decoded.notices.is_empty(), "{query}: {:?}", decoded.notices);
        let run = simulate(&decoded.params);
        assert_eq!(
            format!("{:016x}", run.digest()),
            digest,
            "wasm and native differ for '{query}'"
        );
        compared += 1;
    }
    assert!(compared >= 3, "only {compared} scenarios were compared");
}

#[wasm_bindgen_test]
fn a_panic_leaves_an_error_panel_with_a_reset_link_not_a_frozen_page() {
    use wasm_bindgen::JsCast;
    // A stand-in for the page's body (the test runner's own page must stay).
    let document = web_sys::window().unwrap().document().unwrap();
    let page: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    page.set_inner_html("<main id=\"app\">the app</main>");
    cascade_lab::web::panic_panel::show(&page, "index out of bounds <b>bold</b>");
    let panel = page
        .query_selector("#error-panel")
        .unwrap()
        .expect("the panel replaced the page");
    assert!(page.query_selector("#app").unwrap().is_none());
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let text = panel.text_content().unwrap();
    assert!(
        text.contains("Something went wrong") && text.contains("index out of bounds <b>bold</b>"),
        "{text}"
    );
    assert!(
        panel.query_selector("b").unwrap().is_none(),
        "the message is text, never markup"
    );
    let link = panel.query_selector("a").unwrap().expect("a reset link");
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(path.as_str()),
        "the link opens the page without a query: defaults"
    );
}

/// Every action a side panel sends crosses from the panels' module to the
/// stage's unchanged (`[name, value]`, read back by hand), and anything else
/// is refused rather than guessed at.
#[wasm_bindgen_test]
fn panel_actions_cross_the_bridge_unchanged() {
    use cascade_lab::engine::i18n::Lang;
    use cascade_lab::engine::positions::Side;
    use cascade_lab::engine::survival::{Entry, UserPosition};
    use cascade_lab::web::panel_bridge::PanelAction;
    let position = UserPosition {
        side: Side::Short,
        entry: Entry::FromNow(-2.5),
        leverage: 33.0,
        size_usd: 1_234_567.5,
    };
    let actions = [
        PanelAction::SetField {
            key: "liq".to_string(),
            value: 0.1 + 0.2,
        },
        PanelAction::ApplyPreset("oct-2025".to_string()),
        PanelAction::CopyStatus(Some("Link copied".to_string())),
        PanelAction::CopyStatus(None),
        PanelAction::GoToLesson(Some(3)),
        PanelAction::GoToLesson(None),
        PanelAction::Pin(true),
        PanelAction::SetProjector(false),
        PanelAction::SetLang(Lang::Zh),
        PanelAction::SetPosition(Some(position)),
        PanelAction::SetPosition(None),
        PanelAction::SetPredict(true),
    ];
    for action in actions {
        assert_eq!(
            PanelAction::from_js(&action.to_js()),
            Some(action.clone()),
            "{action:?}"
        );
    }
    let strange = js_sys::Array::of2(&"Launch".into(), &true.into());
    assert_eq!(PanelAction::from_js(&strange.into()), None);
    assert_eq!(PanelAction::from_js(&"SetLang".into()), None);
}
