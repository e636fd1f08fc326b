//! The carried-over publish must say exactly what a publish from scratch
//! says, edit after edit.

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::Value;

use super::Published;
use crate::analysis::text::Encoding;
use crate::analysis::{Analysis, Document};
use crate::lsp::lsp;
use crate::lsp::state::Snapshot;
use crate::workspace::config::Config;

/// Markers without notes, notes without markers and a repeated label
/// (whose finding has related information), around curly quotes, emoji,
/// superscripts and CRLF line ends.
const TEXT: &str = "# The keeper’s year 🌊\r\n\r\n\
Fog came early.[1] The lamp “never dark” burned.[2] Oil ran low.[7]\n\n\
Storms in the north.[3] 🌊 Ships waited.[9] Bells rang.[4]\r\n\n\
A long paragraph with nothing in it at all, to be typed in.\n\n\
NOTES\n\n\
[1] Ada Lo, “Lamps,” 4.\n\n\
[2] Ibid., 5.\n\n\
[3] Lo, “Lamps,” 6.\n\n\
[3] Lo, “Lamps,” 7.\n\n\
[5] Ines Pell, Tides (Oslo: Fjord, 2001), 9.\n\n\
[6] Pell, Tides, 10.\n";

fn snapshot(document: Arc<Document>, version: i32, encoding: Encoding) -> Snapshot {
    let analysis = Analysis::of(&document);
    Snapshot {
        uri: lsp::Uri::parse("file:///notes/keeper.md").expect("a valid URI"),
        version,
        rev: version as u64,
        document,
        analysis: Ok(Arc::new(analysis)),
        config: Arc::new(Config::default()),
        encoding,
    }
}

/// What a publish from scratch sends.
fn from_scratch(snapshot: &Snapshot) -> Value {
    let params = lsp::PublishDiagnosticsParams {
        uri: snapshot.uri.clone(),
        version: Some(snapshot.version),
        diagnostics: snapshot.lsp_diagnostics(),
    };
    let body = crate::lsp::transport::notification("textDocument/publishDiagnostics", &params)
        .expect("encodes");
    serde_json::from_slice(&body).expect("valid JSON")
}

