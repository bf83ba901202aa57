#!/usr/bin/env bash
# The finance reports through the CLI, end to end: a temporary database is imported from
# tests/fixtures/caseloads/small.csv under rules/example.yaml, then `totals`, `export` and `impact`
# run against it. Each step's stdout, stderr and exit code are compared with tests/reports/STEP.{out,err,rc}
# (SENDBAND_UPDATE_GOLDEN=1 rewrites them; read the diff before accepting it). On a mismatch the
# actual output is saved as STEP.*.fail beside the expectation.
# Usage: tests/reports_cli_test.sh PATH/TO/sendband   (run from the repository root)
set -u
bin=$1
golden=tests/reports
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SENDBAND_NOW=2026-01-15T09:00:00Z
db=$tmp/caseload.db
failures=0

# step NAME COMMAND...: runs the command; the temporary folder shows as TMP in its output.
step() {
  local name=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  echo $? >"$tmp/rc"
  # Rule-set hashes change whenever rules/example.yaml is edited: compare them as HASH.
  sed -i -E "s#$tmp#TMP#g; s/rule set [0-9a-f]{12}/rule set HASH/g" "$tmp/out" "$tmp/err"
  local ok=1
  for k in out err rc; do
    if [[ "${SENDBAND_UPDATE_GOLDEN:-}" == 1 ]]; then
      cp "$tmp/$k" "$golden/$name.$k"
    elif ! diff -u "$golden/$name.$k" "$tmp/$k" >"$tmp/diff" 2>&1; then
      cp "$tmp/$k" "$golden/$name.$k.fail"
      echo "FAIL: $name ($k differs; actual saved as $golden/$name.$k.fail)"
      cat "$tmp/diff"
      ok=0
    else
      rm -f "$golden/$name.$k.fail"
    fi
  done
  if ((ok)); then echo "ok: $name"; else failures=$((failures + 1)); fi
}

# check NAME CONDITION...: a condition that must hold.
check() {
  local name=$1
  shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; failures=$((failures + 1)); fi
}

"$bin" import --db "$db" --rules rules/example.yaml tests/fixtures/caseloads/small.csv --as-of 2026-01-15 --by Importer >/dev/null || {
  echo "FAIL: import"
  exit 1
}
head_before=$("$bin" audit verify --db "$db")

step totals-by-band "$bin" totals --db "$db" --fy 2026-27 --by band
step totals-by-setting-csv "$bin" totals --db "$db" --fy 2025-26 --by setting --format csv
step totals-by-school "$bin" totals --db "$db" --fy 2025-26 --by school
step totals-by-need "$bin" totals --db "$db" --fy 2026-27 --by need
step totals-beyond-the-rule-set "$bin" totals --db "$db" --fy 2027-28

step export-csv "$bin" export --db "$db" --format csv --out "$tmp/caseload.csv"
step export-csv-file cat "$tmp/caseload.csv"
step export-csv-identifiable "$bin" export --db "$db" --format csv --out "$tmp/caseload-id.csv" --identifiable
step export-csv-identifiable-file head -3 "$tmp/caseload-id.csv"
step export-xlsx "$bin" export --db "$db" --format xlsx --out "$tmp/caseload.xlsx"
check "export xlsx is a zip" test "$(head -c 2 "$tmp/caseload.xlsx")" = PK
command -v unzip >/dev/null || { echo "FAIL: unzip is needed (scripts/deps.sh installs it)"; exit 1; }
step export-xlsx-sheets sh -c "unzip -p '$tmp/caseload.xlsx' xl/workbook.xml | grep -o '<sheet name=\"[^\"]*\"'"
check "export leaves no temporary file" test "$(ls "$tmp" | grep -c writing)" = 0
step export-to-missing-folder "$bin" export --db "$db" --format csv --out "$tmp/no/such/folder/x.csv"

# A proposal: example.yaml from 2026-04-01 with Band 1 narrowed to 10-17 (scores 18 and 19 move up).
sed -e 's/version: "2025.1"/version: "2026.1 (proposed)"/' -e 's/^  effective_from: 2025-04-01.*/  effective_from: 2026-04-01/' \
  -e 's/{id: B1, name: Band 1, from: 10, to: 19}/{id: B1, name: Band 1, from: 10, to: 17}/' \
  -e 's/{id: B2, name: Band 2, from: 20, to: 29}/{id: B2, name: Band 2, from: 18, to: 29}/' rules/example.yaml >"$tmp/proposal.yaml"
step impact-against-current-decisions "$bin" impact --db "$db" --to "$tmp/proposal.yaml"
step impact-against-a-rule-set "$bin" impact --db "$db" --to "$tmp/proposal.yaml" --from rules/example.yaml
step impact-outside-the-proposal "$bin" impact --db "$db" --to "$tmp/proposal.yaml" --as-of 2026-03-31
# A proposal without special schools cannot band the special-school plans: all or nothing.
sed -e '/^  - id: special$/,/^    place_funding: 10000$/d' -e 's/, special: [0-9]*}/}/' "$tmp/proposal.yaml" >"$tmp/no-special.yaml"
step impact-cannot-band "$bin" impact --db "$db" --to "$tmp/no-special.yaml"
check "reports write nothing to the database" test "$("$bin" audit verify --db "$db")" = "$head_before"

echo "$failures failure(s)"
((failures == 0))
