//! The settings a file is checked with: the `ibid.toml` that governs it (or
//! the one given with `--config`), with `--select` and `--ignore` on top.
//!
//! Configuration files are looked for upward from each checked file, as
//! Git looks for `.gitignore`: a folder of essays can carry its own rules.
//! Each folder is looked up once and each file read once per run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::analysis::diagnostics::Diagnostic;
use crate::workspace::config::{self, Config, ConfigError};
use crate::workspace::severity::{Overrides, Severities};

/// One configuration, ready to filter files and diagnostics.
#[derive(Debug)]
pub(crate) struct Settings {
    pub config: Config,
    /// The folder globs are relative to: the file's folder, or the current
    /// folder for the defaults.
    root: PathBuf,
    include: Option<GlobSet>,
    exclude: GlobSet,
    overrides: Overrides,
    /// Whether the settings were read from a file (and `root` is its folder).
    from_file: bool,
}

impl Settings {
    pub fn new(
        config: Config,
        origin: Option<PathBuf>,
        text: &str,
        overrides: Overrides,
    ) -> Result<Settings, ConfigError> {
        let root = match &origin {
            Some(file) => file
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
            None => PathBuf::from("."),
        };
        let root = absolute(&root);
        let name = origin
            .as_ref()
            .map_or_else(|| "defaults".to_string(), |p| p.display().to_string());
        // Globs are matched against absolute paths: those of an extended
        // file come absolute already (see `config::load_table`).
        let globs = |key: &str, patterns: &[String]| -> Result<GlobSet, ConfigError> {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                let absolute = config::anchor_glob(pattern, &root);
                let glob = Glob::new(&absolute).map_err(|e| ConfigError {
                    origin: name.clone(),
                    line: line_of(text, pattern),
                    message: format!("bad glob in `{key}`: {e}"),
                })?;
                builder.add(glob);
            }
            builder.build().map_err(|e| ConfigError {
                origin: name.clone(),
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
        // Checked here for the error's line; matched by the configuration.
        for glob in config.per_file_ignores.keys() {
            globs("per-file-ignores", std::slice::from_ref(glob))?;
        }
        let mut config = config;
        config.base = Some(root.clone());
        Ok(Settings {
            config,
            root,
            include,
            exclude,
            overrides,
            from_file: origin.is_some(),
        })
    }

    /// Reads the configuration file `path`.
    pub fn load(path: &Path, overrides: Overrides) -> Result<Settings, ConfigError> {
        let origin = display_path(path);
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            origin: origin.clone(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        let table = config::load_table(path, &|p| display_path(p))?;
        let config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| ConfigError {
                    origin: origin.clone(),
                    line: None,
                    message: e.message().to_string(),
                })?;
        Settings::new(config, Some(path.to_path_buf()), &text, overrides)
    }

    /// Where to search for bibliographies when neither a document nor the
    /// configuration names any: the folder of `ibid.toml`; without one, the
    /// caller searches the document's own folder.
    pub fn search_root(&self) -> Option<&Path> {
        self.from_file.then_some(self.root.as_path())
    }

    /// Whether a file or folder found while walking is excluded.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.is_match(absolute(path))
    }

    /// Whether a file named on the command line is excluded: it, or a
    /// folder it is in below the root, matches `exclude` (a walk would have
    /// pruned the folder before reaching the file).
    pub fn is_excluded_named(&self, path: &Path) -> bool {
        let path = absolute(path);
        path.ancestors()
            .take_while(|a| a.starts_with(&self.root) && *a != self.root)
            .any(|a| self.exclude.is_match(a))
    }

    /// Whether a file found while walking is to be checked: a checked
    /// extension, and included (when `include` is set).
    pub fn wants_file(&self, path: &Path) -> bool {
        if !self.config.has_checked_extension(path) {
            return false;
        }
        let Some(include) = &self.include else {
            return true;
        };
        include.is_match(absolute(path))
    }

    /// The diagnostics of the file at `path` as configured, with
    /// `--select` and `--ignore` on top.
    pub fn apply(&self, path: Option<&Path>, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        Severities::new(&self.config, &self.overrides, path).apply(diagnostics)
    }
}

/// `path` made absolute (against the current folder) and without `.` or
/// `..`, for glob matching.
fn absolute(path: &Path) -> PathBuf {
    crate::workspace::bibfiles::normalize(path)
}

/// The 1-based line of the first line of `text` that holds `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|i| i + 1)
}

/// Finds and caches the settings of each folder.
#[derive(Debug)]
pub(crate) struct Resolver {
    /// `--config`: one configuration for every file.
    fixed: Option<Arc<Settings>>,
    overrides: Overrides,
    defaults: Arc<Settings>,
    /// Settings by configuration file, and the file governing each folder.
    by_file: Mutex<HashMap<PathBuf, Result<Arc<Settings>, ConfigError>>>,
    by_dir: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Resolver {
    pub fn new(config: Option<&Path>, overrides: Overrides) -> Result<Resolver, ConfigError> {
        let fixed = match config {
            Some(path) => Some(Arc::new(Settings::load(path, overrides.clone())?)),
            None => None,
        };
        let defaults = Arc::new(Settings::new(
            Config::default(),
            None,
            "",
            overrides.clone(),
        )?);
        Ok(Resolver {
            fixed,
            overrides,
            defaults,
            by_file: Mutex::new(HashMap::new()),
            by_dir: Mutex::new(HashMap::new()),
        })
    }

    /// The settings for a file or folder at `path`.
    pub fn for_path(&self, path: &Path) -> Result<Arc<Settings>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let found = {
            let cached = self.lock_dirs().get(&dir).cloned();
            match cached {
                Some(found) => found,
                None => {
                    let found = config::find(&dir);
                    self.lock_dirs().insert(dir, found.clone());
                    found
                }
            }
        };
        let Some(file) = found else {
            return Ok(self.defaults.clone());
        };
        if let Some(result) = self.lock_files().get(&file) {
            return result.clone();
        }
        let result = Settings::load(&file, self.overrides.clone()).map(Arc::new);
        self.lock_files().insert(file, result.clone());
        result
    }

    fn lock_dirs(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Option<PathBuf>>> {
        self.by_dir.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[allow(clippy::type_complexity)]
    fn lock_files(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Result<Arc<Settings>, ConfigError>>> {
        self.by_file.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A path as shown to the user: relative to the current folder when it is
/// inside it, with `/` between components.
pub(crate) fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let mut text = shown.to_string_lossy().into_owned();
    if cfg!(windows) {
        text = text.replace('\\', "/");
    }
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => text,
    }
}
