//! The two shapes of an author-date reference, read by hand: `Galeotti
//! (2022)` after `Sources:` and `see Galeotti, 2022, 14` inside parentheses.
//!
//! Both were patterns over Unicode's letter classes, and each such pattern
//! costs about half a megabyte of automaton and search cache per thread (the
//! language server keeps several threads) for what is a walk over words that
//! never needs to look back: names hold no digits, so the first digit starts
//! the year, and every choice between a name's parts and the separators is
//! decided by the next word. Capitals and letters are Rust's `Uppercase`
//! and `Alphabetic` properties, as for surnames written first
//! (`citations::inverted_surname`); they differ from the general categories
//! only for rare characters (Roman numerals, combining vowel signs).

use crate::analysis::citations::name_char;

/// Particles that may stand before a surname: `de Vries`, `van der Berg`.
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "ten", "ter",
];

/// Particles that may join two capitalised parts of one surname: `Ortega y
/// Gasset` is not among them, `Smith de Lucca` is.
const JOINING_PARTICLES: &[&str] = &["de", "van", "von", "der", "da", "di", "du", "la", "le"];

/// `Galeotti (2022)`, `Charap and Priebe (2023).`, `Smith et al. (2019a)`:
/// the whole of `item`. Returns the names and the year.
pub(super) fn narrative(item: &str) -> Option<(&str, &str)> {
    let item = item.strip_suffix('.').unwrap_or(item);
    let inner = item.strip_suffix(')')?;
    let inner = inner
        .strip_suffix(|c: char| c.is_ascii_lowercase())
        .unwrap_or(inner);
    let year_start = inner.len().checked_sub(4)?;
    let year = inner.get(year_start..).filter(|y| is_year(y))?;
    let before = inner[..year_start].strip_suffix('(')?;
    let names = before.trim_end();
    (names.len() < before.len() && is_names(names)).then_some((names, year))
}

/// `Galeotti 2022`, `see Galeotti, 2022`, `Charap and Priebe 2023, pp. 14–15`:
/// the whole of `item`. Returns the names and the year.
pub(super) fn parenthetical(item: &str) -> Option<(&str, &str)> {
    let rest = ["see", "cf.", "e.g.,", "e.g."]
        .iter()
        .find_map(|lead| {
            let after = item.strip_prefix(lead)?;
            let trimmed = after.trim_start();
            (trimmed.len() < after.len()).then_some(trimmed)
        })
        .unwrap_or(item);
    let digit = rest.find(|c: char| c.is_ascii_digit())?;
    let year = rest.get(digit..digit + 4).filter(|y| is_year(y))?;
    let after = &rest[digit + 4..];
    let after = after
        .strip_prefix(|c: char| c.is_ascii_lowercase())
        .unwrap_or(after);
    if !after.is_empty() && !is_locator(after) {
        return None;
    }
    let before = &rest[..digit];
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return None;
    }
    let names = trimmed.strip_suffix(',').unwrap_or(trimmed);
    is_names(names).then_some((names, year))
}

/// `1500` to `2099`.
fn is_year(text: &str) -> bool {
    match text.as_bytes() {
        [b'1', b'5'..=b'9', c, d] | [b'2', b'0', c, d] => c.is_ascii_digit() && d.is_ascii_digit(),
        _ => false,
    }
}

/// `, 14`, `, pp. 14–15`, `,p.3`: what may follow the year.
fn is_locator(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(',') else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = ["pp.", "p."]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .map_or(rest, str::trim_start);
    !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '–' | '-'))
}

/// Names joined by commas, `and` or `&`, perhaps ending in `et al.`: the
/// whole of `text`.
fn is_names(text: &str) -> bool {
    let mut words = Words { rest: text };
    if !words.name() {
        return false;
    }
    loop {
        let saved = words.rest;
        if words.separator() && words.name() {
            continue;
        }
        words.rest = saved;
        break;
    }
    let saved = words.rest;
    if !(words.space() && words.word("et") && words.space() && words.literal("al.")) {
        words.rest = saved;
    }
    words.rest.is_empty()
}

/// A cursor over the text of a list of names.
struct Words<'a> {
    rest: &'a str,
}

