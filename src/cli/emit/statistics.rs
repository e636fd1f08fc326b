//! `ibid check --statistics`: how many findings each rule made, most first,
//! for a first look at a large folder of notes (which rules to fix first,
//! which to switch off). A table, or with `--format json` an array of
//! `{code, count, fixable, summary}`.

use std::io::{self, Write};

use serde::Serialize;

use super::{EmitOptions, FileReport, Summary, human};
use crate::analysis::diagnostics::rule;
use crate::cli::Format;

/// One rule's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RuleCount {
    pub code: &'static str,
    pub count: usize,
    /// How many of them `--fix` would mend.
    pub fixable: usize,
    pub summary: &'static str,
}

/// The counts by rule, most findings first, then by code.
pub(crate) fn counts(reports: &[FileReport]) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let at = match counts.iter().position(|c| c.code == d.code) {
            Some(at) => at,
            None => {
                counts.push(RuleCount {
                    code: d.code,
                    count: 0,
                    fixable: 0,
                    summary: rule(d.code).map_or("", |r| r.summary),
                });
                counts.len() - 1
            }
        };
        counts[at].count += 1;
        counts[at].fixable += usize::from(d.fixable);
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

pub(crate) fn emit(
    format: Format,
    reports: &[FileReport],
    summary: &Summary,
    options: EmitOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let counts = counts(reports);
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &counts)?;
        return writeln!(out);
    }
    let number = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    let code = counts.iter().map(|c| c.code.len()).max().unwrap_or(0);
    for c in &counts {
        // `[*]`: some of them are fixable, as in the human report's help.
        let mark = if c.fixable > 0 { "[*]" } else { "   " };
        writeln!(
            out,
            "{:>number$}  {:<code$}  {mark}  {}",
            c.count, c.code, c.summary
        )?;
    }
    if options.summary {
        writeln!(out, "{}", human::summary_line(summary))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::emit::tests::reports;

    fn render(format: Format) -> String {
        let reports = reports();
        let summary = Summary::of(&reports, 2, 0);
        let mut out = Vec::new();
        emit(format, &reports, &summary, EmitOptions::default(), &mut out)
            .expect("writing to a vector cannot fail");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn counts_by_rule_most_first() {
        insta::assert_snapshot!(render(Format::Concise));
    }

    #[test]
    fn counts_as_json() {
        let value: serde_json::Value = serde_json::from_str(&render(Format::Json)).expect("JSON");
        let total: u64 = value
            .as_array()
            .expect("an array")
            .iter()
            .map(|c| c["count"].as_u64().unwrap_or(0))
            .sum();
        let reports = reports();
        assert_eq!(
            total as usize,
            reports.iter().map(|r| r.diagnostics.len()).sum::<usize>()
        );
        assert_eq!(value[0]["code"], counts(&reports)[0].code);
    }
}
