//! `ibid check` driven through the real binary: every output format, every
//! exit status, standard input, configuration and bad input.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

#[path = "common/cli.rs"]
mod cli;

use cli::{ibid_in, run};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");

fn ibid() -> Command {
    ibid_in(Path::new(FIXTURES))
}

// ---- Formats ----

#[test]
fn human_format_shows_snippets_and_a_summary() {
    let out = run(ibid().args(["check", "problems.txt"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(!out.stdout.contains('\x1b'), "no colour off a terminal");
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let out = run(ibid().args(["check", "--color", "always", "problems.txt"]));
    assert!(out.stdout.contains('\x1b'), "{}", out.stdout);
    let out = run(ibid()
        .env("NO_COLOR", "1")
        .args(["check", "--color", "auto", "problems.txt"]));
    assert!(!out.stdout.contains('\x1b'), "{}", out.stdout);
}

#[test]
fn concise_format_is_one_line_each() {
    let out = run(ibid().args(["check", "--format", "concise", "problems.txt", "clean.txt"]));
    assert_eq!(out.code, Some(1));
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn json_format() {
    let out = run(ibid().args(["check", "--format", "json", "problems.txt", "clean.txt"]));
    assert_eq!(out.code, Some(1));
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    assert_eq!(value["summary"]["files"], 2);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn github_format() {
    let out = run(ibid().args(["check", "--format", "github", "problems.txt"]));
    assert_eq!(out.code, Some(1));
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn sarif_format_is_valid_against_the_sarif_schema() {
    let out = run(ibid().args([
        "check",
        "--format",
        "sarif",
        "problems.txt",
        "resolution.txt",
    ]));
    assert_eq!(out.code, Some(1));
    let log: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    // The official SARIF 2.1.0 schema (OASIS), vendored from the crates.io
    // package serde-sarif 0.8.0 (src/schema.json); see tests/schemas/README.md.
    let published = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json"),
    )
    .expect("the vendored schema");
    // The published schema's `language` patterns have a stray `]`
    // (`...-[a-zA-Z]{2}]?$`), which the meta-schema's `regex` format check
    // rejects; they are repaired here to what they mean, and the file is
    // left as published. ibid writes no `language`.
    let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(published.contains(stray));
    let repaired = published.replace(stray, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: serde_json::Value = serde_json::from_str(&repaired).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does catch a broken log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("loud");
    assert!(!validator.is_valid(&broken));
    // Fixable findings carry their edits, and the schema checks their shape.
    assert!(
        log["runs"][0]["results"].as_array().is_some_and(|r| r
            .iter()
            .any(|r| r["fixes"][0]["artifactChanges"].is_array())),
        "a fix is carried"
    );
    let rules = &log["runs"][0]["tool"]["driver"]["rules"];
    assert!(
        rules[0]["help"]["markdown"]
            .as_str()
            .is_some_and(|h| h.contains("### How to fix")),
        "rules carry their help"
    );
    insta::assert_json_snapshot!(log["runs"][0]["results"]);
}

// ---- Exit statuses ----

#[test]
fn exit_0_when_clean_and_quiet_about_it() {
    let out = run(ibid().args(["check", "clean.txt"]));
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout, "No problems found in 1 file.\n");
    let out = run(ibid().args(["check", "--quiet", "clean.txt"]));
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "");
}

#[test]
fn exit_1_follows_fail_on() {
    // resolution.txt has one warning and nothing else.
    let code = |args: &[&str]| run(ibid().args(args)).code;
    assert_eq!(code(&["check", "resolution.txt"]), Some(1));
    assert_eq!(
        code(&["check", "--fail-on", "error", "resolution.txt"]),
        Some(0)
    );
    assert_eq!(
        code(&["check", "--fail-on", "hint", "resolution.txt"]),
        Some(1)
    );
    assert_eq!(
        code(&["check", "--fail-on", "never", "problems.txt"]),
        Some(0)
    );
    assert_eq!(
        code(&["check", "--fail-on", "error", "problems.txt"]),
        Some(1)
    );
}

#[test]
fn exit_2_for_usage_errors() {
    let out = run(ibid().args(["check", "--select", "no-such-rule", "clean.txt"]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("unknown rule `no-such-rule` in --select"),
        "{}",
        out.stderr
    );
    let out = run(ibid().args(["check", "--format", "xml", "clean.txt"]));
    assert_eq!(out.code, Some(2));
    let out = run(ibid().args(["check", "missing.txt", "clean.txt"]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("error: missing.txt: no such file or folder"),
        "{}",
        out.stderr
    );
}

// ---- Standard input ----

#[test]
fn stdin_is_one_document_named_by_stdin_filename() {
    let text = fs::read_to_string(Path::new(FIXTURES).join("problems.txt")).expect("fixture");
    let out = run(ibid()
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "orchards.md",
            "-",
        ])
        .write_stdin(text.clone()));
    assert_eq!(out.code, Some(1));
    insta::assert_snapshot!(out.stdout);
    let out = run(ibid()
        .args(["check", "--format", "concise", "-"])
        .write_stdin(text));
    assert!(out.stdout.starts_with("<stdin>:3:82: "), "{}", out.stdout);
}

/// An indented passage is a quoted letter in a plain-text file, whose
/// markers count, and code in Markdown, whose brackets do not; a name on
/// standard input chooses the same way.
#[test]
fn an_indented_passage_is_text_in_plain_text_and_code_in_markdown() {
    let text = "The keeper wrote home.[1]\n\n    Dear Ma, the lamp is lit.[2]\n    Your son.\n\n\
                [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 4.\n[2] A letter of 1851, now lost.\n";
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("letter.txt"), text).expect("write");
    fs::write(dir.path().join("letter.md"), text).expect("write");
    let check = |name: &str| {
        run(ibid_in(dir.path()).args(["check", "--format", "concise", "--quiet", name])).stdout
    };
    assert_eq!(check("letter.txt"), "");
    assert_eq!(
        check("letter.md"),
        "letter.md:7:1: warning[unused-note] note [2] is never cited: cite it with a marker or delete it\n"
    );
    let out = run(ibid_in(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "letter.txt",
            "-",
        ])
        .write_stdin(text));
    assert_eq!(out.stdout, "");
}

/// A book split into files: chapters cite the notes of a notes file and
/// short forms of works an earlier chapter gives in full. Checked together
/// (a folder), the chapters are read as one book; a chapter checked alone
/// still reports what it cannot find.
#[test]
fn the_files_of_a_folder_are_read_as_chapters_of_one_book() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("book");
    fs::create_dir(&book).expect("mkdir");
    fs::write(
        book.join("01_bees.md"),
        "# Bees\n\nThe hive keeps time.[^hive] Its keeper wrote of it.[^1]\n\n\
         [^1]: Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n",
    )
    .expect("write");
    fs::write(
        book.join("02_wax.md"),
        "# Wax\n\nWax keeps light.[^1] Smoke calms them.[^smoke] Comb is built.[^comb]\n\n\
         [^1]: Fenn, *Keepers*, 12.\n",
    )
    .expect("write");
    fs::write(
        book.join("99_notes.md"),
        "<!-- Footnotes -->\n[^hive]: https://example.org/hive\n[^smoke]: https://example.org/smoke\n",
    )
    .expect("write");
    let check = |args: &[&str]| {
        run(ibid_in(dir.path())
            .args(["check", "--format", "concise", "--quiet"])
            .args(args))
        .stdout
    };
    assert_eq!(
        check(&["book"]),
        "book/02_wax.md:3:62: error[undefined-note] marker [^comb] refers to no note: add a note labelled comb or remove the marker\n"
    );
    assert_eq!(
        check(&["book/02_wax.md"]),
        "book/02_wax.md:3:39: error[undefined-note] marker [^smoke] refers to no note: add a note labelled smoke or remove the marker\n\
         book/02_wax.md:3:62: error[undefined-note] marker [^comb] refers to no note: add a note labelled comb or remove the marker\n\
         book/02_wax.md:5:7: warning[unresolved-short-form] short form “Fenn, *Keepers*, 12.” matches no earlier full citation: cite the work in full first\n"
    );
    // A safe fix changes nothing here, and the report after it still
    // reads the folder as a book.
    assert_eq!(
        check(&["--fix", "book"]),
        "book/02_wax.md:3:62: error[undefined-note] marker [^comb] refers to no note: add a note labelled comb or remove the marker\n"
    );
    // The stub note the unsafe fix adds is for the marker no file answers.
    run(ibid_in(dir.path()).args(["check", "--fix", "--unsafe-fixes", "--quiet", "book"]));
    let wax = fs::read_to_string(book.join("02_wax.md")).expect("read");
    assert!(wax.contains("[^comb]:"), "{wax}");
    assert!(!wax.contains("[^smoke]:"), "{wax}");
}

/// A text with nothing marker-like is reported clean without being parsed;
/// one trigger word is enough to have it read in full.
#[test]
fn marker_free_text_is_clean_and_a_contact_line_still_found() {
    let prose = "# The keeper’s year\n\nFog came early; the lamp — “never dark” — burned on. 🌊\n\n\
                 - a [map of the coast](https://example.org/coast)\n";
    let out = run(ibid()
        .args(["check", "--format", "concise", "-"])
        .write_stdin(prose));
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""));
    let out = run(ibid()
        .args(["check", "--format", "concise", "-"])
        .write_stdin(format!("{prose}\nThe keeper can be reached at\n")));
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "<stdin>:7:12: warning[dangling-contact] “can be reached at” is followed by no address: add it or delete the line\n"
    );
}

