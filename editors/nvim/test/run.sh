#!/usr/bin/env bash
# Runs the end-to-end test in one Neovim: run.sh NVIM IBID [PARSER_DIR]
# NVIM is the Neovim binary, IBID the ibid binary; PARSER_DIR, when given,
# holds parser/ibid.so and adds the tree-sitter checks. Neovim runs with
# empty config, data and state folders, and is killed after 120 s. Set
# IBID_E2E_ENCODING=utf-8 or utf-16 to require that position encoding.
set -euo pipefail

nvim="$1"
ibid="$2"
parser_dir="${3:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fixture="$(cd "$here/../../tests/fixtures" && pwd)/rooftops.notes"

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache"
export IBID_E2E_BIN="$ibid" IBID_E2E_FIXTURE="$fixture" IBID_E2E_PARSER_DIR="$parser_dir"

status=0
timeout 120 "$nvim" --headless -n -i NONE -u "$here/init.lua" -c "luafile $here/e2e.lua" </dev/null || status=$?
if [[ "$status" == 124 ]]; then
    echo "FAIL: Neovim ($nvim) did not finish within 120 s" >&2
fi
exit "$status"
