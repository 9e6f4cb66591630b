//! The canvas the animation loop draws the spiral on. The component only
//! starts the loop once and hands the player each new scene; drawing
//! happens in `animation`, outside Yew's renders.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::animation::{self, Player};
use crate::engine::i18n::{Key, Lang};
use crate::scene::{same_scene, Scene};

#[derive(Properties)]
pub struct SpiralViewProps {
    pub player: Rc<RefCell<Player>>,
    /// None until the first run arrives.
    pub scene: Option<Rc<Scene>>,
    pub lang: Lang,
    pub scrubber: NodeRef,
    pub position_label: NodeRef,
}

impl PartialEq for SpiralViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.player, &other.player)
            && same_scene(&self.scene, &other.scene)
            && self.lang == other.lang
    }
}

#[function_component(SpiralView)]
pub fn spiral_view(props: &SpiralViewProps) -> Html {
    let canvas = use_node_ref();
    {
        let (player, canvas, scrubber, label) = (
            props.player.clone(),
            canvas.clone(),
            props.scrubber.clone(),
            props.position_label.clone(),
        );
        use_effect_with((), move |_| {
            let handle = animation::start(player, canvas, scrubber, label);
            move || drop(handle)
        });
    }
    {
        let player = props.player.clone();
        use_effect_with(props.scene.clone(), move |scene| {
            player.borrow_mut().set_scene(scene.clone())
        });
    }
    {
        let player = props.player.clone();
        use_effect_with(props.lang, move |&lang| player.borrow_mut().set_lang(lang));
    }
    html! {
        <canvas
            ref={canvas}
            id="spiral-canvas"
            class="spiral"
            role="img"
            aria-label={props.lang.t(Key::SpiralLabel)}
        />
    }
}
