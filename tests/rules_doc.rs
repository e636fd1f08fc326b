//! `docs/rules.md` is generated from the rules' own documentation
//! (`ibid::analysis::diagnostics::RULES`); this test keeps the committed file
//! in step. Run with `UPDATE_DOCS=1` to rewrite it after changing a rule.

use std::fmt::Write as _;
use std::path::Path;

use ibid::analysis::diagnostics::{RULES, Rule};

const INTRO: &str = "\
# Rules

`ibid` checks a document's footnote markers, notes and citations with the rules below. Each rule has a stable kebab-case code, which names it wherever a diagnostic is shown or a rule is configured; editors link each diagnostic to its rule's section of this page.

This file is generated from the rules' documentation in `src/analysis/diagnostics/`; edit it there, then run `UPDATE_DOCS=1 cargo test --test rules_doc`.
";

fn table_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn render(rules: &[Rule]) -> String {
    let mut out = String::from(INTRO);
    out.push_str("\n| Code | Default severity | What it finds |\n| --- | --- | --- |\n");
    for rule in rules {
        let _ = writeln!(
            out,
            "| [`{code}`](#{code}) | {} | {} |",
            rule.default_level(),
            table_cell(rule.summary),
            code = rule.code,
        );
    }
    for rule in rules {
        let _ = write!(
            out,
            "\n## {}\n\n{}\n\nDefault severity: {}.\n\n{}\n",
            rule.code,
            rule.summary,
            rule.default_level(),
            rule.docs.trim()
        );
    }
    out
}

#[test]
fn rules_doc_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = render(RULES);
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test --test rules_doc`"
    );
}

/// Codes double as the anchors of their headings, so that `Rule::url` lands
/// on the right section: lower-case letters, digits and hyphens only.
#[test]
fn codes_are_their_own_anchors() {
    for rule in RULES {
        assert!(
            !rule.code.is_empty()
                && rule
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not an anchor",
            rule.code
        );
        assert!(
            rule.url().ends_with(&format!("rules.md#{}", rule.code)),
            "{}",
            rule.url()
        );
    }
    let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), RULES.len(), "two rules share a code");
}

/// Each rule's page is a `##` section of the generated file: its own
/// headings must be `###`, and it has the four fixed sections.
#[test]
fn rule_docs_use_third_level_headings() {
    for rule in RULES {
        let mut in_code = false;
        let mut headings = Vec::new();
        for line in rule.docs.lines() {
            if line.starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if !in_code && line.starts_with('#') {
                assert!(
                    line.starts_with("### "),
                    "{}: heading `{line}` is not `###`",
                    rule.code
                );
                headings.push(line.trim_start_matches("### "));
            }
        }
        assert!(!in_code, "{}: unclosed code block", rule.code);
        assert_eq!(
            headings,
            ["What it finds", "Why it matters", "Example", "How to fix"],
            "{}",
            rule.code
        );
    }
}
