#!/usr/bin/env bash
# The store workflows through the CLI, end to end, on a temporary database: import, reband,
# override and approve, audit consistency and verify, with exact output and exit codes.
# Usage: tests/store_cli_test.sh PATH/TO/sendband   (run from the repository root)
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SENDBAND_NOW=2026-01-15T10:00:00Z
db=$tmp/caseload.db
rules=rules/example.yaml
failures=0
# Who acts is the login running a command. A second person is a second login: the system account
# `daemon` (or `bin`), entered through a user namespace mapped to it (`unshare`, util-linux).
me=$(id -un)
other_login=daemon; [[ $me == daemon ]] && other_login=bin
as_other() { unshare --user --map-user="$other_login" "$@"; }

# run NAME EXPECTED_RC EXPECTED_STDOUT EXPECTED_STDERR -- COMMAND...
run() {
  local name=$1 rc=$2 out=$3 err=$4
  shift 5
  local aout aerr arc
  "$@" >"$tmp/out" 2>"$tmp/err"; arc=$?
  # Hashes change whenever the example rule set is edited: compare them as HASH.
  aout=$(sed -E 's/rule set [0-9a-f]{12}/rule set HASH/g; s/head hash [0-9a-f]{64}/head hash HASH/' "$tmp/out")
  aerr=$(cat "$tmp/err")
  if [[ "$arc" != "$rc" || "$aout" != "$out" || "$aerr" != "$err" ]]; then
    echo "FAIL: $name"
    echo "  exit: expected $rc, got $arc"
    diff <(printf '%s\n' "$out") <(printf '%s\n' "$aout") | sed 's/^/  stdout: /'
    diff <(printf '%s\n' "$err") <(printf '%s\n' "$aerr") | sed 's/^/  stderr: /'
    failures=$((failures + 1))
  else
    echo "ok: $name"
  fi
}

head_hash() { "$bin" audit verify --db "$db" | sed 's/.*head hash //'; }

run "import" 0 "Imported tests/fixtures/caseloads/small.csv as of 2026-01-15: 8 new, 0 changed, 0 unchanged" "" -- \
  "$bin" import --db "$db" --rules $rules tests/fixtures/caseloads/small.csv --as-of 2026-01-15

run "reband: needs --as-of" 2 "" "sendband reband: give --as-of YYYY-MM-DD: decisions are always made as of a stated date" -- \
  "$bin" reband --db "$db" --rules $rules

run "reband: nothing differs" 0 "Re-banded 8 plan(s) under Example needs-led banding framework 2025.1 (rule set HASH) as of 2026-01-15
  moved up:   0
  moved down: 0
  stayed:     8
New decisions recorded: 0" "" -- "$bin" reband --db "$db" --rules $rules --as-of 2026-01-15

before=$(head_hash)
run "reband: as-of outside the rule set stores nothing" 2 "" \
  "sendband reband: the as-of date 2027-06-01 is outside the rule set's effective period (2025-04-01 to 2027-03-31); nothing was stored" -- \
  "$bin" reband --db "$db" --rules $rules --as-of 2027-06-01
[[ "$(head_hash)" == "$before" ]] || { echo "FAIL: a refused reband changed the audit log"; failures=$((failures + 1)); }

run "override: a note of only spaces is no note" 2 "" \
  "sendband override: an override needs a note saying why, in words (--note)" -- \
  "$bin" override --db "$db" --plan EXA-000001 --band B3 --reason EVIDENCE --note "   "

run "override: unknown reason" 2 "" \
  "sendband override: \"HUNCH\" is not an override reason of the plan's rule set (Example needs-led banding framework 2025.1); expected one of: EVIDENCE, TRANSITION, PANEL" -- \
  "$bin" override --db "$db" --plan EXA-000001 --band B3 --reason HUNCH --note "n"

run "override: above the threshold awaits approval" 0 "Override 1 on plan EXA-000001 (P0000001): B1 -> B3
  computed: top-up 1,500.00, place 0.00
  override: top-up 6,000.00, place 0.00
  annual effect: 4,500.00 (approval threshold 2,000.00)
Status: awaiting approval by someone other than $me; the computed band counts until then" "" -- \
  "$bin" override --db "$db" --plan EXA-000001 --band B3 --reason EVIDENCE --note "New SALT report"

run "approve: the same login is refused" 2 "" \
  "sendband approve: override 1 on plan EXA-000001 was made by $me; it must be approved by someone else" -- \
  "$bin" approve --db "$db" --plan EXA-000001

# Retyping a name is no longer a second person: --by other than the login is refused, whatever its capitals.
for name in "Bob Manager" "${me^^}"; do
  run "approve: --by $name is not a second person" 2 "" \
    "sendband approve: --by $name: the person acting is the login running the command ($me), and that is what is recorded and compared for approval; to act as someone else, run it as their login" -- \
    "$bin" approve --db "$db" --plan EXA-000001 --by "$name"
