#!/usr/bin/env bash
# Throughput of `ibid check` on a corpus of about 100 MB in 1,000 files,
# generated with the seeded generator in src/analysis/testgen.rs (the hidden
# `ibid debug gen-corpus`), timed end to end in a release build: discovery,
# reading, parsing, analysis and a concise report to /dev/null.
#
#   bash benches/check_corpus.sh [FILES] [BYTES-PER-FILE] [RUNS]
set -euo pipefail

files="${1:-1000}"
size="${2:-100000}"
runs="${3:-3}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/ibid"

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
"$bin" debug gen-corpus "$corpus" --files "$files" --size "$size"
bytes="$(find "$corpus" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')"

# One untimed run so that every run reads from the page cache.
"$bin" check --format concise --quiet --fail-on never "$corpus" >/dev/null

for run in $(seq "$runs"); do
    start="$(date +%s%N)"
    "$bin" check --format concise --quiet --fail-on never "$corpus" >/dev/null
    end="$(date +%s%N)"
    awk -v b="$bytes" -v ns="$((end - start))" -v run="$run" -v cpus="$(nproc)" 'BEGIN {
        s = ns / 1e9
        printf "run %d: %.1f MB in %.2f s = %.1f MB/s (%d cores)\n", run, b / 1e6, s, b / 1e6 / s, cpus
    }'
done
