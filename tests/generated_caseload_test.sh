#!/usr/bin/env bash
# `sendband generate` writes only plans the rule set accepts: 400 plans (seed 11) are generated
# for RULES as of AS_OF and then banded with `sendband band --caseload` as of the same date, which
# must exit 0, print nothing on standard error and band every plan, in order.
# Usage: tests/generated_caseload_test.sh PATH/TO/sendband RULES AS_OF   (run from the repository root)
set -u
bin=$1
rules=$2
asOf=$3
plans=400
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
same() {  # what actual expected
  if [[ "$2" != "$3" ]]; then fail "$1"; echo "  expected: $3"; echo "  actual:   $2"; fi
}

"$bin" generate --rules "$rules" --plans $plans --seed 11 --as-of "$asOf" --out "$tmp/caseload.csv" >"$tmp/gen.out" 2>"$tmp/gen.err"
same "generate exit code" "$?" 0
same "generate stderr" "$(cat "$tmp/gen.err")" ""
same "generate stdout" "$(cat "$tmp/gen.out")" "Wrote $plans synthetic plans (seed 11) for $rules to $tmp/caseload.csv"

# The financial year of the as-of date: band --caseload's default period.
y=${asOf:0:4}
m=${asOf:5:2}
if ((10#$m < 4)); then y=$((y - 1)); fi
"$bin" band --rules "$rules" --caseload "$tmp/caseload.csv" --out "$tmp/banded.csv" --as-of "$asOf" >"$tmp/band.out" 2>"$tmp/band.err"
same "band --caseload exit code" "$?" 0
same "band --caseload stderr" "$(head -5 "$tmp/band.err")" ""
same "band --caseload stdout" "$(cat "$tmp/band.out")" \
  "Banded $plans plans as of $asOf; amounts for $y-04-01 to $((y + 1))-03-31 written to $tmp/banded.csv"
same "banded rows" "$(wc -l <"$tmp/banded.csv" 2>/dev/null)" $((plans + 1))
same "every plan banded, in order" "$(cut -d, -f1 "$tmp/banded.csv" 2>/dev/null | tail -n +2)" "$(cut -d, -f1 "$tmp/caseload.csv" | tail -n +2)"
same "plans without a band" "$(awk -F, 'NR > 1 && $2 == ""' "$tmp/banded.csv" 2>/dev/null | wc -l)" 0

if ((failures == 0)); then echo "ok: $plans plans generated for $rules as of $asOf are all banded"; fi
((failures == 0))
