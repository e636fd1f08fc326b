//! Configuration: `ibid.toml` for the command line, the same keys as JSON
//! for an editor (`initializationOptions`, `workspace/didChangeConfiguration`).
//!
//! ```toml
//! extensions = ["txt", "md", "markdown", "notes", "qmd", "Rmd"]
//! include = ["essays/**"]
//! exclude = ["drafts/**"]
//! max-file-size = 33554432
//! inlay-hints = true
//! bibliography = ["refs/library.bib"]
//!
//! [rules]
//! unused-note = "off"
//! empty-url = "error"
//! ```
//!
//! Parsing is serde's, with unknown keys refused, so a misspelt key is an
//! error that names the file, the line and the key rather than a setting
//! silently ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::analysis::diagnostics::{self, Severity};

/// The name of the configuration file.
pub const FILE_NAME: &str = "ibid.toml";

/// Files larger than this are not read unless configured otherwise: a
/// research note is rarely over a megabyte, and a 32 MB file is more likely a
/// data dump that would only cost time and memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// The severity a rule is configured to, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Hint,
    Info,
    Warning,
    Error,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Hint => Some(Severity::Hint),
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }
}

/// Settings; every field has a default, so an empty file is valid.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct Config {
    /// File name extensions that are checked, without the dot.
    pub extensions: Vec<String>,
    /// Globs (relative to the configuration file) a checked file must match;
    /// empty means every file with a checked extension.
    pub include: Vec<String>,
    /// Globs of files and folders never checked.
    pub exclude: Vec<String>,
    /// Larger files are refused with a message.
    pub max_file_size: u64,
    /// Show attributions after markers in editors.
    pub inlay_hints: bool,
    /// Bibliography files (`.bib`, CSL-JSON, CSL YAML) that Pandoc
    /// citations are resolved against, relative to the configuration file;
    /// a document's own front matter takes precedence.
    pub bibliography: Vec<String>,
    /// Severity by rule code.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Rules switched off for the files a glob matches (relative to the
    /// configuration file): `"drafts/**" = ["unused-note"]`.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Another configuration file that this one builds on, relative to this
    /// one (`"../ibid.toml"`): its settings apply where this one is silent,
    /// and `rules` and `per-file-ignores` are merged key by key.
    pub extend: Option<String>,
    /// The folder that relative globs are relative to (that of the
    /// configuration file), when the configuration came from one.
    #[serde(skip)]
    pub base: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            extensions: ["txt", "md", "markdown", "notes", "qmd", "Rmd"]
                .map(String::from)
                .to_vec(),
            include: Vec::new(),
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            inlay_hints: true,
            bibliography: Vec::new(),
            rules: BTreeMap::new(),
            per_file_ignores: BTreeMap::new(),
            extend: None,
            base: None,
        }
    }
}

