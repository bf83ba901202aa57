#!/usr/bin/env bash
# Crash safety: an import and a re-band killed with SIGKILL at several points leave the database
# either as it was or as the finished command would have left it (never half), integrity_check
# clean, the audit log verifying, and no scratch file that the next import does not clear away.
# Usage: tests/crash_test.sh PATH/TO/sendband   (run from the repository root)
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SENDBAND_NOW=2026-01-15T10:00:00Z
rules=rules/example.yaml
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is needed (scripts/deps.sh installs it)"; exit 1; }

"$bin" generate --plans 40000 --seed 3 --as-of 2026-01-15 --out "$tmp/c.csv" >/dev/null
plans() { sqlite3 "$1" "SELECT count(*) FROM plans"; }
intact() {
  [[ "$(sqlite3 "$1" "PRAGMA integrity_check")" == ok ]] || fail "$2: integrity_check"
  "$bin" audit verify --db "$1" >/dev/null || fail "$2: audit verify"
}

# A first import, killed after 0.05 to 0.8 seconds.
struck=0
for delay in 0.05 0.2 0.4 0.8; do
  db=$tmp/first-$delay.db
  "$bin" import --db "$db" --rules $rules "$tmp/c.csv" --as-of 2026-01-15 >/dev/null 2>&1 & pid=$!
  sleep "$delay"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  [[ -e "$db" ]] || struck=$((struck + 1))
  if [[ -e "$db" ]]; then  # it finished before the kill: whole
    [[ $(plans "$db") == 40000 ]] || fail "first import killed at $delay s: $(plans "$db") plans, expected all 40000"
    intact "$db" "first import killed at $delay s"
  fi
  "$bin" import --db "$db" --rules $rules "$tmp/c.csv" --as-of 2026-01-15 >/dev/null || fail "import after the kill at $delay s"
  [[ $(plans "$db") == 40000 ]] || fail "import after the kill at $delay s: $(plans "$db") plans"
  intact "$db" "import after the kill at $delay s"
  left=$(ls "$tmp" | grep -c "first-$delay.db.importing" || true)
  [[ $left == 0 ]] || fail "import after the kill at $delay s: $left scratch file(s) left"
done

[[ $struck -ge 2 ]] || fail "only $struck of 4 kills struck a first import part-way: the test needs a bigger caseload"

# A re-band with new tariffs, killed part-way: all of its decisions or none.
struck=0
db=$tmp/first-0.8.db
before=$(sqlite3 "$db" "SELECT count(*) FROM decisions")
for delay in 0.1 0.3 0.6 1.0; do
  cp "$db" "$tmp/r.db"
  "$bin" reband --db "$tmp/r.db" --rules $rules --as-of 2026-04-01 >/dev/null 2>&1 & pid=$!
  sleep "$delay"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  now=$(sqlite3 "$tmp/r.db" "SELECT count(*) FROM decisions")
  rebands=$(sqlite3 "$tmp/r.db" "SELECT count(*) FROM audit_log WHERE action = 'caseload.reband'")
  if [[ $rebands == 0 ]]; then
    struck=$((struck + 1))
    [[ $now == "$before" ]] || fail "re-band killed at $delay s: $now decisions, expected $before (nothing)"
  else
    [[ $now -gt $before ]] || fail "re-band killed at $delay s: logged as done but no new decisions"
  fi
  intact "$tmp/r.db" "re-band killed at $delay s"
  rm -f "$tmp/r.db" "$tmp/r.db-wal" "$tmp/r.db-shm" "$tmp/r.db-journal"
done

[[ $struck -ge 2 ]] || fail "only $struck of 4 kills struck a re-band part-way: the test needs a bigger caseload"

if ((failures)); then echo "$failures crash-safety problem(s)"; exit 1; fi
echo "ok: imports and re-bands killed at 8 points (most part-way) left whole databases, and nothing behind"
