//! Every document shape the generators make, measured against the targets
//! that hold for any shape: `ibid check` time linear in the text (four times
//! the text in at most 4.5 times the time), and the language server at 1 MB
//! (didOpen → diagnostics, a keystroke → diagnostics p50 and p99, hover and
//! definition p99, peak resident memory).
//!
//! ```sh
//! cargo bench --bench shapes
//! cargo bench --bench shapes -- footnotes wikipedia
//! ```
//!
//! The shapes (src/analysis/testgen/shapes.rs): (a) the notes document of
//! the other benches; (b) Markdown `[^n]` footnotes, 3,400 short notes a
//! megabyte, one marker and one note in twenty left dangling; (c)
//! author-date prose; (d) Wikipedia articles with `References`; (e) chat
//! assistant reports with `Works cited`; (f) the notes document at 10 MB;
//! (g) plain Markdown prose with nothing marker-like.
//! Words after `--` pick shapes by name; `IBID_BENCH_BIN` runs another
//! build. The whole run takes a few minutes on two cores.

#[path = "common/latency.rs"]
mod latency;
#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;
#[path = "common/session.rs"]
mod session;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ibid::analysis::testgen::shapes::Shape;
use latency::{ms, percentile};

const SEED: u64 = 42;

/// The fastest of `runs` runs of `ibid check` on one file, and how many
/// findings it printed.
fn check_time(bin: &str, path: &Path, runs: usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut findings = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let out = Command::new(bin)
            .args([
                "check",
                "--format",
                "concise",
                "--fail-on",
                "never",
                "--quiet",
            ])
            .arg(path)
            .stderr(Stdio::null())
            .output()
            .expect("run ibid check");
        best = best.min(started.elapsed());
        assert!(
            out.status.success(),
            "ibid check failed on {}",
            path.display()
        );
        findings = out.stdout.iter().filter(|&&b| b == b'\n').count();
    }
    (best, findings)
}

/// The worst figure of one target over the shapes, and which shape.
struct Worst {
    name: &'static str,
    target: f64,
    worst: f64,
    shape: String,
}

impl Worst {
    fn new(name: &'static str, target: f64) -> Worst {
        Worst {
            name,
            target,
            worst: 0.0,
            shape: String::new(),
        }
    }

    fn see(&mut self, value: f64, shape: &str) {
        if value > self.worst {
            self.worst = value;
            self.shape = shape.to_string();
        }
    }
}

