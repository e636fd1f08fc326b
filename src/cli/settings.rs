//! The settings a file is checked with: the `ibid.toml` that governs it (or
//! the one given with `--config`), with `--select` and `--ignore` on top.
//!
//! Configuration files are looked for upward from each checked file, as
//! Git looks for `.gitignore`: a folder of essays can carry its own rules.
//! Each folder is looked up once and each file read once per run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::analysis::diagnostics::Diagnostic;
use crate::workspace::config::{self, Config, ConfigError};
use crate::workspace::discover::{Filter, Scope};
use crate::workspace::severity::{Overrides, Severities};

/// One configuration, ready to filter files and diagnostics.
#[derive(Debug)]
pub(crate) struct Settings {
    pub config: Config,
    /// The folder globs are relative to: the file's folder, or the current
    /// folder for the defaults.
    root: PathBuf,
    filter: Filter,
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
        let filter = Filter::new(&config, &root, &name, text)?;
        let mut config = config;
        config.base = Some(root.clone());
        Ok(Settings {
            config,
            root,
            filter,
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

    /// Which files the configuration checks.
    pub fn filter(&self) -> &Filter {
        &self.filter
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

impl Scope for Resolver {
    type Settings = Arc<Settings>;

    fn settings(&self, path: &Path) -> Result<Arc<Settings>, ConfigError> {
        self.for_path(path)
    }

    fn filter<'a>(&'a self, settings: &'a Arc<Settings>) -> &'a Filter {
        settings.filter()
    }
}
