#!/usr/bin/env bash
# sendband-app --self-test on the bundled sample: imports data/sample-caseload.csv into a
# temporary database with the CLI, then shows every screen offscreen (a proposal loaded and its
# impact run); any QML warning or error fails the test.
set -euo pipefail
cli=$1 app=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$tmp/runtime" HOME="$tmp/home"
mkdir -p -m 700 "$XDG_RUNTIME_DIR" "$HOME"
SENDBAND_NOW=2026-01-15T10:00:00Z "$cli" import --db "$tmp/sample.db" --rules rules/example.yaml data/sample-caseload.csv --as-of 2026-01-15 >/dev/null
"$app" --self-test --db "$tmp/sample.db" --rules rules/example.yaml --proposal data/proposals/example-2026-proposed.yaml
