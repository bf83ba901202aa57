#!/usr/bin/env bash
# The CLI case runner's `absent` check can fail: tests/cli_case.sh is run on the cases in
# tests/fixtures/cli-runner, which must each fail with exactly the runner's message.
# Usage: tests/cli_case_selftest.sh PATH/TO/sendband   (run from the repository root)
set -u
bin=$1
cases=tests/fixtures/cli-runner
failures=0
expect() {  # case expected-runner-output
  local actual rc
  actual=$(bash tests/cli_case.sh "$bin" "$cases/$1" 2>&1)
  rc=$?
  if [[ $rc != 1 || "$actual" != "$2" ]]; then
    echo "FAIL: $1: expected exit 1 and:"
    echo "$2"
    echo "got exit $rc and:"
    echo "$actual"
    failures=$((failures + 1))
  else
    echo "ok: $1"
  fi
}

# The command writes the file the case lists as absent.
expect writes-a-listed-file "--- @TMP@/caseload.csv exists after the run, but the case promises it is not written ($cases/writes-a-listed-file/absent)
--- the case's temporary folder is not empty after the run, but the case promises to write nothing:
@TMP@/caseload.csv"

# A path the arguments never name, or one outside the case's temporary folder, cannot be checked.
expect bad-absent-list "--- $cases/bad-absent-list/absent: \"@TMP@/x.csv\" is not an argument in $cases/bad-absent-list/args, so checking it could never fail
--- $cases/bad-absent-list/absent: \"build/x.csv\" must be a path under @TMP@/ (the case's own temporary folder)"

((failures == 0))
