//! `ibid notes`, `ibid rules`, `ibid explain` and `ibid completions`
//! driven through the real binary.

use assert_cmd::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");

fn ibid(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::cargo_bin("ibid")
        .expect("the ibid binary is built")
        .current_dir(FIXTURES)
        .args(args)
        .output()
        .expect("ibid runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn notes_as_a_table() {
    let (code, stdout, _) = ibid(&["notes", "resolution.txt"]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!(stdout);
}

#[test]
fn notes_as_json_resolve_ibid_short_forms_and_author_dates() {
    let (code, stdout, _) = ibid(&["notes", "--format", "json", "resolution.txt"]);
    assert_eq!(code, Some(0));
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let notes = &value["notes"];
    assert_eq!(notes[1]["citations"][0]["kind"], "ibid");
    assert_eq!(notes[1]["citations"][0]["resolves_to"]["note"], "[1]");
    assert_eq!(notes[3]["citations"][1]["kind"], "short");
    assert_eq!(notes[3]["citations"][1]["resolves_to"]["note"], "[3]");
    assert_eq!(value["author_dates"][0]["resolves_to"]["note"], "[1]");
    assert_eq!(
        value["author_dates"][1]["resolves_to"],
        serde_json::Value::Null
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn notes_of_a_document_with_problems() {
    let (code, stdout, _) = ibid(&["notes", "--format", "json", "problems.txt"]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!(stdout);
}

#[test]
fn notes_of_a_missing_file_is_an_error() {
    let (code, _, stderr) = ibid(&["notes", "missing.txt"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read missing.txt"), "{stderr}");
}

#[test]
fn rules_lists_every_code_with_its_severity() {
    let (code, stdout, _) = ibid(&["rules"]);
    assert_eq!(code, Some(0));
    for rule in ibid::analysis::diagnostics::RULES {
        // A rule that must be switched on is listed as `off`.
        let level = if rule.enabled_by_default() {
            rule.default_severity.as_str()
        } else {
            "off"
        };
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(rule.code) && l.contains(level)),
            "{} missing from\n{stdout}",
            rule.code
        );
    }
    insta::assert_snapshot!(stdout);
    let (_, json, _) = ibid(&["rules", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        value.as_array().map(Vec::len),
        Some(ibid::analysis::diagnostics::RULES.len())
    );
}

#[test]
fn explain_prints_the_rule_documentation() {
    let (code, stdout, _) = ibid(&["explain", "note-order"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("# note-order\n"), "{stdout}");
    assert!(stdout.contains("### How to fix"), "{stdout}");
    assert!(stdout.contains("docs/rules.md#note-order"), "{stdout}");
    let (code, _, stderr) = ibid(&["explain", "note-ordre"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown rule `note-ordre`"), "{stderr}");
}

#[test]
fn completions_and_man_page_come_from_the_definitions() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, stdout, _) = ibid(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}");
        assert!(stdout.contains("stdin-filename"), "{shell}: {stdout}");
    }
    let (code, man, _) = ibid(&["completions", "man"]);
    assert_eq!(code, Some(0));
    assert!(man.starts_with(".ie"), "{man}");
    assert!(man.contains("ibid"), "{man}");
}
