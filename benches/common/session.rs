//! One editing session against the real server, as the latency benchmarks
//! drive it: open a document, type into its prose and into one of its notes,
//! hover and go to definition on its markers, and read the server's peak
//! memory.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::lsp_client::{LspClient, position};

/// The timings of one session; the lists are unsorted samples.
#[derive(Debug)]
pub struct Figures {
    pub open: Duration,
    pub edits: Vec<Duration>,
    pub note_edits: Vec<Duration>,
    pub hovers: Vec<Duration>,
    pub definitions: Vec<Duration>,
    pub peak_rss_kib: Option<u64>,
    /// Hovers that answered about the marker asked for.
    pub answered: usize,
}

/// Where the notes of `text` start: the last notes heading the generators
/// write, or the first Markdown footnote definition, or the end.
pub fn notes_start(text: &str) -> usize {
    ["\nNOTES\n", "\nReferences\n", "**Works cited**\n"]
        .iter()
        .filter_map(|heading| text.rfind(heading))
        .max()
        .or_else(|| text.find("\n[^").filter(|&i| text[i..].contains("]: ")))
        .unwrap_or(text.len())
}

/// Opens `text` in the server `bin`, types `edits` characters one at a time
/// in the middle of the body and as many into a note two thirds of the way
/// through the notes, then asks up to `queries` hovers and definitions on
/// markers spread over the body.
pub fn measure(bin: &str, text: &str, edits: usize, queries: usize) -> Figures {
    let uri = "file:///bench/notes.txt";
    let mut client = LspClient::start(bin, &[("IBID_LOG", "ibid=warn")]);
    client.initialize(json!({ "capabilities": {} }));

    // Latencies run to the moment a message's last byte arrived, before
    // this client decodes it: a megabyte's hundreds of findings take the
    // client longer to decode than the server to send.
    let started = Instant::now();
    client.open(uri, 1, text);
    let (_, arrived) = client.diagnostics_timed(uri, 1);
    let open = arrived.duration_since(started);

    let notes = notes_start(text);
    let middle = text[..notes / 3].rfind(". ").map_or(0, |i| i + 1);
    let from = notes + (text.len() - notes) * 2 / 3;
    let from = (from..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    // Three characters into the text of the first note that starts a line
    // after that point, past its label and the space after it.
    let in_note = text[from..]
        .find('\n')
        .map(|i| from + i + 1)
        .map(|line| line + text[line..].len() - text[line..].trim_start().len())
        .and_then(|line| text[line..].find(' ').map(|j| line + j + 4))
        .and_then(|at| (at..text.len()).find(|&i| text.is_char_boundary(i)))
        .unwrap_or(middle);
    // And into the end of the last note: typing into its year makes a
    // full citation a short form after every other note, the one place
    // from which a fix that moves notes is checked against the most.
    let last_end = text.trim_end().len();
    let at_end = (last_end.saturating_sub(3)..last_end)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(last_end);
    let mut typed = Vec::new();
    let mut note_typed = Vec::new();
    let mut current = text.to_string();
    let mut version = 1;
    let mut at_the_end = Vec::new();
    for (at, times) in [
        (middle, &mut typed),
        (in_note + edits, &mut note_typed),
        (at_end + 2 * edits, &mut at_the_end),
    ] {
        for _ in 0..edits {
            version += 1;
            let position = position(&current, at, false);
            let started = Instant::now();
            client.change(
                uri,
                version,
                json!([{ "range": { "start": position, "end": position }, "text": "x" }]),
            );
            let (_, arrived) = client.diagnostics_timed(uri, version);
            times.push(arrived.duration_since(started));
            current.insert(at, 'x');
        }
    }

    // Hover and definition on markers spread over the body (before the
    // notes: a note's label has no definition when it is unused). A number
    // of five digits in brackets is not a marker (the format caps them at
    // four), and the 10 MB document numbers its notes past 9999.
    let body_end = notes_start(&current);
    let markers: Vec<usize> = current[..body_end]
        .match_indices('[')
        .filter(|(i, _)| is_marker_start(&current[i + 1..]))
        .map(|(i, _)| i + 1)
        .collect();
    let step = (markers.len() / queries.max(1)).max(1);
    let mut hovers = Vec::new();
    let mut definitions = Vec::new();
    let mut answered = 0;
    for &offset in markers.iter().step_by(step).take(queries) {
        let params = json!({ "textDocument": { "uri": uri }, "position": position(&current, offset, false) });
        let started = Instant::now();
        let hover = client.call("textDocument/hover", params.clone());
        hovers.push(started.elapsed());
        let started = Instant::now();
        // Null for an undefined marker; only the time matters here.
        client.call("textDocument/definition", params);
        definitions.push(started.elapsed());
        // An undefined marker has a hover ("no note") but no definition.
        // The hover must be about the marker asked for.
        let asked = position(&current, offset, false);
        let start = &hover["range"]["start"];
        let right_line = start["line"] == asked["line"];
        let at_or_before = start["character"].as_u64() <= asked["character"].as_u64();
        answered += usize::from(!hover.is_null() && right_line && at_or_before);
    }
    note_typed.extend(at_the_end);
    let peak_rss_kib = client.peak_rss_kib();
    client.shutdown();
    Figures {
        open,
        edits: typed,
        note_edits: note_typed,
        hovers,
        definitions,
        peak_rss_kib,
        answered,
    }
}

/// Whether the text after a `[` makes it a marker the bench may hover: a
/// footnote label, or one to four digits and the closing bracket.
fn is_marker_start(after: &str) -> bool {
    if after.starts_with('^') {
        return true;
    }
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    (1..=4).contains(&digits) && after[digits..].starts_with(']')
}
