//! The side panels' wasm module (see `panel_bridge`): the page loads it
//! after the first run is on screen. It exports what the stage calls, the
//! entry points its own workers call, and the JS API (`js_api`), so none
//! of these weighs on the stage's module.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// Called once by the loader, with the URL of this module's glue for
    /// its workers (none in the offline single file).
    #[wasm_bindgen(js_name = startPanels)]
    pub fn start_panels(glue_url: Option<String>) {
        cascade_lab_web::panels::start(glue_url);
    }

    /// Shows the open panel inside `host` (see `panels::show`).
    #[wasm_bindgen(js_name = showPanel)]
    pub fn show_panel(
        host: web_sys::Element,
        message: JsValue,
        scene: Option<Vec<f64>>,
        pinned: Option<Vec<f64>>,
        dispatch: js_sys::Function,
    ) -> Result<(), JsError> {
        cascade_lab_web::panels::show(&host, message, scene, pinned, dispatch)
    }

    /// The panel was closed.
    #[wasm_bindgen(js_name = hidePanel)]
    pub fn hide_panel() {
        cascade_lab_web::panels::hide();
    }

    /// A row of the phase map, for its worker (see `phase_map::phase_map_row`).
    #[wasm_bindgen(js_name = phaseMapRow)]
    pub fn phase_map_row(
        query: &str,
        x_key: &str,
        x_values: Vec<f64>,
        y_key: &str,
        y_value: f64,
        metric: &str,
    ) -> Result<Vec<f64>, JsError> {
        cascade_lab_web::phase_map::phase_map_row(query, x_key, x_values, y_key, y_value, metric)
    }

    /// Seeds of the spread, for its worker (see `spread::ensemble_seeds`).
    #[wasm_bindgen(js_name = ensembleSeeds)]
    pub fn ensemble_seeds(query: &str, first: u32, last: u32) -> Result<Vec<f64>, JsError> {
        cascade_lab_web::spread::ensemble_seeds(query, first, last)
    }

    /// The JS API: see `js_api::simulate`.
    #[wasm_bindgen(js_name = simulate)]
    pub fn simulate(params: JsValue) -> Result<JsValue, JsError> {
        cascade_lab_web::js_api::simulate(params)
    }

    /// The JS API: see `js_api::presets`.
    #[wasm_bindgen(js_name = presets)]
    pub fn presets(lang: Option<String>) -> Result<JsValue, JsError> {
        cascade_lab_web::js_api::presets(lang)
    }

    /// The JS API: see `js_api::encode_link`.
    #[wasm_bindgen(js_name = encodeLink)]
    pub fn encode_link(params: JsValue) -> Result<String, JsError> {
        cascade_lab_web::js_api::encode_link(params)
    }
}

fn main() {}
