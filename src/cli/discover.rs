//! Which files `ibid check` reads: the files named on the command line, and
//! the files with a checked extension under the folders named there,
//! honouring `.gitignore`, `.ignore`, hidden files and the configuration's
//! `include` and `exclude`.
//!
//! A file named on the command line is checked whatever its extension,
//! but not when the configuration's `exclude` matches it: a pre-commit hook
//! or an editor's save action names every file it touches, and a folder of
//! drafts excluded in ibid.toml should stay quiet there too (rumdl decides
//! the same; `--no-force-exclude` checks such a file anyway). The walk is serial and sorted by name, so that output
//! order does not depend on the file system or on thread timing; listing
//! names is cheap next to parsing them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::settings::{Resolver, Settings, display_path};
use crate::workspace::bibfiles::is_bibliography_path;
use crate::workspace::config::ConfigError;

/// A file to check and the settings it is checked with.
#[derive(Debug)]
pub(crate) struct Target {
    pub path: PathBuf,
    /// The path as printed.
    pub display: String,
    pub settings: Arc<Settings>,
    /// A bibliography named on the command line (`ibid check refs.bib`, or
    /// a pre-commit hook passing the changed files): checked as one, not
    /// read as prose.
    pub bibliography: bool,
}

/// Something that went wrong while looking for files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub path: String,
    pub message: String,
    /// A warning leaves the exit status alone (a symbolic link loop is the
    /// file system's shape, not a failure to check anything).
    pub warning: bool,
}

/// The files found, in output order, and the problems met.
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    pub targets: Vec<Target>,
    pub problems: Vec<Problem>,
    /// Configuration files that could not be used, each once: the run
    /// stops on them, since whatever it checked would be checked with
    /// settings the user did not write.
    pub config_errors: Vec<ConfigError>,
}

/// Finds the files under `paths`; with `force_exclude`, a file named there
/// that `exclude` matches is left out.
pub(crate) fn discover(
    paths: &[PathBuf],
    resolver: &Arc<Resolver>,
    force_exclude: bool,
) -> Discovered {
    let mut found = Discovered::default();
    let mut seen = HashSet::new();
    for path in paths {
        let display = display_path(path);
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(e) => {
                found.problems.push(Problem {
                    path: display,
                    message: io_reason(&e),
                    warning: false,
                });
                continue;
            }
        };
        if metadata.is_dir() {
            walk(path, resolver, &mut found, &mut seen);
        } else {
            match resolver.for_path(path) {
                Ok(settings) => {
                    if force_exclude && settings.is_excluded_named(path) {
                        continue;
                    }
                    if seen.insert(display.clone()) {
                        let bibliography = !settings.config.has_checked_extension(path)
                            && is_bibliography_path(path);
                        found.targets.push(Target {
                            path: path.clone(),
                            display,
                            settings,
                            bibliography,
                        });
                    }
                }
                Err(e) => push_config_error(&mut found, e),
            }
        }
    }
    found
}

fn walk(root: &Path, resolver: &Arc<Resolver>, found: &mut Discovered, seen: &mut HashSet<String>) {
    let filter = resolver.clone();
    let walker = crate::workspace::config::notes_walker(root)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            // Prune excluded folders (and files) before descending.
            entry.depth() == 0
                || filter
                    .for_path(entry.path())
                    .map_or(true, |settings| !settings.is_excluded(entry.path()))
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let (path, message, warning) = describe_walk_error(&e);
                found.problems.push(Problem {
                    path: path.map_or_else(|| display_path(root), |p| display_path(&p)),
                    message,
                    warning,
                });
                continue;
            }
        };
        // FIFOs, sockets and devices are never opened: reading one could
        // block for ever.
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let settings = match resolver.for_path(path) {
            Ok(settings) => settings,
            Err(e) => {
                push_config_error(found, e);
                continue;
            }
        };
        if !settings.wants_file(path) {
            continue;
        }
        let display = display_path(path);
        if seen.insert(display.clone()) {
            found.targets.push(Target {
                path: path.to_path_buf(),
                display,
                settings,
                bibliography: false,
            });
        }
    }
}

/// A configuration error is reported once, however many files it governs.
fn push_config_error(found: &mut Discovered, e: ConfigError) {
    if !found.config_errors.contains(&e) {
        found.config_errors.push(e);
    }
}

/// A configuration error as printed: `ibid.toml: line 2: unknown field ...`.
pub(crate) fn describe_config_error(e: &ConfigError) -> String {
    match e.line {
        Some(line) => format!("{}: line {line}: {}", e.origin, e.message),
        None => format!("{}: {}", e.origin, e.message),
    }
}

/// The path, message and whether it is only a warning.
fn describe_walk_error(error: &ignore::Error) -> (Option<PathBuf>, String, bool) {
    match error {
        ignore::Error::WithPath { path, err } => {
            let (_, message, warning) = describe_walk_error(err);
            (Some(path.clone()), message, warning)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { child, .. } => (
            Some(child.clone()),
            "symbolic link loop; skipped".to_string(),
            true,
        ),
        ignore::Error::Io(e) => (None, io_reason(e), false),
        other => (None, other.to_string(), false),
    }
}

/// An I/O error in words, without the `(os error N)` suffix.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}
