//! The guided lesson: the step's title, what to look at, a question to
//! discuss, and previous/next. The wording lives in `engine::lessons`.

use yew::prelude::*;

use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::lessons::LESSONS;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The open step, from 1 (None: the lesson is closed).
    pub step: Option<u32>,
    pub lang: Lang,
    pub on_go: Callback<Option<u32>>,
    /// Predict mode, offered on every step.
    pub predict: bool,
    pub on_predict: Callback<bool>,
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let go = |target: Option<u32>| props.on_go.reform(move |_: MouseEvent| target);
    let total = LESSONS.len() as u32;
    let lang = props.lang;
    let Some(step) = props.step.filter(|n| (1..=total).contains(n)) else {
        return html! {
            <div class="lesson closed">
                <button type="button" id="lesson-start" onclick={go(Some(1))}>{ lang.fill(PanelKey::LessonStart, &[("total", &total.to_string())]) }</button>
            </div>
        };
    };
    let lesson = &LESSONS[step as usize - 1];
    html! {
        <div class="lesson" id="lesson-panel">
            <p class="lesson-step" id="lesson-step">{ lang.fill(PanelKey::LessonOf, &[("step", &step.to_string()), ("total", &total.to_string())]) }</p>
            <h2 id="lesson-title">{ lang.t(lesson.title) }</h2>
            <p>{ lang.t(lesson.text) }</p>
            <p class="lesson-question"><strong>{ lang.t(PanelKey::LessonDiscuss) }</strong>{ lang.t(lesson.question) }</p>
            <div class="field checkbox">
                <input type="checkbox" id="lesson-predict" checked={props.predict}
                    onchange={props.on_predict.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlInputElement>().checked())} />
                <label for="lesson-predict">{ lang.t(PanelKey::PredictLessonOffer) }</label>
            </div>
            <div class="lesson-nav">
                <button type="button" id="lesson-previous" disabled={step == 1} onclick={go(Some(step - 1))}>{ lang.t(PanelKey::LessonPrevious) }</button>
                <button type="button" id="lesson-next" disabled={step == total} onclick={go(Some(step + 1))}>{ lang.t(PanelKey::LessonNext) }</button>
                <button type="button" id="lesson-close" onclick={go(None)}>{ lang.t(PanelKey::LessonLeave) }</button>
            </div>
        </div>
    }
}
