//! Analysis speed on generated notes documents of 100 KB, 1 MB and 10 MB.
//!
//! `full` analyses a parsed document with nothing to reuse. `after_edit`
//! measures what a keystroke costs an editor: a one-character change in the
//! middle of the body, the incremental reparse, and the re-analysis with the
//! cache of the previous run. The edits alternate between inserting and
//! deleting a character, so the document keeps its size.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ibid::analysis::testgen::notes_document;
use ibid::analysis::{Analysis, Cache, Document};

const SIZES: &[(&str, usize)] = &[("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000)];
const SEED: u64 = 42;

fn full(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis/full");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for &(name, size) in SIZES {
        let document = Document::new(notes_document(size, SEED));
        group.throughput(Throughput::Bytes(document.text().len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(name),
            &document,
            |b, document| {
                b.iter(|| {
                    Analysis::new(
                        black_box(document.text()),
                        document.tree(),
                        &mut Cache::new(),
                        &[],
                    )
                });
            },
        );
    }
    group.finish();
}

/// A place in the middle of the body, inside a word of prose.
fn edit_point(text: &str) -> usize {
    let mut at = text.len() / 3;
    while !text.is_char_boundary(at) || !text[at..].starts_with(' ') {
        at += 1;
    }
    at
}

fn after_edit(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis/after_one_char_edit");
    group.sample_size(20);
    for &(name, size) in SIZES {
        let mut document = Document::new(notes_document(size, SEED));
        let mut cache = Cache::new();
        let at = edit_point(document.text());
        let _ = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for i in 0..iterations {
                    let start = Instant::now();
                    let result = if i % 2 == 0 {
                        document.edit(at..at, "x")
                    } else {
                        document.edit(at..at + 1, "")
                    };
                    if let Err(e) = result {
                        panic!("the benchmark's own edit is valid: {e}");
                    }
                    let analysis = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
                    total += start.elapsed();
                    black_box(analysis);
                }
                total
            });
        });
    }
    group.finish();
}

criterion_group!(benches, full, after_edit);
criterion_main!(benches);
