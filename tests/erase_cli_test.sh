#!/usr/bin/env bash
# `sendband erase` end to end (docs/audit.md, "Erasing a child's identifying data"): on an
# age-based rule set, erasing every ended plan leaves totals, the consistency report, the export
# and `audit verify` as they were, byte for byte; refusals print their reason, exit 2 and leave
# the database file byte-for-byte as it was; an erasure undone with the sqlite3 shell is found.
# Usage: erase_cli_test.sh path/to/sendband   (run from the top of the checkout)
set -u
bin=$(realpath "$1")
top=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export SENDBAND_NOW=2025-09-01T10:00:00Z SENDBAND_CONFIG="$tmp/no-settings.conf"
fails=0
source "$top/tests/expect.sh"
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is needed (scripts/deps.sh installs it)"; exit 1; }

rules=$top/rules/worcestershire-early-years.yaml
"$bin" import --db ey.db --rules "$rules" --as-of 2024-09-15 "$top/tests/fixtures/caseloads/erasure.csv" > /dev/null ||
  fail "import"

figures() {
  for by in band setting school need; do "$bin" totals --db ey.db --fy 2024-25 --by "$by"; done
  "$bin" audit consistency --db ey.db
  "$bin" export --db ey.db --format csv --out export.csv > /dev/null && cat export.csv
}
figures > before.txt

expect 0 "Erased the identifying data of plan EY-1 (P0000001) on 2025-09-01: name, UPN, date of birth
  kept for banding: age and year group from 2024-04-01 to 2025-03-31 (3 piece(s))
  decisions re-run from what was kept: 1, every one the same
Logged as plan.erase; the plan keeps its reference, pseudonym, decisions and history" "" \
  "$bin" erase --db ey.db --plan EY-1
for ref in EY-2 EY-3 EY-5 EY-6; do "$bin" erase --db ey.db --plan "$ref" > /dev/null || fail "erase $ref"; done
figures > after.txt
cmp -s before.txt after.txt || fail "figures changed by erasure: $(diff before.txt after.txt | head -20)"
[[ $(sqlite3 ey.db "SELECT count(*) FROM identities WHERE name IS NULL AND upn IS NULL AND date_of_birth IS NULL") == 5 ]] ||
  fail "identities not emptied"

# Refusals: the file is not touched.
sha() { sha256sum ey.db | cut -c1-64; }
held=$(sha)
expect 2 "" "sendband erase: plan EY-4 has no placement end date; a child's identifying data is erased only after their placement has ended (import the plan with its placement_end first); nothing was erased" \
  "$bin" erase --db ey.db --plan EY-4
expect 2 "" "sendband erase: the identifying data of plan EY-1 was already erased on 2025-09-01; nothing was erased" \
  "$bin" erase --db ey.db --plan EY-1
expect 2 "" "sendband erase: no plan with reference \"EY-9\" in this database; nothing was erased" \
  "$bin" erase --db ey.db --plan EY-9
cp "$top/tests/fixtures/caseloads/erasure.csv" erasure.csv
expect 2 "" "erasure.csv:2: column reference: the identifying data of plan \"EY-1\" was erased, so it is not imported again (a child who returns needs a new reference)
erasure.csv:3: column reference: the identifying data of plan \"EY-2\" was erased, so it is not imported again (a child who returns needs a new reference)
erasure.csv:4: column reference: the identifying data of plan \"EY-3\" was erased, so it is not imported again (a child who returns needs a new reference)
erasure.csv:6: column reference: the identifying data of plan \"EY-5\" was erased, so it is not imported again (a child who returns needs a new reference)
erasure.csv:7: column reference: the identifying data of plan \"EY-6\" was erased, so it is not imported again (a child who returns needs a new reference)
erasure.csv: 5 problem(s); nothing was imported" \
  "$bin" import --db ey.db --rules "$rules" --as-of 2024-09-15 erasure.csv
[[ $(sha) == "$held" ]] || fail "a refused command changed the database file"

# Re-banding leaves erased plans as they were and says so.
expect 0 "Re-banded 6 plan(s) under Early Years Inclusion Supplement (Graduated Response levels) 2024.25 (rule set 379f9245c0e5) as of 2025-01-15
  moved up:   0
  moved down: 0
  stayed:     1
  erased:     5 (identifying data erased: left as they were)
New decisions recorded: 0" "" \
  "$bin" reband --db ey.db --rules "$rules" --as-of 2025-01-15

expect 0 "Audit log intact: 13 entries; head hash $(sqlite3 ey.db 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')
Decisions and overrides match the log: 6 plan(s), 0 override(s), 5 erasure(s) checked" "" \
  "$bin" audit verify --db ey.db

# Undone behind the log's back: found.
sqlite3 ey.db "UPDATE identities SET date_of_birth = '2021-11-10' WHERE plan_id = 1; UPDATE plans SET erased_on = NULL WHERE id = 2"
expect 1 "Audit log intact: 13 entries; head hash $(sqlite3 ey.db 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')
Tables edited behind the log's back: 2 difference(s)
plan P0000001: identities.name, upn or date_of_birth is set, but the log (entry 9) says erased
plan P0000002: plans.erased_on is not set, but the log (entry 10) says 2025-09-01" "" \
  "$bin" audit verify --db ey.db

[[ $fails == 0 ]] && echo "erase: all checks passed"
exit $((fails > 0))