/// Why a configuration could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, or a description of where the settings came from.
    pub origin: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.origin, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads a configuration from TOML; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text.get(..span.start).unwrap_or(text).matches('\n').count() + 1);
            ConfigError {
                origin: origin.to_string(),
                line,
                message: e.message().to_string(),
            }
        })?;
        config.validate(origin, Some(text))?;
        Ok(config)
    }

    /// Reads a configuration from JSON (an editor's settings).
    pub fn from_json(value: serde_json::Value, origin: &str) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_value(value).map_err(|e| ConfigError {
            origin: origin.to_string(),
            line: None,
            message: e.to_string(),
        })?;
        config.validate(origin, None)?;
        Ok(config)
    }

    /// Rule codes must exist: a typo would otherwise switch nothing off.
    /// `text`, the TOML the configuration was read from, gives the line.
    fn validate(&self, origin: &str, text: Option<&str>) -> Result<(), ConfigError> {
        for code in self.rules.keys() {
            if diagnostics::rule(code).is_none() {
                return Err(ConfigError {
                    origin: origin.to_string(),
                    line: text.and_then(|t| rule_key_line(t, code)),
                    message: diagnostics::unknown_rule_message(code, "in [rules]"),
                });
            }
        }
        for (glob, codes) in &self.per_file_ignores {
            for code in codes {
                if diagnostics::rule(code).is_none() {
                    return Err(ConfigError {
                        origin: origin.to_string(),
                        line: text.and_then(|t| line_holding(t, glob)),
                        message: diagnostics::unknown_rule_message(
                            code,
                            &format!("in [per-file-ignores] for `{glob}`"),
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// The severity of rule `code`: configured, or the rule's default;
    /// `None` when the rule is off.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        match self.rules.get(code) {
            Some(level) => level.severity(),
            None => diagnostics::rule(code)
                .filter(|r| r.enabled_by_default())
                .map(|r| r.default_severity),
        }
    }

    /// The codes `[per-file-ignores]` switches off for the file at `path`,
    /// relative globs anchored at `base`; a bad glob matches nothing (it is
    /// reported where the configuration is read).
    pub fn ignored_codes(&self, path: &Path, base: &Path) -> Vec<String> {
        let path = crate::workspace::bibfiles::normalize(path);
        self.per_file_ignores
            .iter()
            .filter(|(glob, _)| {
                globset::Glob::new(&anchor_glob(glob, base))
                    .is_ok_and(|g| g.compile_matcher().is_match(&path))
            })
            .flat_map(|(_, codes)| codes.iter().cloned())
            .collect()
    }

    /// The bibliography paths, made absolute against `base` (the folder of
    /// the configuration file).
    pub fn bibliography_paths(&self, base: &Path) -> Vec<PathBuf> {
        self.bibliography.iter().map(|p| base.join(p)).collect()
    }

    /// Whether a file name has one of the checked extensions.
    pub fn has_checked_extension(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }
}

/// The 1-based line of the first line of `text` that holds `needle`.
fn line_holding(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// How many configuration files one may extend in a chain: more is a
/// mistake (or a loop the paths hide).
const MAX_EXTENDS: usize = 16;

/// The keys whose values are paths or globs relative to the file that
/// writes them; taken from an extended file, they are made absolute.
const PATH_KEYS: [&str; 3] = ["include", "exclude", "bibliography"];

/// Reads the configuration file `path` and the files it extends, and
/// returns the settings as one TOML table: each file's keys over those of
/// the file it extends, `rules` and `per-file-ignores` merged key by key,
/// and the paths and globs of extended files made absolute so that they
/// keep meaning what they meant where they were written. Each file is
/// checked alone first, so that an error names its file (as `show` writes
/// a path) and line.
pub fn load_table(path: &Path, show: &dyn Fn(&Path) -> String) -> Result<toml::Table, ConfigError> {
    load_chain(path, show, 0)
}

fn load_chain(
    path: &Path,
    show: &dyn Fn(&Path) -> String,
    depth: usize,
) -> Result<toml::Table, ConfigError> {
    let origin = show(path);
    let error = |message: String| ConfigError {
        origin: origin.clone(),
        line: None,
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read: {e}")))?;
    let config = Config::from_toml(&text, &origin)?;
    let mut table: toml::Table = toml::from_str(&text).map_err(|e| error(e.to_string()))?;
    let Some(extend) = config.extend else {
        return Ok(table);
    };
    let line = line_holding(&text, "extend");
    if depth >= MAX_EXTENDS {
        return Err(ConfigError {
            line,
            ..error(format!(
                "`extend` goes more than {MAX_EXTENDS} files deep; is there a loop?"
            ))
        });
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let base_path = crate::workspace::bibfiles::normalize(&dir.join(&extend));
    // Without `..`: the globs are matched against plain absolute paths.
    let base_dir =
        crate::workspace::bibfiles::normalize(base_path.parent().unwrap_or(Path::new(".")));
    let mut base = match load_chain(&base_path, show, depth + 1) {
        Ok(base) => base,
        // A file that cannot be read is named where `extend` names it.
        Err(e) if e.line.is_none() && e.origin == show(&base_path) => {
            return Err(ConfigError {
                line,
                ..error(format!("`extend = \"{extend}\"`: {}", e.message))
            });
        }
        Err(e) => return Err(e),
    };
    absolutize(&mut base, &base_dir);
    table.remove("extend");
    for (key, value) in table {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(under)), toml::Value::Table(over))
                if key == "rules" || key == "per-file-ignores" =>
            {
                under.extend(over);
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
    Ok(base)
}

/// A glob written relative to `base` as one over absolute paths; an
/// absolute glob is kept.
pub fn anchor_glob(pattern: &str, base: &Path) -> String {
    if Path::new(pattern).is_absolute() {
        return pattern.to_string();
    }
    let base = globset::escape(&base.to_string_lossy());
    format!("{}/{pattern}", base.trim_end_matches('/'))
}

/// Makes the relative paths and globs of a table read from a file in `dir`
/// absolute.
fn absolutize(table: &mut toml::Table, dir: &Path) {
    let anchored = |pattern: &str, glob: bool| -> String {
        if glob {
            anchor_glob(pattern, dir)
        } else {
            dir.join(pattern).to_string_lossy().into_owned()
        }
    };
    for key in PATH_KEYS {
        if let Some(toml::Value::Array(items)) = table.get_mut(key) {
            for item in items.iter_mut() {
                if let toml::Value::String(p) = item {
                    *p = anchored(p, key != "bibliography");
                }
            }
        }
    }
    if let Some(toml::Value::Table(ignores)) = table.get_mut("per-file-ignores") {
        let moved: toml::Table = std::mem::take(ignores)
            .into_iter()
            .map(|(glob, codes)| (anchored(&glob, true), codes))
            .collect();
        *ignores = moved;
    }
}

/// The 1-based line where `code` is set in the `[rules]` table of `text`:
/// `code = ...` (bare or quoted) under `[rules]`, or `rules.code = ...`
/// anywhere. serde hands over the table's keys without their places, so
/// the line is found again in the text.
fn rule_key_line(text: &str, code: &str) -> Option<usize> {
    let sets = |line: &str, prefix: &str| {
        let Some(rest) = line.strip_prefix(prefix) else {
            return false;
        };
        let rest = rest.trim_start();
        [code.to_string(), format!("\"{code}\""), format!("'{code}'")]
            .iter()
            .any(|key| {
                rest.strip_prefix(key.as_str())
                    .is_some_and(|after| after.trim_start().starts_with('='))
            })
    };
    let mut in_rules = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            in_rules = line.trim_start_matches('[').trim_end_matches(']').trim() == "rules";
            continue;
        }
        if (in_rules && sets(line, "")) || sets(line, "rules.") {
            return Some(i + 1);
        }
    }
    None
}

/// The configuration file that governs `start` (a file or folder): the first
/// `ibid.toml` in it or in a folder above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    let dir = if start.is_dir() {
        Some(start)
    } else {
        start.parent()
    };
    let absolute = dir.and_then(|d| {
        std::path::absolute(if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        })
        .ok()
    });
    let mut dir = absolute.as_deref();
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_the_default() {
        assert_eq!(Config::from_toml("", "ibid.toml"), Ok(Config::default()));
    }

    #[test]
    fn rules_can_be_switched_off_or_raised() {
        let config = Config::from_toml(
            "[rules]\nunused-note = \"off\"\nempty-url = \"error\"\n",
            "ibid.toml",
        )
        .expect("valid configuration");
        assert_eq!(config.severity("unused-note"), None);
        assert_eq!(config.severity("empty-url"), Some(Severity::Error));
        assert_eq!(config.severity("undefined-note"), Some(Severity::Error));
    }

    #[test]
    fn errors_name_the_file_the_line_and_the_key() {
        let err = Config::from_toml(
            "extensions = [\"md\"]\nmax-file-sise = 3\n",
            "notes/ibid.toml",
        )
        .expect_err("misspelt key");
        assert_eq!(err.origin, "notes/ibid.toml");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("max-file-sise"), "{}", err.message);

        let err = Config::from_toml("[rules]\nempty-urls = \"off\"\n", "ibid.toml")
            .expect_err("unknown rule");
        assert!(
            err.message.contains("unknown rule `empty-urls`"),
            "{}",
            err.message
        );

        let err = Config::from_toml(
            "extensions = [\"md\"]\n\n[rules]\nunused-note = \"off\"\nempty-urls = \"off\"\n",
            "ibid.toml",
        )
        .expect_err("unknown rule");
        assert_eq!(err.line, Some(5));
        assert_eq!(
            err.message,
            "unknown rule `empty-urls` in [rules]; did you mean `empty-url`?"
        );
        let err = Config::from_toml("rules.\"note-ordre\" = \"off\"\n", "ibid.toml")
            .expect_err("unknown rule");
        assert_eq!(err.line, Some(1));
        assert!(err.message.ends_with("did you mean `note-order`?"));

        let err = Config::from_toml("[rules]\nempty-url = \"loud\"\n", "ibid.toml")
            .expect_err("bad level");
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn extend_layers_a_file_over_the_one_it_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = std::path::absolute(dir.path()).expect("absolute");
        std::fs::create_dir(root.join("essays")).expect("mkdir");
        std::fs::write(
            root.join("ibid.toml"),
            "exclude = [\"drafts/**\"]\nbibliography = [\"refs.bib\"]\n\n[rules]\nempty-url = \"error\"\nunused-note = \"off\"\n\n[per-file-ignores]\n\"old/**\" = [\"note-order\"]\n",
        )
        .expect("write");
        std::fs::write(
            root.join("essays/ibid.toml"),
            "extend = \"../ibid.toml\"\n\n[rules]\nunused-note = \"warning\"\n",
        )
        .expect("write");
        let table = load_table(&root.join("essays/ibid.toml"), &|p| p.display().to_string())
            .expect("loads");
        let config: Config = toml::Value::Table(table)
            .try_into()
            .expect("a configuration");
        // The extending file wins key by key; the rest comes from the base.
        assert_eq!(config.severity("unused-note"), Some(Severity::Warning));
        assert_eq!(config.severity("empty-url"), Some(Severity::Error));
        assert_eq!(config.extend, None);
        // The base's paths still mean the base's folder.
        let anchor = globset::escape(&root.to_string_lossy());
        assert_eq!(config.exclude, [format!("{anchor}/drafts/**")]);
        assert_eq!(
            config.bibliography,
            [format!("{}/refs.bib", root.to_string_lossy())]
        );
        assert!(
            config
                .per_file_ignores
                .contains_key(&format!("{anchor}/old/**"))
        );

        // A loop is an error, named where `extend` is written.
        std::fs::write(root.join("ibid.toml"), "extend = \"essays/ibid.toml\"\n").expect("write");
        let err = load_table(&root.join("essays/ibid.toml"), &|p| p.display().to_string())
            .expect_err("a loop");
        assert!(err.message.contains("more than 16 files deep"), "{err}");
        // A missing base too.
        std::fs::write(
            root.join("essays/ibid.toml"),
            "\nextend = \"../gone.toml\"\n",
        )
        .expect("write");
        let err = load_table(&root.join("essays/ibid.toml"), &|p| p.display().to_string())
            .expect_err("missing");
        assert_eq!(err.line, Some(2));
        assert!(
            err.message
                .starts_with("`extend = \"../gone.toml\"`: cannot read"),
            "{err}"
        );
    }

    #[test]
    fn per_file_ignores_name_rules() {
        let err = Config::from_toml(
            "[per-file-ignores]\n\"drafts/**\" = [\"unused-note\", \"empty-urls\"]\n",
            "ibid.toml",
        )
        .expect_err("unknown rule");
        assert_eq!(err.line, Some(2));
        assert_eq!(
            err.message,
            "unknown rule `empty-urls` in [per-file-ignores] for `drafts/**`; did you mean `empty-url`?"
        );
    }

    #[test]
    fn the_same_keys_come_as_json_from_an_editor() {
        let config = Config::from_json(
            serde_json::json!({ "inlay-hints": false, "rules": { "note-order": "hint" } }),
            "initializationOptions",
        )
        .expect("valid settings");
        assert!(!config.inlay_hints);
        assert_eq!(config.severity("note-order"), Some(Severity::Hint));
    }
}
