#!/usr/bin/env bash
# Runs one CLI golden case: tests/cli/NAME/{args,expected.out,expected.err,expected.rc}, and
# optionally tests/cli/NAME/absent.
# Set SENDBAND_UPDATE_GOLDEN=1 to (re)write the expectations from the actual output.
#
# Each case runs with a fresh, empty temporary folder of its own. In `args`, @TMP@ stands for it
# (e.g. --out @TMP@/banded.csv), and in the outputs the folder's path is shown as @TMP@, so the
# expectations do not depend on where it is.
#
# `absent`, for a case that promises to write nothing: one path a line, each under @TMP@ (so it
# is unique to the case and cannot exist before the run) and named in `args`. After the run each
# must not exist, and the temporary folder must still be empty (no stray temporary file either).
set -u
bin=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
mapfile -t args < "$dir/args"
for i in "${!args[@]}"; do args[i]=${args[i]//@TMP@/$tmp}; done

absent=()
if [[ -f "$dir/absent" ]]; then
  mapfile -t listed < "$dir/absent"
  for p in "${listed[@]}"; do
    [[ -z "$p" ]] && continue
    if [[ "$p" != "@TMP@/"?* ]]; then
      echo "--- $dir/absent: \"$p\" must be a path under @TMP@/ (the case's own temporary folder)"
      status=1
      continue
    fi
    if ! grep -qxF -- "$p" "$dir/args"; then
      echo "--- $dir/absent: \"$p\" is not an argument in $dir/args, so checking it could never fail"
      status=1
      continue
    fi
    absent+=("$p")
  done
  if ((${#absent[@]} == 0 && status == 0)); then
    echo "--- $dir/absent lists no path"
    status=1
  fi
fi

out=$(mktemp) err=$(mktemp)
trap 'rm -rf "$tmp" "$out" "$err"' EXIT
"$bin" "${args[@]}" >"$out" 2>"$err"
rc=$?
sed -i "s#$tmp#@TMP@#g" "$out" "$err"
if [[ "${SENDBAND_UPDATE_GOLDEN:-}" == 1 ]]; then
  cp "$out" "$dir/expected.out"; cp "$err" "$dir/expected.err"; echo "$rc" > "$dir/expected.rc"
  echo "updated $dir"; exit 0
fi
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
if [[ -f "$dir/absent" ]]; then
  for p in "${absent[@]}"; do
    if [[ -e "${p/@TMP@/$tmp}" ]]; then
      echo "--- $p exists after the run, but the case promises it is not written ($dir/absent)"
      status=1
    fi
  done
  left=$(cd "$tmp" && find . -mindepth 1 | sort | sed 's#^\./#@TMP@/#')
  if [[ -n "$left" ]]; then
    echo "--- the case's temporary folder is not empty after the run, but the case promises to write nothing:"
    echo "$left"
    status=1
  fi
fi
exit $status
