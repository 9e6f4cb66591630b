//! Tells the reader what an opened link contained that was not used.

use yew::prelude::*;

use crate::engine::i18n::{Key, Lang};
use crate::engine::link::LinkNotice;

#[derive(Properties, PartialEq)]
pub struct LinkNoticeProps {
    pub notices: Vec<LinkNotice>,
    pub lang: Lang,
    pub on_dismiss: Callback<()>,
}

#[function_component(LinkNoticeBar)]
pub fn link_notice_bar(props: &LinkNoticeProps) -> Html {
    if props.notices.is_empty() {
        return html! {};
    }
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="link-notice" role="status">
            <p>{ props.lang.t(Key::NoticeIntro) }</p>
            <ul>
                { for props.notices.iter().map(|n| html! { <li>{ n.message_in(props.lang) }</li> }) }
            </ul>
            <button type="button" onclick={on_dismiss}>{ props.lang.t(Key::Dismiss) }</button>
        </div>
    }
}