done

run "approve: another login" 0 "Override 1 on plan EXA-000001 (P0000001) approved by $other_login: band B3 (top-up 6,000.00, place 0.00) is now in force" "" -- \
  as_other "$bin" approve --db "$db" --plan EXA-000001

run "audit consistency: clean" 0 "(a) Stored decisions re-run under their own rule set and as-of date: 8 checked, 0 not reproduced
(b) Plans with identical needs and different bands: 0 group(s)
(c) Override rates: 1 override(s) over 8 plan(s)
  by officer who made them (rate = overrides made / plans the officer is responsible for):
    $me: 1 made (1 in force, 0 awaiting approval, 0 superseded); 0 plan(s); rate -
  by reason code (rate = overrides / all plans):
    EVIDENCE: 1 (1 in force, 0 awaiting approval, 0 superseded); rate 12.5%
Every stored decision reproduces." "" -- "$bin" audit consistency --db "$db"

run "audit verify" 0 "Audit log intact: 12 entries; head hash HASH
Decisions and overrides match the log: 8 plan(s), 1 override(s) checked" "" -- "$bin" audit verify --db "$db"

command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is needed (scripts/deps.sh installs it)"; exit 1; }
# Overrides edited behind the log's back, each on a copy: an approval granted by editing the
# table (the second-person rule bypassed), an override's band changed, one inserted, one deleted.
odb=$tmp/overrides.db
cp "$db" "$odb"
"$bin" override --db "$odb" --plan EXA-000002 --band B4 --reason EVIDENCE --note "Report" > /dev/null
cp "$odb" "$tmp/pending.db"
sqlite3 "$odb" "UPDATE overrides SET status = 'in_force', approver = 'Ann Officer' WHERE id = 2"
run "audit verify: an approval written into the table, not through approve" 1 "Audit log intact: 13 entries; head hash HASH
Tables edited behind the log's back: 2 difference(s)
plan P0000002: overrides.status of override 2 is in_force, but the log (entry 13) says awaiting_approval
plan P0000002: overrides.approver of override 2 is Ann Officer, but the log (entry 13) says none" "" -- "$bin" audit verify --db "$odb"
cp "$tmp/pending.db" "$odb"
sqlite3 "$odb" "UPDATE overrides SET band = 'B5', top_up_pence = 900000 WHERE id = 1"
run "audit verify: an override's band and top-up edited" 1 "Audit log intact: 13 entries; head hash HASH
Tables edited behind the log's back: 2 difference(s)
plan P0000001: overrides.band of override 1 is B5, but the log (entry 11) says B3
plan P0000001: overrides.top_up of override 1 is 9000.00, but the log (entry 11) says 6000.00" "" -- "$bin" audit verify --db "$odb"
cp "$tmp/pending.db" "$odb"
sqlite3 "$odb" "INSERT INTO overrides (plan_id, decision_id, band, top_up_pence, place_pence, reason_code, note, officer, status, approver)
                SELECT plan_id, id, 'B5', 900000, 0, 'EVIDENCE', '', 'Ann Officer', 'in_force', 'Bob Manager' FROM decisions WHERE plan_id = 3"
run "audit verify: an override inserted with no log entry" 1 "Audit log intact: 13 entries; head hash HASH
Tables edited behind the log's back: 1 difference(s)
plan P0000003: overrides.id is 3, but the log records no override 3" "" -- "$bin" audit verify --db "$odb"
cp "$tmp/pending.db" "$odb"
sqlite3 "$odb" "DELETE FROM overrides WHERE id = 2"
run "audit verify: an override deleted" 1 "Audit log intact: 13 entries; head hash HASH
Tables edited behind the log's back: 1 difference(s)
plan P0000002: overrides.id is absent, but the log (entry 13) says 2" "" -- "$bin" audit verify --db "$odb"

sqlite3 "$db" "UPDATE decisions SET band = 'B5' WHERE plan_id = 2"
# The chain still holds (the log was not touched), but the table no longer says what the log says.
run "audit verify: a decision edited behind the log's back" 1 "Audit log intact: 12 entries; head hash HASH
Tables edited behind the log's back: 1 difference(s)
plan P0000002: decisions.band is B5, but the log (entry 3) says B1" "" -- "$bin" audit verify --db "$db"
  run "audit consistency: a tampered decision" 1 "(a) Stored decisions re-run under their own rule set and as-of date: 8 checked, 1 not reproduced
  EXA-000002 (P0000002) decision 2, rule set HASH, as of 2026-01-15: stored B5 (top-up 1,500.00, place 0.00); recomputed B1 (top-up 1,500.00, place 0.00)
