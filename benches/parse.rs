//! Parsing speed on generated notes documents of 100 KB, 1 MB and 10 MB.
//!
//! `full` parses from scratch (throughput in bytes); `reparse` applies a
//! one-character insertion in the middle of the document to the previous
//! tree, which is what every keystroke in an editor costs.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ibid::analysis::syntax;
use ibid::analysis::testgen::notes_document;

const SIZES: &[(&str, usize)] = &[("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000)];
const SEED: u64 = 42;

fn full_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse/full");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for &(name, size) in SIZES {
        let text = notes_document(size, SEED);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            // Freeing the tree is not parsing: it is left out of the time.
            b.iter_with_large_drop(|| syntax::parse(black_box(text)));
        });
    }
    group.finish();
}

fn incremental_reparse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse/reparse_one_char");
    group.sample_size(20);
    for &(name, size) in SIZES {
        let old_text = notes_document(size, SEED);
        let base = syntax::parse(&old_text);
        let mut middle = old_text.len() / 2;
        while !old_text.is_char_boundary(middle) {
            middle -= 1;
        }
        let edit = syntax::edit_for_replace(&old_text, middle..middle, "x");
        let mut new_text = old_text.clone();
        new_text.insert(middle, 'x');
        group.bench_with_input(BenchmarkId::from_parameter(name), &new_text, |b, text| {
            // Cloning a tree only bumps a reference count; the edit then
            // copies the path it touches, as it would in the server.
            b.iter_batched(
                || base.clone(),
                |mut tree| {
                    syntax::reparse(&mut tree, black_box(text), &edit);
                    tree
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, full_parse, incremental_reparse);
criterion_main!(benches);
