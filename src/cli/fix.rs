//! `ibid check --fix` and `--diff`: applying the analysis's fixes to a
//! file, writing it back safely, or showing what would change.
//!
//! Fixes are applied in rounds: every fix whose edits overlap none already
//! taken is applied, the text is analysed again, and so on until nothing
//! is left to fix (at most [`MAX_ROUNDS`]). The `note-order` fix moves the
//! renumbered notes into order itself, as the editor's action does.
//!
//! Writing is atomic: the new text goes to a temporary file in the same
//! folder, is flushed to disk, takes the old file's permissions and is
//! renamed over it, so that a crash leaves either the old file or the new
//! one, never half of each. A file that changed on disk since it was read
//! (an editor saved it meanwhile) is left alone.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::analysis::book::Neighbours;
use crate::analysis::diagnostics::{self, Applicability, Diagnostic, TextEdit};
use crate::analysis::{Analysis, Dialect, Document};

use super::settings::Settings;

/// Enough for fixes that uncover others (a renumbering that makes a
/// duplicate visible), few enough that a fix which never settles stops.
pub(crate) const MAX_ROUNDS: usize = 10;

/// The result of fixing one text.
#[derive(Debug)]
pub(crate) struct Fixed {
    pub text: String,
    /// Fixes applied, over all rounds.
    pub applied: usize,
    /// The analysis of the final text.
    pub document: Document,
    pub analysis: Analysis,
    /// The notes were renumbered but left where they stand, because moving
    /// them would change what an Ibid or a short form refers to.
    pub order_kept: bool,
}

fn analyse(text: String, dialect: Dialect) -> (Document, Analysis) {
    let document = Document::new_as(text, dialect);
    let analysis = Analysis::of(&document);
    (document, analysis)
}

/// Applies the fixes of the diagnostics that `settings` enables for the
/// file at `path`: safe ones, and unsafe ones with `unsafe_fixes`.
pub(crate) fn fix_text(
    text: String,
    path: Option<&Path>,
    settings: &Settings,
    unsafe_fixes: bool,
    shelf: Option<&Neighbours>,
) -> Fixed {
    let dialect = path.map_or(Dialect::Markdown, Dialect::for_path);
    // A chapter's markers answered by its book's notes file get no stub.
    let analyse = |text: String| {
        let (document, mut analysis) = analyse(text, dialect);
        if let Some(shelf) = shelf {
            analysis.shelve(document.text(), shelf.clone());
        }
        (document, analysis)
    };
    let (mut document, mut analysis) = analyse(text);
    let mut applied = 0;
    let mut renumbered = false;
    for _ in 0..MAX_ROUNDS {
        let enabled = settings.apply(path, analysis.diagnostics.clone());
        let (edits, count, note_order) = choose(&enabled, unsafe_fixes);
        if count == 0 {
            break;
        }
        renumbered |= note_order;
        applied += count;
        let next = diagnostics::apply_edits(document.text(), &edits);
        if next == document.text() {
            break;
        }
        (document, analysis) = analyse(next);
    }
    // The renumbering leaves notes out of order where moving them would
    // change what an Ibid or a short form refers to.
    let order_kept = renumbered
        && (0..analysis.index.sections.len()).any(|s| diagnostics::out_of_place(&analysis, s));
    Fixed {
        text: document.text().to_string(),
        applied,
        document,
        analysis,
        order_kept,
    }
}

/// The edits of the fixes to apply this round, how many fixes they are,
/// and whether one of them is a `note-order` renumbering. A fix is taken
/// whole or not at all; several diagnostics may share one fix (the
/// renumbering of a section), which is then taken once.
fn choose(diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (Vec<TextEdit>, usize, bool) {
    let mut taken: Vec<&TextEdit> = Vec::new();
    let mut fixes: Vec<&[TextEdit]> = Vec::new();
    let mut note_order = false;
    for d in diagnostics {
        let Some(fix) = &d.fix else {
            continue;
        };
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes {
            continue;
        }
        if fix.edits.is_empty() || fixes.contains(&fix.edits.as_slice()) {
            continue;
        }
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.range.start < t.range.end && t.range.start < e.range.end
                    || e.range == t.range
                    || (e.range.is_empty() && t.range.contains(&e.range.start))
                    || (t.range.is_empty() && e.range.contains(&t.range.start))
            })
        });
        if overlaps {
            continue;
        }
        taken.extend(&fix.edits);
        fixes.push(&fix.edits);
        note_order |= d.code == "note-order";
    }
    let count = fixes.len();
    (taken.into_iter().cloned().collect(), count, note_order)
}