(b) Plans with identical needs and different bands: 0 group(s)
(c) Override rates: 1 override(s) over 8 plan(s)
  by officer who made them (rate = overrides made / plans the officer is responsible for):
    $me: 1 made (1 in force, 0 awaiting approval, 0 superseded); 0 plan(s); rate -
  by reason code (rate = overrides / all plans):
    EVIDENCE: 1 (1 in force, 0 awaiting approval, 0 superseded); rate 12.5%
1 stored decision(s) do not reproduce." "" -- "$bin" audit consistency --db "$db"

# Two first imports into the same new path at once: one wins, the other says so and stores
# nothing, and the database holds exactly the winner's plans (before, one could report success
# while the file held only the other's). 10 rounds, with two different files.
head -n 4 tests/fixtures/caseloads/small.csv > "$tmp/first3.csv"
{ head -n 1 tests/fixtures/caseloads/small.csv; tail -n 5 tests/fixtures/caseloads/small.csv; } > "$tmp/last5.csv"
race_ok=0
for round in 1 2 3 4 5 6 7 8 9 10; do
  rdb=$tmp/race-$round.db
  "$bin" import --db "$rdb" --rules $rules "$tmp/first3.csv" --as-of 2026-01-15 >"$tmp/a.out" 2>"$tmp/a.err" & pa=$!
  "$bin" import --db "$rdb" --rules $rules "$tmp/last5.csv" --as-of 2026-01-15 >"$tmp/b.out" 2>"$tmp/b.err" & pb=$!
  wait $pa; ra=$?; wait $pb; rb=$?
  plans=$(sqlite3 "$rdb" "SELECT count(*) FROM plans")
  left=$(ls "$tmp" | grep -c "race-$round.db.importing" || true)
  lost="$rdb: error: another command created this database while the import ran; nothing was imported (import again to add the file to it)"
  # Either both ran one after the other (3 + 5 plans, both exit 0), or one lost the race and said so.
  if [[ $ra == 0 && $rb == 0 && $plans == 8 ]] ||
     [[ $ra == 0 && $rb == 2 && $plans == 3 && "$(cat "$tmp/b.err")" == "$lost" ]] ||
     [[ $ra == 2 && $rb == 0 && $plans == 5 && "$(cat "$tmp/a.err")" == "$lost" ]]; then
    [[ $left == 0 ]] && race_ok=$((race_ok + 1))
  else
    echo "  round $round: exits $ra and $rb, $plans plans, $left scratch files left; $(cat "$tmp/a.err" "$tmp/b.err")"
  fi
  "$bin" audit verify --db "$rdb" >/dev/null || echo "  round $round: audit verify fails: $("$bin" audit verify --db "$rdb")"
done
if [[ $race_ok == 10 ]]; then echo "ok: two first imports at once: 10 rounds, each ending as one of them says"; else
  echo "FAIL: two first imports at once: only $race_ok of 10 rounds ended as the commands said"; failures=$((failures + 1)); fi

# A file that is not a sendband database: every command refuses it with one plain line, exit 2,
# and leaves it byte for byte as it was (no tables written into it, no -wal file).
other=$tmp/contacts.db
sqlite3 "$other" "CREATE TABLE contacts (name); INSERT INTO contacts VALUES ('someone');"
other_sha=$(sha256sum "$other" | cut -c1-64)
refused="$other: error: not a sendband database: the file holds another program's tables (contacts); nothing was changed"
run "audit verify: not a sendband database" 2 "" "$refused" -- "$bin" audit verify --db "$other"
run "totals: not a sendband database" 2 "" "$refused" -- "$bin" totals --db "$other" --fy 2025-26
run "reband: not a sendband database" 2 "" "$refused" -- "$bin" reband --db "$other" --rules $rules --as-of 2026-01-15
run "import: not a sendband database" 2 "" "$refused" -- \
  "$bin" import --db "$other" --rules $rules tests/fixtures/caseloads/small.csv --as-of 2026-01-15
if [[ $(sha256sum "$other" | cut -c1-64) == "$other_sha" && ! -e "$other-wal" ]]; then echo "ok: the other program's file is untouched"; else
  echo "FAIL: the other program's file was changed"; failures=$((failures + 1)); fi
printf 'reference,name\nEXA-1,Someone\n' > "$tmp/notes.db"
run "audit verify: a text file" 2 "" "$tmp/notes.db: error: not a sendband database: the file is not an SQLite database at all; nothing was changed" -- \
  "$bin" audit verify --db "$tmp/notes.db"
# An empty sendband database (File > New, nothing imported yet): the log is empty, and says so.
sqlite3 "$tmp/new.db" "PRAGMA application_id = 1396854340"
run "audit verify: an empty log" 0 "Audit log empty: nothing has been recorded in this database yet, so there is no history to verify
Decisions and overrides match the log: 0 plan(s), 0 override(s) checked" "" -- "$bin" audit verify --db "$tmp/new.db"

exit $((failures > 0))
