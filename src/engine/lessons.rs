//! The guided lesson: a sequence of scenarios, each with a few sentences
//! and a question to discuss. The scenarios are here; the wording is in
//! the language tables (`i18n`), one per language.

use super::i18n::PanelKey;

/// One step of the lesson; its words are in the language tables, as panel
/// keys: the stage reads a step's scenario, only the lesson panel its text.
pub struct Lesson {
    pub title: PanelKey,
    /// Two or three sentences on what to look at.
    pub text: PanelKey,
    pub question: PanelKey,
    /// The scenario, as a share-link query.
    pub link: &'static str,
}

pub const LESSONS: [Lesson; 9] = [
    Lesson {
        title: PanelKey::Lesson1Title,
        text: PanelKey::Lesson1Text,
        question: PanelKey::Lesson1Question,
        link: "v=1&preset=calm",
    },
    Lesson {
        title: PanelKey::Lesson2Title,
        text: PanelKey::Lesson2Text,
        question: PanelKey::Lesson2Question,
        link: "v=1&shock=3&lev=25",
    },
    Lesson {
        title: PanelKey::Lesson3Title,
        text: PanelKey::Lesson3Text,
        question: PanelKey::Lesson3Question,
        link: "v=1&shock=3&lev=25&liq=0.4",
    },
    Lesson {
        title: PanelKey::Lesson4Title,
        text: PanelKey::Lesson4Text,
        question: PanelKey::Lesson4Question,
        link: "v=1&preset=weekend",
    },
    Lesson {
        title: PanelKey::Lesson5Title,
        text: PanelKey::Lesson5Text,
        question: PanelKey::Lesson5Question,
        link: "v=1&shock=6&cross=0.5",
    },
    Lesson {
        title: PanelKey::Lesson6Title,
        text: PanelKey::Lesson6Text,
        question: PanelKey::Lesson6Question,
        link: "v=1&shock=5&spiral=4",
    },
    Lesson {
        title: PanelKey::Lesson7Title,
        text: PanelKey::Lesson7Text,
        question: PanelKey::Lesson7Question,
        link: "v=1&shock=10&liq=0.4&fund=0",
    },
    Lesson {
        title: PanelKey::Lesson8Title,
        text: PanelKey::Lesson8Text,
        question: PanelKey::Lesson8Question,
        link: "v=1&preset=oct-2025",
    },
    Lesson {
        title: PanelKey::Lesson9Title,
        text: PanelKey::Lesson9Text,
        question: PanelKey::Lesson9Question,
        link: "v=1&preset=textbook",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::link::{decode, MAX_LESSON};
    use crate::market::BTC;
    use crate::simulate;

    #[test]
    fn every_lesson_is_a_clean_link_and_the_count_matches_the_links() {
        assert_eq!(LESSONS.len() as u32, MAX_LESSON);
        for lesson in &LESSONS {
            let decoded = decode(lesson.link);
            assert!(
                decoded.notices.is_empty(),
                "{}: {:?}",
                lesson.link,
                decoded.notices
            );
            for lang in Lang::ALL {
                let question = lang.t(lesson.question);
                assert!(question.ends_with(['?', '？']), "{lang:?}: {question}");
            }
        }
    }

    #[test]
    fn the_lessons_show_what_they_say() {
        let fall =
            |i: usize| simulate(&decode(LESSONS[i].link).params).assets[BTC].max_drawdown_pct;
        assert!(
            fall(0) < 3.0 * 1.2,
            "a small shock with low leverage does nothing"
        );
        assert!(fall(1) > fall(0), "leverage makes it worse");
        assert!(fall(2) > fall(1), "thin books make it worse again");
        let adl = simulate(&decode(LESSONS[6].link).params);
        assert!(
            adl.summary.adl_usd > 0.0,
            "the empty fund brings auto-deleveraging"
        );
    }
}