impl Words<'_> {
    /// One or more white-space characters.
    fn space(&mut self) -> bool {
        let trimmed = self.rest.trim_start();
        let moved = trimmed.len() < self.rest.len();
        self.rest = trimmed;
        moved
    }

    fn literal(&mut self, text: &str) -> bool {
        match self.rest.strip_prefix(text) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// `text` followed by white space (not consumed), so that `de` is not
    /// read from `den`.
    fn word(&mut self, text: &str) -> bool {
        match self.rest.strip_prefix(text) {
            Some(rest) if rest.starts_with(char::is_whitespace) => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }

    /// One of `particles` and the white space after it (which [`Self::word`]
    /// has checked is there).
    fn particle(&mut self, particles: &[&str]) -> bool {
        particles.iter().any(|p| self.word(p)) && self.space()
    }

    /// A capital and the letters, apostrophes, hyphens (and full stops, when
    /// `stops`) after it.
    fn capitalised(&mut self, stops: bool) -> bool {
        let mut chars = self.rest.chars();
        if !chars.next().is_some_and(char::is_uppercase) {
            return false;
        }
        let body = chars.as_str();
        let end = body
            .find(|c: char| !(name_char(c) || (stops && c == '.')))
            .unwrap_or(body.len());
        self.rest = &body[end..];
        true
    }

    /// A surname with the particles before it and perhaps a second part:
    /// `de Vries`, `Smith de Lucca`, `O’Brien`.
    fn name(&mut self) -> bool {
        while self.particle(PARTICLES) {}
        if !self.capitalised(true) {
            return false;
        }
        let saved = self.rest;
        if !(self.space() && self.particle(JOINING_PARTICLES) && self.capitalised(false)) {
            self.rest = saved;
        }
        true
    }

    /// `, `, `, and `, ` and `, ` & ` between two names.
    fn separator(&mut self) -> bool {
        let saved = self.rest;
        let comma = self.literal(",");
        if self.space() {
            let after_space = self.rest;
            if (self.word("and") || self.literal("&")) && self.space() {
                return true;
            }
            // `, ` alone separates when a name follows, which the caller checks.
            self.rest = after_space;
            if comma {
                return true;
            }
        }
        self.rest = saved;
        false
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    /// The patterns these functions replaced.
    const NAME: &str = r"(?:(?:de|van|von|der|den|da|di|du|la|le|ten|ter)\s+)*[\p{Lu}][\p{L}'’.-]*(?:\s+(?:de|van|von|der|da|di|du|la|le)\s+[\p{Lu}][\p{L}'’-]*)?";

    fn by_pattern(pattern: &regex::Regex, text: &str) -> Option<(String, String)> {
        pattern
            .captures(text)
            .map(|c| (c[1].to_string(), c[2].to_string()))
    }

    fn compile(pattern: &str) -> regex::Regex {
        let names = format!(r"({NAME}(?:(?:,\s+|,?\s+and\s+|,?\s+&\s+){NAME})*(?:\s+et\s+al\.)?)");
        regex::Regex::new(&pattern.replace("NAMES", &names)).expect("a valid pattern")
    }

    static NARRATIVE: LazyLock<regex::Regex> =
        LazyLock::new(|| compile(r"^NAMES\s+\((1[5-9][0-9][0-9]|20[0-9][0-9])[a-z]?\)\.?$"));

    static PARENTHETICAL: LazyLock<regex::Regex> = LazyLock::new(|| {
        compile(
            r"^(?:(?:see|cf\.|e\.g\.,?)\s+)?NAMES,?\s+(1[5-9][0-9][0-9]|20[0-9][0-9])[a-z]?(?:,\s*(?:pp?\.\s*)?[0-9–-]+)?$",
        )
    });

    fn narrative_by_pattern(text: &str) -> Option<(String, String)> {
        by_pattern(&NARRATIVE, text)
    }

    fn parenthetical_by_pattern(text: &str) -> Option<(String, String)> {
        by_pattern(&PARENTHETICAL, text)
    }

    fn owned(found: Option<(&str, &str)>) -> Option<(String, String)> {
        found.map(|(n, y)| (n.to_string(), y.to_string()))
    }

    /// Pieces whose joins reach every branch of the patterns.
    const PIECES: &[&str] = &[
        "Smith",
        "Lévy-Bruhl",
        "O’Brien",
        "de",
        "den",
        "van",
        "ten",
        "la",
        "Lee",
        "and",
        "&",
        "et",
        "al.",
        "al",
        ",",
        ", ",
        " ",
        "  ",
        "\t",
        ".",
        "(",
        ")",
        "1990",
        "2023",
        "1499",
        "2100",
        "a",
        "b",
        "see",
        "cf.",
        "e.g.",
        "e.g.,",
        "p.",
        "pp.",
        "14",
        "–",
        "-",
        "'",
        "É",
        "中",
        "x",
        "1",
        "M.",
    ];

    /// Free joins of the pieces, and lists of names put together from
    /// right and slightly wrong parts and ended with one of `tails` (most
    /// free joins match neither pattern).
    fn joined(tails: &'static [&'static str]) -> impl Strategy<Value = String> {
        let free =
            prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|p| p.concat());
        let lead = prop::sample::select(
            &["", "", "", "see ", "cf. ", "e.g., ", "e.g. ", "see", "See "][..],
        );
        let name = prop::sample::select(
            &[
                "Smith",
                "Smith",
                "de Vries",
                "van der Berg",
                "Smith de Lucca",
                "O’Brien",
                "Lévy-Bruhl",
                "Lee",
                "M.",
                "smith",
                "den Haag",
                "de  Lee",
                "Lee de",
                "中",
                "É",
                "Smith.",
                "A-",
                "ten",
                "Lee van",
                "Lee de Vries.",
                "and",
                "&",
            ][..],
        );
        let separator = prop::sample::select(
            &[
                ", ", ", ", " and ", ", and ", " & ", ",", " ", ",  and\t", " &", "and ", " ,",
            ][..],
        );
        let more = prop::collection::vec((separator, name.clone()), 0..4);
        let et_al =
            prop::sample::select(&["", "", "", " et al.", " et al", ", et al.", " et  al."][..]);
        let listed = (lead, name, more, et_al, prop::sample::select(tails)).prop_map(
            |(lead, first, more, et_al, tail)| {
                let mut text = format!("{lead}{first}");
                for (separator, name) in more {
                    text.push_str(separator);
                    text.push_str(name);
                }
                format!("{text}{et_al}{tail}")
            },
        );
        prop_oneof![1 => free, 4 => listed]
    }

    const NARRATIVE_TAILS: &[&str] = &[
        " (2020)",
        " (1871)",
        " (2020a).",
        "(2020)",
        " (1499)",
        " (2020",
        " (2020)..",
        "  (2099b)",
        " (20201)",
        " (2100)",
        " 2020",
    ];

    const PARENTHETICAL_TAILS: &[&str] = &[
        " 2020",
        " 1871",
        ", 2020",
        ", 2020, 14",
        " 2020, pp. 14–15",
        " 2020a",
        " 2020,14",
        " 2020 14",
        " 2020, ch. 3",
        " 20201",
        " 1490",
        " 2100",
        " 2020,",
        ",2020",
        " 2020, p.3-4",
        "\t1871,  pp.",
        " 1999b, 7–",
        " (2020)",
    ];

    proptest! {
        #[test]
        fn narrative_agrees_with_the_pattern(text in joined(NARRATIVE_TAILS)) {
            prop_assert_eq!(owned(super::narrative(&text)), narrative_by_pattern(&text));
        }

        #[test]
        fn parenthetical_agrees_with_the_pattern(text in joined(PARENTHETICAL_TAILS)) {
            prop_assert_eq!(owned(super::parenthetical(&text)), parenthetical_by_pattern(&text));
        }
    }

    /// Each case is read as expected, by hand and by the pattern.
    fn agree(
        cases: &[(&str, Option<(&str, &str)>)],
        by_hand: fn(&str) -> Option<(&str, &str)>,
        by_pattern: fn(&str) -> Option<(String, String)>,
    ) {
        for (text, found) in cases {
            assert_eq!(by_hand(text), *found, "{text}");
            assert_eq!(by_pattern(text), owned(*found), "{text}");
        }
    }

    #[test]
    fn the_usual_forms() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Galeotti (2022)", Some(("Galeotti", "2022"))),
            (
                "Charap and Priebe (2023).",
                Some(("Charap and Priebe", "2023")),
            ),
            (
                "Lobell, Ripsman, and Taliaferro (2009)",
                Some(("Lobell, Ripsman, and Taliaferro", "2009")),
            ),
            ("Smith et al. (2019a)", Some(("Smith et al.", "2019"))),
            (
                "de Vries & van der Berg (1998)",
                Some(("de Vries & van der Berg", "1998")),
            ),
            ("Galeotti 2022", None),
            ("galeotti (2022)", None),
            ("Galeotti(2022)", None),
        ];
        agree(cases, super::narrative, narrative_by_pattern);
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Galeotti 2022", Some(("Galeotti", "2022"))),
            ("see Agrawal, 2001, 12", Some(("Agrawal", "2001"))),
            ("e.g., Ostrom 1990, pp. 14–15", Some(("Ostrom", "1990"))),
            ("cf. Smith de Lucca 2004b", Some(("Smith de Lucca", "2004"))),
            ("November 2024", Some(("November", "2024"))),
            ("Galeotti 2022, ch. 3", None),
            ("Galeotti 20221", None),
            ("2022", None),
        ];
        agree(cases, super::parenthetical, parenthetical_by_pattern);
    }
}
