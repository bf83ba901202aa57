#!/usr/bin/env bash
# Runs one CLI golden case: tests/cli/NAME/{args,expected.out,expected.err,expected.rc}.
# Set SENDBAND_UPDATE_GOLDEN=1 to (re)write the expectations from the actual output.
set -u
bin=$1
dir=$2
mapfile -t args < "$dir/args"
out=$(mktemp) err=$(mktemp)
"$bin" "${args[@]}" >"$out" 2>"$err"
rc=$?
if [[ "${SENDBAND_UPDATE_GOLDEN:-}" == 1 ]]; then
  cp "$out" "$dir/expected.out"; cp "$err" "$dir/expected.err"; echo "$rc" > "$dir/expected.rc"
  echo "updated $dir"; rm -f "$out" "$err"; exit 0
fi
status=0
check() {  # name actual expected
  if ! diff -u "$3" "$2" >/dev/null 2>&1; then
    cp "$2" "$dir/$1.fail"
    echo "--- $dir/$1 differs (actual saved as $dir/$1.fail):"
    diff -u "$3" "$2"
    status=1
  else
    rm -f "$dir/$1.fail"
  fi
}
check expected.out "$out" "$dir/expected.out"
check expected.err "$err" "$dir/expected.err"
echo "$rc" > "$out"
check expected.rc "$out" "$dir/expected.rc"
rm -f "$out" "$err"
exit $status
