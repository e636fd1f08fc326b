//! The workspace: its roots, the configuration that governs each, and an
//! index of the notes files that are not open (their diagnostics and the
//! works they cite), for `workspace/symbol` and `workspace/diagnostic`.
//!
//! Configuration comes from two places with the same keys: an `ibid.toml`
//! found from each root upwards, and the editor's settings, which override
//! the file key by key (a `[rules]` table is merged rule by rule).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;

use crate::analysis::book::{Asks, Neighbours, Offer, Shelf};
use crate::workspace::config::{self, Config};
use crate::workspace::discover::Filter;
use crate::workspace::severity::{Overrides, Severities};

use super::from_proto;
use super::lsp;

/// What the index keeps of a file that is not open.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Diagnostics at their rules' default severities, with their codes;
    /// the configuration is applied when they are asked for.
    pub diagnostics: Vec<(&'static str, lsp::Diagnostic)>,
    pub symbols: Vec<lsp::WorkspaceSymbol>,
    /// Pandoc citation keys and where each is cited, for references from
    /// a bibliography entry and for `unused-entry`.
    pub cites: Vec<(std::sync::Arc<str>, lsp::Location)>,
    /// What the file offers the other files of its folder, read as
    /// chapters of one book, and what its findings ask of them.
    pub offer: Arc<Offer>,
    pub asks: Arc<Asks>,
}

#[derive(Debug, Default)]
struct Inner {
    roots: Vec<PathBuf>,
    /// The editor's settings, already taken out of an `ibid` key.
    editor: Option<Value>,
    /// The configuration of each root, longest root first.
    configs: Vec<(PathBuf, Arc<Config>)>,
    /// Which files of each root are indexed, by the same configuration.
    filters: Vec<(PathBuf, Arc<Filter>)>,
    /// For documents outside every root: the editor's settings alone.
    default: Arc<Config>,
    files: HashMap<lsp::Uri, Indexed>,
    /// The files that offer something to the other files of their folder,
    /// by folder: looked up on every keystroke of a document with a
    /// dangling marker, which should not walk the whole index.
    offers: HashMap<PathBuf, Vec<(PathBuf, Arc<Offer>)>>,
}

impl Inner {
    /// Forgets what the file at `uri` offered its folder.
    fn forget_offer(&mut self, uri: &lsp::Uri) {
        let Some(path) = from_proto::path(uri) else {
            return;
        };
        if let Some(folder) = path.parent()
            && let Some(list) = self.offers.get_mut(folder)
        {
            list.retain(|(p, _)| *p != path);
            if list.is_empty() {
                self.offers.remove(folder);
            }
        }
    }
}

#[derive(Debug, Default)]
pub struct Workspace {
    inner: Mutex<Inner>,
}

