//! The share-link query string (format version 1).
//!
//! `v=1`, then `preset=NAME` if the scenario started from a preset, then
//! only the fields that differ from the defaults (or from the preset), in
//! the order of [`FIELDS`], e.g. `v=1&preset=oct-2025&liq=0.5`. A preset
//! sets every field; keys beside it override it. Decoding never fails:
//! anything wrong (unknown key, bad or out-of-range value, unknown preset,
//! other version) is left at its default and reported as a [`LinkNotice`].

use super::i18n::{Key, Lang};
use super::params::{field, Params, FIELDS};
use super::presets;
use super::survival::{number_refused, side_from_key, UserPosition, POSITION_KEYS};

/// The link format this build writes and reads.
pub const LINK_VERSION: u32 = 1;

/// At most this many notices are listed; the rest are counted, so a link of
/// 10 KB of junk gives a readable message.
const MAX_NOTICES: usize = 6;

/// Values quoted in notices are cut to this many characters.
const MAX_QUOTED: usize = 24;

/// Something in a link that was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkNotice {
    /// True when a value was refused (the CLI exits with status 2 on these);
    /// false for keys this version does not know, which are only warned about.
    pub is_error: bool,
    /// In English, for the command line.
    pub message: String,
    /// What was wrong, to say it in another language.
    pub problem: Problem,
}

/// What was wrong with a part of a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A link of another format version; `got` as it was.
    Version {
        got: String,
    },
    UnknownPreset {
        got: String,
    },
    /// A refused value; `kept` is the value used instead, if any.
    BadValue {
        key: String,
        allowed: Allowed,
        got: String,
        kept: Option<String>,
    },
    UnknownKey {
        key: String,
    },
    /// A position's number out of its range; the key was ignored.
    PositionValue {
        key: String,
        min: String,
        max: String,
        got: String,
    },
    /// Position numbers without `pos=long` or `pos=short`.
    PositionWithoutSide,
    /// Problems past the first few, only counted.
    More {
        count: usize,
    },
}

/// The values a key allows, as a notice states them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Allowed {
    /// A parameter of the table in `params`, by key.
    Field(&'static str),
    OneOf(String),
    ZeroOrOne,
    Whole {
        min: u32,
        max: u32,
    },
}

impl Allowed {
    fn text(&self, lang: Lang) -> String {
        match self {
            Allowed::Field(key) => field(key)
                .map(|f| f.range_text_in(lang))
                .unwrap_or_default(),
            Allowed::OneOf(list) => lang.fill(Key::RangeOneOf, &[("list", list)]),
            Allowed::ZeroOrOne => lang.t(Key::RangeZeroOrOne).to_string(),
            Allowed::Whole { min, max } => lang.fill(
                Key::RangeWhole,
                &[("min", &min.to_string()), ("max", &max.to_string())],
            ),
        }
    }
}

impl Problem {
    /// The notice in `lang`: what was wrong, then what was done instead.
    pub fn text(&self, lang: Lang) -> String {
        format!("{}{}", self.refusal(lang), self.consequence(lang))
    }

    /// What was wrong, without what the page used instead: the JS API
    /// refuses the whole call.
    pub fn refusal(&self, lang: Lang) -> String {
        match self {
            Problem::Version { got } => lang.fill(
                Key::NoticeVersion,
                &[("got", got), ("version", &LINK_VERSION.to_string())],
            ),
            Problem::UnknownPreset { got } => lang.fill(
                Key::NoticePreset,
                &[("list", &presets::names()), ("got", got)],
            ),
            Problem::BadValue {
                key, allowed, got, ..
            } => lang.fill(
                Key::NoticeValue,
                &[("key", key), ("allowed", &allowed.text(lang)), ("got", got)],
            ),
            Problem::UnknownKey { key } => lang.fill(Key::NoticeUnknownKey, &[("key", key)]),
            Problem::PositionValue { key, min, max, got } => {
                number_refused(lang, key, min, max, got)
            }
            Problem::PositionWithoutSide => lang.t(Key::NoticePositionSide).to_string(),
            Problem::More { count } => lang.fill(Key::NoticeMore, &[("n", &count.to_string())]),
        }
    }