/// A unified diff from `old` to `new`, named `path` on both sides.
pub(crate) fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Why a fixed file was not written.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// The file changed on disk after it was read.
    Changed,
    /// The file is read-only.
    ReadOnly,
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => {
                f.write_str("changed on disk since it was read; not fixed, run again")
            }
            WriteError::ReadOnly => f.write_str("read-only; not fixed"),
            WriteError::Io(e) => write!(
                f,
                "cannot write the fixes: {}; the file is unchanged",
                super::discover::io_reason(e)
            ),
        }
    }
}

/// The last step of an atomic write, replaceable in tests to simulate a
/// failure at the worst moment.
pub(crate) trait Rename {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
}

/// The file system's own rename.
#[derive(Debug)]
pub(crate) struct FsRename;

impl Rename for FsRename {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
}

/// Replaces `path`'s contents with `contents`, provided the file still
/// holds `original`.
pub(crate) fn write_atomically(
    path: &Path,
    original: &[u8],
    contents: &[u8],
    rename: &dyn Rename,
) -> Result<(), WriteError> {
    // Through a symbolic link, the file it points to is replaced: renaming
    // over the link itself would turn it into a copy.
    let target = fs::canonicalize(path).map_err(WriteError::Io)?;
    let path = target.as_path();
    let metadata = fs::metadata(path).map_err(WriteError::Io)?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".ibid-fix-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    temp.write_all(contents).map_err(WriteError::Io)?;
    temp.as_file().sync_all().map_err(WriteError::Io)?;
    fs::set_permissions(temp.path(), metadata.permissions()).map_err(WriteError::Io)?;
    // As late as possible: has anyone written the file since we read it?
    let now = fs::read(path).map_err(WriteError::Io)?;
    if now != original {
        return Err(WriteError::Changed);
    }
    // The temporary file is removed when `temp_path` is dropped, which only
    // matters when the rename failed.
    let temp_path = temp.into_temp_path();
    rename.rename(&temp_path, path).map_err(WriteError::Io)?;
    // Renamed: there is nothing left to remove.
    let _ = temp_path.keep();
    // Make the rename itself durable; not every platform can sync a folder.
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::config::Config;
    use crate::workspace::severity::Overrides;

    fn settings() -> Settings {
        Settings::new(Config::default(), None, "", Overrides::default()).expect("defaults")
    }

    const OUT_OF_ORDER: &str = "Salt was taxed.[2] Ports grew.[1] Tolls rose.[3]\n\n\
        [1] Priya Nair, “Ports,” Spice Review, May 2, 2019.\n\
        [2] Priya Nair, “Salt,” Spice Review, May 9, 2019.\n\
        [3] Priya Nair, “Tolls,” Spice Review, May 16, 2019.\n";

    #[test]
    fn note_order_renumbers_and_reorders() {
        let fixed = fix_text(OUT_OF_ORDER.to_string(), None, &settings(), false, None);
        assert_eq!(
            fixed.text,
            "Salt was taxed.[1] Ports grew.[2] Tolls rose.[3]\n\n\
             [1] Priya Nair, “Salt,” Spice Review, May 9, 2019.\n\
             [2] Priya Nair, “Ports,” Spice Review, May 2, 2019.\n\
             [3] Priya Nair, “Tolls,” Spice Review, May 16, 2019.\n"
        );
        assert_eq!(fixed.applied, 1);
        let again = fix_text(fixed.text.clone(), None, &settings(), false, None);
        assert_eq!(again.applied, 0);
        assert_eq!(again.text, fixed.text);
    }

    #[test]
    fn unsafe_fixes_only_when_asked() {
        let text = "Lamps burn.[1]\n\n[1] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).\n[2] Unused.\n";
        let safe = fix_text(text.to_string(), None, &settings(), false, None);
        assert!(safe.text.contains("[2] Unused."), "{}", safe.text);
        let all = fix_text(text.to_string(), None, &settings(), true, None);
        assert!(!all.text.contains("Unused"), "{}", all.text);
    }

    /// Moving note 2 (“Bridges”) below note 1 would make the Ibid after
    /// it refer to another work: the notes are renumbered, not moved.
    #[test]
    fn notes_stay_put_when_moving_them_would_change_an_ibid() {
        let text = "Salt was taxed.[2] Ports grew.[1] Tolls rose.[3]\n\n\
            [1] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
            [2] Priya Nair, *Bridges* (Madras: Harbour, 2016).\n\
            [3] Ibid., 14.\n";
        let fixed = fix_text(text.to_string(), None, &settings(), false, None);
        assert!(fixed.order_kept);
        assert_eq!(
            fixed.text,
            "Salt was taxed.[1] Ports grew.[2] Tolls rose.[3]\n\n\
             [2] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
             [1] Priya Nair, *Bridges* (Madras: Harbour, 2016).\n\
             [3] Ibid., 14.\n"
        );
    }

    /// The text the editor's source action gives: the edits of the
    /// `source.renumberNotes` action applied.
    fn renumbered_in_editor(text: &str) -> String {
        use crate::analysis::ide::{self, ActionKind, Snapshot};
        let document = Document::new(text.to_string());
        let analysis = Analysis::of(&document);
        let actions = ide::code_actions(
            Snapshot::new(&document, &analysis),
            0..0,
            diagnostics::CommentStyle::Html,
        );
        let edits: Vec<TextEdit> = actions
            .into_iter()
            .filter(|a| a.kind == ActionKind::Source)
            .flat_map(|a| a.edits)
            .collect();
        diagnostics::apply_edits(text, &edits)
    }

    /// `ibid check --fix` and the editor's renumbering give the same text,
    /// for each shape of notes: the notes renumbered and in order.
    #[test]
    fn the_fix_and_the_editor_renumber_alike() {
        let cases = [
            // Bracket notes.
            (
                "Salt.[3] Ports.[1] Tolls.[2]\n\n\
                 [1] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                 [2] Priya Nair, *Tolls* (Madras: Harbour, 2016).\n\
                 [3] Priya Nair, *Salt* (Madras: Harbour, 2017).\n",
                "Salt.[1] Ports.[2] Tolls.[3]\n\n\
                 [1] Priya Nair, *Salt* (Madras: Harbour, 2017).\n\
                 [2] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                 [3] Priya Nair, *Tolls* (Madras: Harbour, 2016).\n",
            ),
            // Superscripts under a heading, in a bulleted list with blank
            // lines between notes, a marker inside a note.
            (
                "Salt.³ Ports.¹ Tolls.²\n\nNOTES\n\n\
                 - ¹ Priya Nair, “Ports,” Spice Review, May 2, 2019.\n\n\
                 - ² Priya Nair, “Tolls,” Spice Review, May 9, 2019; see also ¹.\n\n\
                 - ³ Priya Nair, “Salt,” Spice Review, May 16, 2019.\n",
                "Salt.¹ Ports.² Tolls.³\n\nNOTES\n\n\
                 - ¹ Priya Nair, “Salt,” Spice Review, May 16, 2019.\n\n\
                 - ² Priya Nair, “Ports,” Spice Review, May 2, 2019.\n\n\
                 - ³ Priya Nair, “Tolls,” Spice Review, May 9, 2019; see also ².\n",
            ),
            // Markdown footnotes are named, not numbered: nothing to do.
            (
                "Salt.[^3] Ports.[^1]\n\n\
                 [^1]: Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                 [^3]: Priya Nair, *Salt* (Madras: Harbour, 2017).\n",
                "Salt.[^3] Ports.[^1]\n\n\
                 [^1]: Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                 [^3]: Priya Nair, *Salt* (Madras: Harbour, 2017).\n",
            ),
            // Two note lists, one per chapter, each numbered from 1.
            (
                "# One\n\nSalt.[2] Ports.[1]\n\n## Notes\n\n\
                 [1] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                 [2] Priya Nair, *Salt* (Madras: Harbour, 2017).\n\n\
                 # Two\n\nTolls.[1] Fees.[3] Dues.[2]\n\n## Notes\n\n\
                 [1] Ada Fenn, *Tolls* (Oslo: Fjord, 2010).\n\
                 [2] Ada Fenn, *Dues* (Oslo: Fjord, 2011).\n\
                 [3] Ada Fenn, *Fees* (Oslo: Fjord, 2012).\n",
                "# One\n\nSalt.[1] Ports.[2]\n\n## Notes\n\n\
                 [1] Priya Nair, *Salt* (Madras: Harbour, 2017).\n\
                 [2] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\n\
                 # Two\n\nTolls.[1] Fees.[2] Dues.[3]\n\n## Notes\n\n\
                 [1] Ada Fenn, *Tolls* (Oslo: Fjord, 2010).\n\
                 [2] Ada Fenn, *Fees* (Oslo: Fjord, 2012).\n\
                 [3] Ada Fenn, *Dues* (Oslo: Fjord, 2011).\n",
            ),
            // Moving the notes would make the Ibid refer to *Ports*: they
            // are renumbered and stay where they are.
            (
                "Salt.[2] Ports.[1] Tolls.[3]\n\n\
                 [1] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                 [2] Priya Nair, *Bridges* (Madras: Harbour, 2016).\n\
                 [3] Ibid., 14.\n",
                "Salt.[1] Ports.[2] Tolls.[3]\n\n\
                 [2] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                 [1] Priya Nair, *Bridges* (Madras: Harbour, 2016).\n\
                 [3] Ibid., 14.\n",
            ),
        ];
        for (before, after) in cases {
            let fixed = fix_text(before.to_string(), None, &settings(), false, None);
            assert_eq!(fixed.text, after, "ibid check --fix");
            assert_eq!(renumbered_in_editor(before), after, "source.renumberNotes");
        }
    }

    struct FailingRename;

    impl Rename for FailingRename {
        fn rename(&self, _: &Path, _: &Path) -> io::Result<()> {
            Err(io::Error::other("simulated failure"))
        }
    }

    #[test]
    fn a_failed_rename_leaves_the_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("essay.txt");
        fs::write(&path, "old").expect("write");
        let err =
            write_atomically(&path, b"old", b"new", &FailingRename).expect_err("the rename fails");
        assert!(matches!(err, WriteError::Io(_)), "{err}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("essay.txt")]);
    }

    #[cfg(unix)]
    #[test]
    fn writing_through_a_symbolic_link_replaces_its_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("essay.txt");
        let link = dir.path().join("link.txt");
        fs::write(&target, "old").expect("write");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        write_atomically(&link, b"old", b"new", &FsRename).expect("written");
        assert!(fs::symlink_metadata(&link).expect("link").is_symlink());
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("essay.txt");
        fs::write(&path, "edited meanwhile").expect("write");
        let err =
            write_atomically(&path, b"as read", b"fixed", &FsRename).expect_err("the file changed");
        assert!(matches!(err, WriteError::Changed), "{err}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "edited meanwhile");
    }

    #[test]
    fn a_read_only_file_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("essay.txt");
        fs::write(&path, "old").expect("write");
        let mut permissions = fs::metadata(&path).expect("metadata").permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).expect("chmod");
        let err = write_atomically(&path, b"old", b"new", &FsRename).expect_err("read-only");
        assert!(matches!(err, WriteError::ReadOnly), "{err}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("essay.txt");
        fs::write(&path, "old").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomically(&path, b"old", b"new", &FsRename).expect("written");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let mode = fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn diffs_are_unified() {
        insta::assert_snapshot!(diff("a.txt", "one\ntwo\n", "one\n2\n"), @r"
        --- a/a.txt
        +++ b/a.txt
        @@ -1,2 +1,2 @@
         one
        -two
        +2
        ");
    }
}
