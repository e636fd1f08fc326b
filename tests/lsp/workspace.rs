//! The workspace: indexing with progress, several roots, watched files,
//! symlinks, configuration from `ibid.toml` and from the editor.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::lsp_client::{LspClient, TIMEOUT, file_uri, range_of};
use crate::{BIN, ESSAY};

const OTHER: &str = "A short piece 🙂 on fog.[1]\n\nNOTES\n\n[1] Tom Reed, *Fog Signals* (Leith: Harbour Press, 2004), 17.\n";

fn workspace_client(roots: &[&std::path::Path], options: Value, watch: bool) -> LspClient {
    let mut client = LspClient::start(BIN, &[]);
    let folders: Vec<Value> = roots
        .iter()
        .map(|r| json!({ "uri": file_uri(r), "name": "root" }))
        .collect();
    client.initialize(json!({
        "capabilities": {
            "window": { "workDoneProgress": true },
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": watch }, "workspaceFolders": true }
        },
        "workspaceFolders": folders,
        "initializationOptions": options,
    }));
    client
}

/// Waits until the indexing progress ends.
fn indexed(client: &mut LspClient) -> Vec<Value> {
    let mut seen = Vec::new();
    loop {
        let p = client.wait_for("$/progress", |_| true);
        let done = p["value"]["kind"] == "end";
        seen.push(p);
        if done {
            return seen;
        }
    }
}

fn diagnostics_by_uri(client: &mut LspClient) -> Vec<(String, usize)> {
    let report = client.call("workspace/diagnostic", json!({ "previousResultIds": [] }));
    report["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["uri"].as_str().unwrap_or("").to_string(),
                i["items"].as_array().map_or(0, Vec::len),
            )
        })
        .collect()
}

#[test]
fn several_roots_are_indexed_with_progress_and_links_out_of_a_root_are_not_followed() {
    let one = tempfile::tempdir().expect("temp dir");
    let two = tempfile::tempdir().expect("temp dir");
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(one.path().join("harbour.txt"), ESSAY).expect("write");
    std::fs::create_dir(one.path().join("sub")).expect("mkdir");
    std::fs::write(one.path().join("sub/fog.md"), OTHER).expect("write");
    std::fs::write(one.path().join("ignored.rs"), ESSAY).expect("write");
    std::fs::write(two.path().join("second.notes"), OTHER).expect("write");
    std::fs::write(outside.path().join("secret.txt"), ESSAY).expect("write");
    std::os::unix::fs::symlink(outside.path(), one.path().join("link")).expect("symlink");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        one.path().join("secret.txt"),
    )
    .expect("symlink");
    // A link that stays inside the root is followed.
    std::os::unix::fs::symlink(one.path().join("sub"), one.path().join("alias")).expect("symlink");
    // Ignored by `.gitignore`, and excluded by `ibid.toml`.
    std::fs::create_dir(one.path().join("drafts")).expect("mkdir");
    std::fs::write(one.path().join("drafts/draft.txt"), ESSAY).expect("write");
    std::fs::write(one.path().join(".gitignore"), "drafts/\n").expect("write");
    std::fs::create_dir(two.path().join("old")).expect("mkdir");
    std::fs::write(two.path().join("old/retired.notes"), ESSAY).expect("write");
    std::fs::write(two.path().join("ibid.toml"), "exclude = [\"old/**\"]\n").expect("write");

    let mut client = workspace_client(&[one.path(), two.path()], Value::Null, false);
    let progress = indexed(&mut client);
    assert_eq!(
        client.server_requests[0]["method"], "window/workDoneProgress/create",
        "{:?}",
        client.server_requests
    );
    assert_eq!(progress[0]["value"]["kind"], "begin");
    assert_eq!(progress[0]["value"]["title"], "Indexing notes");
    assert_eq!(
        progress.last().map(|p| p["value"]["message"].clone()),
        Some(json!("4 files indexed"))
    );

    let mut expected = vec![
        (file_uri(&one.path().join("alias/fog.md")), 0),
        (file_uri(&one.path().join("harbour.txt")), 2),
        (file_uri(&one.path().join("sub/fog.md")), 0),
        (file_uri(&two.path().join("second.notes")), 0),
    ];
    expected.sort();
    assert_eq!(diagnostics_by_uri(&mut client), expected);
}

