//! The guided lesson: the step's title, what to look at, a question to
//! discuss, and previous/next. The wording lives in `engine::lessons`.

use yew::prelude::*;

use crate::engine::lessons::LESSONS;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The open step, from 1 (None: the lesson is closed).
    pub step: Option<u32>,
    pub on_go: Callback<Option<u32>>,
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let go = |target: Option<u32>| props.on_go.reform(move |_: MouseEvent| target);
    let total = LESSONS.len() as u32;
    let Some(step) = props.step.filter(|n| (1..=total).contains(n)) else {
        return html! {
            <div class="lesson closed">
                <button type="button" id="lesson-start" onclick={go(Some(1))}>{ format!("Start the guided lesson ({total} steps)") }</button>
            </div>
        };
    };
    let lesson = &LESSONS[step as usize - 1];
    html! {
        <div class="lesson" id="lesson-panel">
            <p class="lesson-step" id="lesson-step">{ format!("Lesson {step} of {total}") }</p>
            <h2 id="lesson-title">{ lesson.title }</h2>
            <p>{ lesson.text }</p>
            <p class="lesson-question"><strong>{ "Discuss: " }</strong>{ lesson.question }</p>
            <div class="lesson-nav">
                <button type="button" id="lesson-previous" disabled={step == 1} onclick={go(Some(step - 1))}>{ "Previous" }</button>
                <button type="button" id="lesson-next" disabled={step == total} onclick={go(Some(step + 1))}>{ "Next" }</button>
                <button type="button" id="lesson-close" onclick={go(None)}>{ "Leave the lesson" }</button>
            </div>
        </div>
    }
}
