#!/usr/bin/env bash
# `ibid check` and rumdl side by side on the same Markdown files: 200
# generated documents of about 25 KB with `[^n]` footnotes (5 MB), some
# markers without notes and notes without markers (the hidden `ibid debug
# gen-corpus --shape footnotes`). rumdl 0.3.0 is installed by pip into a
# temporary folder and runs only its footnote rule, MD066, without its cache;
# ibid runs all of its rules. Each tool runs once untimed, so both read from
# the page cache, then the two take turns; the fastest run of each counts.
#
#   bash benches/rumdl_side_by_side.sh [RUNS] [FILES] [BYTES-PER-FILE] [SHAPE]
#
# SHAPE is a generator shape (`footnotes` by default; `plain` is Markdown
# prose with nothing marker-like, which ibid reports clean unparsed).
set -euo pipefail

runs="${1:-5}"
files="${2:-200}"
size="${3:-25000}"
shape="${4:-footnotes}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build --release --quiet
ibid="${CARGO_TARGET_DIR:-$root/target}/release/ibid"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pip install --quiet --disable-pip-version-check --target "$work/rumdl" rumdl==0.3.0 2>/dev/null
rumdl="$work/rumdl/bin/rumdl"
corpus="$work/corpus"
"$ibid" debug gen-corpus "$corpus" --files "$files" --size "$size" --shape "$shape"
bytes="$(find "$corpus" -type f -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { print s }')"

run_ibid() { "$ibid" check --format concise --quiet --fail-on never "$corpus" >"$work/ibid.out" || true; }
run_rumdl() {
    "$rumdl" check --no-config --no-cache --enable MD066 --quiet "$corpus" >"$work/rumdl.out" || true
}
# Milliseconds a command takes.
took() {
    local start end
    start="$(date +%s%N)"
    "$@"
    end="$(date +%s%N)"
    echo $(((end - start) / 1000000))
}

run_ibid
run_rumdl
best_ibid=999999
best_rumdl=999999
for _ in $(seq "$runs"); do
    t="$(took run_ibid)"
    ((t < best_ibid)) && best_ibid=$t
    t="$(took run_rumdl)"
    ((t < best_rumdl)) && best_rumdl=$t
done
awk -v f="$files" -v b="$bytes" -v c="$(nproc)" -v r="$runs" \
    -v s="$shape" 'BEGIN { printf "%d files (%s), %.1f MB, %d cores, fastest of %d runs\n", f, s, b / 1e6, c, r }'
printf 'ibid check (all rules):  %5d ms, %d findings\n' "$best_ibid" "$(wc -l <"$work/ibid.out")"
printf 'rumdl 0.3.0 (MD066):     %5d ms, %d findings\n' "$best_rumdl" "$(grep -c MD066 "$work/rumdl.out" || true)"