    /// "; 5 was used", "; it was ignored", or nothing.
    fn consequence(&self, lang: Lang) -> String {
        let key = match self {
            Problem::Version { .. } => Key::NoticeWholeLinkIgnored,
            Problem::UnknownPreset { .. } => Key::NoticeDefaultsUsed,
            Problem::BadValue {
                kept: Some(value), ..
            } => return lang.fill(Key::NoticeKept, &[("value", value)]),
            Problem::PositionValue { .. } => Key::NoticeItIgnored,
            Problem::PositionWithoutSide => Key::NoticeTheyIgnored,
            _ => return String::new(),
        };
        lang.t(key).to_string()
    }
}

impl LinkNotice {
    fn new(is_error: bool, problem: Problem) -> Self {
        LinkNotice {
            is_error,
            message: problem.text(Lang::En),
            problem,
        }
    }

    /// The notice as the page shows it in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.problem.text(lang)
    }
}

/// How the page shows a scenario, as opposed to the scenario itself:
/// `theme=projector`, `embed=1`, `lesson=N`, `panel=NAME`, `lang=CODE`, and the reader's
/// own position held through it (`pos=long&pos_lev=25`). Written after the
/// parameters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewOptions {
    /// High contrast and large type for a projector.
    pub projector: bool,
    /// Only the canvas and the three main sliders (for an iframe).
    pub embed: bool,
    /// A step of the guided lesson, from 1.
    pub lesson: Option<u32>,
    /// The side panel open beside the spiral, if any.
    pub panel: Option<Panel>,
    /// The language the link asks for; without one the page follows the
    /// browser's preferred languages.
    pub lang: Option<Lang>,
    /// Predict, then watch: the outcome stays hidden until the reader has
    /// guessed and pressed Reveal.
    pub predict: bool,
    /// The reader's own BTC position, drawn on the map and judged by the run.
    pub position: Option<UserPosition>,
}

/// The side panels beside the spiral, by their `panel=` name. A link keeps
/// which one is open, so a teacher can hand out "the phase map of this".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Charts,
    Correlations,
    Compare,
    PhaseMap,
    Position,
    Lesson,
    Settings,
    Share,
}

impl Panel {
    /// Every panel, in the order of the page's tabs.
    pub const ALL: [Panel; 8] = [
        Panel::Charts,
        Panel::Correlations,
        Panel::Compare,
        Panel::PhaseMap,
        Panel::Position,
        Panel::Lesson,
        Panel::Settings,
        Panel::Share,
    ];

