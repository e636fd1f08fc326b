//! Finding and reading the bibliography files of documents, for both front
//! ends (the command line and the language server); the analysis itself
//! reads no files.
//!
//! A document's bibliographies are, in order of precedence:
//! 1. those its YAML front matter names (`bibliography:`), relative to the
//!    document;
//! 2. else those `ibid.toml` names (`bibliography = [...]`), relative to the
//!    configuration file;
//! 3. else every bibliography file found under the search root (the
//!    workspace folder in an editor; the folder of `ibid.toml`, or of the
//!    document, on the command line): `.bib` files, and `.json`, `.yaml` and
//!    `.yml` files that hold a CSL list.
//!
//! Files are read once and kept while their size and modification time do
//! not change; an editor's unsaved text of a bibliography takes the place
//! of the file's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use crate::analysis::bibliography::{Bibliographies, Bibliography, Format, Missing};
use crate::analysis::front_matter;

/// Bibliography files larger than this are not read: the largest libraries
/// people keep are tens of megabytes, and a bigger file is a data dump.
pub const MAX_SIZE: u64 = 64 * 1024 * 1024;

/// How much of a `.json` or `.yaml` file is read to tell whether it is a
/// CSL bibliography, during a search.
const SNIFF_BYTES: usize = 8 * 1024;

/// Folders never searched: build output and dependencies, which can be
/// large and hold bibliographies that are not the project's.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target", "_site", "site-packages"];

#[derive(Debug)]
struct Cached {
    modified: Option<SystemTime>,
    len: u64,
    read: Result<Arc<Bibliography>, String>,
}

/// The bibliographies read so far.
#[derive(Debug, Default)]
pub struct Store {
    files: Mutex<HashMap<PathBuf, Cached>>,
    /// Texts an editor holds, by path; they win over the files.
    open: Mutex<HashMap<PathBuf, Arc<Bibliography>>>,
    /// Search results by root.
    searched: Mutex<HashMap<PathBuf, Arc<Vec<PathBuf>>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Each map is changed by single inserts and removes; a panic elsewhere
    // while it was held cannot leave it half-changed.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A path with `.` and `..` taken out, without touching the file system
/// (so that a path to a missing file can still be named and compared).
pub fn normalize(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether a path names a bibliography by its extension.
pub fn is_bibliography_path(path: &Path) -> bool {
    Format::of_path(path).is_some()
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    /// The bibliography at `path`: the editor's text if it has one, else the
    /// file, read again only if it changed.
    pub fn load(&self, path: &Path) -> Result<Arc<Bibliography>, String> {
        let path = normalize(path);
        if let Some(open) = lock(&self.open).get(&path) {
            return Ok(open.clone());
        }
        let format = Format::of_path(&path).ok_or_else(|| {
            "not a bibliography file name (`.bib`, `.json`, `.yaml` or `.yml`)".to_string()
        })?;
        let metadata = std::fs::metadata(&path).map_err(|e| reason(&e))?;
        if !metadata.is_file() {
            return Err("not a regular file".to_string());
        }
        let modified = metadata.modified().ok();
        if let Some(cached) = lock(&self.files).get(&path)
            && cached.modified == modified
            && cached.len == metadata.len()
            && modified.is_some()
        {
            return cached.read.clone();
        }
        let read = if metadata.len() > MAX_SIZE {
            Err(format!(
                "{} bytes is over the limit of {MAX_SIZE} bytes",
                metadata.len()
            ))
        } else {
            std::fs::read(&path)
                .map_err(|e| reason(&e))
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|e| {
                        format!(
                            "not valid UTF-8 (first bad byte at offset {})",
                            e.utf8_error().valid_up_to()
                        )
                    })
                })
                .map(|text| Arc::new(Bibliography::parse(path.clone(), format, &text)))
        };
        lock(&self.files).insert(
            path,
            Cached {
                modified,
                len: metadata.len(),
                read: read.clone(),
            },
        );
        read
    }

    /// Takes an editor's text of a bibliography in place of its file, and
    /// returns it read.
    pub fn set_open(&self, path: &Path, text: &str) -> Option<Arc<Bibliography>> {
        let path = normalize(path);
        let bibliography = Arc::new(Bibliography::parse_path(&path, text)?);
        lock(&self.open).insert(path, bibliography.clone());
        Some(bibliography)
    }

    /// The editor closed a bibliography: the file counts again.
    pub fn close(&self, path: &Path) {
        lock(&self.open).remove(&normalize(path));
    }

    /// The editor's text of a bibliography, if it has one open.
    pub fn open_text(&self, path: &Path) -> Option<Arc<Bibliography>> {
        lock(&self.open).get(&normalize(path)).cloned()
    }

    /// Forgets what was read of `path` and every search, so that a file
    /// created, changed or deleted is seen.
    pub fn invalidate(&self, path: &Path) {
        lock(&self.files).remove(&normalize(path));
        lock(&self.searched).clear();
    }

    /// Whether `path` was read or searched for before: a change to it
    /// matters.
    pub fn knows(&self, path: &Path) -> bool {
        let path = normalize(path);
        lock(&self.files).contains_key(&path)
            || lock(&self.open).contains_key(&path)
            || lock(&self.searched)
                .values()
                .any(|found| found.contains(&path))
    }

    /// Every bibliography read without error, the editor's texts included.
    pub fn loaded(&self) -> Vec<Arc<Bibliography>> {
        let open = lock(&self.open);
        let mut out: Vec<Arc<Bibliography>> = open.values().cloned().collect();
        for (path, cached) in lock(&self.files).iter() {
            if !open.contains_key(path)
                && let Ok(b) = &cached.read
            {
                out.push(b.clone());
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// The bibliography files under `root`, sorted; searched once.
    pub fn search(&self, root: &Path) -> Arc<Vec<PathBuf>> {
        let root = normalize(root);
        if let Some(found) = lock(&self.searched).get(&root) {
            return found.clone();
        }
        let found = Arc::new(search(&root));
        lock(&self.searched).insert(root, found.clone());
        found
    }

    /// The bibliographies of a document at `path` (if it has one) with
    /// `text`: see the module documentation for the order. `configured`
    /// are the paths `ibid.toml` gives, already absolute; `root` is where to
    /// search when neither the document nor the configuration names any
    /// (`None`: nowhere). A document that `cites` no key is not searched
    /// for: there is nothing to resolve, and a search would read (and
    /// report on) every bibliography under the root, on every keystroke in
    /// an editor.
    pub fn for_document(
        &self,
        path: Option<&Path>,
        text: &str,
        cites: bool,
        configured: &[PathBuf],
        root: Option<&Path>,
    ) -> Bibliographies {
        let root = root.filter(|_| cites);
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let front = front_matter::read(text);
        let inline = front
            .as_ref()
            .map(|f| f.references.clone())
            .unwrap_or_default();
        let named: Vec<(String, PathBuf, Option<std::ops::Range<usize>>)> =
            match front.filter(|f| !f.bibliography.is_empty()) {
                Some(front) => front
                    .bibliography
                    .into_iter()
                    .map(|(written, range)| {
                        let full = dir.join(&written);
                        (written, full, Some(range))
                    })
                    .collect(),
                None => configured
                    .iter()
                    .map(|p| (p.display().to_string(), p.clone(), None))
                    .collect(),
            };
        let mut files = Vec::new();
        let mut missing = Vec::new();
        if named.is_empty() {
            // No root (a document read from standard input with no name):
            // nothing to search.
            let found = root.map(|root| self.search(root)).unwrap_or_default();
            for found in found.iter() {
                // A file that fails to read here is reported on the file
                // itself, not on every document of the workspace.
                if let Ok(b) = self.load(found) {
                    files.push(b);
                }
            }
            let mut found = Bibliographies::found(files);
            // Works the document lists itself are its own bibliography.
            found.named = !inline.is_empty();
            found.inline = inline;
            return found;
        } else {
            for (written, full, range) in named {
                match self.load(&full) {
                    Ok(b) => files.push(b),
                    Err(reason) => missing.push(Missing {
                        path: written,
                        range,
                        reason,
                    }),
                }
            }
        }
        let mut bibliographies = Bibliographies::new(files, missing);
        bibliographies.inline = inline;
        bibliographies
    }
}

/// How an IO error reads in a message.
fn reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Walks `root` for bibliography files, honouring `.gitignore` and skipping
/// hidden folders, and build and dependency folders.
fn search(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_some_and(|t| t.is_dir())
                || !e
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n))
        })
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Some(format) = Format::of_path(path) else {
            continue;
        };
        if entry.metadata().is_ok_and(|m| m.len() > MAX_SIZE) {
            continue;
        }
        if format != Format::Bib && !sniff(path, format) {
            continue;
        }
        found.push(normalize(path));
    }
    found.sort();
    found
}

