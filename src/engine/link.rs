//! The share-link query string (format version 1).
//!
//! `v=1`, then `preset=NAME` if the scenario started from a preset, then
//! only the fields that differ from the defaults (or from the preset), in
//! the order of [`FIELDS`], e.g. `v=1&preset=oct-2025&liq=0.5`. A preset
//! sets every field; keys beside it override it. Decoding never fails:
//! anything wrong (unknown key, bad or out-of-range value, unknown preset,
//! other version) is left at its default and reported as a [`LinkNotice`].

use super::params::{field, Params, FIELDS};
use super::presets;

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
    pub message: String,
}

/// How the page shows a scenario, as opposed to the scenario itself:
/// `theme=projector`, `embed=1`, `lesson=N`, `panel=NAME`. Written after the
/// parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewOptions {
    /// High contrast and large type for a projector.
    pub projector: bool,
    /// Only the canvas and the three main sliders (for an iframe).
    pub embed: bool,
    /// A step of the guided lesson, from 1.
    pub lesson: Option<u32>,
    /// The side panel open beside the spiral, if any.
    pub panel: Option<Panel>,
}

/// The side panels beside the spiral, by their `panel=` name. A link keeps
/// which one is open, so a teacher can hand out "the phase map of this".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Charts,
    Correlations,
    Compare,
    PhaseMap,
    Lesson,
    Settings,
    Share,
}

impl Panel {
    /// Every panel, in the order of the page's tabs.
    pub const ALL: [Panel; 7] = [
        Panel::Charts,
        Panel::Correlations,
        Panel::Compare,
        Panel::PhaseMap,
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
        out
    }

    /// Reads one view key; `Err` says what was wrong.
    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let value = value.trim();
        match key {
            "theme" => match value {
                "projector" => self.projector = true,
                "default" => self.projector = false,
                _ => {
                    return Err(format!(
                        "theme must be one of default, projector, got '{}'",
                        quote(value)
                    ))
                }
            },
            "embed" => match value {
                "1" => self.embed = true,
                "0" => self.embed = false,
                _ => return Err(format!("embed must be 0 or 1, got '{}'", quote(value))),
            },
            "lesson" => match value.parse::<u32>() {
                Ok(n) if (1..=MAX_LESSON).contains(&n) => self.lesson = Some(n),
                _ => {
                    return Err(format!(
                        "lesson must be a whole number from 1 to {MAX_LESSON}, got '{}'",
                        quote(value)
                    ))
                }
            },
            "panel" => match value {
                "none" => self.panel = None,
                _ => match Panel::from_key(value) {
                    Some(panel) => self.panel = Some(panel),
                    None => {
                        return Err(format!(
                            "panel must be one of none, {}, got '{}'",
                            panel_names(),
                            quote(value)
                        ))
                    }
                },
            },
            _ => return Ok(false),
        }
        Ok(true)
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
                format!(
                    "link format version '{}' is not supported (this app reads v={LINK_VERSION}); the whole link was ignored",
                    quote(version)
                ),
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
            None => notices.note(
                true,
                format!(
                    "preset must be one of {}, got '{}'; the defaults were used",
                    presets::names(),
                    quote(name)
                ),
            ),
        }
    }
    let mut view = ViewOptions::default();
    for (key, value) in pairs.iter().filter(|(k, _)| k != "v" && k != "preset") {
        apply_pair(key, value, &mut params, &mut view, &mut notices);
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
        Err(message) => return notices.note(true, message),
    }
    let Some(spec) = field(key) else {
        return notices.note(false, format!("unknown key '{}' was ignored", quote(key)));
    };
    if params.set_from_text(spec.key, value).is_err() {
        let shown = format!(
            "{} must be {}, got '{}'",
            spec.key,
            spec.range_text(),
            quote(value)
        );
        let kept = spec.format((spec.get)(params));
        notices.note(true, format!("{shown}; {kept} was used"));
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
    fn note(&mut self, is_error: bool, message: String) {
        if self.list.len() < MAX_NOTICES {
            self.list.push(LinkNotice { is_error, message });
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<LinkNotice> {
        if self.dropped > 0 {
            self.list.push(LinkNotice {
                is_error: true,
                message: format!("... and {} more problems in the link", self.dropped),
            });
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
    fn view_options_are_read_checked_and_written_after_the_parameters() {
        let d = decode("v=1&shock=7&theme=projector&embed=1&lesson=3&panel=phase-map");
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(
            d.view,
            ViewOptions {
                projector: true,
                embed: true,
                lesson: Some(3),
                panel: Some(Panel::PhaseMap)
            }
        );
        assert_eq!(
            format!("{}{}", encode(&d.params), d.view.query_suffix()),
            "v=1&shock=7&theme=projector&embed=1&lesson=3&panel=phase-map"
        );
        let bad = decode("v=1&theme=neon&embed=yes&lesson=99&panel=wat");
        let text: Vec<_> = bad.notices.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(text, [
            "theme must be one of default, projector, got 'neon'",
            "embed must be 0 or 1, got 'yes'",
            "lesson must be a whole number from 1 to 9, got '99'",
            "panel must be one of none, charts, correlations, compare, phase-map, lesson, settings, share, got 'wat'",
        ]);
        assert_eq!(bad.view, ViewOptions::default());
    }

    #[test]
    fn choices_travel_by_name() {
        let p = Params {
            impact: crate::engine::params::Impact::Sqrt,
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