#[test]
fn watched_files_are_registered_and_followed() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(root.path().join("harbour.txt"), ESSAY).expect("write");
    let mut client = workspace_client(&[root.path()], Value::Null, true);
    indexed(&mut client);
    let registration = client
        .server_requests
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .expect("a registration")
        .clone();
    let registration = &registration["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registration["registerOptions"]["watchers"],
        json!([
            { "globPattern": "**/*.{Rmd,markdown,md,notes,qmd,txt}" },
            { "globPattern": "**/ibid.toml" },
            { "globPattern": "**/*.{bib,json,yaml,yml}" }
        ])
    );

    // A new file, a changed file, a deleted file.
    let new = root.path().join("fog.md");
    std::fs::write(&new, OTHER).expect("write");
    std::fs::write(root.path().join("harbour.txt"), OTHER).expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": file_uri(&new), "type": 1 },
            { "uri": file_uri(&root.path().join("harbour.txt")), "type": 2 },
        ] }),
    );
    let deadline = Instant::now() + TIMEOUT;
    let mut expected = vec![
        (file_uri(&new), 0),
        (file_uri(&root.path().join("harbour.txt")), 0),
    ];
    expected.sort();
    while diagnostics_by_uri(&mut client) != expected {
        assert!(
            Instant::now() < deadline,
            "{:?}",
            diagnostics_by_uri(&mut client)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::remove_file(&new).expect("remove");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&new), "type": 3 }] }),
    );
    assert_eq!(
        diagnostics_by_uri(&mut client),
        vec![(file_uri(&root.path().join("harbour.txt")), 0)]
    );
}

#[test]
fn ibid_toml_is_honoured_and_editor_settings_override_it() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        root.path().join("ibid.toml"),
        "extensions = [\"notes\"]\n\n[rules]\nunused-note = \"off\"\nundefined-note = \"warning\"\n",
    )
    .expect("write");
    let path = root.path().join("harbour.notes");
    std::fs::write(&path, ESSAY).expect("write");
    std::fs::write(root.path().join("skipped.txt"), ESSAY).expect("write");
    let uri = file_uri(&path);

    // The editor raises undefined-note back to error; the file's
    // unused-note = "off" stays.
    let mut client = workspace_client(
        &[root.path()],
        json!({ "ibid": { "rules": { "undefined-note": "error" } } }),
        false,
    );
    indexed(&mut client);
    assert_eq!(diagnostics_by_uri(&mut client), vec![(uri.clone(), 1)]);

    client.open(&uri, 1, ESSAY);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(diagnostics.as_array().map(Vec::len), Some(1));
    assert_eq!(diagnostics[0]["code"], "undefined-note");
    assert_eq!(diagnostics[0]["severity"], 1);
    assert_eq!(diagnostics[0]["range"], range_of(ESSAY, "[4]", 0, false));

    // Settings at the top level; the document is analysed again.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "rules": { "undefined-note": "hint", "unused-note": "info" } } }),
    );
    let diagnostics = client.diagnostics(&uri, 1);
    let severities: Vec<(Value, Value)> = diagnostics
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| (d["code"].clone(), d["severity"].clone()))
        .collect();
    assert_eq!(
        severities,
        vec![
            (json!("undefined-note"), json!(4)),
            (json!("unused-note"), json!(3))
        ]
    );

    // Inlay hints can be switched off.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "ibid": { "inlay-hints": false } } }),
    );
    client.diagnostics(&uri, 1);
    let hints = client.call(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 20, "character": 0 } } }),
    );
    assert_eq!(hints, json!([]));

    // A misspelt key is reported, not ignored in silence.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "ibid": { "inlay-hint": false } } }),
    );
    let message = client.wait_for("window/showMessage", |_| true);
    assert_eq!(message["type"], 2);
    assert!(
        message["message"]
            .as_str()
            .is_some_and(|m| m.contains("inlay-hint")),
        "{message}"
    );
}

