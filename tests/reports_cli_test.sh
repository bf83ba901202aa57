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
# The .xlsx is read back with unzip: without it the test fails rather than skip the check.
command -v unzip >/dev/null || { echo "FAIL: unzip is needed (scripts/deps.sh installs it)"; exit 1; }
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

"$bin" import --db "$db" --rules rules/example.yaml tests/fixtures/caseloads/small.csv --as-of 2026-01-15 >/dev/null || {
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
step export-xlsx-sheets sh -c "unzip -p '$tmp/caseload.xlsx' xl/workbook.xml | grep -o '<sheet name=\"[^\"]*\"'"
check "export leaves no temporary file" test "$(ls "$tmp" | grep -c writing)" = 0

# ---- The .xlsx read back: its XML parts, unzipped, must hold exactly these sheets and cells.
# xlsx_sheets and xlsx_cells read a workbook back; same compares text (tests/xlsx_read.sh).
source "$(dirname "$0")/xlsx_read.sh"

# A caseload whose amounts have pence, banded as of 2026-06-01 (the 2026-27 rates, 2.5% above
# 2025-26), so that every figure below can be worked out by hand from rules/example.yaml:
#   PEN-000001 MLD mainstream, levels 1,1,1,1: 4+4+3+3 = 14, B1: 1,500 x 1.025 = 1,537.50, no place
#   PEN-000002 ASD resourced, levels 3,2,2,0: 14+8+7+0 = 29, B2: 5,000 x 1.025 = 5,125.00, place 6,000
#   PEN-000003 PMLD special, levels 4,4,4,4: 20+20+18+min(16,12) = 70, B6: entered 23,456.78, place 10,000
#   PEN-000004 SEMH special, levels 2,1,3,2: 8+4+12+6 = 30, B3: 9,500 x 1.025 = 9,737.50, place 10,000
# Dates are Excel serial days (1900 system): 2022-09-01 is 44805, 2023-09-01 45170, 2024-09-01
# 45536, 2025-09-01 45901, 2027-07-31 46599.
pdb=$tmp/pennies.db
"$bin" import --db "$pdb" --rules rules/example.yaml tests/fixtures/caseloads/pennies.csv --as-of 2026-06-01 >/dev/null || {
  echo "FAIL: import pennies.csv"
  exit 1
}
"$bin" export --db "$pdb" --format xlsx --out "$tmp/pennies.xlsx" >/dev/null
check "export xlsx of pennies.csv" test -s "$tmp/pennies.xlsx"
same "xlsx sheet names and parts" "$(xlsx_sheets "$tmp/pennies.xlsx")" "Caseload: xl/worksheets/sheet1.xml
Band x setting: xl/worksheets/sheet2.xml
By need: xl/worksheets/sheet3.xml"
same "xlsx Caseload sheet: header row and one row per plan" "$(xlsx_cells "$tmp/pennies.xlsx" xl/worksheets/sheet1.xml)" "A1=reference
B1=pseudonym
C1=primary_need
D1=setting_type
E1=school_urn
F1=school_name
G1=placement_start
H1=placement_end
I1=officer
J1=band
K1=computed_band
L1=override_status
M1=annual_top_up
N1=annual_place
A2=PEN-000001
B2=P0000001
C2=MLD
D2=mainstream
E2=910001
F2=Synthetic mainstream 2
G2=45901 (yyyy-mm-dd)
I2=A. Officer
J2=B1
K2=B1
L2=none
M2=1537.5 (£#,##0.00)
N2=0 (£#,##0.00)
A3=PEN-000002
B3=P0000002
C3=ASD
D3=resourced
E3=930001
F3=Synthetic resourced 2
G3=45536 (yyyy-mm-dd)
H3=46599 (yyyy-mm-dd)
I3=B. Caseworker
J3=B2
K3=B2
L3=none
M3=5125 (£#,##0.00)
N3=6000 (£#,##0.00)
A4=PEN-000003
B4=P0000003
C4=PMLD
D4=special
E4=920001
F4=Synthetic special 2
G4=45170 (yyyy-mm-dd)
I4=C. Coordinator
J4=B6
K4=B6
L4=none
M4=23456.78 (£#,##0.00)
N4=10000 (£#,##0.00)
A5=PEN-000004
B5=P0000004
C5=SEMH
D5=special
E5=920002
F5=Synthetic special 3
G5=44805 (yyyy-mm-dd)
I5=D. Lead
J5=B3
K5=B3
L5=none
M5=9737.5 (£#,##0.00)
N5=10000 (£#,##0.00)"
# Band x setting: special top-up 9,737.50 + 23,456.78 = 33,194.28; all 1,537.50 + 5,125 + 33,194.28 = 39,856.78.
same "xlsx Band x setting sheet: a row per band and the totals row" "$(xlsx_cells "$tmp/pennies.xlsx" xl/worksheets/sheet2.xml)" "A1=band
B1=mainstream plans
C1=mainstream annual top-up
D1=resourced plans
E1=resourced annual top-up
F1=special plans
G1=special annual top-up
H1=all plans
I1=all annual top-up
A2=B1
B2=1
C2=1537.5 (£#,##0.00)
D2=0
E2=0 (£#,##0.00)
F2=0
G2=0 (£#,##0.00)
H2=1
I2=1537.5 (£#,##0.00)
A3=B2
B3=0
C3=0 (£#,##0.00)
D3=1
E3=5125 (£#,##0.00)
F3=0
G3=0 (£#,##0.00)
H3=1
I3=5125 (£#,##0.00)
A4=B3
B4=0
C4=0 (£#,##0.00)
D4=0
E4=0 (£#,##0.00)
F4=1
G4=9737.5 (£#,##0.00)
H4=1
I4=9737.5 (£#,##0.00)
A5=B6
B5=0
C5=0 (£#,##0.00)
D5=0
E5=0 (£#,##0.00)
F5=1
G5=23456.78 (£#,##0.00)
H5=1
I5=23456.78 (£#,##0.00)
A6=Total
B6=1
C6=1537.5 (£#,##0.00)
D6=1
E6=5125 (£#,##0.00)
F6=2
G6=33194.28 (£#,##0.00)
H6=4
I6=39856.78 (£#,##0.00)"
# By need: place 6,000 + 10,000 + 10,000 = 26,000; total 39,856.78 + 26,000 = 65,856.78.
same "xlsx By need sheet: a row per need and the totals row" "$(xlsx_cells "$tmp/pennies.xlsx" xl/worksheets/sheet3.xml)" "A1=primary_need
B1=plans
C1=annual top-up
D1=annual place
E1=annual total
A2=ASD
B2=1
C2=5125 (£#,##0.00)
D2=6000 (£#,##0.00)
E2=11125 (£#,##0.00)
A3=MLD
B3=1
C3=1537.5 (£#,##0.00)
D3=0 (£#,##0.00)
E3=1537.5 (£#,##0.00)
A4=PMLD
B4=1
C4=23456.78 (£#,##0.00)
D4=10000 (£#,##0.00)
E4=33456.78 (£#,##0.00)
A5=SEMH
B5=1
C5=9737.5 (£#,##0.00)
D5=10000 (£#,##0.00)
E5=19737.5 (£#,##0.00)
A6=Total
B6=4
C6=39856.78 (£#,##0.00)
D6=26000 (£#,##0.00)
E6=65856.78 (£#,##0.00)"
# ---- totals as a workbook: the Finance screen's export. The grouping's sheet holds exactly the
# figures `totals` prints (pro rata to the day); "Band x setting" holds top-up, place funding and
# total for every band in every setting type, 0 where there are no plans.
"$bin" totals --db "$pdb" --fy 2026-27 --by setting --format xlsx --out "$tmp/spend.xlsx" >"$tmp/spend.out"
same "totals xlsx says what it wrote" "$(sed "s#$tmp#TMP#" "$tmp/spend.out")" \
  "Wrote Committed spend, financial year 2026-27 (1 April 2026 to 31 March 2027), by setting type, 4 plan(s), to TMP/spend.xlsx"
same "totals xlsx sheet names and parts" "$(xlsx_sheets "$tmp/spend.xlsx")" "Spend 2026-27: xl/worksheets/sheet1.xml
Band x setting: xl/worksheets/sheet2.xml"
basis="Each plan's band in force (an approved override replaces the computed band) is paid pro rata for the days of its placement in the year, under its own rule set's pro-rata rule, and rounded once per plan and funding line."
same "totals xlsx: the grouping's sheet" "$(xlsx_cells "$tmp/spend.xlsx" xl/worksheets/sheet1.xml)" "A1=Committed spend, financial year 2026-27 (1 April 2026 to 31 March 2027), by setting type
A2=$basis
A3=Plans in the store: 4; with a placement in the year: 4; outside the year: 0
A5=setting type
B5=plans
C5=top-up
D5=place funding
E5=total
A6=mainstream
B6=1
C6=1537.5 (£#,##0.00)
D6=0 (£#,##0.00)
E6=1537.5 (£#,##0.00)
A7=resourced
B7=1
C7=5125 (£#,##0.00)
D7=6000 (£#,##0.00)
E7=11125 (£#,##0.00)
A8=special
B8=2
C8=33194.28 (£#,##0.00)
D8=20000 (£#,##0.00)
E8=53194.28 (£#,##0.00)
A9=Total
B9=4
C9=39856.78 (£#,##0.00)
D9=26000 (£#,##0.00)
E9=65856.78 (£#,##0.00)"
# Band x setting, one line a row (cells joined by spaces, the money format left off).
xlsx_rows() { xlsx_cells "$1" "$2" | sed -E 's/ \(£#,##0.00\)$//' | awk -F= '{ r = $1; sub(/^[A-Z]+/, "", r); v = substr($0, index($0, "=") + 1)
  if (r != last && NR > 1) print line; line = (r != last ? v : line " | " v); last = r } END { print line }'; }
same "totals xlsx: band x setting, every cell" "$(xlsx_rows "$tmp/spend.xlsx" xl/worksheets/sheet2.xml)" "Committed spend, financial year 2026-27 (1 April 2026 to 31 March 2027), by band and setting type
$basis
Plans in the store: 4; with a placement in the year: 4; outside the year: 0
mainstream |  |  |  | resourced |  |  |  | special |  |  |  | all setting types |  |  | 
band | plans | top-up | place funding | total | plans | top-up | place funding | total | plans | top-up | place funding | total | plans | top-up | place funding | total
B1 | 1 | 1537.5 | 0 | 1537.5 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1537.5 | 0 | 1537.5
B2 | 0 | 0 | 0 | 0 | 1 | 5125 | 6000 | 11125 | 0 | 0 | 0 | 0 | 1 | 5125 | 6000 | 11125
B3 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 9737.5 | 10000 | 19737.5 | 1 | 9737.5 | 10000 | 19737.5
B6 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 23456.78 | 10000 | 33456.78 | 1 | 23456.78 | 10000 | 33456.78
Total | 1 | 1537.5 | 0 | 1537.5 | 1 | 5125 | 6000 | 11125 | 2 | 33194.28 | 20000 | 53194.28 | 4 | 39856.78 | 26000 | 65856.78"
# Pro rata: the small caseload by school in 2025-26 has placements from 1 September (871.23 is
# 1,500.00 x 212/365); the workbook's rows are the text report's, figure for figure.
"$bin" totals --db "$db" --fy 2025-26 --by school --format xlsx --out "$tmp/schools.xlsx" >/dev/null
normalise() { awk '{ out = ""; for (i = 1; i <= NF; i++) { f = $i; if (f ~ /^[0-9][0-9,]*(\.[0-9]+)?$/) { gsub(/,/, "", f); f = f + 0 } out = out (i > 1 ? " " : "") f } print out }'; }
same "totals xlsx by school: the figures of 'totals --by school', pro rata" \
  "$(xlsx_rows "$tmp/schools.xlsx" xl/worksheets/sheet1.xml | tail -n +5 | sed 's/ | / /g' | normalise)" \
  "$(tail -n +5 tests/reports/totals-by-school.out | normalise)"
check "totals xlsx leaves no temporary file" test "$(ls "$tmp" | grep -c writing)" = 0
step totals-xlsx-needs-out "$bin" totals --db "$db" --fy 2025-26 --format xlsx
step totals-out-needs-xlsx "$bin" totals --db "$db" --fy 2025-26 --out "$tmp/x.csv"
mkdir -p "$tmp/folder.xlsx"
step totals-xlsx-named-csv "$bin" totals --db "$db" --fy 2025-26 --format xlsx --out "$tmp/t.csv"
step totals-xlsx-to-a-folder "$bin" totals --db "$db" --fy 2025-26 --format xlsx --out "$tmp/folder.xlsx"
step totals-xlsx-to-missing-folder "$bin" totals --db "$db" --fy 2025-26 --format xlsx --out "$tmp/no/such/folder/x.xlsx"

step export-to-missing-folder "$bin" export --db "$db" --format csv --out "$tmp/no/such/folder/x.csv"

# A proposal: example.yaml from 2026-04-01 with Band 1 narrowed to 10-17 (scores 18 and 19 move up).
sed -e 's/version: "2025.1"/version: "2026.1 (proposed)"/' -e 's/^  effective_from: 2025-04-01.*/  effective_from: 2026-04-01/' \
  -e 's/{id: B1, name: Band 1, from: 10, to: 19}/{id: B1, name: Band 1, from: 10, to: 17}/' \
  -e 's/{id: B2, name: Band 2, from: 20, to: 29}/{id: B2, name: Band 2, from: 18, to: 29}/' rules/example.yaml >"$tmp/proposal.yaml"
step impact-against-current-decisions "$bin" impact --db "$db" --to "$tmp/proposal.yaml"
step impact-against-a-rule-set "$bin" impact --db "$db" --to "$tmp/proposal.yaml" --from rules/example.yaml
step impact-outside-the-proposal "$bin" impact --db "$db" --to "$tmp/proposal.yaml" --as-of 2026-03-31
step impact-with-moves "$bin" impact --db "$db" --to "$tmp/proposal.yaml" --from rules/example.yaml --moves
# The workbook holds the same tables, figures as numbers: by band, by setting type, by school and
# the plans that move, each under the same heading lines.
"$bin" impact --db "$db" --to "$tmp/proposal.yaml" --from rules/example.yaml --format xlsx --out "$tmp/impact.xlsx" >"$tmp/impact.out"
same "impact xlsx says what it wrote" "$(sed -E "s#$tmp#TMP#; s/rule set [0-9a-f]{12}/rule set HASH/" "$tmp/impact.out")" \
  "Wrote the impact of Example needs-led banding framework 2026.1 (proposed) (rule set HASH) on 8 plan(s) to TMP/impact.xlsx"
same "impact xlsx sheets" "$(xlsx_sheets "$tmp/impact.xlsx")" "By band: xl/worksheets/sheet1.xml
By setting type: xl/worksheets/sheet2.xml
By school: xl/worksheets/sheet3.xml
Plans that change: xl/worksheets/sheet4.xml"
# Each sheet's table is the text report's table, row for row (numbers normalised: 1,500.00 is 1500).
for sheet in 1:"By current band" 2:"Change in annual cost by setting type" 3:"Change in annual cost by school" 4:"Plans whose band or cost changes"; do
  n=${sheet%%:*} title=${sheet#*:}
  same "impact xlsx sheet $n is the text's \"$title\" table" \
    "$(xlsx_rows "$tmp/impact.xlsx" "xl/worksheets/sheet$n.xml" | tail -n +5 | sed 's/ | / /g; s/ *$//' | normalise)" \
    "$(awk -v t="$title" '$0 == t { on = 1; next } on && /^$/ { exit } on' tests/reports/impact-with-moves.out | sed -E 's/  +/ /g; s/ *$//; s/ \+([0-9][0-9,.]*)( |$)/ \1\2/g' | normalise)"
done
step impact-xlsx-needs-out "$bin" impact --db "$db" --to "$tmp/proposal.yaml" --format xlsx
# A proposal without special schools cannot band the special-school plans: all or nothing.
sed -e '/^  - id: special$/,/^    place_funding: 10000$/d' -e 's/, special: [0-9]*}/}/' "$tmp/proposal.yaml" >"$tmp/no-special.yaml"
step impact-cannot-band "$bin" impact --db "$db" --to "$tmp/no-special.yaml"
check "reports write nothing to the database" test "$("$bin" audit verify --db "$db")" = "$head_before"

echo "$failures failure(s)"
((failures == 0))
