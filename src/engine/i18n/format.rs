//! Numbers, counts, percentages and money as each language writes them:
//! 1,618,240 and $19.13B in English, 1.618.240 and 19.130 millones de
//! dólares in Spanish (RAE: a point between thousands in prose is common in
//! finance writing, a comma before decimals), 161.8万 and 191.3亿美元 in
//! Chinese (counted in 万, ten thousand, and 亿, a hundred million).

use super::Lang;

/// The true minus sign, as the charts and the spiral write it.
const MINUS: char = '\u{2212}';

/// Digits of `n` with the language's thousands separator.
fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Decimals that keep about three significant digits of `v` (v >= 1).
fn three_digit_decimals(v: f64) -> usize {
    if v < 9.995 {
        2
    } else if v < 99.95 {
        1
    } else {
        0
    }
}

impl Lang {
    /// What goes between two sentences: a space, except in Chinese, whose
    /// full stop (。) already separates them.
    pub fn sentence_gap(self) -> &'static str {
        match self {
            Lang::Zh => "",
            Lang::En | Lang::Es => " ",
        }
    }

    /// A decimal number with `decimals` places: 11.2, 11,2 (Spanish), and
    /// the integer part grouped by thousands.
    pub fn decimal(self, value: f64, decimals: usize) -> String {
        let text = format!("{:.decimals$}", value.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let int: u64 = int.parse().unwrap_or(0);
        let (sep, point) = match self {
            Lang::Es => ('.', ','),
            _ => (',', '.'),
        };
        // Spanish leaves four-digit integers ungrouped (2025, 4000).
        let int_text = if self == Lang::Es && int < 10_000 {
            int.to_string()
        } else {
            grouped(int, sep)
        };
        let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            MINUS.to_string()
        } else {
            String::new()
        };
        if frac.is_empty() {
            format!("{sign}{int_text}")
        } else {
            format!("{sign}{int_text}{point}{frac}")
        }
    }

    /// A count of accounts or positions: 1,618,240; 1.618.240; 161.8万.
    pub fn count(self, n: f64) -> String {
        let n = n.max(0.0).round();
        match self {
            Lang::Zh if n >= 1e8 => format!("{}亿", self.decimal(n / 1e8, 1)),
            Lang::Zh if n >= 1e4 => format!("{}万", self.decimal(n / 1e4, 1)),
            Lang::Zh => format!("{n:.0}"),
            _ => self.decimal(n, 0),
        }
    }

    /// A percentage with `decimals` places: 11.2%, 11,2 %, 11.2%.
    pub fn percent(self, value: f64, decimals: usize) -> String {
        match self {
            Lang::Es => format!("{}\u{a0}%", self.decimal(value, decimals)),
            _ => format!("{}%", self.decimal(value, decimals)),
        }
    }

    /// A price in whole dollars, thousands grouped: $88,847; 88.847 $ in
    /// Spanish (the symbol after the amount, as the RAE writes it); $88,847
    /// in Chinese, as exchanges quote BTC there.
    pub fn price(self, usd: f64) -> String {
        let whole = self.decimal(usd.max(0.0).round(), 0);
        match self {
            Lang::Es => format!("{whole}\u{a0}$"),
            _ => format!("${whole}"),
        }
    }

    /// A number the reader typed, written back with the digits they gave
    /// (up to six decimals) and the language's point: 8, 7.5, 7,5.
    pub fn typed(self, value: f64) -> String {
        self.decimal(value, typed_decimals(value))
    }

    /// A typed percentage: 8%, 7,5 %.
    pub fn typed_percent(self, value: f64) -> String {
        self.percent(value, typed_decimals(value))
    }

    /// A typed sum in billions of dollars, written back in the language's
    /// unit: $5B, 5.000 millones de dólares, 50亿美元.
    pub fn typed_billions(self, billions: f64) -> String {
        match self {
            Lang::En => format!("${}B", self.typed(billions)),
            Lang::Es => format!("{} millones de dólares", self.typed(billions * 1e3)),
            Lang::Zh => format!("{}亿美元", self.typed(billions * 10.0)),
        }
    }

    /// Money in US dollars, about three significant digits (four for
    /// billions in English, as the press reports them): $19.13B, $749M,
    /// $12.3k; 19.130 millones de dólares, 749 millones de dólares;
    /// 191.3亿美元, 7.49亿美元, 1230万美元.
    pub fn money(self, usd: f64) -> String {
        if !usd.is_finite() {
            return "\u{2014}".to_string();
        }
        let sign = if usd <= -0.5 {
            MINUS.to_string()
        } else {
            String::new()
        };
        let a = usd.abs();
        let body = match self {
            Lang::En => english_money(a, 2),
            Lang::Es => self.spanish_money(a),
            Lang::Zh => Lang::chinese_money(a),
        };
        format!("{sign}{body}")
    }

    /// Money for tight spots on a canvas, three significant digits: as
    /// [`Lang::money`], but English billions as $17.4B and Spanish millions
    /// as "M$" (19.130 M$).
    pub fn money_short(self, usd: f64) -> String {
        if !usd.is_finite() || self == Lang::Zh {
            return self.money(usd);
        }
        let sign = if usd <= -0.5 {
            MINUS.to_string()
        } else {
            String::new()
        };
        let a = usd.abs();
        if self == Lang::En {
            let billions = a / 1e9;
            return format!(
                "{sign}{}",
                english_money(a, three_digit_decimals(billions.max(1.0)))
            );
        }
        if a < 999.5e3 {
            return self.money(usd);
        }
        let m = a / 1e6;
        let decimals = if m >= 1e3 { 0 } else { three_digit_decimals(m) };
        format!("{sign}{}\u{a0}M$", self.decimal(m, decimals))
    }

    fn spanish_money(self, a: f64) -> String {
        if a >= 999.5e3 {
            let m = a / 1e6;
            let decimals = if m >= 1e3 { 0 } else { three_digit_decimals(m) };
            format!("{} millones de dólares", self.decimal(m, decimals))
        } else {
            format!("{} dólares", self.decimal(a, 0))
        }
    }

    fn chinese_money(a: f64) -> String {
        let (v, unit) = if a >= 0.99995e8 {
            (a / 1e8, "亿")
        } else if a >= 0.99995e4 {
            (a / 1e4, "万")
        } else {
            return format!("{a:.0}美元");
        };
        let decimals = if v >= 1e3 {
            0
        } else if v >= 10.0 {
            1
        } else {
            2
        };
        format!("{v:.decimals$}{unit}美元")
    }
}