/// Whether the start of a `.json` or `.yaml` file looks like a CSL list.
fn sniff(path: &Path, format: Format) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if file
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .is_err()
    {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    Bibliography::sniff(format, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_wins_over_configuration_and_search() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let bib = "@book{a1, title = {A}, year = {2001}}\n";
        std::fs::create_dir_all(dir.path().join("refs")).expect("mkdir");
        std::fs::write(dir.path().join("refs/one.bib"), bib).expect("write");
        std::fs::write(dir.path().join("two.bib"), "@book{b2, title = {B}}\n").expect("write");
        std::fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}").expect("write");
        std::fs::write(
            dir.path().join("csl.json"),
            "[{\"id\": \"c3\", \"type\": \"book\"}]",
        )
        .expect("write");
        let doc = dir.path().join("essay.md");
        let store = Store::new();

        let text = "---\nbibliography: [refs/one.bib, gone.bib]\n---\n[@a1]\n";
        let b = store.for_document(Some(&doc), text, true, &[], Some(dir.path()));
        assert_eq!(b.files.len(), 1);
        assert!(b.lookup("a1").is_some());
        assert_eq!(b.missing.len(), 1);
        assert_eq!(b.missing[0].path, "gone.bib");
        assert_eq!(b.missing[0].reason, "no such file");

        let configured = vec![dir.path().join("two.bib")];
        let b = store.for_document(Some(&doc), "[@b2]\n", true, &configured, Some(dir.path()));
        assert_eq!(b.files.len(), 1);
        assert!(b.lookup("b2").is_some());

        let b = store.for_document(Some(&doc), "[@b2]\n", true, &[], Some(dir.path()));
        let names: Vec<_> = b
            .files
            .iter()
            .filter_map(|f| f.path.file_name().and_then(|n| n.to_str()))
            .collect();
        assert_eq!(names, ["csl.json", "one.bib", "two.bib"]);
    }

    #[test]
    fn a_changed_file_is_read_again_and_an_open_text_wins() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("refs.bib");
        std::fs::write(&path, "@book{a1, title = {A}}\n").expect("write");
        let store = Store::new();
        assert!(store.load(&path).expect("read").get("a1").is_some());
        std::fs::write(&path, "@book{a1, title = {A}}\n@book{b22, title = {B}}\n").expect("write");
        store.invalidate(&path);
        assert!(store.load(&path).expect("read").get("b22").is_some());
        store.set_open(&path, "@book{c3, title = {C}}\n");
        assert!(store.load(&path).expect("read").get("c3").is_some());
        store.close(&path);
        assert!(store.load(&path).expect("read").get("c3").is_none());
    }
}