#[test]
fn workspace_symbols_cover_every_indexed_document() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(root.path().join("harbour.txt"), ESSAY).expect("write");
    std::fs::write(root.path().join("fog.md"), OTHER).expect("write");
    let mut client = workspace_client(&[root.path()], Value::Null, false);
    indexed(&mut client);
    let symbols = client.call("workspace/symbol", json!({ "query": "fog" }));
    let mut found: Vec<(String, String)> = symbols
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("").to_string(),
                s["location"]["uri"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    let mut expected = vec![
        (
            "Reed, Fog Signals".to_string(),
            file_uri(&root.path().join("fog.md")),
        ),
        (
            "Reed, Fog Signals".to_string(),
            file_uri(&root.path().join("harbour.txt")),
        ),
        // The notes that cite the work are found too.
        (
            "[1] Reed, Fog Signals".to_string(),
            file_uri(&root.path().join("fog.md")),
        ),
        (
            "[3] Reed, Fog Signals".to_string(),
            file_uri(&root.path().join("harbour.txt")),
        ),
    ];
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn a_configuration_change_asks_the_client_to_refresh_hints_and_lenses() {
    let mut client = LspClient::start(BIN, &[]);
    client.initialize(json!({
        "capabilities": {
            "workspace": {
                "inlayHint": { "refreshSupport": true },
                "codeLens": { "refreshSupport": true }
            }
        }
    }));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "ibid": { "inlay-hints": false } } }),
    );
    let deadline = Instant::now() + TIMEOUT;
    let methods = |client: &LspClient| -> Vec<String> {
        client
            .server_requests
            .iter()
            .filter_map(|r| r["method"].as_str().map(str::to_string))
            .filter(|m| m.ends_with("/refresh"))
            .collect()
    };
    while methods(&client).len() < 2 && Instant::now() < deadline {
        client.drain_for(Duration::from_millis(50));
    }
    assert_eq!(
        methods(&client),
        vec!["workspace/inlayHint/refresh", "workspace/codeLens/refresh"]
    );
}

#[test]
fn per_file_ignores_extend_and_suppression_comments_hold_in_the_editor() {
    let root = tempfile::tempdir().expect("temp dir");
    let notes = root.path().join("notes");
    std::fs::create_dir_all(notes.join("old")).expect("mkdir");
    std::fs::write(
        root.path().join("ibid.toml"),
        "[per-file-ignores]\n\"notes/old/**\" = [\"undefined-note\"]\n",
    )
    .expect("write");
    // The workspace folder's own file extends the one above it.
    std::fs::write(
        notes.join("ibid.toml"),
        "extend = \"../ibid.toml\"\n\n[rules]\nunused-note = \"off\"\n",
    )
    .expect("write");
    let old = notes.join("old/a.txt");
    let text = "Fog fell.[1]\n";
    std::fs::write(&old, text).expect("write");
    let fresh = notes.join("b.txt");
    let suppressed =
        "<!-- ibid-disable-next-line undefined-note -->\nFog fell.[1]\nMist rose.[2]\n";
    std::fs::write(&fresh, suppressed).expect("write");

    let mut client = workspace_client(&[notes.as_path()], json!({}), false);
    indexed(&mut client);
    let uri = file_uri(&old);
    client.open(&uri, 1, text);
    assert_eq!(client.diagnostics(&uri, 1), json!([]));

    let uri = file_uri(&fresh);
    client.open(&uri, 1, suppressed);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        diagnostics.as_array().map(Vec::len),
        Some(1),
        "{diagnostics}"
    );
    assert_eq!(diagnostics[0]["code"], "undefined-note");
    assert_eq!(
        diagnostics[0]["range"],
        range_of(suppressed, "[2]", 0, false)
    );
}

