//! The app's words in English, Simplified Chinese and Spanish, and numbers
//! and money written the way each language writes them.
//!
//! Every visible string has a key; each language is one file (`en.rs`,
//! `zh.rs`, `es.rs`) with a `match` over every key, so a key missing from a
//! language does not compile. The keys are two enums, [`Key`] for the text
//! the stage shows and [`PanelKey`] for the text only the side panels, the
//! JS API or the command-line tool show, each with its own `match` in every
//! language: the page is two wasm modules, and a single lookup over all the
//! keys would put every panel's words, in every language, into the stage's
//! module, the one the first spiral waits for. [`Lang::t`] takes either
//! kind ([`TextKey`]). Templates name their blanks (`{shock}`) and [`fill`]
//! puts the values in; a native test checks that every language uses the
//! same blanks. The tables live in the engine, with no web dependency, so
//! the page, the JS API and the command-line tool share them.

mod en;
mod es;
mod format;
mod keys;
mod zh;

pub use keys::{Key, PanelKey};

/// A key of either enum, looked up in the language's table for its kind.
/// `Lang::t` is generic over it, so a module that only ever names a [`Key`]
/// links only the stage's tables.
pub trait TextKey: Copy {
    /// The key's string in `lang`.
    fn text_in(self, lang: Lang) -> &'static str;
}

impl TextKey for Key {
    fn text_in(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::text(self),
            Lang::Zh => zh::text(self),
            Lang::Es => es::text(self),
        }
    }
}

impl TextKey for PanelKey {
    fn text_in(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::panel_text(self),
            Lang::Zh => zh::panel_text(self),
            Lang::Es => es::panel_text(self),
        }
    }
}

/// A language of the app, by its `lang=` code.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    En,
    Zh,
    Es,
}

impl Lang {
    /// Every language, in the order of the language menu.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Zh, Lang::Es];

    /// The `lang=` code, also the page's `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Es => "es",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's own name, as the menu lists it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
            Lang::Es => "Español",
        }
    }

    /// The first of the browser's preferred languages (`navigator.languages`,
    /// e.g. `zh-CN`, `es-419`) that the app speaks, else English.
    pub fn from_browser<S: AsRef<str>>(preferred: &[S]) -> Lang {
        preferred
            .iter()
            .filter_map(|tag| {
                let primary = tag.as_ref().split(['-', '_']).next()?;
                Lang::from_code(&primary.to_ascii_lowercase())
            })
            .next()
            .unwrap_or_default()
    }

    /// The string of `key`, a [`Key`] or a [`PanelKey`], in this language.
    pub fn t(self, key: impl TextKey) -> &'static str {
        key.text_in(self)
    }

    /// `key`'s template with its blanks filled: `fill(Key::X, &[("shock", "5%")])`.
    pub fn fill(self, key: impl TextKey, values: &[(&str, &str)]) -> String {
        fill(self.t(key), values)
    }
}

