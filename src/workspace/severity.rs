//! Severities: which findings a user sees, and how loud each is. The one
//! place where a rule's default, `[rules]`, `[per-file-ignores]` and the
//! command line's `--select` and `--ignore` meet, so that `ibid check`, the
//! editor's open documents, the workspace index and the bibliography files
//! all drop and grade a finding the same way.

use std::path::Path;

use crate::analysis::diagnostics::{self, Diagnostic, Severity};

use super::config::Config;

/// Rule choices from the command line, which override the configuration.
/// An editor has none.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Only these rules, when not empty.
    pub select: Vec<String>,
    /// Never these rules.
    pub ignore: Vec<String>,
}

impl Overrides {
    /// Checks that every code names a rule.
    pub fn new(select: &[String], ignore: &[String]) -> Result<Overrides, String> {
        let clean = |codes: &[String], flag: &str| -> Result<Vec<String>, String> {
            let mut out = Vec::new();
            for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                if diagnostics::rule(code).is_none() {
                    return Err(diagnostics::unknown_rule_message(
                        code,
                        &format!("in {flag}"),
                    ));
                }
                out.push(code.to_string());
            }
            Ok(out)
        };
        Ok(Overrides {
            select: clean(select, "--select")?,
            ignore: clean(ignore, "--ignore")?,
        })
    }

    /// The severity of rule `code` with `configured` from the file: the
    /// command line wins, so `--select` turns on a rule the file has off
    /// (at its default severity) and `--ignore` turns off any rule.
    fn severity(&self, code: &str, configured: Option<Severity>) -> Option<Severity> {
        if self.ignore.iter().any(|c| c == code) {
            return None;
        }
        if self.select.is_empty() {
            return configured;
        }
        if !self.select.iter().any(|c| c == code) {
            return None;
        }
        configured.or_else(|| diagnostics::rule(code).map(|r| r.default_severity))
    }
}

/// The severities that hold for one file.
#[derive(Debug)]
pub struct Severities<'a> {
    config: &'a Config,
    overrides: &'a Overrides,
    /// The codes `[per-file-ignores]` switches off for the file.
    ignored: Vec<String>,
}

impl<'a> Severities<'a> {
    /// The severities of the file at `path` (none for a buffer that is no
    /// file): `[per-file-ignores]` globs are anchored at the configuration's
    /// [`Config::base`].
    pub fn new(config: &'a Config, overrides: &'a Overrides, path: Option<&Path>) -> Self {
        let ignored = match (path, &config.base) {
            (Some(path), Some(base)) if !config.per_file_ignores.is_empty() => {
                config.ignored_codes(path, base)
            }
            _ => Vec::new(),
        };
        Severities {
            config,
            overrides,
            ignored,
        }
    }

    /// The severity of rule `code` in this file; `None` when it is off.
    pub fn of(&self, code: &str) -> Option<Severity> {
        if self.ignored.iter().any(|c| c == code) {
            return None;
        }
        self.overrides.severity(code, self.config.severity(code))
    }

    /// The diagnostics as configured: those of rules that are off dropped,
    /// the severities of the others set.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.of(d.code)?;
                Some(d)
            })
            .collect()
    }
}

/// The diagnostics of the file at `path` as `config` grades them, with no
/// command line on top (what an editor shows).
pub fn configure(config: &Config, path: Option<&Path>, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    Severities::new(config, &Overrides::default(), path).apply(found)
}
