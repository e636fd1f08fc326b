//! Which files a folder holds to check: one walk for `ibid check` and the
//! server's workspace index, so that the index sees exactly the files a
//! check of the same folder reads.
//!
//! The walk honours `.gitignore`, `.ignore` and Git's exclude file whether
//! or not the folder is a Git checkout (the user's global ignore file is
//! not), skips hidden files, prunes the folders `exclude` matches before
//! descending, and keeps regular files with a checked extension that
//! `include` admits. No folder name is special: a `target` or
//! `node_modules` of notes is checked unless an ignore file or `exclude`
//! says otherwise. FIFOs, sockets and devices are never opened: reading one
//! could block for ever.
//!
//! Symbolic links are followed (the walker detects loops), out of the folder
//! too when the user named it ([`Links::Anywhere`], as `grep -R` does); a
//! folder an editor opened is walked with [`Links::InsideRoot`], since a
//! link out of a workspace could reach anything on the machine and the
//! index reads what it finds.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::bibfiles::normalize;
use super::config::{self, Config, ConfigError};

/// Where a symbolic link met in a walk may lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Anywhere: the user named the folder.
    Anywhere,
    /// Only inside the folder walked.
    InsideRoot,
}

/// The configuration's say over which files are checked: extensions,
/// `include` and `exclude`, with relative globs anchored at the folder of
/// the configuration file.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The folder relative globs are anchored at (absolute).
    base: PathBuf,
    extensions: Vec<String>,
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl Filter {
    /// Compiles the globs of `config`, anchored at `base`; a bad glob is an
    /// error that names `origin` and, found in `text` (the configuration
    /// file), its line. `per-file-ignores` globs are checked here too.
    pub fn new(
        config: &Config,
        base: &Path,
        origin: &str,
        text: &str,
    ) -> Result<Filter, ConfigError> {
        let base = normalize(base);
        // Globs are matched against absolute paths: those of an extended
        // file come absolute already (see `config::load_table`).
        let globs = |key: &str, patterns: &[String]| -> Result<GlobSet, ConfigError> {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                let absolute = config::anchor_glob(pattern, &base);
                let glob = Glob::new(&absolute).map_err(|e| ConfigError {
                    origin: origin.to_string(),
                    line: line_of(text, pattern),
                    message: format!("bad glob in `{key}`: {e}"),
                })?;
                builder.add(glob);
            }
            builder.build().map_err(|e| ConfigError {
                origin: origin.to_string(),
                line: None,
                message: format!("bad glob in `{key}`: {e}"),
            })
        };
        let include = if config.include.is_empty() {
            None
        } else {
            Some(globs("include", &config.include)?)
        };
        let exclude = globs("exclude", &config.exclude)?;
        // Checked here for the error's line; matched by the severities.
        for glob in config.per_file_ignores.keys() {
            globs("per-file-ignores", std::slice::from_ref(glob))?;
        }
        Ok(Filter {
            base,
            extensions: config.extensions.clone(),
            include,
            exclude,
        })
    }

    /// Every file with one of the checked extensions of `config`, whatever
    /// its `include` and `exclude` say (for a configuration whose globs are
    /// in error).
    pub fn extensions_only(config: &Config, base: &Path) -> Filter {
        Filter {
            base: normalize(base),
            extensions: config.extensions.clone(),
            include: None,
            exclude: GlobSet::empty(),
        }
    }

    /// Whether a file or folder met while walking is excluded.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.is_match(normalize(path))
    }

    /// Whether a file named outright is excluded: it, or a folder it is in
    /// below the base, matches `exclude` (a walk would have pruned the
    /// folder before reaching the file).
    pub fn is_excluded_named(&self, path: &Path) -> bool {
        let path = normalize(path);
        path.ancestors()
            .take_while(|a| a.starts_with(&self.base) && *a != self.base)
            .any(|a| self.exclude.is_match(a))
    }

    /// Whether a file met while walking is to be checked: a checked
    /// extension, and included (when `include` is set).
    pub fn wants_file(&self, path: &Path) -> bool {
        let checked = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
        checked
            && self
                .include
                .as_ref()
                .is_none_or(|include| include.is_match(normalize(path)))
    }

    /// Whether a single file (one that changed on disk) is one a walk would
    /// have found.
    pub fn admits(&self, path: &Path) -> bool {
        self.wants_file(path) && !self.is_excluded_named(path)
    }
}

