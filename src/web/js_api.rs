//! The engine for JavaScript: `simulate`, `presets` and `encodeLink`,
//! exported by the side panels' module, `cascade-lab-panels.js` (see
//! `panels_main.rs`, "JS API" in README.md and `www/api-example.html`).
//!
//! Scenarios are given the way share links give them, so there is one set
//! of names, ranges and error messages: either a query string (or a whole
//! address) such as `"v=1&preset=oct-2025&liq=0.5"`, or a plain object of
//! link keys such as `{ shock: 8, lev: 25, preset: "oct-2025" }`, merged
//! over the defaults (or over the preset). Numbers, strings and booleans
//! (`weekend: true`) are accepted as values. Unlike the page, which opens a
//! broken link with defaults and a notice, the API refuses anything wrong:
//! a bad or out-of-range value, an unknown key or preset, another link
//! version, each named in the error's message, in the scenario's `lang`
//! (English without one). `presets` takes a language code for its titles.
//!
//! Results are plain objects (`Serializer::json_compatible`): maps become
//! objects, `None` becomes `null`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::link::{self, Allowed, DecodedLink, Problem};
use crate::engine::presets::{Reported, PRESETS};
use crate::engine::{self, Params};
use crate::scene::with_runner;

/// Turns the JS argument into a query string: a string is taken as it is;
/// an object's own enumerable properties become `key=value` pairs in order;
/// `undefined` and `null` mean the defaults.
fn query_of(value: &JsValue) -> Result<String, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        // Neither a link nor an object: no language was asked for.
        return Err(JsError::new(&Lang::default().fill(
            PanelKey::ApiExpectedScenario,
            &[("example", "{ shock: 8, lev: 25 }")],
        )));
    }
    let mut pairs = Vec::new();
    for entry in js_sys::Object::entries(value.unchecked_ref::<js_sys::Object>()).iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        let item = entry.get(1);
        let text = if let Some(n) = item.as_f64() {
            // `{}` prints the shortest text that reads back to the same f64.
            format!("{n}")
        } else if let Some(b) = item.as_bool() {
            (if b { "1" } else { "0" }).to_string()
        } else if let Some(s) = item.as_string() {
            s
        } else if item.is_undefined() {
            continue;
        } else {
            return Err(JsError::new(
                &object_lang(value).fill(PanelKey::ApiValueType, &[("key", &key)]),
            ));
        };
        pairs.push(format!(
            "{}={}",
            String::from(js_sys::encode_uri_component(&key)),
            String::from(js_sys::encode_uri_component(&text))
        ));
    }
    Ok(pairs.join("&"))
}

/// The language an object of link keys asks for with its `lang`, if valid.
fn object_lang(value: &JsValue) -> Lang {
    js_sys::Reflect::get(value, &JsValue::from_str("lang"))
        .ok()
        .and_then(|code| code.as_string())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

/// Reads the argument like a share link and refuses it if anything in it
/// was not used; the error lists every problem, in the link's language.
fn decode_strict(value: &JsValue) -> Result<DecodedLink, JsError> {
    let decoded = link::decode(&query_of(value)?);
    if decoded.notices.is_empty() {
        return Ok(decoded);
    }
    // The page's notices also say what it used instead ("; 5 was used");
    // the API used nothing, so only what was wrong is said.
    let lang = decoded.view.lang.unwrap_or_default();
    let messages: Vec<String> = decoded
        .notices
        .iter()
        .map(|n| n.problem.refusal(lang))
        .collect();
    let separator = if lang == Lang::Zh { "；" } else { "; " };
    Err(JsError::new(&messages.join(separator)))
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The whole run for a scenario: `{ params, steps, assets, summary,
/// correlation_before, correlation_during, theory, headline, link }`, where
/// `headline` is the page's one-sentence summary, in the scenario's `lang`
/// (English without one), and `link` the canonical share query.
pub fn simulate(params: JsValue) -> Result<JsValue, JsError> {
    let decoded = decode_strict(&params)?;
    // The page's runner: a call that changes only run-time fields (the
    // shock, the books, the flows) re-runs on the population already placed.
    let run = with_runner(|runner| runner.run(&decoded.params));
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        run: &'a engine::Run,
        headline: String,
        link: String,
    }
    to_js(&Out {
        headline: run.headline_in(decoded.view.lang.unwrap_or_default()),
        link: link::encode(&run.params),
        run: &run,
    })
}

/// Every named scenario: `[{ name, title, description, reported, params,
/// link }]`; `reported` is `null` for the teaching scenarios, `params` every
/// engine field, `link` the query that selects the preset. `lang` (`"en"`,
/// `"zh"` or `"es"`, English when left out) is the language of the titles
/// and descriptions.
pub fn presets(lang: Option<String>) -> Result<JsValue, JsError> {
    let lang = match lang {
        None => Lang::default(),
        Some(code) => Lang::from_code(&code).ok_or_else(|| {
            let problem = Problem::BadValue {
                key: "lang".to_string(),
                allowed: Allowed::OneOf(Lang::ALL.map(Lang::code).join(", ")),
                got: code.chars().take(24).collect(),
                kept: None,
            };
            JsError::new(&problem.refusal(Lang::default()))
        })?,
    };
    #[derive(Serialize)]
    struct Out {
        name: &'static str,
        title: &'static str,
        description: &'static str,
        reported: Option<Reported>,
        params: Params,
        link: String,
    }
    let list: Vec<Out> = PRESETS
        .iter()
        .map(|p| {
            let params = (p.params)();
            Out {
                name: p.name,
                title: lang.t(p.title),
                description: lang.t(p.description),
                reported: p.reported,
                link: link::encode(&params),
                params,
            }
        })
        .collect();
    to_js(&list)
}

/// The canonical share query (without `?`) for a scenario given like
/// `simulate`'s argument: only what differs from the defaults or the preset,
/// e.g. `encodeLink({ shock: 12.5, liq: 0.5 })` is `"v=1&shock=12.5&liq=0.5"`.
pub fn encode_link(params: JsValue) -> Result<String, JsError> {
    let decoded = decode_strict(&params)?;
    Ok(format!(
        "{}{}",
        link::encode(&decoded.params),
        decoded.view.query_suffix()
    ))
}