impl Workspace {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.lock().roots.clone()
    }

    pub fn add_roots(&self, roots: impl IntoIterator<Item = PathBuf>) {
        let mut inner = self.lock();
        for root in roots {
            if !inner.roots.contains(&root) {
                inner.roots.push(root);
            }
        }
    }

    /// The innermost root that holds `path`: where a document's
    /// bibliographies are searched for when nothing names them.
    pub fn root_of(&self, path: &Path) -> Option<PathBuf> {
        self.lock()
            .roots
            .iter()
            .filter(|r| path.starts_with(r))
            .max_by_key(|r| r.as_os_str().len())
            .cloned()
    }

    pub fn remove_root(&self, root: &Path) {
        let mut inner = self.lock();
        inner.roots.retain(|r| r != root);
        inner
            .files
            .retain(|uri, _| from_proto::path(uri).is_none_or(|p| !p.starts_with(root)));
        inner.offers.retain(|folder, _| !folder.starts_with(root));
    }

    /// Sets the editor's settings: an object with the keys of `ibid.toml`,
    /// either at the top level or under `ibid`. `null` clears them.
    pub fn set_editor_settings(&self, settings: Option<Value>) {
        let settings = settings.and_then(|s| match s {
            Value::Null => None,
            Value::Object(mut map) => match map.remove("ibid") {
                Some(inner) => Some(inner),
                None if map.is_empty() => None,
                None => Some(Value::Object(map)),
            },
            other => Some(other),
        });
        self.lock().editor = settings;
    }

    /// Reads the configuration files again and combines them with the
    /// editor's settings; returns what was wrong with either, worded for the
    /// user. A configuration in error is replaced by the defaults.
    pub fn reload(&self) -> Vec<String> {
        let (roots, editor) = {
            let inner = self.lock();
            (inner.roots.clone(), inner.editor.clone())
        };
        let mut errors = Vec::new();
        let resolve = |file: Option<(Value, String)>, errors: &mut Vec<String>| -> Config {
            let origin = match &file {
                Some((_, origin)) => format!("{origin} with the editor's settings"),
                None => "the editor's settings".to_string(),
            };
            let mut merged = file.map(|(value, _)| value).unwrap_or(Value::Null);
            if let Some(editor) = &editor {
                merge(&mut merged, editor.clone());
            }
            if merged.is_null() {
                return Config::default();
            }
            Config::from_json(merged, &origin).unwrap_or_else(|e| {
                errors.push(e.to_string());
                Config::default()
            })
        };
        let default = Arc::new(resolve(None, &mut errors));
        let mut configs = Vec::new();
        let mut filters = Vec::new();
        for root in &roots {
            // Looked up here, once per change of configuration: a keystroke
            // reads the configuration kept below, never the disk.
            let found = config::find(root);
            let origin = found.as_ref().map_or_else(
                || "the editor's settings".to_string(),
                |f| f.display().to_string(),
            );
            let file = found.clone().and_then(|path| {
                let origin = path.display().to_string();
                // Read with the files it extends, each parsed as TOML first
                // for errors that name the line.
                let table = match config::load_table(&path, &|p| p.display().to_string()) {
                    Ok(table) => table,
                    Err(e) => {
                        errors.push(e.to_string());
                        return None;
                    }
                };
                Some((serde_json::to_value(table).ok()?, origin))
            });
            let mut config = resolve(file, &mut errors);
            // Globs in the file are relative to its folder; in the editor's
            // settings, to the workspace folder.
            config.base = Some(
                found
                    .and_then(|f| f.parent().map(Path::to_path_buf))
                    .unwrap_or_else(|| root.clone()),
            );
            let base = config.base.clone().unwrap_or_else(|| root.clone());
            let filter = Filter::new(&config, &base, &origin, "").unwrap_or_else(|e| {
                errors.push(e.to_string());
                Filter::extensions_only(&config, &base)
            });
            configs.push((root.clone(), Arc::new(config)));
            filters.push((root.clone(), Arc::new(filter)));
        }
        configs.sort_by_key(|(root, _)| std::cmp::Reverse(root.as_os_str().len()));
        let mut inner = self.lock();
        inner.configs = configs;
        inner.filters = filters;
        inner.default = default;
        errors
    }

    /// The configuration of the root that holds `uri`.
    pub fn config_for(&self, uri: &lsp::Uri) -> Arc<Config> {
        let inner = self.lock();
        let path = from_proto::path(uri);
        path.and_then(|path| {
            inner
                .configs
                .iter()
                .find(|(root, _)| path.starts_with(root))
                .map(|(_, config)| config.clone())
        })
        .unwrap_or_else(|| inner.default.clone())
    }

    /// The configuration of documents under no root: the editor's settings.
    pub fn default_config(&self) -> Arc<Config> {
        self.lock().default.clone()
    }

    pub fn config_of_root(&self, root: &Path) -> Arc<Config> {
        let inner = self.lock();
        inner
            .configs
            .iter()
            .find(|(r, _)| r == root)
            .map(|(_, config)| config.clone())
            .unwrap_or_else(|| inner.default.clone())
    }

    /// Which files under `root` the workspace index reads.
    pub fn filter_of_root(&self, root: &Path) -> Arc<Filter> {
        let inner = self.lock();
        inner
            .filters
            .iter()
            .find(|(r, _)| r == root)
            .map(|(_, filter)| filter.clone())
            .unwrap_or_else(|| Arc::new(Filter::extensions_only(&inner.default, root)))
    }

    pub fn insert(&self, uri: lsp::Uri, indexed: Indexed) {
        let mut inner = self.lock();
        inner.forget_offer(&uri);
        if !indexed.offer.is_empty()
            && let Some(path) = from_proto::path(&uri)
            && let Some(folder) = path.parent()
        {
            let folder = folder.to_path_buf();
            inner
                .offers
                .entry(folder)
                .or_default()
                .push((path, indexed.offer.clone()));
        }
        inner.files.insert(uri, indexed);
    }

    pub fn remove(&self, uri: &lsp::Uri) {
        let mut inner = self.lock();
        inner.forget_offer(uri);
        inner.files.remove(uri);
    }

    /// Whether another indexed file of `path`'s folder offers anything:
    /// asked before a document's findings are gathered into [`Asks`].
    pub fn has_neighbours(&self, path: &Path) -> bool {
        path.parent().is_some_and(|folder| {
            self.lock()
                .offers
                .get(folder)
                .is_some_and(|list| list.iter().any(|(p, _)| p != path))
        })
    }

    /// What the indexed files of `path`'s folder (not `path` itself) offer
    /// a file there that asks `asks`, when they answer any of it: the
    /// folder read as the chapters of one book.
    pub fn neighbours(&self, path: &Path, asks: &Asks) -> Option<Neighbours> {
        if asks.is_empty() {
            return None;
        }
        let offers: Vec<Arc<Offer>> = self
            .folder_offers(path)
            .into_iter()
            .map(|(_, offer)| offer)
            .collect();
        if offers.is_empty() {
            return None;
        }
        let own = Offer::default();
        let shelf = Shelf::gather(
            offers.iter().map(|o| &**o).chain(std::iter::once(&own)),
            [asks],
        );
        let neighbours = Neighbours {
            shelf: Arc::new(shelf),
            own: offers.len(),
        };
        neighbours.answers_any(asks).then_some(neighbours)
    }

    /// The note that a marker of `path` with `style` and `key` finds in a
    /// notes file of its folder: that file and the note's range.
    pub fn note_in_folder(
        &self,
        path: &Path,
        style: crate::analysis::index::MarkerStyle,
        key: &str,
    ) -> Option<(PathBuf, std::ops::Range<usize>)> {
        self.folder_offers(path)
            .into_iter()
            .find_map(|(other, offer)| Some((other, offer.note(style, key)?.range.clone())))
    }

    /// What the other indexed files of `path`'s folder offer it, by path
    /// (the same order whatever order the index was filled in).
    fn folder_offers(&self, path: &Path) -> Vec<(PathBuf, Arc<Offer>)> {
        let inner = self.lock();
        let mut offers: Vec<(PathBuf, Arc<Offer>)> = path
            .parent()
            .and_then(|folder| inner.offers.get(folder))
            .into_iter()
            .flatten()
            .filter(|(other, _)| other != path)
            .cloned()
            .collect();
        offers.sort_by(|a, b| a.0.cmp(&b.0));
        offers
    }

    /// The indexed files whose findings a folder's other files answer,
    /// for reading again as chapters once the whole workspace is indexed.
    pub fn answered_by_neighbours(&self) -> Vec<lsp::Uri> {
        let asking: Vec<(lsp::Uri, Arc<Asks>)> = self
            .lock()
            .files
            .iter()
            .filter(|(_, indexed)| !indexed.asks.is_empty())
            .map(|(uri, indexed)| (uri.clone(), indexed.asks.clone()))
            .collect();
        asking
            .into_iter()
            .filter(|(uri, asks)| {
                from_proto::path(uri).is_some_and(|path| self.neighbours(&path, asks).is_some())
            })
            .map(|(uri, _)| uri)
            .collect()
    }

    /// The indexed diagnostics of every file, configured.
    pub fn diagnostics(&self) -> Vec<(lsp::Uri, Vec<lsp::Diagnostic>)> {
        let files: Vec<(lsp::Uri, Indexed)> = self
            .lock()
            .files
            .iter()
            .map(|(u, i)| (u.clone(), i.clone()))
            .collect();
        files
            .into_iter()
            .map(|(uri, indexed)| {
                let config = self.config_for(&uri);
                let diagnostics = configure(&config, &uri, indexed.diagnostics);
                (uri, diagnostics)
            })
            .collect()
    }

    pub fn diagnostics_of(&self, uri: &lsp::Uri) -> Option<Vec<lsp::Diagnostic>> {
        let indexed = self.lock().files.get(uri)?.diagnostics.clone();
        Some(configure(&self.config_for(uri), uri, indexed))
    }

    /// The citation keys cited in indexed files.
    pub fn cited_keys(&self) -> Vec<Arc<str>> {
        self.lock()
            .files
            .values()
            .flat_map(|i| i.cites.iter().map(|(k, _)| k.clone()))
            .collect()
    }

    /// Where indexed files cite `key`.
    pub fn cite_locations(&self, key: &str) -> Vec<lsp::Location> {
        self.lock()
            .files
            .values()
            .flat_map(|i| {
                i.cites
                    .iter()
                    .filter(|(k, _)| &**k == key)
                    .map(|(_, l)| l.clone())
            })
            .collect()
    }

    /// The symbols of every indexed file except `skip` (the open ones,
    /// whose symbols are fresher).
    pub fn symbols(&self, skip: &dyn Fn(&lsp::Uri) -> bool) -> Vec<lsp::WorkspaceSymbol> {
        self.lock()
            .files
            .iter()
            .filter(|(uri, _)| !skip(uri))
            .flat_map(|(_, i)| i.symbols.iter().cloned())
            .collect()
    }
}

