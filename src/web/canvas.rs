//! What every canvas of the page shares: sizing its backing store to the
//! device pixel ratio, and the page's type scale, so text drawn on a canvas
//! is as readable as the page around it.

use web_sys::HtmlCanvasElement;

/// A canvas's size in CSS pixels and the device pixel ratio its backing
/// store was sized with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CanvasSize {
    pub width: f64,
    pub height: f64,
    pub ratio: f64,
}

impl CanvasSize {
    /// False for a hidden or collapsed canvas, which is left undrawn.
    pub fn is_drawable(&self) -> bool {
        self.width >= 40.0 && self.height >= 40.0
    }
}

/// Sizes the backing store to the CSS size times the device pixel ratio
/// (only when it differs: setting it clears the canvas), so lines and text
/// are crisp on HiDPI screens. The one rule for every canvas of the page.
pub fn fit_backing_store(canvas: &HtmlCanvasElement) -> CanvasSize {
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0);
    let (width, height) = (
        f64::from(canvas.client_width().max(0)),
        f64::from(canvas.client_height().max(0)),
    );
    let (w, h) = (
        (width * ratio).round() as u32,
        (height * ratio).round() as u32,
    );
    if w > 0 && h > 0 && (canvas.width() != w || canvas.height() != h) {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    CanvasSize {
        width,
        height,
        ratio,
    }
}

/// The page's type scale as canvases use it, in CSS pixels: the root font
/// size (it grows with the window and in projector mode, see style.css) and
/// the smallest text allowed on a canvas (`--canvas-text-min`: 13 px, 20 px
/// in projector mode, the size readable from the back of a room per PhET's
/// projector guidance in the project's teaching notes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypeScale {
    pub root: f64,
    pub min: f64,
}

impl TypeScale {
    pub fn read() -> Self {
        let style = web_sys::window().and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok()?
        });
        let px = |name: &str, fallback: f64| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .and_then(|v| v.trim().trim_end_matches("px").parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v > 0.0)
                .unwrap_or(fallback)
        };
        let min = px("--canvas-text-min", 13.0);
        TypeScale {
            root: px("font-size", 16.0).max(min),
            min,
        }
    }

    /// Labels, ticks and legends: a little under body text, never under the minimum.
    pub fn small(&self) -> f64 {
        (self.root * 0.85).max(self.min)
    }
}