fn main() {
    // `cargo test --benches` runs benches once with `--bench` absent: keep
    // that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let picked = |name: &str| wanted.is_empty() || wanted.iter().any(|w| name.contains(w.as_str()));
    let bin = std::env::var("IBID_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ibid").into());
    let dir = tempfile::tempdir().expect("a temporary folder");
    // Room for the 40 MB document (the default limit is 32 MiB).
    std::fs::write(dir.path().join("ibid.toml"), "max-file-size = 67108864\n")
        .expect("write a configuration");
    let (mb, edits, queries, runs) = if quick {
        (50_000, 10, 10, 1)
    } else {
        (1_000_000, 200, 500, 5)
    };
    let shapes: [(&str, Shape, usize); 7] = [
        ("(a) notes", Shape::Notes, mb),
        ("(b) footnotes", Shape::Footnotes, mb),
        ("(c) author-date", Shape::AuthorDate, mb),
        ("(d) wikipedia", Shape::Wikipedia, mb),
        ("(e) ai-export", Shape::AiExport, mb),
        ("(f) notes 10 MB", Shape::Notes, 10 * mb),
        ("(g) plain prose", Shape::Plain, mb),
    ];

    let mut ratio = Worst::new("ibid check, 4x the text / 1x (ratio)", 4.5);
    let mut open = Worst::new("didOpen → diagnostics (ms)", 100.0);
    let mut edit = Worst::new("edit → diagnostics p99 (ms)", 5.0);
    let mut hover = Worst::new("hover p99 (ms)", 1.0);
    let mut definition = Worst::new("definition p99 (ms)", 1.0);
    let mut rss = Worst::new("peak RSS (MiB)", 30.0);

    println!("| shape | size | findings | check 1x | check 4x | ratio |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let mut texts = Vec::new();
    for &(name, shape, size) in shapes.iter().filter(|(name, _, _)| picked(name)) {
        let text = shape.generate(size, SEED);
        let paths = [1, 4].map(|factor| {
            let path = dir.path().join(format!("{factor}x.{}", shape.extension()));
            let text = if factor == 1 {
                text.clone()
            } else {
                shape.generate(size * factor, SEED)
            };
            std::fs::write(&path, text).expect("write a document");
            // One run first, so that every timed run reads from the page cache.
            check_time(&bin, &path, 1);
            path
        });
        // The two sizes in alternation, so that both see the same load on
        // a shared machine; the fastest run of each counts.
        let mut times = [Duration::MAX; 2];
        let mut findings = 0;
        let runs = if size > mb { 2 } else { runs };
        for _ in 0..runs {
            for (i, path) in paths.iter().enumerate() {
                let (time, found) = check_time(&bin, path, 1);
                times[i] = times[i].min(time);
                if i == 0 {
                    findings = found;
                }
            }
        }
        let bytes = text.len();
        texts.push((name, text));
        let r = times[1].as_secs_f64() / times[0].as_secs_f64();
        ratio.see(r, name);
        println!(
            "| {name} | {:.2} MB | {findings} | {} | {} | {r:.2} |",
            bytes as f64 / 1e6,
            ms(times[0]),
            ms(times[1]),
        );
    }

    println!();
    println!(
        "| shape | didOpen → diagnostics | edit p50 / p99 | edit in a note p50 / p99 | hover p50 / p99 | definition p50 / p99 | peak RSS | right hovers |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (name, text) in &texts {
        // The 10 MB document is typed into less: each keystroke costs more.
        let big = text.len() > 4 * mb;
        let (e, q) = if big {
            (edits / 4, queries / 5)
        } else {
            (edits, queries)
        };
        let mut f = session::measure(&bin, text, e, q);
        let mib = f.peak_rss_kib.map_or(f64::NAN, |k| k as f64 / 1024.0);
        let (p99, note_p99) = (
            percentile(&mut f.edits, 0.99),
            percentile(&mut f.note_edits, 0.99),
        );
        // A document with no markers (the plain shape) has nothing to hover.
        let (hovers, definitions) = if f.hovers.is_empty() {
            ("n/a".to_string(), "n/a".to_string())
        } else {
            let (hover_p99, definition_p99) = (
                percentile(&mut f.hovers, 0.99),
                percentile(&mut f.definitions, 0.99),
            );
            if !big {
                hover.see(hover_p99.as_secs_f64() * 1e3, name);
                definition.see(definition_p99.as_secs_f64() * 1e3, name);
            }
            (
                format!("{} / {}", ms(percentile(&mut f.hovers, 0.5)), ms(hover_p99)),
                format!(
                    "{} / {}",
                    ms(percentile(&mut f.definitions, 0.5)),
                    ms(definition_p99)
                ),
            )
        };
        if !big {
            open.see(f.open.as_secs_f64() * 1e3, name);
            edit.see(p99.max(note_p99).as_secs_f64() * 1e3, name);
            rss.see(mib, name);
        }
        println!(
            "| {name} | {} | {} / {} | {} / {} | {hovers} | {definitions} | {mib:.1} MiB | {}/{} |",
            ms(f.open),
            ms(percentile(&mut f.edits, 0.5)),
            ms(p99),
            ms(percentile(&mut f.note_edits, 0.5)),
            ms(note_p99),
            f.answered,
            f.hovers.len(),
        );
    }

    println!();
    println!("| target (server figures at 1 MB) | limit | worst | shape |");
    println!("| --- | --- | --- | --- |");
    for w in [&ratio, &open, &edit, &hover, &definition, &rss] {
        if !w.shape.is_empty() {
            let verdict = if w.worst <= w.target { "met" } else { "missed" };
            println!(
                "| {} | {} | {:.2} ({verdict}) | {} |",
                w.name, w.target, w.worst, w.shape
            );
        }
    }
}