/// Applies `edits` one after another, publishing after each with what
/// the last publish kept, and compares with a publish from scratch.
/// Returns, for each publish, how many findings it carried over and how
/// many it sent.
fn follow(edits: &[(usize, usize, &str)], encoding: Encoding) -> Vec<(usize, usize)> {
    let mut document = Document::new(TEXT);
    let first = snapshot(Arc::new(document.clone()), 0, encoding);
    let (body, mut kept) = Published::publish(None, &first).expect("publishes");
    let sent: Value = serde_json::from_slice(&body).expect("valid JSON");
    assert_eq!(sent, from_scratch(&first));
    let mut carried = Vec::new();
    for (version, &(start, end, insert)) in edits.iter().enumerate() {
        let len = document.text().len();
        let mut start = start.min(len);
        let mut end = end.clamp(start, len);
        while !document.text().is_char_boundary(start) {
            start -= 1;
        }
        while !document.text().is_char_boundary(end) {
            end += 1;
        }
        document.edit(start..end, insert).expect("a valid edit");
        let next = snapshot(Arc::new(document.clone()), version as i32 + 1, encoding);
        let (body, now) = Published::publish(Some(kept), &next).expect("publishes");
        let sent: Value = serde_json::from_slice(&body).expect("valid JSON");
        assert_eq!(
            sent,
            from_scratch(&next),
            "after {:?} at {start}..{end}",
            insert
        );
        let total = sent["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        carried.push((now.carried, total));
        kept = now;
    }
    carried
}

fn at(needle: &str) -> usize {
    TEXT.find(needle).expect("the fixture has it")
}

#[test]
fn findings_away_from_an_edit_are_carried_and_the_rest_placed_again() {
    let body = at("A long paragraph");
    let carried = follow(
        &[
            // A character in the empty paragraph: every finding before it
            // and after its line is carried.
            (body + 2, body + 2, "x"),
            // A line break: the findings after it move down a line.
            (body + 5, body + 5, "\n"),
            // A CRLF, then its removal.
            (body + 5, body + 5, "\r\n"),
            (body + 5, body + 7, ""),
            // A marker of its own: a new finding.
            (body + 1, body + 1, "[8]"),
            // Nothing changed (a configuration change republishes).
            (0, 0, ""),
        ],
        Encoding::Utf16,
    );
    // Seven findings: three markers without notes, two notes without
    // markers, a repeated label, and one work cited only in short form
    // (its repeats and the Ibid after it as related places).
    let all = |(carried, total): (usize, usize)| carried == total && total >= 7;
    assert!(all(carried[0]), "{carried:?}");
    assert!(all(carried[1]), "{carried:?}");
    assert!(all(carried[2]), "{carried:?}");
    assert!(all(carried[3]), "{carried:?}");
    // The new marker is placed; the others are carried.
    assert_eq!(carried[4].0 + 1, carried[4].1, "{carried:?}");
    assert!(all(carried[5]), "{carried:?}");
}

#[test]
fn edits_in_the_first_line_in_a_note_and_at_the_end() {
    follow(
        &[
            (0, 0, "🌊"),
            (2, 3, ""),
            (at("[6] Pell"), at("[6] Pell") + 3, "[9]"),
            (TEXT.len() + 10, TEXT.len() + 10, "\n[7] Lo, Lamps, 8.\n"),
            (at("Storms"), at("Storms") + 1, "\r"),
            (at("NOTES") - 1, at("NOTES"), ""),
        ],
        Encoding::Utf8,
    );
}

const INSERTS: &[&str] = &[
    "x",
    "",
    "\n",
    "\r\n",
    "\r",
    "[8]",
    "[3]",
    "é",
    "🌊",
    "\n\n[4] Lo, 9.\n",
];

proptest! {
    #[test]
    fn any_edits_publish_what_a_publish_from_scratch_does(
        edits in prop::collection::vec((0..TEXT.len() + 40, 0usize..12, prop::sample::select(INSERTS)), 1..8),
        utf8 in any::<bool>(),
    ) {
        let edits: Vec<(usize, usize, &str)> =
            edits.into_iter().map(|(at, len, insert)| (at, at + len, insert)).collect();
        follow(&edits, if utf8 { Encoding::Utf8 } else { Encoding::Utf16 });
    }
}

proptest! {
    /// The text of the last publish is a rope of many chunks; what it
    /// shares with the new text is what the contiguous texts share.
    #[test]
    fn a_rope_and_a_text_share_what_two_texts_share(
        copies in 1usize..40,
        at in 0usize..20_000,
        cut in 0usize..300,
        insert in prop::sample::select(INSERTS),
    ) {
        let old = TEXT.repeat(copies);
        let start = (0..=at.min(old.len())).rev().find(|&i| old.is_char_boundary(i)).unwrap_or(0);
        let end = (start + cut.min(old.len() - start)..=old.len())
            .find(|&i| old.is_char_boundary(i))
            .unwrap_or(old.len());
        let mut new = old.clone();
        new.replace_range(start..end, insert);
        let rope = ropey::Rope::from_str(&old);
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let prefix = super::common_prefix(a, b);
        prop_assert_eq!(super::rope_prefix(&rope, b), prefix);
        let room = a.len().min(b.len()) - prefix;
        prop_assert_eq!(
            super::rope_suffix(&rope, b, room),
            super::common_suffix(&a[a.len() - room..], &b[b.len() - room..])
        );
    }
}

proptest! {
    /// What the recorded edits say both texts share is shared: a prefix
    /// and a suffix that do not overlap.
    #[test]
    fn the_edits_window_is_what_the_texts_share(
        edits in prop::collection::vec((0..TEXT.len() + 40, 0usize..30, prop::sample::select(INSERTS)), 0..6),
    ) {
        let old = Document::new(TEXT);
        let mut new = old.clone();
        for (at, cut, insert) in edits {
            let len = new.text().len();
            let start = (0..=at.min(len)).rev().find(|&i| new.text().is_char_boundary(i)).unwrap_or(0);
            let end = (start + cut.min(len - start)..=len)
                .find(|&i| new.text().is_char_boundary(i))
                .unwrap_or(len);
            new.edit(start..end, insert).expect("a valid edit");
        }
        let changes = new.tree().changes_since(old.tree().revision()).expect("an ancestor");
        let (a, b) = (old.text().as_bytes(), new.text().as_bytes());
        let (prefix, suffix) = super::edited_window(changes, a.len(), b.len());
        prop_assert!(prefix + suffix <= a.len().min(b.len()));
        prop_assert_eq!(&a[..prefix], &b[..prefix]);
        prop_assert_eq!(&a[a.len() - suffix..], &b[b.len() - suffix..]);
        prop_assert!(prefix <= super::common_prefix(a, b));
        prop_assert!(suffix <= super::common_suffix(a, b));
    }
}

/// A document replaced whole (an editor's full sync) has no edits to tell
/// since the last publish: the texts are compared, and what they share is
/// still carried.
#[test]
fn a_text_replaced_whole_is_compared_with_the_last_one() {
    let document = Document::new(TEXT);
    let first = snapshot(Arc::new(document.clone()), 0, Encoding::Utf16);
    let (_, kept) = Published::publish(None, &first).expect("publishes");
    let body = at("A long paragraph");
    let mut text = TEXT.to_string();
    text.insert(body + 2, 'x');
    let replaced = Document::new(text);
    assert_eq!(
        replaced.tree().changes_since(document.tree().revision()),
        None
    );
    let next = snapshot(Arc::new(replaced), 1, Encoding::Utf16);
    let (body, now) = Published::publish(Some(kept), &next).expect("publishes");
    let sent: Value = serde_json::from_slice(&body).expect("valid JSON");
    assert_eq!(sent, from_scratch(&next));
    let total = sent["params"]["diagnostics"].as_array().map_or(0, Vec::len);
    assert!(total >= 7, "{sent}");
    assert_eq!(now.carried, total);
}
