//! The editor integrations under `editors/` restate facts that live in the
//! Rust code and the grammar: the tree-sitter queries, the rules and their
//! default severities, the configuration keys and their defaults. These
//! tests fail when one side changes without the other.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use ibid::analysis::diagnostics::RULES;
use ibid::workspace::config::Config;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(repo().join(path))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The capture names of a query (`@markup.heading`, ...), in order of first use.
fn captures(query: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in query.lines().filter(|l| !l.trim_start().starts_with(';')) {
        for (at, _) in line.match_indices('@') {
            let name: String = line[at + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

#[test]
fn neovim_queries_are_the_grammars_queries() {
    for name in ["highlights.scm", "folds.scm"] {
        let grammar = read(&Path::new("grammar/queries").join(name));
        let nvim = read(&Path::new("editors/nvim/queries/ibid").join(name));
        assert_eq!(
            captures(&nvim),
            captures(&grammar),
            "editors/nvim/queries/ibid/{name} uses other capture names than grammar/queries/{name}"
        );
        assert!(
            nvim == grammar,
            "editors/nvim/queries/ibid/{name} differs from grammar/queries/{name}: \
             copy it again (cp grammar/queries/{name} editors/nvim/queries/ibid/)"
        );
    }
}

fn package_json() -> Value {
    serde_json::from_str(&read(Path::new("editors/vscode/package.json")))
        .expect("editors/vscode/package.json is JSON")
}

fn settings(package: &Value) -> &serde_json::Map<String, Value> {
    package["contributes"]["configuration"]["properties"]
        .as_object()
        .expect("contributes.configuration.properties")
}

#[test]
fn vscode_has_one_setting_per_rule_with_its_default_severity() {
    let package = package_json();
    let settings = settings(&package);
    let in_package: BTreeMap<&str, &Value> = settings
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("ibid.rules.").map(|code| (code, v)))
        .collect();
    let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(
        in_package.keys().copied().collect::<Vec<_>>(),
        sorted,
        "ibid.rules.* settings in editors/vscode/package.json"
    );
    for rule in RULES {
        let setting = in_package[rule.code];
        let default = if rule.enabled_by_default() {
            rule.default_severity.as_str()
        } else {
            "off"
        };
        assert_eq!(
            setting["default"], default,
            "default of ibid.rules.{}",
            rule.code
        );
        assert_eq!(
            setting["enum"],
            serde_json::json!(["off", "hint", "info", "warning", "error"]),
            "levels of ibid.rules.{}",
            rule.code
        );
        let description = setting["markdownDescription"].as_str().unwrap_or_default();
        assert!(
            description.starts_with(rule.summary),
            "ibid.rules.{} should start with the rule's summary {:?}, not {description:?}",
            rule.code,
            rule.summary
        );
    }
}

/// The VS Code settings that mirror `ibid.toml`, as `editors/vscode/src/settings.ts`
/// maps them: (setting under `ibid.`, key in `ibid.toml`).
fn toml_keys() -> Vec<(String, String)> {
    let source = read(Path::new("editors/vscode/src/settings.ts"));
    let start = source.find("TOML_KEYS").expect("TOML_KEYS in settings.ts");
    let end = start + source[start..].find("];").expect("end of TOML_KEYS");
    source[start..end]
        .lines()
        .filter_map(|line| {
            let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
            match quoted.as_slice() {
                [setting, key] => Some((setting.to_string(), key.to_string())),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn vscode_settings_mirror_ibid_toml_with_the_same_defaults() {
    let package = package_json();
    let settings = settings(&package);
    let keys = toml_keys();
    let mut toml: Vec<&str> = keys.iter().map(|(_, k)| k.as_str()).collect();
    toml.sort_unstable();
    assert_eq!(
        toml,
        [
            "bibliography",
            "exclude",
            "extensions",
            "include",
            "inlay-hints",
            "max-file-size",
            "per-file-ignores"
        ],
        "every key of ibid.toml but [rules] and extend (a path to another file) has a VS Code setting"
    );
    // The defaults VS Code shows are the defaults ibid uses.
    let mut defaults = serde_json::Map::new();
    for (setting, key) in &keys {
        let property = settings
            .get(&format!("ibid.{setting}"))
            .unwrap_or_else(|| panic!("ibid.{setting} is not in package.json"));
        defaults.insert(key.clone(), property["default"].clone());
    }
    let config = Config::from_json(Value::Object(defaults), "package.json defaults")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config, Config::default());
}

#[test]
fn helix_configuration_starts_ibid_lsp_for_notes_and_markdown() {
    let text = read(Path::new("editors/helix/languages.toml"));
    let config: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let server = &config["language-server"]["ibid"];
    assert_eq!(server["command"].as_str(), Some("ibid"));
    assert_eq!(server["args"], toml::Value::Array(vec!["lsp".into()]));
    let languages = config["language"].as_array().expect("[[language]]");
    let uses_ibid = |name: &str| {
        languages.iter().any(|l| {
            l["name"].as_str() == Some(name)
                && l["language-servers"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|s| s.as_str() == Some("ibid")))
        })
    };
    assert!(uses_ibid("notes") && uses_ibid("markdown"));
    let grammar = &config["grammar"].as_array().expect("[[grammar]]")[0];
    assert_eq!(grammar["name"].as_str(), Some("ibid"));
}
