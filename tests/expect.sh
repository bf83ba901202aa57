# Shared by the end-to-end shell tests: `fail MESSAGE` counts a failure in $fails, and
# `expect RC "EXPECTED STDOUT" "EXPECTED STDERR" -- command...` runs a command in the current
# folder and checks its exit code and both outputs exactly. Source it after setting fails=0.
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

expect() {
  local rc=$1 out=$2 err=$3
  shift 3
  "$@" > out.txt 2> err.txt
  local got=$?
  [[ $got == "$rc" ]] || fail "$* exited $got, expected $rc (stderr: $(cat err.txt))"
  [[ "$(cat out.txt)" == "$out" ]] || fail "$*: stdout was:
$(cat out.txt)
expected:
$out"
  [[ "$(cat err.txt)" == "$err" ]] || fail "$*: stderr was:
$(cat err.txt)
expected:
$err"
}