#[test]
fn stdin_cannot_be_mixed_with_paths() {
    let out = run(ibid().args(["check", "-", "clean.txt"]).write_stdin(""));
    assert_eq!(out.code, Some(2));
}

// ---- Configuration ----

#[test]
fn configuration_is_found_upward_and_applies_its_rules_and_excludes() {
    let out = run(ibid().args(["check", "--format", "concise", "config"]));
    assert_eq!(out.code, Some(1));
    // empty-url is off, unused-note raised to error, drafts/ excluded.
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn command_line_overrides_the_file() {
    // --select turns on a rule the file has off.
    let out = run(ibid().args([
        "check",
        "--format",
        "concise",
        "--select",
        "empty-url,unused-note",
        "config/essay.txt",
    ]));
    assert_eq!(
        out.stdout,
        "config/essay.txt:9:73: warning[empty-url] citation in note [1] ends with a comma where its URL was lost: restore the URL, or end the citation with a period\n\
         config/essay.txt:12:1: error[unused-note] note [4] is never cited: cite it with a marker or delete it\n"
    );
    // --ignore turns off a rule the file raised.
    let out = run(ibid().args([
        "check",
        "--format",
        "concise",
        "--ignore",
        "unused-note,note-order,undefined-note",
        "config/essay.txt",
    ]));
    assert_eq!(
        out.stdout,
        "config/essay.txt:5:26: warning[unresolved-author-date] “Okafor (2020)” matches no note: no citation by Okafor from 2020; add one to the notes or correct the reference\n"
    );
    // --config replaces the file that would be found.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("loose.toml");
    fs::write(&config, "[rules]\nunused-note = \"off\"\n").expect("write");
    let out = run(ibid().args([
        "check",
        "--format",
        "concise",
        "--config",
        &config.to_string_lossy(),
        "config/essay.txt",
    ]));
    assert!(!out.stdout.contains("unused-note"), "{}", out.stdout);
    assert!(out.stdout.contains("empty-url"), "{}", out.stdout);
}

#[test]
fn a_named_file_is_checked_even_when_excluded() {
    let out = run(ibid().args([
        "check",
        "--no-force-exclude",
        "--format",
        "concise",
        "config/drafts/draft.txt",
    ]));
    assert!(
        out.stdout.contains("config/drafts/draft.txt:"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_bad_configuration_names_the_file_line_and_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("ibid.toml"),
        "extensions = [\"txt\"]\nmax-file-sise = 10\n",
    )
    .expect("write");
    fs::write(dir.path().join("a.txt"), "Text.\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "."]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("error: ibid.toml: line 2: unknown field `max-file-sise`"),
        "{}",
        out.stderr
    );
    let out = run(ibid().args(["check", "--config", "no/such.toml", "clean.txt"]));
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("no/such.toml"), "{}", out.stderr);
}

// ---- Discovery ----

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let dangling = "Text.[1]\n";
    for name in [
        "a.txt",
        "b.md",
        "c.markdown",
        "d.notes",
        "e.rs",
        "sub/f.txt",
        "skip/g.txt",
    ] {
        let path = root.join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, dangling).expect("write");
    }
    fs::write(root.join(".hidden.txt"), dangling).expect("write");
    fs::write(root.join(".gitignore"), "skip/\n").expect("write");
    dir
}