/// The 1-based line of the first line of `text` that holds `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|i| i + 1)
}

/// The settings of each file or folder met in a walk: one configuration
/// for a whole workspace folder, or the `ibid.toml` nearest each path.
pub trait Scope: Send + Sync + 'static {
    type Settings: Clone;
    fn settings(&self, path: &Path) -> Result<Self::Settings, ConfigError>;
    fn filter<'a>(&'a self, settings: &'a Self::Settings) -> &'a Filter;
}

/// Something that went wrong in a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    /// The path it happened at, when known.
    pub path: Option<PathBuf>,
    pub message: String,
    /// A warning only (a symbolic link loop is the file system's shape, not
    /// a failure to check anything).
    pub warning: bool,
}

/// What a walk found, in order of file name.
#[derive(Debug)]
pub struct Walked<S> {
    pub files: Vec<(PathBuf, S)>,
    pub problems: Vec<WalkProblem>,
    /// Configuration files that could not be used, each once.
    pub config_errors: Vec<ConfigError>,
}

/// Walks the folder `root`, finding the files to check and the settings
/// of each.
pub fn walk<S: Scope>(root: &Path, scope: Arc<S>, links: Links) -> Walked<S::Settings> {
    let mut walked = Walked {
        files: Vec::new(),
        problems: Vec::new(),
        config_errors: Vec::new(),
    };
    let real_root = match links {
        Links::Anywhere => None,
        Links::InsideRoot => match root.canonicalize() {
            Ok(real) => Some(real),
            Err(e) => {
                walked.problems.push(WalkProblem {
                    path: Some(root.to_path_buf()),
                    message: io_reason(&e),
                    warning: false,
                });
                return walked;
            }
        },
    };
    let filter_scope = scope.clone();
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            if let Some(real_root) = &real_root
                && entry.path_is_symlink()
                && !entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(real_root))
            {
                return false;
            }
            // Prune excluded folders (and files) before descending.
            filter_scope
                .settings(entry.path())
                .map_or(true, |settings| {
                    !filter_scope.filter(&settings).is_excluded(entry.path())
                })
        });
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let (path, message, warning) = describe_walk_error(&e);
                walked.problems.push(WalkProblem {
                    path,
                    message,
                    warning,
                });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let settings = match scope.settings(path) {
            Ok(settings) => settings,
            Err(e) => {
                if !walked.config_errors.contains(&e) {
                    walked.config_errors.push(e);
                }
                continue;
            }
        };
        if scope.filter(&settings).wants_file(path) {
            walked.files.push((path.to_path_buf(), settings));
        }
    }
    walked
}

/// Whether `path`, once its links are followed, lies inside `root`.
pub fn is_inside(root: &Path, path: &Path) -> bool {
    let (Ok(root), Ok(path)) = (root.canonicalize(), path.canonicalize()) else {
        return false;
    };
    path.starts_with(root)
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
pub fn io_reason(e: &std::io::Error) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    struct One(Filter);

    impl Scope for One {
        type Settings = ();
        fn settings(&self, _: &Path) -> Result<(), ConfigError> {
            Ok(())
        }
        fn filter<'a>(&'a self, _: &'a ()) -> &'a Filter {
            &self.0
        }
    }

    fn names(root: &Path, links: Links) -> Vec<String> {
        let scope = Arc::new(One(Filter::extensions_only(&Config::default(), root)));
        walk(root, scope, links)
            .files
            .into_iter()
            .map(|(p, ())| {
                p.strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_are_followed_only_when_the_user_named_it() {
        let root = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(root.path().join("a.txt"), "").expect("write");
        std::fs::write(outside.path().join("far.txt"), "").expect("write");
        std::fs::create_dir(root.path().join("sub")).expect("mkdir");
        std::fs::write(root.path().join("sub/near.md"), "").expect("write");
        std::os::unix::fs::symlink(outside.path(), root.path().join("out")).expect("link");
        std::os::unix::fs::symlink(root.path().join("sub"), root.path().join("in")).expect("link");
        assert_eq!(
            names(root.path(), Links::Anywhere),
            ["a.txt", "in/near.md", "out/far.txt", "sub/near.md"]
        );
        assert_eq!(
            names(root.path(), Links::InsideRoot),
            ["a.txt", "in/near.md", "sub/near.md"]
        );
    }
}