/// The decimals of the shortest text that reads back as `value`, at most
/// six (0.1 * 10 and the like are rounded back to what was typed).
fn typed_decimals(value: f64) -> usize {
    let text = format!("{:.6}", value.abs());
    let trimmed = text.trim_end_matches('0');
    trimmed.split_once('.').map_or(0, |(_, frac)| frac.len())
}

/// $19.13B (billions with `billion_decimals`), $749M, $12.3k, $950.
fn english_money(a: f64, billion_decimals: usize) -> String {
    if a < 0.5 {
        return "$0".to_string();
    }
    let (v, unit) = if a >= 999.5e6 {
        return format!("${:.billion_decimals$}B", a / 1e9);
    } else if a >= 999.5e3 {
        (a / 1e6, "M")
    } else if a >= 999.5 {
        (a / 1e3, "k")
    } else {
        return format!("${a:.0}");
    };
    let decimals = three_digit_decimals(v);
    format!("${v:.decimals$}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reported_figures_read_as_each_language_writes_them() {
        assert_eq!(Lang::En.count(1_618_240.0), "1,618,240");
        assert_eq!(Lang::Es.count(1_618_240.0), "1.618.240");
        assert_eq!(Lang::Zh.count(1_618_240.0), "161.8万");
        assert_eq!(Lang::En.money(19.13e9), "$19.13B");
        assert_eq!(Lang::Es.money(19.13e9), "19.130 millones de dólares");
        assert_eq!(Lang::Zh.money(19.13e9), "191.3亿美元");
    }

    #[test]
    fn smaller_sums_keep_three_significant_digits() {
        assert_eq!(Lang::En.money(749e6), "$749M");
        assert_eq!(Lang::En.money(12_340.0), "$12.3k");
        assert_eq!(Lang::Es.money(749e6), "749 millones de dólares");
        assert_eq!(Lang::Es.money(1.5e6), "1,50 millones de dólares");
        assert_eq!(Lang::Es.money_short(19.13e9), "19.130\u{a0}M$");
        assert_eq!(Lang::En.money_short(17.42e9), "$17.4B");
        assert_eq!(Lang::En.money_short(1.214e9), "$1.21B");
        assert_eq!(Lang::En.money_short(999.7e6), "$1.00B");
        assert_eq!(Lang::Zh.money(749e6), "7.49亿美元");
        assert_eq!(Lang::Zh.money(12.3e6), "1230万美元");
        assert_eq!(Lang::Zh.money(950.0), "950美元");
        assert_eq!(Lang::En.money(-2.5e6), "\u{2212}$2.50M");
    }

    #[test]
    fn decimals_and_percentages_use_the_language_point() {
        assert_eq!(Lang::En.percent(11.24, 1), "11.2%");
        assert_eq!(Lang::Es.percent(11.24, 1), "11,2\u{a0}%");
        assert_eq!(Lang::Zh.percent(-3.0, 0), "\u{2212}3%");
        assert_eq!(Lang::Es.decimal(2025.0, 0), "2025");
        assert_eq!(Lang::Es.decimal(20_000.0, 0), "20.000");
        assert_eq!(Lang::En.decimal(-0.001, 1), "0.0");
        assert_eq!(Lang::Zh.count(950.0), "950");
    }

    #[test]
    fn prices_and_typed_numbers_read_back_as_given() {
        assert_eq!(Lang::En.price(88_846.7), "$88,847");
        assert_eq!(Lang::Es.price(88_846.7), "88.847\u{a0}$");
        assert_eq!(Lang::Zh.price(88_846.7), "$88,847");
        assert_eq!(Lang::En.typed_percent(8.0), "8%");
        assert_eq!(Lang::Es.typed_percent(7.5), "7,5\u{a0}%");
        assert_eq!(Lang::En.typed_billions(5.0), "$5B");
        assert_eq!(Lang::Es.typed_billions(0.3), "300 millones de dólares");
        assert_eq!(Lang::Zh.typed_billions(0.3), "3亿美元");
        assert_eq!(Lang::Zh.typed_billions(12.5), "125亿美元");
    }

    #[test]
    fn sentences_join_as_each_language_writes_them() {
        assert_eq!(format!("A.{}B.", Lang::En.sentence_gap()), "A. B.");
        assert_eq!(format!("甲。{}乙。", Lang::Zh.sentence_gap()), "甲。乙。");
        assert_eq!(format!("A.{}B.", Lang::Es.sentence_gap()), "A. B.");
    }
}
