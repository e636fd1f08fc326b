//! The analysis knows nothing of the protocol, the async runtime, terminals
//! or files (docs/architecture.md): everything a user sees is computed from
//! plain data there, so that the command line and the server show the same
//! thing and every feature can be tested without either. The workspace layer
//! above it reads files but knows neither front end: no protocol, no async
//! runtime, no terminal, nothing of `cli` or `lsp`. A `use` that breaks this
//! compiles without complaint, so this test reads the source.
//!
//! Comments and string literals are blanked out before the search: a doc
//! comment may say "tokio", and a test document may hold any text.

use std::path::{Path, PathBuf};

/// Crates that belong to the front ends: the protocol and its runtime, the
/// terminal and the command line, file discovery.
const FRONT_END_CRATES: &[&str] = &[
    "tower_lsp_server",
    "lsp_types",
    "tower_service",
    "tokio",
    "futures_util",
    "clap",
    "clap_complete",
    "clap_mangen",
    "annotate_snippets",
    "anstream",
    "anstyle",
    "indicatif",
    "ignore",
    "globset",
    "tempfile",
    "tracing_subscriber",
];

/// Of the front ends' crates, those the workspace layer may use: files,
/// walks and globs are its own. It may name none of the others (the
/// protocol and its runtime, the terminal and the command line).
const WORKSPACE_OWN_CRATES: &[&str] = &["ignore", "globset", "tempfile"];

/// The front ends' modules, which the layers under them may not reach.
const FRONT_END_MODULES: &[&str] = &["cli", "lsp"];

/// Modules of the standard library that reach outside the process's memory.
const FRONT_END_STD: &[&str] = &["fs", "io", "net", "process", "env"];

/// Names that mean a terminal or a file wherever they are imported from.
const FRONT_END_NAMES: &[&str] = &["IsTerminal", "File", "OpenOptions"];

/// `source` with comments, string and character literals replaced by
/// spaces (line breaks kept, so that line numbers still match).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i) {
            // r"…", r#"…"#, br"…": ends at a quote followed by as many hashes.
            let open = chars[i..].iter().position(|&c| c == '"').unwrap_or(0) + 1;
            for _ in 0..open {
                out.push(' ');
            }
            i += open;
            while i < chars.len() {
                if chars[i] == '"' && chars[i + 1..].iter().take(hashes).all(|&c| c == '#') {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += 1 + hashes;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    out.push(blank(c));
                }
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && is_char_literal(&chars, i) {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The number of `#` of a raw string literal that starts at `i`.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    (chars.get(j + hashes) == Some(&'"')).then_some(hashes)
}

/// Whether the quote at `i` opens a character literal (`'a'`, `'\n'`)
/// rather than a lifetime (`'a`).
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

/// The identifiers of `code`, with the byte offset of each.
fn identifiers(code: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in code.char_indices() {
        let part = c.is_alphanumeric() || c == '_';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &code[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &code[s..]));
    }
    out
}

/// What in `source` reaches into a front end's world, as `line: what`.
fn violations(source: &str) -> Vec<String> {
    let mut found = crate_uses(source, FRONT_END_CRATES);
    found.extend(reaches_out(source));
    found.sort_by_key(|v| v.split(':').next().and_then(|l| l.parse::<usize>().ok()));
    found
}

/// Where `source` names one of the front ends' modules (`crate::lsp`,
/// `crate::cli`, `super::super::cli`), as `line: crate::module`.
fn front_end_modules(source: &str) -> Vec<String> {
    let code = code_only(source);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let ids = identifiers(&code);
    let mut found = Vec::new();
    for pair in ids.windows(2) {
        let [(at, first), (next_at, module)] = [pair[0], pair[1]];
        let between = code[at + first.len()..next_at].trim();
        if (first == "crate" || first == "super" || first == "ibid")
            && between == "::"
            && FRONT_END_MODULES.contains(&module)
        {
            found.push(format!("{}: {first}::{module}", line_of(at)));
        }
    }
    found
}

