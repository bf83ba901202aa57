#!/usr/bin/env bash
# The forecast workbook (sendband forecast --format xlsx), read back with unzip: its sheets are the
# DSG management plan's shape, and every figure in it is the figure the CSV gives for the same run.
# Usage: tests/forecast_xlsx_test.sh PATH/TO/sendband   (run from the repository root)
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v unzip >/dev/null || { echo "FAIL: unzip is needed (scripts/deps.sh installs it)"; exit 1; }
source "$(dirname "$0")/xlsx_read.sh"
failures=0
run=(forecast --la Rutland --years 2 --sims 50 --rules rules/example.yaml --band-mix data/band-mix-example.csv --scenario data/scenarios/example.yaml)

same "the workbook is written and says so" "$("$bin" "${run[@]}" --format xlsx --out "$tmp/f.xlsx"; echo "rc=$?")" \
  "Wrote the forecast for Rutland (E06000017), 2 Januaries from 2022, with spend, and the scenario beside the baseline, to $tmp/f.xlsx
rc=0"
same "sheets" "$(xlsx_sheets "$tmp/f.xlsx")" "Placements: xl/worksheets/sheet1.xml
Placements (scenario): xl/worksheets/sheet2.xml
Placements (difference): xl/worksheets/sheet3.xml
Spend: xl/worksheets/sheet4.xml
Need: xl/worksheets/sheet5.xml
Run: xl/worksheets/sheet6.xml"

"$bin" "${run[@]}" --format csv >"$tmp/f.csv"
cells=$(xlsx_cells "$tmp/f.xlsx" xl/worksheets/sheet1.xml)
# Each row of the sheet by its category and age group: its 2023 and 2024 median, p10, p90.
row_of() { # SHEET-CELLS CATEGORY AGE -> "p50,p10,p90,p50,p10,p90"
  local r
  r=$(grep -E "^A[0-9]+=$2$" <<<"$1" | sed -E 's#^A([0-9]+)=.*#\1#' | while read -r n; do grep -qx "B$n=$3" <<<"$1" && echo "$n"; done | head -1)
  for c in C D E F G H; do grep "^$c$r=" <<<"$1" | sed -E 's#^[A-Z]+[0-9]+=([-0-9.]+).*#\1#'; done | paste -sd,
}
csv_of() { # RUN CUT GROUP -> "p50,p10,p90,p50,p10,p90" for 2023 and 2024
  awk -F, -v run="$1" -v cut="$2" -v group="$3" '$1==run && $4==cut && $5==group {printf "%s%s,%s,%s", (n++ ? "," : ""), $10, $8, $12}' "$tmp/f.csv"
}
same "all placements, all ages = the CSV's total" "$(row_of "$cells" "all placements" "all ages")" "$(csv_of baseline total all)"
same "special, state-funded, all ages = the CSV's setting" "$(row_of "$cells" "special, state-funded" "all ages")" "$(csv_of baseline setting special_state_funded)"
same "all placements, 11 to 15 = the CSV's age band" "$(row_of "$cells" "all placements" "11 to 15")" "$(csv_of baseline age age_11_to_15)"
diff_cells=$(xlsx_cells "$tmp/f.xlsx" xl/worksheets/sheet3.xml)
same "the difference sheet = the CSV's difference" "$(row_of "$diff_cells" "mainstream" "all ages")" "$(csv_of difference setting mainstream)"
# Spend: pounds with the £ format, the CSV's median, p10 and p90 for each financial year.
spend=$(xlsx_cells "$tmp/f.xlsx" xl/worksheets/sheet4.xml | grep -E '^[BCD][56]=' | sed -E 's#^[A-Z]+[0-9]+=##' | paste -sd,)
# (A cell holds a number: 2637737.50 in the CSV is 2637737.5 in the sheet.)
csv_spend=$(awk -F, 'function n(x) { if (x ~ /\./) { sub(/0+$/, "", x); sub(/\.$/, "", x) } return x }
  $1=="baseline" && $4=="spend" {printf "%s%s (£#,##0.00),%s (£#,##0.00),%s (£#,##0.00)", (k++ ? "," : ""), n($10), n($8), n($12)}' "$tmp/f.csv")
same "spend = the CSV's spend, as money" "$spend" "$csv_spend"
same "the run record names the rule set and the scenario" "$(xlsx_cells "$tmp/f.xlsx" xl/worksheets/sheet6.xml | grep -E '^B(7|8|9)=' | cut -c1-60)" \
  "B7=Earlier support and a new special free school (example.ya
B8=Exampleshire County Council (fictional), Example needs-le
B9=0% a year beyond the rule set's last year"

# Refused: nothing is written, and a workbook already there is left as it was.
echo "keep me" >"$tmp/old.xlsx"
same "a bad band mix leaves the old workbook" "$("$bin" forecast --la Rutland --rules rules/example.yaml --band-mix tests/fixtures/band-mix/unknown-band.csv --format xlsx --out "$tmp/old.xlsx" 2>&1; echo "rc=$?"; cat "$tmp/old.xlsx")" \
  "tests/fixtures/band-mix/unknown-band.csv:3:4: error: band: the rule set has no band \"B7\" (it has B0, B1, B2, B3, B4, B5, B6)
rc=2
keep me"
same "--format xlsx for every authority is refused" "$("$bin" forecast --all-las --format xlsx --out "$tmp/all.xlsx" 2>&1; echo "rc=$?"; test -e "$tmp/all.xlsx" && echo "written")" \
  "sendband forecast: --format xlsx works with one authority (--la); for every authority use --format csv
rc=2"
same "--format xlsx needs --out" "$("$bin" forecast --la Rutland --format xlsx 2>&1; echo "rc=$?")" \
  "sendband forecast: --format xlsx needs --out FILE, the workbook to write
rc=2"
same "a workbook's name ends .xlsx" "$("$bin" forecast --la Rutland --format xlsx --out "$tmp/f.csv" 2>&1 | sed "s#$tmp#TMP#"; echo "rc=${PIPESTATUS[0]}")" \
  "sendband forecast: --out TMP/f.csv: a workbook's name must end .xlsx
rc=2"

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all forecast workbook checks passed"
