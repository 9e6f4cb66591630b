//! The guided lesson: a sequence of scenarios, each with a few sentences
//! and a question to discuss. All its wording is in this one table, so it
//! can be translated in one place.

/// One step of the lesson.
pub struct Lesson {
    pub title: &'static str,
    /// Two or three sentences on what to look at.
    pub text: &'static str,
    pub question: &'static str,
    /// The scenario, as a share-link query.
    pub link: &'static str,
}

pub const LESSONS: [Lesson; 9] = [
    Lesson {
        title: "A small shock with low leverage does nothing",
        text: "Traders use 3x on average and the books are twice as deep as usual. A 3% shock liquidates almost nobody, so nobody is forced to sell and the price stays where the shock left it.",
        question: "How far would the price have to fall before a 3x position is liquidated?",
        link: "v=1&preset=calm",
    },
    Lesson {
        title: "Leverage puts liquidation prices close",
        text: "The same 3% shock, but traders now use 25x. Their liquidation prices sit a few percent under the price, so the shock reaches the first layer and its forced sales push into the next.",
        question: "Which colour of the liquidation map is hit first, and why?",
        link: "v=1&shock=3&lev=25",
    },
    Lesson {
        title: "Thin books turn selling into big moves",
        text: "Now the order books hold 40% of their usual depth. Each billion of forced selling moves the price further, so each round reaches deeper layers.",
        question: "Watch the green block of bids: what happens to it as stress rises?",
        link: "v=1&shock=3&lev=25&liq=0.4",
    },
    Lesson {
        title: "Weekends are thinner",
        text: "Fewer traders are at their desks on a weekend: books are about 1.45 times thinner. The default 5% shock at 20x falls much further than on a weekday.",
        question: "Why would exchanges and market makers matter more on a Sunday night?",
        link: "v=1&preset=weekend",
    },
    Lesson {
        title: "Mainstream leads, the long tail amplifies",
        text: "Half of the accounts are cross-margined across BTC, ETH, alts, gold and equity futures. Losses in crypto liquidate whole portfolios, so gold and Nasdaq futures are sold too and correlations jump.",
        question: "Compare the correlation heatmaps before and during the crash: what changed for gold?",
        link: "v=1&shock=6&cross=0.5",
    },
    Lesson {
        title: "The margin spiral",
        text: "When volatility rises, exchanges raise maintenance margins. Positions that were safe a minute ago are suddenly short of margin: the margin spiral feeds the loss spiral.",
        question: "Turn the margin spiral off under More settings: how much smaller is the crash?",
        link: "v=1&shock=5&spiral=4",
    },
    Lesson {
        title: "When the insurance fund runs dry",
        text: "Liquidations filled below the bankruptcy price cost the insurance fund. Here it starts empty, so the exchange auto-deleverages: it closes the most profitable shorts instead of selling into the book.",
        question: "Who pays for the losses once the fund is empty?",
        link: "v=1&shock=10&liq=0.4&fund=0",
    },
    Lesson {
        title: "October 10 2025",
        text: "Record open interest, high leverage and a shock on a Friday evening: about $19 billion and 1.6 million accounts were liquidated in a day. The simulation lands near the reported figures.",
        question: "Which of the mechanisms you have seen mattered most that day?",
        link: "v=1&preset=oct-2025",
    },
    Lesson {
        title: "The textbook spiral",
        text: "One asset, liquidation prices spread evenly, constant depth. With k = liquidations per 1% over depth per 1%, a shock s ends at s / (1 - k): here k = 0.5, so 5% becomes 10%.",
        question: "Halve the liquidity: k becomes 1. What happens, and why?",
        link: "v=1&preset=textbook",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::link::{decode, MAX_LESSON};
    use crate::engine::market::BTC;
    use crate::engine::simulate;

    #[test]
    fn every_lesson_is_a_clean_link_and_the_count_matches_the_links() {
        assert_eq!(LESSONS.len() as u32, MAX_LESSON);
        for lesson in &LESSONS {
            let decoded = decode(lesson.link);
            assert!(
                decoded.notices.is_empty(),
                "{}: {:?}",
                lesson.title,
                decoded.notices
            );
            assert!(lesson.question.ends_with('?'), "{}", lesson.title);
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
