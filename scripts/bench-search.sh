#!/usr/bin/env bash
# Search benchmark: in-process per-keystroke latency (dangan bench-search), then whole-process
# `dangan search` beside `fzf --filter` and `grep -F` on the same names and queries.
# Usage: scripts/bench-search.sh ARCHIVE [ARCHIVE...]   (generate with: dangan generate DIR --envelopes N)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
B=.build/release/dangan
for A in "$@"; do
    echo "== $A"
    T=$(mktemp -d)
    $B bench-search --archive "$A" --names-out "$T/names.txt" --queries-out "$T/queries.txt"
    for q in zhangwei 张伟 1201 john; do
        if command -v hyperfine >/dev/null; then
            hyperfine -w 1 -r 5 --style basic \
                "$B search $q --archive $A --limit 50" \
                "fzf --filter $q < $T/names.txt" \
                "grep -F $q $T/names.txt" 2>/dev/null | grep -E "^Benchmark|Time \(mean" || true
        fi
    done
    rm -rf "$T"
done