    /// The name in a link.
    pub fn key(self) -> &'static str {
        match self {
            Panel::Charts => "charts",
            Panel::Correlations => "correlations",
            Panel::Compare => "compare",
            Panel::PhaseMap => "phase-map",
            Panel::Position => "position",
            Panel::Lesson => "lesson",
            Panel::Settings => "settings",
            Panel::Share => "share",
        }
    }

    pub fn from_key(key: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// The highest `lesson=` a link may name (the lesson table's length).
pub const MAX_LESSON: u32 = super::lessons::LESSONS.len() as u32;

impl ViewOptions {
    /// `&theme=projector&embed=1&lesson=3&panel=charts`, only what differs
    /// from the default.
    pub fn query_suffix(&self) -> String {
        let mut out = String::new();
        if self.projector {
            out.push_str("&theme=projector");
        }
        if self.embed {
            out.push_str("&embed=1");
        }
        if let Some(n) = self.lesson {
            out.push_str(&format!("&lesson={n}"));
        }
        if let Some(panel) = self.panel {
            out.push_str(&format!("&panel={}", panel.key()));
        }
        if self.predict {
            out.push_str("&predict=1");
        }
        if let Some(position) = self.position {
            out.push_str(&position.query_suffix());
        }
        if let Some(lang) = self.lang {
            out.push_str(&format!("&lang={}", lang.code()));
        }
        out
    }

    /// Reads one view key; `Err` says what was wrong.
    fn set(&mut self, key: &str, value: &str) -> Result<bool, Problem> {
        let refused = |allowed: Allowed| Problem::BadValue {
            key: key.to_string(),
            allowed,
            got: quote(value.trim()),
            kept: None,
        };
        let value = value.trim();
        match key {
            "theme" => match value {
                "projector" => self.projector = true,
                "default" => self.projector = false,
                _ => return Err(refused(Allowed::OneOf("default, projector".to_string()))),
            },
            "embed" => match value {
                "1" => self.embed = true,
                "0" => self.embed = false,
                _ => return Err(refused(Allowed::ZeroOrOne)),
            },
            "predict" => match value {
                "1" => self.predict = true,
                "0" => self.predict = false,
                _ => return Err(refused(Allowed::ZeroOrOne)),
            },
            "lesson" => match value.parse::<u32>() {
                Ok(n) if (1..=MAX_LESSON).contains(&n) => self.lesson = Some(n),
                _ => {
                    return Err(refused(Allowed::Whole {
                        min: 1,
                        max: MAX_LESSON,
                    }))
                }
            },
            "panel" => match value {
                "none" => self.panel = None,
                _ => match Panel::from_key(value) {
                    Some(panel) => self.panel = Some(panel),
                    None => {
                        return Err(refused(Allowed::OneOf(format!("none, {}", panel_names()))))
                    }
                },
            },
            "lang" => match Lang::from_code(value) {
                Some(lang) => self.lang = Some(lang),
                None => {
                    return Err(refused(Allowed::OneOf(
                        Lang::ALL.map(Lang::code).join(", "),
                    )))
                }
            },
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// The position keys of a link, read in any order: `pos` gives the side,
/// the `pos_` keys its numbers.
#[derive(Default)]
struct PositionKeys {
    side: Option<super::positions::Side>,
    draft: UserPosition,
    numbers_given: bool,
}

impl PositionKeys {
    /// `None` when `key` is not a position key, else whether it was usable.
    fn read(&mut self, key: &str, value: &str) -> Option<Result<(), Problem>> {
        if key == "pos" {
            return Some(match side_from_key(value) {
                Some(side) => {
                    self.side = Some(side);
                    Ok(())
                }
                None => Err(Problem::BadValue {
                    key: "pos".to_string(),
                    allowed: Allowed::OneOf("long, short".to_string()),
                    got: quote(value),
                    kept: None,
                }),
            });
        }
        let spec = POSITION_KEYS.iter().find(|k| k.key == key)?;
        self.numbers_given = true;
        Some(
            self.draft
                .set(key, value)
                .map_err(|_| Problem::PositionValue {
                    key: spec.key.to_string(),
                    min: format!("{}", spec.min),
                    max: format!("{}", spec.max),
                    got: quote(value),
                }),
        )
    }

    /// The position, or a warning when its numbers came without a side.
    fn finish(self) -> Result<Option<UserPosition>, Problem> {
        match self.side {
            Some(side) => Ok(Some(UserPosition { side, ..self.draft })),
            None if self.numbers_given => Err(Problem::PositionWithoutSide),
            None => Ok(None),
        }
    }
}

/// "charts, correlations, ..." for messages.
fn panel_names() -> String {
    Panel::ALL.map(Panel::key).join(", ")
}

/// The result of reading a link: usable parameters plus what was ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedLink {
    pub params: Params,
    pub view: ViewOptions,
    pub notices: Vec<LinkNotice>,
}

impl DecodedLink {
    pub fn has_errors(&self) -> bool {
        self.notices.iter().any(|n| n.is_error)
    }
}

/// Writes the query (without `?`) holding only non-default values.
pub fn encode(params: &Params) -> String {
    let base_preset = params.preset.as_deref().and_then(presets::preset);
    let base = base_preset.map_or_else(Params::default, |p| (p.params)());
    let mut out = format!("v={LINK_VERSION}");
    if let Some(p) = base_preset {
        out.push_str(&format!("&preset={}", p.name));
    }
    for f in FIELDS {
        let value = (f.get)(params);
        if value.to_bits() != (f.get)(&base).to_bits() {
            out.push_str(&format!("&{}={}", f.key, f.format(value)));
        }
    }
    out
}

/// Reads a query string or a whole URL (anything before `?` and after `#`
/// is ignored).
pub fn decode(link: &str) -> DecodedLink {
    let pairs = query_pairs(link);
    let mut params = Params::default();
    let mut notices = Notices::default();
    if let Some((_, version)) = pairs.iter().rev().find(|(k, _)| k == "v") {
        if version.trim() != LINK_VERSION.to_string() {
            notices.note(
                true,
                Problem::Version {
                    got: quote(version),
                },
            );
            return DecodedLink {
                params,
                view: ViewOptions::default(),
                notices: notices.finish(),
            };
        }
    }
    if let Some((_, name)) = pairs.iter().rev().find(|(k, _)| k == "preset") {
        match presets::preset(name.trim()) {
            Some(p) => params = (p.params)(),
            None => notices.note(true, Problem::UnknownPreset { got: quote(name) }),
        }
    }
    let mut view = ViewOptions::default();
    let mut position = PositionKeys::default();
    for (key, value) in pairs.iter().filter(|(k, _)| k != "v" && k != "preset") {
        match position.read(key, value) {
            Some(Err(message)) => notices.note(true, message),
            Some(Ok(())) => {}
            None => apply_pair(key, value, &mut params, &mut view, &mut notices),
        }
    }
    match position.finish() {
        Ok(p) => view.position = p,
        Err(message) => notices.note(false, message),
    }
    DecodedLink {
        params,
        view,
        notices: notices.finish(),
    }
}

/// The link's query as decoded key-value pairs, in order.
fn query_pairs(link: &str) -> Vec<(String, String)> {
    let query = match link.find('?') {
        Some(i) => &link[i + 1..],
        None => link,
    };
    let query = query.split('#').next().unwrap_or("");
    query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// One key of the link: a view option or a parameter, or a notice saying
/// why it was ignored and what was used instead.
fn apply_pair(
    key: &str,
    value: &str,
    params: &mut Params,
    view: &mut ViewOptions,
    notices: &mut Notices,
) {
    match view.set(key, value) {
        Ok(true) => return,
        Ok(false) => {}
        Err(problem) => return notices.note(true, problem),
    }
    let Some(spec) = field(key) else {
        return notices.note(false, Problem::UnknownKey { key: quote(key) });
    };
    if params.set_from_text(spec.key, value).is_err() {
        let problem = Problem::BadValue {
            key: spec.key.to_string(),
            allowed: Allowed::Field(spec.key),
            got: quote(value),
            kept: Some(spec.format((spec.get)(params))),
        };
        notices.note(true, problem);
    }
}

/// The problems found in a link: the first [`MAX_NOTICES`] spelled out,
/// the rest counted, so a hostile link cannot flood the page.
#[derive(Default)]
struct Notices {
    list: Vec<LinkNotice>,
    dropped: usize,
}

impl Notices {
    fn note(&mut self, is_error: bool, problem: Problem) {
        if self.list.len() < MAX_NOTICES {
            self.list.push(LinkNotice::new(is_error, problem));
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<LinkNotice> {
        if self.dropped > 0 {
            let more = Problem::More {
                count: self.dropped,
            };
            self.list.push(LinkNotice::new(true, more));
        }
        self.list
    }
}

/// Cuts a value for display so a hostile link cannot flood the notice.
fn quote(text: &str) -> String {
    let mut cut: String = text.chars().take(MAX_QUOTED).collect();
    if text.chars().count() > MAX_QUOTED {
        cut.push('…');
    }
    cut
}

/// Decodes `%XX` escapes and `+` as space; invalid escapes stay as written,
/// invalid UTF-8 becomes U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_encode_to_the_version_alone() {
        assert_eq!(encode(&Params::default()), "v=1");
    }

    #[test]
    fn only_changed_values_are_written_and_read_back_exactly() {
        let p = Params {
            shock_pct: 12.5,
            depth_multiplier: 0.3,
            seed: 99,
            ..Params::default()
        };
        let q = encode(&p);
        assert_eq!(q, "v=1&shock=12.5&liq=0.3&seed=99");
        let back = decode(&q);
        assert_eq!(back.params, p);
        assert!(back.notices.is_empty());
    }

    #[test]
    fn whole_urls_and_escapes_are_accepted() {
        let d = decode("https://example.org/cascade-lab/?v=1&shock=7%2E5#top");
        assert_eq!(d.params.shock_pct, 7.5);
        assert!(d.notices.is_empty());
    }

    #[test]
    fn bad_values_fall_back_to_defaults_with_a_notice_naming_the_range() {
        let d = decode("v=1&shock=900&lev=abc&liq=0.5&zzz=1");
        assert_eq!(d.params.shock_pct, 5.0);
        assert_eq!(d.params.mean_leverage, 20.0);
        assert_eq!(d.params.depth_multiplier, 0.5);
        let text: Vec<_> = d.notices.iter().map(|n| n.message.as_str()).collect();
        assert!(
            text[0].contains("shock must be a number from 0 to 50, got '900'"),
            "{text:?}"
        );
        assert!(text[1].contains("lev must be"), "{text:?}");
        assert_eq!(text[2], "unknown key 'zzz' was ignored");
        assert!(d.has_errors());
        assert!(!d.notices[2].is_error);
    }

    #[test]
    fn presets_set_every_field_and_keys_beside_them_override() {
        let d = decode("v=1&preset=oct-2025&liq=0.5");
        let oct = (presets::preset("oct-2025").unwrap().params)();
        assert_eq!(
            d.params,
            Params {
                depth_multiplier: 0.5,
                ..oct.clone()
            }
        );
        assert_eq!(encode(&d.params), "v=1&preset=oct-2025&liq=0.5");
        assert_eq!(encode(&oct), "v=1&preset=oct-2025");
        let bad = decode("v=1&preset=mars&shock=7");
        assert_eq!(bad.params.shock_pct, 7.0);
        assert!(bad.notices[0]
            .message
            .starts_with("preset must be one of oct-2025, jan-2026"));
    }

    #[test]
    fn predict_is_zero_or_one_and_written_after_the_panel() {
        let d = decode("v=1&predict=1&lesson=2&panel=charts");
        assert!(d.view.predict && d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(d.view.query_suffix(), "&lesson=2&panel=charts&predict=1");
        let bad = decode("v=1&predict=yes");
        assert!(!bad.view.predict);
        assert_eq!(bad.notices[0].message, "predict must be 0 or 1, got 'yes'");
    }

    #[test]
    fn a_position_is_read_in_any_order_checked_and_written_back() {
        use crate::positions::Side;
        use crate::survival::Entry;
        let d = decode("v=1&pos_lev=25&pos=short&pos_entry=97000&pos_size=50000");
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        let p = d.view.position.unwrap();
        assert_eq!(
            (p.side, p.entry, p.leverage, p.size_usd),
            (Side::Short, Entry::Price(97_000.0), 25.0, 50_000.0)
        );
        assert_eq!(
            d.view.query_suffix(),
            "&pos=short&pos_entry=97000&pos_lev=25&pos_size=50000"
        );
        let bad = decode("v=1&pos=sideways&pos_lev=900");
        let text: Vec<_> = bad.notices.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            text,
            [
                "pos must be one of long, short, got 'sideways'",
                "pos_lev must be a number from 1 to 125, got '900'; it was ignored",
                "pos_ keys need pos=long or pos=short; they were ignored",
            ]
        );
        assert_eq!(bad.view.position, None);
    }

    #[test]
    fn view_options_are_read_checked_and_written_after_the_parameters() {
        let d = decode("v=1&shock=7&theme=projector&embed=1&lesson=3&panel=phase-map&lang=zh");
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(
            d.view,
            ViewOptions {
                projector: true,
                embed: true,
                lesson: Some(3),
                panel: Some(Panel::PhaseMap),
                lang: Some(Lang::Zh),
                predict: false,
                position: None,
            }
        );
        assert_eq!(
            format!("{}{}", encode(&d.params), d.view.query_suffix()),
            "v=1&shock=7&theme=projector&embed=1&lesson=3&panel=phase-map&lang=zh"
        );
        let bad = decode("v=1&theme=neon&embed=yes&lesson=99&panel=wat&lang=fr");
        let text: Vec<_> = bad.notices.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(text, [
            "theme must be one of default, projector, got 'neon'",
            "embed must be 0 or 1, got 'yes'",
            "lesson must be a whole number from 1 to 9, got '99'",
            "panel must be one of none, charts, correlations, compare, phase-map, position, lesson, settings, share, got 'wat'",
            "lang must be one of en, zh, es, got 'fr'",
        ]);
        assert_eq!(bad.view, ViewOptions::default());
    }

    #[test]
    fn choices_travel_by_name() {
        let p = Params {
            impact: crate::params::Impact::Sqrt,
            weekend: true,
            ..Params::default()
        };
        assert_eq!(encode(&p), "v=1&impact=sqrt&weekend=1");
        assert_eq!(decode("v=1&impact=sqrt&weekend=1").params, p);
    }

    #[test]
    fn another_version_is_ignored_whole() {
        let d = decode("v=2&shock=10");
        assert_eq!(d.params, Params::default());
        assert!(d.notices[0]
            .message
            .contains("version '2' is not supported"));
    }

    #[test]
    fn junk_and_script_give_short_bounded_notices() {
        let junk = format!(
            "v=1&shock=<script>alert(1)</script>&{}",
            "x=%ZZ&".repeat(2000)
        );
        let d = decode(&junk);
        assert_eq!(d.params, Params::default());
        assert_eq!(d.notices.len(), MAX_NOTICES + 1);
        assert!(d.notices.iter().all(|n| n.message.len() < 200));
        assert!(d.notices.last().unwrap().message.contains("more problems"));
    }
}
