//! `ibid parse` driven through the real binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn ibid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ibid"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the ibid binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn summary_of_the_example_essay() {
    let output = ibid(&["parse", "examples/essay.txt"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        stdout(&output),
        "markers: 14, notes: 14, headings: 6, tables: 1, errors: 0\n"
    );
}

#[test]
fn tree_is_an_s_expression() {
    let output = ibid(&["parse", "--tree", "examples/markdown-footnotes.md"]);
    assert!(output.status.success(), "{output:?}");
    let tree = stdout(&output);
    assert!(tree.starts_with("(document "), "{tree}");
    assert!(tree.contains("(footnote_marker)"), "{tree}");
}

#[test]
fn unreadable_file_is_reported_with_its_path_and_exit_code_2() {
    let output = ibid(&["parse", "no/such/file.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read no/such/file.txt"), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// A stray Latin-1 byte in a pasted document must not stop the parse.
#[test]
fn invalid_utf8_is_decoded_lossily() {
    let path: PathBuf = std::env::temp_dir().join(format!("ibid-lossy-{}.txt", std::process::id()));
    std::fs::write(&path, b"Caf\xe9 society.[1]\n\n[1] A source.\n")
        .expect("temp file is writable");
    let output = ibid(&["parse", &path.to_string_lossy()]);
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout(&output).starts_with("markers: 1, notes: 1, "),
        "{}",
        stdout(&output)
    );
}

#[test]
fn version_and_help() {
    let version = ibid(&["--version"]);
    assert_eq!(
        stdout(&version),
        format!("ibid {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = stdout(&ibid(&["--help"]));
    assert!(help.contains("parse"), "{help}");
}
