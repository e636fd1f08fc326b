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
pub(crate) use crate::workspace::discover::io_reason;
use crate::workspace::discover::{self, Links};

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
                    if force_exclude && settings.filter().is_excluded_named(path) {
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
    let walked = discover::walk(root, resolver.clone(), Links::Anywhere);
    for problem in walked.problems {
        found.problems.push(Problem {
            path: problem
                .path
                .map_or_else(|| display_path(root), |p| display_path(&p)),
            message: problem.message,
            warning: problem.warning,
        });
    }
    for e in walked.config_errors {
        push_config_error(found, e);
    }
    for (path, settings) in walked.files {
        let display = display_path(&path);
        if seen.insert(display.clone()) {
            found.targets.push(Target {
                path,
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
