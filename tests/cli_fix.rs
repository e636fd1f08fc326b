//! `ibid check --fix` and `--diff` driven through the real binary: what is
//! written, that a second run changes nothing, that files which cannot be
//! written safely are left alone. The failure of a rename half-way is
//! simulated in `src/cli/fix.rs`, where the writer takes a hook.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");

/// A temporary folder holding copies of the named fixtures.
fn workspace(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in names {
        fs::copy(Path::new(FIXTURES).join(name), dir.path().join(name)).expect("copy fixture");
    }
    dir
}

fn ibid(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::cargo_bin("ibid")
        .expect("the ibid binary is built")
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("ibid runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).expect("readable")
}

const OUT_OF_ORDER_FIXED: &str = "\
SALT ROADS

Salt was taxed at every bridge.[1] Smugglers took the mountain roads instead.[2] Tolls rose each spring.[3]

NOTES

[1] Priya Nair, *Bridges and Tolls* (Madras: Harbour, 2015), 9.

[2] Priya Nair, “Mountain Roads,” *Spice Review* 4 (2019): 12–30.

[3] Arjun Mehta, *The Toll Ledgers* (Calcutta: Riverside, 1998), 71.
";

#[test]
fn fix_renumbers_and_reorders_notes_and_a_second_run_changes_nothing() {
    let dir = workspace(&["out_of_order.txt"]);
    let (code, stdout, stderr) = ibid(dir.path(), &["check", "--fix", "out_of_order.txt"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(stderr, "Fixed 1 problem in 1 file.\n");
    assert_eq!(stdout, "No problems found in 1 file.\n");
    assert_eq!(read(dir.path(), "out_of_order.txt"), OUT_OF_ORDER_FIXED);

    let (code, _, stderr) = ibid(dir.path(), &["check", "--fix", "out_of_order.txt"]);
    assert_eq!(code, Some(0));
    assert_eq!(stderr, "", "nothing left to fix");
    assert_eq!(read(dir.path(), "out_of_order.txt"), OUT_OF_ORDER_FIXED);
    // Nothing but the fixed file is left behind.
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["out_of_order.txt"]);
}

#[test]
fn fix_reports_what_is_left() {
    let dir = workspace(&["problems.txt"]);
    let (code, stdout, stderr) = ibid(
        dir.path(),
        &["check", "--fix", "--format", "concise", "problems.txt"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "warning: problems.txt: notes renumbered but not moved into order: moving them would change what an Ibid or a short form refers to\n\
         Fixed 1 problem in 1 file.\n"
    );
    insta::assert_snapshot!(stdout);
    insta::assert_snapshot!("problems_fixed", read(dir.path(), "problems.txt"));
}

#[test]
fn unsafe_fixes_remove_unused_notes_only_when_asked() {
    let dir = workspace(&["problems.txt"]);
    ibid(dir.path(), &["check", "--fix", "problems.txt"]);
    assert!(read(dir.path(), "problems.txt").contains("Pressing Matters"));
    ibid(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "problems.txt"],
    );
    assert!(!read(dir.path(), "problems.txt").contains("Pressing Matters"));
}

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let dir = workspace(&["out_of_order.txt"]);
    let before = read(dir.path(), "out_of_order.txt");
    let (code, stdout, _) = ibid(dir.path(), &["check", "--diff", "out_of_order.txt"]);
    assert_eq!(code, Some(1), "a diff means something would change");
    insta::assert_snapshot!(stdout);
    assert_eq!(read(dir.path(), "out_of_order.txt"), before);

    ibid(dir.path(), &["check", "--fix", "out_of_order.txt"]);
    let (code, stdout, _) = ibid(dir.path(), &["check", "--diff", "out_of_order.txt"]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""));
}

#[test]
fn fix_from_stdin_writes_the_fixed_document_to_stdout() {
    let text = fs::read_to_string(Path::new(FIXTURES).join("out_of_order.txt")).expect("fixture");
    let output = Command::cargo_bin("ibid")
        .expect("the ibid binary is built")
        .args(["check", "--fix", "-"])
        .write_stdin(text)
        .output()
        .expect("ibid runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), OUT_OF_ORDER_FIXED);
}

#[test]
fn a_read_only_file_is_not_fixed() {
    let dir = workspace(&["out_of_order.txt"]);
    let path = dir.path().join("out_of_order.txt");
    let before = read(dir.path(), "out_of_order.txt");
    let mut permissions = fs::metadata(&path).expect("metadata").permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).expect("chmod");
    let (code, stdout, stderr) = ibid(
        dir.path(),
        &["check", "--fix", "--format", "concise", "out_of_order.txt"],
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("error: out_of_order.txt: read-only; not fixed"),
        "{stderr}"
    );
    // The report is of the file as it is.
    assert!(stdout.contains("warning[note-order]"), "{stdout}");
    assert_eq!(read(dir.path(), "out_of_order.txt"), before);
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace(&["out_of_order.txt"]);
    let path = dir.path().join("out_of_order.txt");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o604)).expect("chmod");
    ibid(dir.path(), &["check", "--fix", "out_of_order.txt"]);
    assert_eq!(read(dir.path(), "out_of_order.txt"), OUT_OF_ORDER_FIXED);
    let mode = fs::metadata(&path).expect("metadata").permissions().mode();
    assert_eq!(mode & 0o777, 0o604);
}

#[test]
fn a_file_with_invalid_utf8_is_not_fixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = b"Caf\xe9.[2] Tea.[1]\n\n[1] One.\n[2] Two.\n";
    fs::write(dir.path().join("a.txt"), bytes).expect("write");
    let (code, _, stderr) = ibid(dir.path(), &["check", "--fix", "a.txt"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not fixed"), "{stderr}");
    assert_eq!(fs::read(dir.path().join("a.txt")).expect("read"), bytes);
}
