//! What every canvas of the page shares: sizing its backing store to the
//! device pixel ratio, and the page's type scale, so text drawn on a canvas
//! is as readable as the page around it.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, ResizeObserver, ResizeObserverEntry};

use crate::engine::decimal::parse_f64;

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
    fit_backing_store_to(canvas, client_size(canvas))
}

/// The canvas's CSS size as laid out now: reading it makes the browser lay
/// out the page first if anything changed since.
pub fn client_size(canvas: &HtmlCanvasElement) -> (f64, f64) {
    (
        f64::from(canvas.client_width().max(0)),
        f64::from(canvas.client_height().max(0)),
    )
}

/// [`fit_backing_store`] for a canvas whose CSS size is already known (from
/// a [`SizeWatch`]), so a frame does not make the browser lay out the page
/// in the middle of drawing.
pub fn fit_backing_store_to(canvas: &HtmlCanvasElement, (width, height): (f64, f64)) -> CanvasSize {
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0);
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

/// Keeps a canvas's CSS size up to date from a `ResizeObserver`, for a
/// canvas drawn every frame: reading `clientWidth` there instead makes the
/// browser lay out the page inside the frame callback whenever the DOM
/// changed since the last frame (every new run changes the outcome text).
/// Also says when the size changed, so a paused animation redraws at the
/// new size instead of showing its old bitmap stretched.
pub struct SizeWatch {
    canvas: HtmlCanvasElement,
    size: Rc<Cell<Option<(f64, f64)>>>,
    observer: ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl SizeWatch {
    /// Watches `canvas`; `resized` runs after each change of its size.
    pub fn new(canvas: &HtmlCanvasElement, resized: impl Fn() + 'static) -> Option<Self> {
        let size = Rc::new(Cell::new(None));
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new({
            let size = size.clone();
            move |entries: js_sys::Array| {
                let Some(entry) = entries.get(0).dyn_into::<ResizeObserverEntry>().ok() else {
                    return;
                };
                let target = entry.target();
                let laid_out = (
                    f64::from(target.client_width().max(0)),
                    f64::from(target.client_height().max(0)),
                );
                if size.replace(Some(laid_out)) != Some(laid_out) {
                    resized();
                }
            }
        });
        let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(canvas);
        Some(SizeWatch {
            canvas: canvas.clone(),
            size,
            observer,
            _on_resize: on_resize,
        })
    }

    /// True when this watch is on `canvas` (Yew may replace the element).
    pub fn watches(&self, canvas: &HtmlCanvasElement) -> bool {
        &self.canvas == canvas
    }

    /// The size from the last observation, or, before the first one, as
    /// laid out now.
    pub fn size(&self) -> (f64, f64) {
        self.size.get().unwrap_or_else(|| client_size(&self.canvas))
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The font family of every canvas, as style.css sets the page's: system
/// fonts first, then Chinese fonts (macOS, Windows, Noto on Linux) for the
/// glyphs those lack, so `lang=zh` draws real characters wherever the
/// system has one of them and Latin text keeps its usual font.
pub const FONT_STACK: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif, \"PingFang SC\", \"Microsoft YaHei\", \"Noto Sans CJK SC\"";

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
                .and_then(|v| parse_f64(v.trim().trim_end_matches("px")))
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