/// Sets each diagnostic's configured severity and drops those of rules that
/// are off.
fn configure(
    config: &Config,
    uri: &lsp::Uri,
    diagnostics: Vec<(&str, lsp::Diagnostic)>,
) -> Vec<lsp::Diagnostic> {
    let path = from_proto::path(uri);
    let overrides = Overrides::default();
    let severities = Severities::new(config, &overrides, path.as_deref());
    diagnostics
        .into_iter()
        .filter_map(|(code, mut d)| {
            d.severity = Some(super::to_proto::severity(severities.of(code)?));
            Some(d)
        })
        .collect()
}

/// Merges `over` into `base`: objects key by key, anything else replaced.
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, value) in over {
                merge(base.entry(key).or_insert(Value::Null), value);
            }
        }
        (base, over) => *base = over,
    }
}

/// Whether `name` matches a workspace symbol query: the query's characters
/// in order, ignoring case (`lrl` finds "Laruelle").
pub fn matches(query: &str, name: &str) -> bool {
    let mut name = name.chars().flat_map(char::to_lowercase);
    query
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .all(|q| name.any(|n| n == q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_settings_override_the_file_key_by_key() {
        let mut base = serde_json::json!({"inlay-hints": true, "rules": {"empty-url": "error", "unused-note": "off"}});
        merge(
            &mut base,
            serde_json::json!({"rules": {"empty-url": "hint"}}),
        );
        assert_eq!(
            base,
            serde_json::json!({"inlay-hints": true, "rules": {"empty-url": "hint", "unused-note": "off"}})
        );
    }

    #[test]
    fn settings_may_sit_under_ibid_or_at_the_top() {
        let ws = Workspace::default();
        ws.set_editor_settings(Some(serde_json::json!({"ibid": {"inlay-hints": false}})));
        assert!(ws.reload().is_empty());
        assert!(!ws.lock().default.inlay_hints);
        ws.set_editor_settings(Some(serde_json::json!({"inlay-hints": false})));
        assert!(ws.reload().is_empty());
        assert!(!ws.lock().default.inlay_hints);
        ws.set_editor_settings(Some(serde_json::json!({"inlay-hint": false})));
        assert_eq!(ws.reload().len(), 1);
        assert!(ws.lock().default.inlay_hints);
    }

    #[test]
    fn queries_match_in_order_ignoring_case() {
        assert!(matches("lrl", "Laruelle"));
        assert!(matches("", "anything"));
        assert!(!matches("lx", "Laruelle"));
    }
}
