//! `--format sarif`: SARIF 2.1.0, the format code scanning services read
//! (GitHub code scanning, Azure DevOps, SonarQube). One run, the tool's
//! rules with their documentation, one result per finding. Columns are
//! counted in Unicode code points, and the run says so (`columnKind`).

use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Located, Pos};
use crate::analysis::diagnostics::{RULES, Rule, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Debug, Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Debug, Serialize)]
struct Text {
    text: String,
}

#[derive(Debug, Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Debug, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

/// A proposed fix: SARIF's `fix`, with one artifact change for the file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    /// An empty region (start equal to end) for an insertion.
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Debug, Serialize)]
struct Content {
    text: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Debug, Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// SARIF's levels: `note` stands for both info and hint.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let docs = rule.docs.trim();
    ReportingDescriptor {
        id: rule.code,
        short_description: Text {
            text: rule.summary.to_string(),
        },
        full_description: Text {
            text: rule.summary.to_string(),
        },
        help: Help {
            text: docs.replace("### ", ""),
            markdown: docs.to_string(),
        },
        help_uri: rule.url(),
        default_configuration: Configuration {
            level: level(rule.default_severity),
        },
    }
}

/// A relative path as a URI reference: `/` between components, and the
/// characters that would end or break one percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' | ' ' | '#' | '?' | '[' | ']' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|'
            | '}' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c if c.is_control() => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn region(start: Pos, end: Pos) -> Region {
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn physical(path: &str, start: Pos, end: Pos) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: uri(path) },
        region: region(start, end),
    }
}

/// The fix `ibid check --fix` would apply, if any. SARIF has no word for
/// how safe a fix is, and a consumer may apply whatever it is offered: a
/// fix that deletes text is carried only when `--unsafe-fixes` was given.
fn fixes(path: &str, d: &Located) -> Vec<SarifFix> {
    let Some(fix) = d.fix.as_ref().filter(|_| d.fixable) else {
        return Vec::new();
    };
    vec![SarifFix {
        description: Text {
            text: fix.title.clone(),
        },
        artifact_changes: vec![ArtifactChange {
            artifact_location: ArtifactLocation { uri: uri(path) },
            replacements: fix
                .edits
                .iter()
                .map(|e| Replacement {
                    deleted_region: region(e.start, e.end),
                    inserted_content: Content {
                        text: e.new_text.clone(),
                    },
                })
                .collect(),
        }],
    }]
}

pub(super) fn emit(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut results = Vec::new();
    for report in reports {
        for d in &report.diagnostics {
            results.push(SarifResult {
                rule_id: d.code,
                rule_index: RULES.iter().position(|r| r.code == d.code).unwrap_or(0),
                level: level(d.severity),
                message: Text {
                    text: d.message.clone(),
                },
                locations: vec![Location {
                    id: None,
                    physical_location: physical(&report.path, d.start, d.end),
                    message: None,
                }],
                related_locations: d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| Location {
                        id: Some(i),
                        physical_location: physical(&report.path, r.start, r.end),
                        message: Some(Text {
                            text: r.message.clone(),
                        }),
                    })
                    .collect(),
                fixes: fixes(&report.path, d),
            });
        }
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "ibid",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: "https://github.com/ibid-notes/ibid",
                    rules: RULES.iter().map(descriptor).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;
    use crate::cli::emit::tests::render;

    #[test]
    fn results_point_at_rules_and_places() {
        let text = render(Format::Sarif);
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let run = &value["runs"][0];
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules are listed");
        assert_eq!(rules.len(), RULES.len());
        for result in run["results"].as_array().expect("results are listed") {
            let index = result["ruleIndex"].as_u64().expect("index") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        // The rules' help is long and checked by the schema test; the
        // snapshot keeps the results.
        insta::assert_json_snapshot!(run["results"]);
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("essays/my notes#1.txt"), "essays/my%20notes%231.txt");
        assert_eq!(uri("café.txt"), "café.txt");
    }
}
