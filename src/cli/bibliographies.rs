//! The findings in the bibliography files that the checked documents use:
//! entries that cannot be read, duplicate keys, and entries no checked
//! document cites. Each file is reported once, with the settings of the
//! `ibid.toml` that governs it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::discover::Problem;
use super::emit::{self, FileReport};
use super::settings::{Resolver, display_path};
use crate::analysis::bibliography::Bibliography;
use crate::analysis::diagnostics::check_bibliography;

/// A report for each bibliography used (or the problem that kept it from
/// being checked), sorted by path. `usage` pairs each bibliography a
/// document used with the keys that document cites.
pub(super) fn reports(
    usage: &[(Arc<Bibliography>, Vec<Arc<str>>)],
    resolver: &Resolver,
    keep_source: bool,
    unsafe_fixes: bool,
) -> Vec<(Option<FileReport>, Vec<Problem>)> {
    let mut by_path: BTreeMap<PathBuf, (Arc<Bibliography>, FxHashSet<Arc<str>>)> = BTreeMap::new();
    for (bibliography, cited) in usage {
        let (_, keys) = by_path
            .entry(bibliography.path.clone())
            .or_insert_with(|| (bibliography.clone(), FxHashSet::default()));
        keys.extend(cited.iter().cloned());
    }
    by_path
        .into_values()
        .map(|(bibliography, cited)| {
            let display = display_path(&bibliography.path);
            let settings = match resolver.for_path(&bibliography.path) {
                Ok(settings) => settings,
                Err(e) => {
                    let problem = Problem {
                        path: display,
                        message: format!("bad configuration: {e}"),
                        warning: false,
                    };
                    return (None, vec![problem]);
                }
            };
            let is_cited = |key: &str| cited.contains(key);
            let diagnostics = settings.apply(check_bibliography(&bibliography, Some(&is_cited)));
            let text = bibliography.rope.to_string();
            let located = emit::locate(&text, &bibliography.rope, &diagnostics, unsafe_fixes);
            let report = FileReport {
                path: display,
                source: keep_source.then_some(text),
                diagnostics: located,
            };
            (Some(report), Vec::new())
        })
        .collect()
}