/// Where `source` uses one of `crates`, as `line: crate`.
fn crate_uses(source: &str, crates: &[&str]) -> Vec<String> {
    let code = code_only(source);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let after = |at: usize, word: &str| code[at + word.len()..].trim_start();
    let before = |at: usize| code[..at].trim_end();
    let mut found = Vec::new();
    for (at, word) in identifiers(&code) {
        // A path that starts with the crate: `tokio::spawn`, `use tokio;`,
        // `use {tokio::…}`; not a field or a module of the same name
        // further down a path (`self.ignore`, `config::ignore`).
        let starts_path = !before(at).ends_with("::") && !before(at).ends_with('.');
        let used = after(at, word).starts_with("::")
            || before(at).ends_with("use")
            || before(at).ends_with("crate");
        if crates.contains(&word) && starts_path && used {
            found.push(format!("{}: {word}", line_of(at)));
        }
    }
    found
}

/// Where `source` reaches the file system, a terminal or the process's
/// surroundings through the standard library, as `line: what`.
fn reaches_out(source: &str) -> Vec<String> {
    let code = code_only(source);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let after = |at: usize, word: &str| code[at + word.len()..].trim_start();
    let mut found = Vec::new();
    for (at, word) in identifiers(&code) {
        if word == "std" {
            let rest = after(at, word);
            let Some(rest) = rest.strip_prefix("::") else {
                continue;
            };
            let rest = rest.trim_start();
            let modules: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                group
                    .split(',')
                    .filter_map(|item| item.split("::").next())
                    .map(str::trim)
                    .collect()
            } else {
                identifiers(rest)
                    .first()
                    .map(|&(_, m)| m)
                    .into_iter()
                    .collect()
            };
            for module in modules {
                if FRONT_END_STD.contains(&module) {
                    found.push(format!("{}: std::{module}", line_of(at)));
                }
            }
        }
        if FRONT_END_NAMES.contains(&word) {
            found.push(format!("{}: {word}", line_of(at)));
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/analysis")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_analysis_imports_no_protocol_runtime_terminal_or_file_system() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/analysis"), &mut files);
    assert!(files.len() > 20, "found only {files:?}");
    let mut found = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path).expect("read a source file");
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        found.extend(
            violations(&source)
                .into_iter()
                .map(|v| format!("{name}:{v}")),
        );
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "the analysis must not reach the protocol, tokio, terminals or files; \
         read and write in src/workspace or the front ends and hand the analysis plain data"
    );
}

/// The Rust files under `dir` (relative to the crate), each with its path as
/// shown and its source.
fn sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join(dir), &mut files);
    files
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(&path).expect("read a source file");
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            (name, source)
        })
        .collect()
}

#[test]
fn the_workspace_layer_imports_no_front_end_protocol_runtime_or_terminal() {
    let workspace_forbidden: Vec<&str> = FRONT_END_CRATES
        .iter()
        .copied()
        .filter(|c| !WORKSPACE_OWN_CRATES.contains(c))
        .collect();
    let files = sources("src/workspace");
    assert!(files.len() >= 5, "found only {}", files.len());
    let mut found = Vec::new();
    for (name, source) in files {
        found.extend(
            crate_uses(&source, &workspace_forbidden)
                .into_iter()
                .chain(front_end_modules(&source))
                .chain(
                    code_only(&source)
                        .contains("IsTerminal")
                        .then(|| "IsTerminal".to_string()),
                )
                .map(|v| format!("{name}:{v}")),
        );
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "the workspace layer serves both front ends and must know neither: \
         take what the command line or the server decides as plain data"
    );
}

#[test]
fn the_analysis_and_the_workspace_never_call_up_into_a_front_end() {
    let mut found = Vec::new();
    for dir in ["src/analysis", "src/workspace"] {
        for (name, source) in sources(dir) {
            found.extend(
                front_end_modules(&source)
                    .into_iter()
                    .map(|v| format!("{name}:{v}")),
            );
        }
    }
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn front_end_modules_are_found_through_crate_super_and_the_crate_name() {
    let source = r#"
use crate::lsp::state::Shared;
use super::super::cli::settings;
fn f() { ibid::cli::run(); }
use crate::workspace::config;
// crate::lsp in a comment
const S: &str = "crate::cli";
fn g(lsp: u8) -> u8 { lsp }
"#;
    assert_eq!(
        front_end_modules(source),
        ["2: crate::lsp", "3: super::cli", "4: ibid::cli"]
    );
}

#[test]
fn the_search_finds_each_way_of_reaching_out_and_ignores_comments_and_strings() {
    let source = r###"
use std::fs;
use std::{collections::HashMap, io::Read};
use tokio::sync::Notify;
use tower_lsp_server::gen_lsp_types as lsp;
fn f() { let _ = std::env::var("X"); }
fn g(t: impl std::io::IsTerminal) {}
fn h() -> Option<File> { None }
extern crate clap;
// std::fs and tokio in a comment
/* use tokio; /* nested */ std::io */
const DOC: &str = "std::fs::read(\"x\") and tokio::spawn";
const RAW: &str = r#"use std::io; "quoted" tokio::"#;
const C: char = '"';
fn lifetime<'a>(s: &'a str) -> &'a str { s }
fn fine(config: &Config) -> bool { config.ignore.is_empty() && self::ignore() }
use std::ops::Range;
"###;
    assert_eq!(
        violations(source),
        [
            "2: std::fs",
            "3: std::io",
            "4: tokio",
            "5: tower_lsp_server",
            "6: std::env",
            "7: std::io",
            "7: IsTerminal",
            "8: File",
            "9: clap",
        ]
    );
}

