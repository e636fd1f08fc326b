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

/// A bibliography and the keys the documents that used it cite; `None`
/// for one named on the command line that no document used.
pub(super) type Usage = (Arc<Bibliography>, Option<Vec<Arc<str>>>);

/// A report for each bibliography used or named on the command line (or
/// the problem that kept it from being checked), sorted by path. `usage`
/// pairs each bibliography a document used with the keys that document
/// cites, and each one named on the command line with `None`. Whether an
/// entry is cited is asked only of a bibliography some checked document
/// used: named alone, nothing in the run could cite it.
pub(super) fn reports(
    usage: &[Usage],
    resolver: &Resolver,
    keep_source: bool,
    unsafe_fixes: bool,
) -> Vec<(Option<FileReport>, Vec<Problem>)> {
    type Cited = (Arc<Bibliography>, Option<FxHashSet<Arc<str>>>);
    let mut by_path: BTreeMap<PathBuf, Cited> = BTreeMap::new();
    for (bibliography, cited) in usage {
        let (_, keys) = by_path
            .entry(bibliography.path.clone())
            .or_insert_with(|| (bibliography.clone(), None));
        if let Some(cited) = cited {
            keys.get_or_insert_default().extend(cited.iter().cloned());
        }
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
            let is_cited = |key: &str| cited.as_ref().is_some_and(|c| c.contains(key));
            let cited_check = cited
                .is_some()
                .then_some(&is_cited as &dyn Fn(&str) -> bool);
            let diagnostics = settings.apply(
                Some(&bibliography.path),
                check_bibliography(&bibliography, cited_check),
            );
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