#[test]
fn folders_are_walked_with_extensions_gitignore_and_hidden_files() {
    let dir = corpus();
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "."]));
    let files: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(
        files,
        ["a.txt", "b.md", "c.markdown", "d.notes", "sub/f.txt"]
    );
}

#[test]
fn extensions_are_configurable() {
    let dir = corpus();
    fs::write(dir.path().join("ibid.toml"), "extensions = [\"notes\"]\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "."]));
    assert!(out.stdout.starts_with("d.notes:1:6: "), "{}", out.stdout);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
}

// ---- Bad input ----

#[test]
fn invalid_utf8_is_reported_with_its_offset_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("a.txt"), b"Caf\xe9 society.[1]\n").expect("write");
    fs::write(dir.path().join("b.txt"), "Tea.[1]\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "."]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("error: a.txt: not valid UTF-8 (first bad byte at offset 3)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains("a.txt:1:4: error[invalid-utf8]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("b.txt:1:5: error[undefined-note]"),
        "{}",
        out.stdout
    );
}

#[test]
fn binary_and_oversized_files_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("image.txt"), b"PNG\0\0\x01binary").expect("write");
    // 100 MB without writing 100 MB: a sparse file.
    let big = fs::File::create(dir.path().join("dump.txt")).expect("create");
    big.set_len(100 * 1024 * 1024).expect("grow");
    fs::write(dir.path().join("ok.txt"), "Tea.[1]\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "."]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains(
            "error: dump.txt: 104857600 bytes is over the maximum file size of 33554432 bytes"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("error: image.txt: binary file (NUL byte at offset 3); skipped"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("ok.txt:1:5:"), "{}", out.stdout);
    // The maximum is configurable.
    fs::write(dir.path().join("ibid.toml"), "max-file-size = 4\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "ok.txt"]));
    assert!(
        out.stderr.contains("maximum file size of 4 bytes"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_unreadable_file_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(ibid_in(dir.path()).args(["check", "gone.txt"]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("gone.txt: no such file or folder"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn fifos_and_symlink_loops_never_hang() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let fifo = root.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    fs::create_dir(root.join("loop")).expect("mkdir");
    std::os::unix::fs::symlink("..", root.join("loop/up")).expect("symlink");
    fs::write(root.join("ok.txt"), "Tea.[1]\n").expect("write");
    // Walking: the FIFO is skipped, the loop is a warning.
    let out = run(ibid_in(root).args(["check", "--format", "concise", "."]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("symbolic link loop"), "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    // Named: refused, not opened.
    let out = run(ibid_in(root).args(["check", "pipe.txt"]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("pipe.txt: not a regular file"),
        "{}",
        out.stderr
    );
}

#[test]
fn ten_thousand_files_in_one_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..10_000 {
        fs::write(
            dir.path().join(format!("n{i:05}.txt")),
            "Tea.[1]\n\n[1] A note.\n",
        )
        .expect("write");
    }
    fs::write(dir.path().join("n05000.txt"), "Tea.[2]\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "json", "."]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(value["summary"]["files"], 10_000);
    assert_eq!(value["files"][0]["path"], "n05000.txt");
}

/// Output order is the order of the paths, then of names, whatever the
/// threads do.
#[test]
fn output_order_is_deterministic() {
    let first = run(ibid().args(["check", "--format", "concise", "."])).stdout;
    for _ in 0..3 {
        assert_eq!(
            run(ibid().args(["check", "--format", "concise", "."])).stdout,
            first
        );
    }
    let files: Vec<PathBuf> = first
        .lines()
        .map(|l| PathBuf::from(l.split(':').next().unwrap_or("")))
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
}

// ---- What the report says it did ----

#[test]
fn a_bad_configuration_stops_the_run_without_a_clean_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("ibid.toml"),
        "extensions = [\"txt\"]\nmax-file-sise = 10\n",
    )
    .expect("write");
    fs::write(dir.path().join("a.txt"), "Text.\n").expect("write");
    for format in ["human", "json"] {
        let out = run(ibid_in(dir.path()).args(["check", "--format", format, "."]));
        assert_eq!(out.code, Some(2));
        assert_eq!(out.stdout, "", "nothing was checked: no report");
        assert!(
            out.stderr.starts_with(
                "error: ibid.toml: line 2: unknown field `max-file-sise`, expected one of"
            ),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn a_skipped_file_is_not_counted_as_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("image.txt"), b"PNG\0\0\x01binary").expect("write");
    fs::write(dir.path().join("ok.txt"), "Tea.\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "."]));
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stdout,
        "No problems found in 1 file; 1 file not checked (see the errors above).\n"
    );
    let out = run(ibid_in(dir.path()).args(["check", "--format", "json", "."]));
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(value["summary"]["files"], 1);
    assert_eq!(value["summary"]["skipped"], 1);
}

#[test]
fn the_summary_says_how_many_files_were_checked_and_how_many_had_findings() {
    let out = run(ibid().args(["check", "problems.txt", "clean.txt"]));
    let last = out.stdout.lines().last().unwrap_or("");
    assert!(
        last.starts_with("Found ") && last.contains(") in 1 of 2 files checked;"),
        "{last}"
    );
    let out = run(ibid().args(["check", "--format", "json", "problems.txt", "clean.txt"]));
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(value["summary"]["files"], 2);
    assert_eq!(value["summary"]["files_with_diagnostics"], 1);
}

#[test]
fn a_folder_with_nothing_to_check_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("main.rs"), "fn main() {}\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "."]));
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout, "No files checked.\n");
    assert_eq!(
        out.stderr,
        "warning: no files to check in .: no file there has a checked extension (.txt, .md, .markdown, .notes, .qmd, .Rmd) or all are excluded\n"
    );
}

#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("bom.txt"), "\u{feff}Tea.[1]\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "bom.txt"]));
    assert!(
        out.stdout.starts_with("bom.txt:1:5: error[undefined-note]"),
        "{}",
        out.stdout
    );
}

// ---- Statistics, aliases and suggestions ----

#[test]
fn statistics_count_findings_by_rule() {
    let out = run(ibid().args(["check", "--statistics", "problems.txt", "clean.txt"]));
    assert_eq!(out.code, Some(1));
    insta::assert_snapshot!(out.stdout);
    let out = run(ibid().args(["check", "--statistics", "--format", "json", "problems.txt"]));
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let concise = run(ibid().args(["check", "--format", "concise", "problems.txt"])).stdout;
    let total: u64 = value
        .as_array()
        .expect("an array")
        .iter()
        .map(|c| c["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total as usize, concise.lines().count());
}

#[test]
fn output_format_is_an_alias_of_format() {
    let with_format = run(ibid().args(["check", "--format", "concise", "problems.txt"]));
    let with_alias = run(ibid().args(["check", "--output-format", "concise", "problems.txt"]));
    assert_eq!(with_alias.code, Some(1), "{}", with_alias.stderr);
    assert_eq!(with_alias.stdout, with_format.stdout);
}

#[test]
fn an_unknown_rule_code_gets_a_suggestion() {
    let out = run(ibid().args(["explain", "empty-urls"]));
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: unknown rule `empty-urls`; did you mean `empty-url`?\n"
    );
    let out = run(ibid().args(["check", "--ignore", "unused-notes", "clean.txt"]));
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: unknown rule `unused-notes` in --ignore; did you mean `unused-note`?\n"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("ibid.toml"),
        "[rules]\nempty-url = \"off\"\nnote-ordre = \"off\"\n",
    )
    .expect("write");
    fs::write(dir.path().join("a.txt"), "Text.\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "a.txt"]));
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: ibid.toml: line 3: unknown rule `note-ordre` in [rules]; did you mean `note-order`?\n"
    );
    assert_eq!(out.stdout, "");
}

// ---- Fix edits in machine-readable output ----

/// `text` with edits given as 1-based lines and columns in characters, as
/// the JSON output gives them (applied from the last, so earlier positions
/// hold).
fn apply_located_edits(text: &str, edits: &[serde_json::Value]) -> String {
    let offset = |pos: &serde_json::Value| -> usize {
        let line = pos["line"].as_u64().expect("line") as usize;
        let column = pos["column"].as_u64().expect("column") as usize;
        let start: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let rest = &text[start..];
        start
            + rest
                .char_indices()
                .nth(column - 1)
                .map_or(rest.len(), |(i, _)| i)
    };
    let mut ranges: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["new_text"].as_str().expect("new_text"),
            )
        })
        .collect();
    ranges.sort();
    let mut out = text.to_string();
    for (start, end, new_text) in ranges.into_iter().rev() {
        out.replace_range(start..end, new_text);
    }
    out
}

#[test]
fn json_carries_the_edits_that_fix_would_make() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Numbered with a gap: the fix renumbers, which is all `--fix` does.
    let text = "Café “society” grew.[1] Tea spread.[3]\n\n[1] Mei Tan, *Cafés* (Lyon: Rhône, 2015).\n[3] Mei Tan, *Tea Roads* (Lyon: Rhône, 2019).\n";
    fs::write(dir.path().join("a.txt"), text).expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "json", "a.txt"]));
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let diagnostics = value["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let finding = &diagnostics[0];
    assert_eq!(finding["code"], "note-order");
    assert_eq!(finding["fixable"], true);
    assert_eq!(finding["fix"]["applicability"], "safe");
    let edits = finding["fix"]["edits"].as_array().expect("edits");
    let by_json = apply_located_edits(text, edits);

    let out = run(ibid_in(dir.path()).args(["check", "--fix", "a.txt"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let by_fix = fs::read_to_string(dir.path().join("a.txt")).expect("read");
    assert_ne!(by_fix, text);
    assert_eq!(by_json, by_fix);
}

#[test]
fn sarif_carries_fixes_as_artifact_changes() {
    let out = run(ibid().args(["check", "--format", "sarif", "out_of_order.txt"]));
    let log: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let fixed: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r.get("fixes").is_some())
        .collect();
    assert!(!fixed.is_empty(), "{results:#?}");
    for result in fixed {
        let change = &result["fixes"][0]["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "out_of_order.txt");
        let replacement = &change["replacements"][0];
        assert!(replacement["deletedRegion"]["startLine"].is_u64());
        assert!(replacement["insertedContent"]["text"].is_string());
    }
}

// ---- Scope ----

#[test]
fn exclude_holds_for_named_files_unless_no_force_exclude() {
    let out = run(ibid().args([
        "check",
        "--format",
        "concise",
        "config/drafts/draft.txt",
        "config/essay.txt",
    ]));
    assert!(!out.stdout.contains("draft.txt"), "{}", out.stdout);
    assert!(out.stdout.contains("config/essay.txt:"), "{}", out.stdout);
    // A folder named in `exclude` covers the files in it.
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("drafts")).expect("mkdir");
    fs::write(dir.path().join("ibid.toml"), "exclude = [\"drafts\"]\n").expect("write");
    fs::write(dir.path().join("drafts/a.txt"), "Tea.[1]\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "drafts/a.txt"]));
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(out.stdout, "No files checked.\n");
    assert!(out.stderr.contains("all are excluded"), "{}", out.stderr);
    let out = run(ibid_in(dir.path()).args(["check", "--no-force-exclude", "drafts/a.txt"]));
    assert_eq!(out.code, Some(1), "{}", out.stdout);
}

#[test]
fn a_bibliography_named_on_the_command_line_is_checked_as_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("references.bib"),
        "@book{a1, title = {A}, year = {2001}}\n@article{a1, title = {Again}}\n",
    )
    .expect("write");
    fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "references.bib"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "references.bib:2:10: error[duplicate-citekey] key `a1` is already used by the entry on line 1: this entry can never be cited; give it another key or delete it\n"
    );
    let out = run(ibid_in(dir.path()).args(["check", "references.bib"]));
    assert!(
        out.stdout.ends_with("in 1 file.\n"),
        "counted once: {}",
        out.stdout
    );
    // A JSON file that holds no CSL list is not taken for one.
    let out = run(ibid_in(dir.path()).args(["check", "package.json"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("warning: package.json: neither a CSL bibliography"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_handle_in_plain_text_is_prose_without_a_bibliography() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("other")).expect("mkdir");
    fs::write(
        dir.path().join("other/broken.bib"),
        "@book{b1, title = {B}\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("notes.txt"),
        "Follow @rynning for the data.\n",
    )
    .expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "notes.txt"]));
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "");
    // With Pandoc syntax in the document, `@key` is a citation and the
    // folder's bibliographies are searched.
    fs::write(
        dir.path().join("notes.txt"),
        "Follow @rynning for the data [@b1].\n",
    )
    .expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "notes.txt"]));
    assert!(
        out.stdout.contains("notes.txt:1:8: error[unknown-citekey]"),
        "{}",
        out.stdout
    );
    // A bibliography named in ibid.toml makes a bare `@key` a citation.
    fs::write(
        dir.path().join("notes.txt"),
        "Follow @rynning for the data.\n",
    )
    .expect("write");
    fs::write(dir.path().join("refs.bib"), "@book{b2, title = {B}}\n").expect("write");
    fs::write(
        dir.path().join("ibid.toml"),
        "bibliography = [\"refs.bib\"]\n",
    )
    .expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "notes.txt"]));
    assert!(
        out.stdout.contains("notes.txt:1:8: error[unknown-citekey]"),
        "{}",
        out.stdout
    );
}