/// Replaces each `{name}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The blanks a template names, in order of appearance.
pub fn blanks(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Latin words a Chinese string may keep: tickers, units, file formats
    /// and the keys printed on a keyboard.
    const TICKERS_AND_UNITS: [&str; 15] = [
        "BTC", "ETH", "SOL", "ALTS", "GOLD", "NQ", "ADL", "USD", "ETF", "QR", "Ctrl", "PNG", "CSV",
        "JSON", "WebM",
    ];

    /// A key of either enum, so that every check below reads both.
    #[derive(Clone, Copy, Debug)]
    enum AnyKey {
        Stage(Key),
        Panel(PanelKey),
    }

    impl AnyKey {
        fn text(self, lang: Lang) -> &'static str {
            match self {
                AnyKey::Stage(key) => lang.t(key),
                AnyKey::Panel(key) => lang.t(key),
            }
        }

        fn same_in_every_language(self) -> bool {
            matches!(self, AnyKey::Stage(key) if key.same_in_every_language())
        }
    }

    /// Every key of the stage's enum, then every key of the panels'.
    fn every_key() -> impl Iterator<Item = AnyKey> {
        let stage = Key::ALL.iter().map(|&key| AnyKey::Stage(key));
        stage.chain(PanelKey::ALL.iter().map(|&key| AnyKey::Panel(key)))
    }

    #[test]
    fn a_key_is_named_in_one_enum_only() {
        // The same name in both would be the same string kept twice, and a
        // call site could pick either.
        let stage: Vec<String> = Key::ALL.iter().map(|k| format!("{k:?}")).collect();
        for key in PanelKey::ALL {
            let name = format!("{key:?}");
            assert!(!stage.contains(&name), "{name} is in Key and PanelKey");
        }
    }

    #[test]
    fn every_key_has_every_language_with_the_same_blanks() {
        for key in every_key() {
            let mut english = blanks(key.text(Lang::En));
            english.sort_unstable();
            english.dedup();
            for lang in Lang::ALL {
                let text = key.text(lang);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {lang:?}");
                let mut own = blanks(text);
                own.sort_unstable();
                own.dedup();
                // English alone needs its article ("a" or "an").
                english.retain(|b| lang == Lang::En || *b != "article");
                assert_eq!(
                    own, english,
                    "{key:?} in {lang:?}: blanks differ from English"
                );
            }
        }
    }

    #[test]
    fn translations_are_not_left_in_english() {
        for key in every_key() {
            for lang in [Lang::Zh, Lang::Es] {
                let (text, english) = (key.text(lang), key.text(Lang::En));
                // Words of the English text itself, not the names of its blanks.
                let named: Vec<(&str, &str)> =
                    blanks(english).into_iter().map(|b| (b, "")).collect();
                let shown = fill(english, &named);
                let words = shown
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter(|w| w.len() > 3);
                if words.clone().count() > 0 && !key.same_in_every_language() {
                    assert_ne!(text, english, "{key:?} is still English in {lang:?}");
                }
            }
            if !key.same_in_every_language() {
                let zh = without_link_syntax(key.text(Lang::Zh));
                let latin: Vec<&str> = zh
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter(|w| w.len() > 1 && !TICKERS_AND_UNITS.contains(w))
                    .filter(|w| !blanks(key.text(Lang::Zh)).contains(w))
                    .collect();
                assert!(
                    latin.is_empty(),
                    "{key:?} in Chinese has Latin words {latin:?}"
                );
            }
        }
    }

    #[test]
    fn spanish_says_plataforma_not_exchange() {
        // Trading loanwords a teacher in Madrid would write in Spanish
        // (plataforma, creador de mercado, operador, ballena).
        for key in every_key() {
            let text = key.text(Lang::Es).to_lowercase();
            for word in ["exchange", "dealer", "trader", "whale"] {
                assert!(
                    !text.contains(word),
                    "{key:?} in Spanish says '{word}': {text}"
                );
            }
        }
    }

    /// The text without what is typed into a link as it stands (`pos=long`).
    fn without_link_syntax(text: &str) -> String {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '='))
            .filter(|word| word.contains('='))
            .fold(text.to_string(), |rest, word| rest.replace(word, " "))
    }

    #[test]
    fn browser_languages_pick_the_first_one_spoken() {
        assert_eq!(Lang::from_browser(&["zh-CN", "en"]), Lang::Zh);
        assert_eq!(Lang::from_browser(&["fr-FR", "es-419", "en"]), Lang::Es);
        assert_eq!(Lang::from_browser(&["de"]), Lang::En);
        assert_eq!(Lang::from_browser::<&str>(&[]), Lang::En);
        assert_eq!(Lang::from_browser(&["ZH_tw"]), Lang::Zh);
    }

    #[test]
    fn blanks_are_filled_by_name() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "1"), ("b", "2")]),
            "1 and 2, 1"
        );
        assert_eq!(blanks("x {a} y {bc}"), vec!["a", "bc"]);
    }
}