/// The modules of the analysis above the index: a room of the index that
/// imported one of these would make the dependency run both ways.
const ABOVE_THE_INDEX: &[&str] = &["cache", "works", "diagnostics", "ide", "export", "cites"];

/// The rooms of the index that its types must not import: they all build on
/// the types, so an import back would tie them in a loop.
const INDEX_ROOMS: &[&str] = &["read", "blocks", "layout", "build", "bind", "bare_markers"];

/// The modules that `code` names in a path after `super::` or
/// `analysis::` (one level: `super::cache::Cache` gives `cache`).
fn modules_named(code: &str) -> Vec<String> {
    let ids = identifiers(code);
    let mut out = Vec::new();
    for pair in ids.windows(2) {
        let [(at, word), (next_at, next)] = pair else {
            continue;
        };
        let between = &code[at + word.len()..*next_at];
        if matches!(*word, "super" | "analysis" | "self") && between.trim() == "::" {
            out.push((*next).to_string());
        }
        if matches!(*word, "super" | "analysis" | "self") && between.trim() == "::{" {
            // `use super::{Index, layout::Layout}`: the names in the group.
            let group = &code[*next_at..];
            let group = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(
                group
                    .split(',')
                    .filter_map(|item| item.split("::").next())
                    .map(|m| m.trim().to_string()),
            );
        }
    }
    out
}

#[test]
fn the_index_is_made_in_rooms_that_depend_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/analysis/index.rs")];
    rust_files(&root.join("src/analysis/index"), &mut files);
    assert!(files.len() >= 7, "found only {files:?}");
    let mut found = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path).expect("read a source file");
        // The tests at the end of a file may use the whole analysis.
        let source = source.split("#[cfg(test)]").next().unwrap_or("");
        let code = code_only(source);
        let is_types = path.ends_with("src/analysis/index.rs");
        for module in modules_named(&code) {
            let above = ABOVE_THE_INDEX.contains(&module.as_str());
            let room = is_types && INDEX_ROOMS.contains(&module.as_str());
            if above || room {
                found.push(format!("{}: {module}", path.display()));
            }
        }
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "the index's types import none of its rooms, and no room of the index imports the analysis above it"
    );
}

#[test]
fn module_paths_are_read_from_use_lines_and_paths() {
    let code = "use super::{Index, layout::Layout};\nuse crate::analysis::cache::Cache;\nfn f() { super::bind::go(); self.works; }";
    assert_eq!(modules_named(code), ["Index", "layout", "cache", "bind"]);
}

/// In the server, the handlers are thin adapters over the rooms below them
/// (the documents, the worker, the publishing, the index, the task
/// helpers): no room below calls up into a handler, so a handler can be
/// added or changed without the rest of the server noticing.
#[test]
fn no_room_of_the_server_calls_up_into_its_handlers() {
    let mut found = Vec::new();
    for (name, source) in sources("src/lsp") {
        let above = name.contains("/handlers/")
            || name.ends_with("/server.rs")
            || name.ends_with("/stdio.rs")
            || name.ends_with("lsp/mod.rs");
        if above {
            continue;
        }
        let code = code_only(&source);
        for (at, _) in code.match_indices("handlers") {
            let line = code[..at].matches('\n').count() + 1;
            found.push(format!("{name}:{line}: handlers"));
        }
    }
    assert_eq!(found, Vec::<String>::new());
}