// ---- Per-file ignores and extended configurations ----

#[test]
fn per_file_ignores_switch_rules_off_for_matching_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("old")).expect("mkdir");
    fs::write(
        dir.path().join("ibid.toml"),
        "[per-file-ignores]\n\"old/**\" = [\"undefined-note\"]\n",
    )
    .expect("write");
    fs::write(dir.path().join("old/a.txt"), "Tea.[1]\n").expect("write");
    fs::write(dir.path().join("b.txt"), "Tea.[1]\n").expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "."]));
    assert_eq!(
        out.stdout,
        "b.txt:1:5: error[undefined-note] marker [1] refers to no note: add a note labelled 1 or remove the marker\n"
    );
    // Named on the command line, the same.
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "old/a.txt"]));
    assert_eq!(out.code, Some(0), "{}", out.stdout);
}

#[test]
fn a_configuration_extends_another() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir_all(root.join("essays/drafts")).expect("mkdir");
    fs::write(
        root.join("ibid.toml"),
        "exclude = [\"essays/drafts/**\"]\n\n[rules]\nundefined-note = \"warning\"\nunused-note = \"off\"\n",
    )
    .expect("write");
    fs::write(
        root.join("essays/ibid.toml"),
        "extend = \"../ibid.toml\"\n\n[rules]\nunused-note = \"error\"\n",
    )
    .expect("write");
    fs::write(
        root.join("essays/a.txt"),
        "Tea.[1] Milk.[2]\n\n[2] A note.\n[3] Another.\n",
    )
    .expect("write");
    fs::write(root.join("essays/drafts/b.txt"), "Tea.[1]\n").expect("write");
    let out = run(ibid_in(root).args(["check", "--format", "concise", "essays"]));
    // undefined-note from the base, unused-note from the file itself, and
    // the base's exclude still meaning its own folder.
    assert_eq!(
        out.stdout,
        "essays/a.txt:1:5: warning[undefined-note] marker [1] refers to no note: add a note labelled 1 or remove the marker\n\
         essays/a.txt:4:1: error[unused-note] note [3] is never cited: cite it with a marker or delete it\n"
    );
    fs::write(
        root.join("essays/ibid.toml"),
        "extend = \"../missing.toml\"\n",
    )
    .expect("write");
    let out = run(ibid_in(root).args(["check", "essays"]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.starts_with(
            "error: essays/ibid.toml: line 1: `extend = \"../missing.toml\"`: cannot read"
        ),
        "{}",
        out.stderr
    );
}
