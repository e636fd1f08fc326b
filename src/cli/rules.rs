//! `ibid rules` and `ibid explain CODE`: the rules' own documentation, the
//! same text that `docs/rules.md` is made from.

use std::io::Write;

use serde::Serialize;

use super::CliError;
use super::notes::NotesFormat;
use crate::analysis::diagnostics::{RULES, rule, unknown_rule_message};

#[derive(Debug, Serialize)]
struct RuleOut {
    code: &'static str,
    default_severity: &'static str,
    enabled_by_default: bool,
    summary: &'static str,
    url: String,
}

pub(super) fn list(format: NotesFormat, out: &mut dyn Write) -> Result<(), CliError> {
    match format {
        NotesFormat::Json => {
            let rules: Vec<RuleOut> = RULES
                .iter()
                .map(|r| RuleOut {
                    code: r.code,
                    default_severity: r.default_severity.as_str(),
                    enabled_by_default: r.enabled_by_default(),
                    summary: r.summary,
                    url: r.url(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rules)
                .map_err(|e| CliError::Output(e.into()))?;
            writeln!(out).map_err(CliError::Output)
        }
        NotesFormat::Human => {
            let width = RULES.iter().map(|r| r.code.len()).max().unwrap_or(0);
            (|| -> std::io::Result<()> {
                for r in RULES {
                    let level = if r.enabled_by_default() {
                        r.default_severity.as_str()
                    } else {
                        "off"
                    };
                    writeln!(out, "{:<width$}  {:<7}  {}", r.code, level, r.summary)?;
                }
                Ok(())
            })()
            .map_err(CliError::Output)
        }
    }
}

pub(super) fn explain(code: &str, out: &mut dyn Write) -> Result<(), CliError> {
    let Some(r) = rule(code) else {
        return Err(CliError::Usage(unknown_rule_message(code, "")));
    };
    writeln!(
        out,
        "# {}\n\n{}\n\nDefault severity: {}.\n\n{}\n\n{}",
        r.code,
        r.summary,
        r.default_level(),
        r.docs.trim(),
        r.url()
    )
    .map_err(CliError::Output)
}