/// The workspace index reads what `ibid check` of the same folder reads,
/// graded the same way: no folder name is special (a `target` or
/// `node_modules` of notes is read unless an ignore file says otherwise),
/// `exclude` holds for files that appear later too, and
/// `[per-file-ignores]` holds for files that are not open.
#[test]
fn the_index_reads_and_grades_the_files_check_reads() {
    let root = tempfile::tempdir().expect("temp dir");
    let path = |p: &str| root.path().join(p);
    for folder in ["target", "node_modules", "quiet", "old"] {
        std::fs::create_dir(path(folder)).expect("mkdir");
    }
    std::fs::write(
        path("ibid.toml"),
        "exclude = [\"old/**\"]\n\n[per-file-ignores]\n\"quiet/**\" = [\"undefined-note\"]\n",
    )
    .expect("write");
    let unresolved = "Fog fell.[1]\n";
    for file in [
        "target/a.txt",
        "node_modules/b.md",
        "quiet/c.txt",
        "old/d.txt",
    ] {
        std::fs::write(path(file), unresolved).expect("write");
    }

    let check = std::process::Command::new(BIN)
        .args(["check", "--format", "concise"])
        .arg(root.path())
        .output()
        .expect("run ibid check");
    let checked: Vec<String> = String::from_utf8_lossy(&check.stdout)
        .lines()
        .filter_map(|l| l.split(':').next())
        .map(|p| file_uri(std::path::Path::new(p)))
        .collect();
    assert_eq!(
        checked,
        [
            file_uri(&path("node_modules/b.md")),
            file_uri(&path("target/a.txt"))
        ]
    );

    let mut client = workspace_client(&[root.path()], Value::Null, true);
    indexed(&mut client);
    let mut expected = vec![
        (file_uri(&path("node_modules/b.md")), 1),
        (file_uri(&path("quiet/c.txt")), 0),
        (file_uri(&path("target/a.txt")), 1),
    ];
    expected.sort();
    assert_eq!(diagnostics_by_uri(&mut client), expected);

    // A file that appears under an excluded folder stays out of the index;
    // one beside it does not.
    std::fs::write(path("old/e.txt"), unresolved).expect("write");
    std::fs::write(path("quiet/f.txt"), unresolved).expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": file_uri(&path("old/e.txt")), "type": 1 },
            { "uri": file_uri(&path("quiet/f.txt")), "type": 1 },
        ] }),
    );
    expected.push((file_uri(&path("quiet/f.txt")), 0));
    expected.sort();
    let deadline = Instant::now() + TIMEOUT;
    while diagnostics_by_uri(&mut client) != expected {
        assert!(
            Instant::now() < deadline,
            "{:?}",
            diagnostics_by_uri(&mut client)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The files of a folder are the chapters of one book: a chapter's
/// markers find their notes in the folder's notes file, and its short
/// forms the full citations of another chapter, in the workspace's
/// diagnostics and in an open chapter's alike.
#[test]
fn a_folder_is_read_as_the_chapters_of_one_book() {
    let root = tempfile::tempdir().expect("temp dir");
    let chapter = "# Wax\n\nWax keeps light.[^1] Smoke calms them.[^smoke] Comb is built.[^comb]\n\n\
                   [^1]: Fenn, *Keepers*, 12.\n";
    std::fs::write(
        root.path().join("01_bees.md"),
        "# Bees\n\nThe keeper wrote of it.[^1]\n\n[^1]: Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n",
    )
    .expect("write");
    let wax = root.path().join("02_wax.md");
    std::fs::write(&wax, chapter).expect("write");
    std::fs::write(
        root.path().join("99_notes.md"),
        "<!-- Footnotes -->\n[^smoke]: https://example.org/smoke\n",
    )
    .expect("write");
    let mut client = workspace_client(&[root.path()], Value::Null, false);
    indexed(&mut client);
    let mut expected = vec![
        (file_uri(&root.path().join("01_bees.md")), 0),
        (file_uri(&wax), 1),
        (file_uri(&root.path().join("99_notes.md")), 0),
    ];
    expected.sort();
    assert_eq!(diagnostics_by_uri(&mut client), expected);

    let uri = file_uri(&wax);
    client.open(&uri, 1, chapter);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        diagnostics.as_array().map(Vec::len),
        Some(1),
        "{diagnostics}"
    );
    assert_eq!(diagnostics[0]["code"], "undefined-note");
    assert_eq!(
        diagnostics[0]["range"],
        range_of(chapter, "[^comb]", 0, false)
    );

    // Go to definition leads from the marker to the notes file.
    let at = range_of(chapter, "[^smoke]", 0, false);
    let definition = client.call(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": at["start"] }),
    );
    assert_eq!(
        definition,
        json!({
            "uri": file_uri(&root.path().join("99_notes.md")),
            "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 35 } }
        })
    );

    // Hover previews that note, and says which file holds it.
    let hover = client.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": at["start"] }),
    );
    assert_eq!(hover["range"], at);
    assert_eq!(
        hover["contents"]["value"],
        "**Note [^smoke]**\n\n[https://example.org/smoke](<https://example.org/smoke>)\n\n\
         Cited once (note [^smoke])\n\n*in 99\\_notes.md*"
    );
    // The notes file as it is on disk now, not as the last hover read it.
    std::fs::write(
        root.path().join("99_notes.md"),
        "<!-- Footnotes -->\n[^smoke]: https://example.org/smoke-and-fire\n",
    )
    .expect("write");
    let hover = client.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": at["start"] }),
    );
    assert_eq!(
        hover["contents"]["value"],
        "**Note [^smoke]**\n\n[https://example.org/smoke-and-fire](<https://example.org/smoke-and-fire>)\n\n\
         Cited once (note [^smoke])\n\n*in 99\\_notes.md*"
    );
    // A marker with no note anywhere in the book says so.
    let comb = range_of(chapter, "[^comb]", 0, false);
    let hover = client.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": comb["start"] }),
    );
    assert_eq!(hover["contents"]["value"], "no note [^comb]");
}
