//! The share link as a large QR code, for a room to scan off a projector.
//! Drawn on a canvas one pixel per module (quiet zone included) and scaled
//! up by CSS with sharp edges, so it fills the screen at any size; the link
//! is printed under it for those who would rather type.

use qrcode::{Color, QrCode};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use crate::engine::i18n::{Key, Lang, PanelKey};

use crate::components::modal::Modal;

/// Light modules around the code: the 4 the QR standard asks for.
const QUIET_ZONE: usize = 4;

#[derive(Properties, PartialEq)]
pub struct QrDialogProps {
    /// The full address the code encodes.
    pub link: AttrValue,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

/// Draws `link` as a QR code on `canvas`, resizing its backing store to
/// the code's width plus the quiet zone.
fn draw(canvas: &HtmlCanvasElement, link: &str) -> Option<()> {
    let code = QrCode::new(link.as_bytes()).ok()?;
    let width = code.width();
    let side = width + 2 * QUIET_ZONE;
    canvas.set_width(side as u32);
    canvas.set_height(side as u32);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, side as f64, side as f64);
    context.set_fill_style_str("#000000");
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
            context.fill_rect(x as f64, y as f64, 1.0, 1.0);
        }
    }
    Some(())
}

#[function_component(QrDialog)]
pub fn qr_dialog(props: &QrDialogProps) -> Html {
    let canvas = use_node_ref();
    let close_button = use_node_ref();
    {
        let (canvas, close_button) = (canvas.clone(), close_button.clone());
        use_effect_with(props.link.clone(), move |link| {
            if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                draw(&canvas, link);
            }
            if let Some(button) = close_button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    html! {
        <Modal id="qr-dialog" class="qr-dialog" title={props.lang.t(PanelKey::QrTitle)} on_close={props.on_close.clone()}>
                <canvas ref={canvas} id="qr-canvas" class="qr" role="img" aria-label={props.lang.fill(PanelKey::QrLabel, &[("link", &props.link)])} />
                <p class="qr-link" id="qr-link">{ props.link.clone() }</p>
                <button type="button" ref={close_button} onclick={props.on_close.reform(|_: MouseEvent| ())}>{ props.lang.t(Key::Close) }</button>
        </Modal>
    }
}
