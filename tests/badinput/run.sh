#!/usr/bin/env bash
# The bad-input corpus (tests/badinput/README.md): every mutant in manifest.tsv is either accepted
# with exactly its original's figures (`same`), or refused with exit 1 or 2, a message naming the
# file and line, and nothing written (`refused`). Also checks that generate.py reproduces the
# committed corpus byte for byte, and that the originals still give the committed expectations
# under expected/.
#
# Usage: tests/badinput/run.sh PATH/TO/sendband                  (from anywhere)
#        tests/badinput/run.sh PATH/TO/sendband --write-expected (rewrite expected/ from the originals)
#        tests/badinput/run.sh PATH/TO/sendband --corpus DIR     (check another corpus, such as one
#          written by generate.py --with-known-defects --out DIR; the drift check is then skipped)
# Prints one line per failure and a summary; exits 1 on any failure.
set -u
usage() { echo "usage: $0 PATH/TO/sendband [--write-expected] [--corpus DIR]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
mode=
corpus=
while [[ $# -gt 0 ]]; do
  case $1 in
    --write-expected) mode=--write-expected; shift ;;
    --corpus) [[ $# -ge 2 ]] || usage; corpus=$(cd "$2" && pwd) || exit 2; shift 2 ;;
    *) usage ;;
  esac
done
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2
export SENDBAND_NOW=2026-01-01T00:00:00Z
rel=tests/badinput
# Mutants are named to sendband by their path from the repository root (as ctest runs), so the
# messages it prints start with that path.
cdir=$rel
[[ -n $corpus ]] && cdir=$corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# (Builtins where a loop runs 700 times: a fork per call is most of the run time.)
firstline() { local l=; IFS= read -r l <"$1"; printf '%s' "${l%$'\r'}"; }

# A note is "key=value key=value ... | description"; parse_note NOTE sets src, at, caseload,
# rules, as_of and n (the source's name, for expected/).
parse_note() {
  local kv kvs
  src= at= caseload= rules= as_of=
  read -r -a kvs <<<"${1%% | *}"
  for kv in "${kvs[@]}"; do
    case $kv in
      src=*) src=${kv#*=} ;;
      at=*) at=${kv#*=} ;;
      caseload=*) caseload=${kv#*=} ;;
      rules=*) rules=${kv#*=} ;;
      as_of=*) as_of=${kv#*=} ;;
    esac
  done
  n=${src##*/}
  n=${n%.*}
}
fin_year() {  # sets fy to the financial year (2025-26) holding as_of
  local y=${as_of:0:4}
  ((10#${as_of:5:2} < 4)) && y=$((y - 1))
  printf -v fy '%d-%02d' "$y" $(((y + 1) % 100))
}
sorted_rows() { head -n 1 "$1"; tail -n +2 "$1" | LC_ALL=C sort; }

# ---- 1. The corpus is what generate.py writes: it cannot drift from its script. ----
if [[ -n $corpus ]]; then
  :
elif ! command -v python3 >/dev/null; then
  fail "python3 is needed to check that generate.py reproduces the corpus"
elif ! python3 "$here/generate.py" --out "$tmp/gen" >"$tmp/gen.out" 2>&1; then
  fail "generate.py failed: $(tail -n 1 "$tmp/gen.out")"
else
  for part in rules caseloads originals manifest.tsv; do
    if ! diff -rq "$tmp/gen/$part" "$here/$part" >"$tmp/gen.diff" 2>&1; then
      fail "$rel/$part differs from what generate.py writes (run python3 $rel/generate.py): $(head -n 1 "$tmp/gen.diff")"
    fi
  done
fi

manifest=$cdir/manifest.tsv
nrules=$(grep -c "^rules/" "$manifest")
ncase=$(grep -c "^caseloads/" "$manifest")
# The issue asks for at least 200 of each.
((nrules >= 200)) || fail "only $nrules rule sets in the manifest (at least 200 wanted)"
((ncase >= 200)) || fail "only $ncase caseloads in the manifest (at least 200 wanted)"

# ---- 2. The originals' figures: computed now, and compared with the committed, hand-checkable ones. ----
mkdir -p "$tmp/orig"
declare -A done_src
expect_file() {  # NAME FILE: FILE must equal expected/NAME (or becomes it with --write-expected)
  if [[ $mode == --write-expected ]]; then
    mkdir -p "$here/expected"
    cp "$2" "$here/expected/$1"
  elif ! cmp -s "$2" "$here/expected/$1"; then
    fail "the original's output differs from $rel/expected/$1 (check by hand, then run.sh BIN --write-expected)"
  fi
}
while IFS=$'\t' read -r path expect note; do
  path=$cdir/$path
  [[ $expect == same ]] || continue
  parse_note "$note"
  [[ -n ${done_src[$src]:-} ]] && continue
  done_src[$src]=1
  asof=$as_of
  if [[ $path == "$cdir/rules/"* ]]; then
    "$bin" band --rules "$src" --caseload "$caseload" --as-of "$asof" --out - >"$tmp/orig/rules-$n.band.csv" 2>"$tmp/err" ||
      fail "$src: band of the original failed: $(firstline "$tmp/err")"
    "$bin" rules check "$src" 2>"$tmp/err" | sed -n 's/.*; sha256 \([0-9a-f]*\))$/\1/p' >"$tmp/orig/rules-$n.sha256"
    expect_file "rules-$n.band.csv" "$tmp/orig/rules-$n.band.csv"
    expect_file "rules-$n.sha256" "$tmp/orig/rules-$n.sha256"
  else
    fin_year
    "$bin" band --rules "$rules" --caseload "$src" --as-of "$asof" --out "$tmp/band.csv" >/dev/null 2>"$tmp/err" ||
      fail "$src: band of the original failed: $(firstline "$tmp/err")"
    sorted_rows "$tmp/band.csv" >"$tmp/orig/caseload-$n.band-sorted.csv"
    rm -f "$tmp/o.sqlite"
    "$bin" import --db "$tmp/o.sqlite" --rules "$rules" --as-of "$asof" "$src" >/dev/null 2>"$tmp/err" ||
      fail "$src: import of the original failed: $(firstline "$tmp/err")"
    "$bin" totals --db "$tmp/o.sqlite" --fy "$fy" >"$tmp/orig/caseload-$n.totals.txt"
    "$bin" totals --db "$tmp/o.sqlite" --fy "$fy" --by band --format csv >"$tmp/orig/caseload-$n.totals-by-band.csv"
    for f in band-sorted.csv totals.txt totals-by-band.csv; do expect_file "caseload-$n.$f" "$tmp/orig/caseload-$n.$f"; done
  fi
done <"$manifest"

# ---- 3. A database that refused input must leave alone. ----
# One import of small.csv; each refused mutant is tried on a fresh copy of it in an otherwise
# empty folder. "Unchanged" is checked with cmp against the untouched original: byte for byte,
# like comparing sha256 sums, without two more processes per file. "No leftover files" is the
# folder listing: only the copy (no -journal, -wal, scratch or result file).
base=$tmp/base.sqlite
"$bin" import --db "$base" --rules rules/example.yaml --as-of 2025-09-01 tests/fixtures/caseloads/small.csv >/dev/null 2>"$tmp/err" ||
  fail "the base database could not be made: $(firstline "$tmp/err")"
box=$tmp/box
mkdir "$box"
shopt -s dotglob nullglob
empty_box() { local f; for f in "$box"/*; do rm -rf "$f"; done; }
fresh_copy() { empty_box; cp "$base" "$box/db.sqlite"; }
untouched() {  # PATH WHAT: the copy is byte for byte the base and alone in its folder
  if ! cmp -s "$base" "$box/db.sqlite"; then fail "$1: $2 changed the database"; fi
  local f left=
  for f in "$box"/*; do [[ $f == "$box/db.sqlite" ]] || left+="${f##*/} "; done
  if [[ -n $left ]]; then fail "$1: $2 left files beside the database: $left"; fi
}

# Where a refusal must point. Rule-set diagnostics are "FILE:LINE:COLUMN: error: MESSAGE";
# caseload problems are "FILE:LINE: [column C: ]MESSAGE" (docs/rules-format.md, docs/caseload-csv.md).
#   at=line:N  the first line of stderr names the file and a line >= 1, and some line names line N
#              (the line the mutation is on, known by construction; problems are listed by line,
#              so a mutation that also upsets an earlier line is still named)
#   at=line    as above, without N: where a YAML parser notices an unclosed bracket or a missing
#              key depends on the parser, not on the mutation
#   at=file    a problem of the whole file (an empty file, only comments): no line exists to name,
#              so the first line must be "FILE: " and a message, with no line number
where() {  # KIND(rules|caseload) PATH AT STDERR_FILE WHAT
  local kind=$1 path=$2 at=$3 err=$4 what=$5 first= rest
  IFS= read -r first <"$err"
  first=${first%$'\r'}
  if [[ $first != "$path:"* ]]; then
    fail "$path: $what: stderr does not start with the file name: ${first:0:160}"
    return
  fi
  rest=${first#"$path:"}
  local lineform='^[1-9][0-9]*: '
  [[ $kind == rules ]] && lineform='^[1-9][0-9]*:[0-9]+: error: '
  case $at in
    line*)
      if ! [[ $rest =~ $lineform ]]; then fail "$path: $what: the message names no line: ${first:0:160}"; return; fi
      if [[ $at == line:* ]]; then
        local n=${at#line:}
        if ! grep -q -F "$path:$n:" "$err"; then fail "$path: $what: no message names line $n: ${first:0:160}"; fi
      fi
      ;;
    file)
      if ! [[ $rest =~ ^\ .+ ]] || [[ $rest =~ ^[0-9] ]]; then fail "$path: $what: expected a whole-file message \"$path: ...\": ${first:0:160}"; fi
      ;;
    *) fail "$path: bad at=$at in the manifest" ;;
  esac
}

# ---- 4. Every mutant. ----
while IFS=$'\t' read -r path expect note; do
  path=$cdir/$path
  parse_note "$note"
  asof=$as_of
  if [[ $path == "$cdir/rules/"* && $expect == same ]]; then
    "$bin" rules check "$path" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if ((rc != 0)); then fail "$path (same): rules check exit $rc: $(firstline "$tmp/err")"; continue; fi
    # Comments, quoting, order and layout do not change the rule-set hash (docs/rules-format.md).
    h=
    IFS= read -r h <"$tmp/out"
    h=${h##*; sha256 }
    h=${h%)}
    want=
    IFS= read -r want <"$here/expected/rules-$n.sha256"
    [[ $h == "$want" ]] || fail "$path (same): sha256 $h is not the original's ($want)"
    "$bin" band --rules "$path" --caseload "$caseload" --as-of "$asof" --out - >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if ((rc != 0)); then fail "$path (same): band exit $rc: $(firstline "$tmp/err")"; continue; fi
    cmp -s "$tmp/out" "$here/expected/rules-$n.band.csv" || fail "$path (same): band output differs from $rel/expected/rules-$n.band.csv"
    cmp -s "$tmp/out" "$tmp/orig/rules-$n.band.csv" || fail "$path (same): band output differs from the original's ($src)"
  elif [[ $path == "$cdir/rules/"* ]]; then
    "$bin" rules check "$path" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if ((rc != 1 && rc != 2)); then fail "$path (refused): rules check exit $rc, expected 1 or 2: $(firstline "$tmp/out")$(firstline "$tmp/err")"; continue; fi
    where rules "$path" "$at" "$tmp/err" "rules check"
    fresh_copy
    "$bin" import --db "$box/db.sqlite" --rules "$path" --as-of 2025-09-01 tests/fixtures/caseloads/small.csv >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if ((rc != 1 && rc != 2)); then fail "$path (refused): import exit $rc, expected 1 or 2: $(firstline "$tmp/err")"; fi
    where rules "$path" "$at" "$tmp/err" "import"
    untouched "$path" "import"
  elif [[ $expect == same ]]; then
    fin_year
    "$bin" band --rules "$rules" --caseload "$path" --as-of "$asof" --out "$tmp/band.csv" >/dev/null 2>"$tmp/err"
    rc=$?
    if ((rc != 0)); then fail "$path (same): band --caseload exit $rc: $(firstline "$tmp/err")"; continue; fi
    # Rows may be reordered: per-plan figures are compared by reference.
    sorted_rows "$tmp/band.csv" >"$tmp/out"
    cmp -s "$tmp/out" "$here/expected/caseload-$n.band-sorted.csv" || fail "$path (same): band --caseload figures differ from $rel/expected/caseload-$n.band-sorted.csv"
    empty_box
    "$bin" import --db "$box/db.sqlite" --rules "$rules" --as-of "$asof" "$path" >/dev/null 2>"$tmp/err"
    rc=$?
    if ((rc != 0)); then fail "$path (same): import exit $rc: $(firstline "$tmp/err")"; continue; fi
    "$bin" totals --db "$box/db.sqlite" --fy "$fy" >"$tmp/out" 2>&1
    cmp -s "$tmp/out" "$here/expected/caseload-$n.totals.txt" || fail "$path (same): totals differ from $rel/expected/caseload-$n.totals.txt"
    "$bin" totals --db "$box/db.sqlite" --fy "$fy" --by band --format csv >"$tmp/out" 2>&1
    cmp -s "$tmp/out" "$here/expected/caseload-$n.totals-by-band.csv" || fail "$path (same): totals by band differ from $rel/expected/caseload-$n.totals-by-band.csv"
  elif [[ $expect == refused-import ]]; then
    fresh_copy
    "$bin" import --db "$box/db.sqlite" --rules "$rules" --as-of "$asof" "$path" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if ((rc != 1 && rc != 2)); then fail "$path (refused-import): import exit $rc, expected 1 or 2: $(firstline "$tmp/out")$(firstline "$tmp/err")"; fi
    where caseload "$path" "$at" "$tmp/err" "import"
    untouched "$path" "import"
    empty_box
    "$bin" band --rules "$rules" --caseload "$path" --as-of "$asof" --out "$box/result.csv" >/dev/null 2>"$tmp/err"
    rc=$?
    ((rc == 0)) || fail "$path (refused-import): band --caseload, which has no database to clash with, exit $rc: $(firstline "$tmp/err")"
  elif [[ $expect == refused ]]; then
    fresh_copy
    "$bin" import --db "$box/db.sqlite" --rules "$rules" --as-of "$asof" "$path" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if ((rc != 1 && rc != 2)); then fail "$path (refused): import exit $rc, expected 1 or 2: $(firstline "$tmp/out")$(firstline "$tmp/err")"; fi
    where caseload "$path" "$at" "$tmp/err" "import"
    untouched "$path" "import"
    "$bin" band --rules "$rules" --caseload "$path" --as-of "$asof" --out "$box/result.csv" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if ((rc != 1 && rc != 2)); then fail "$path (refused): band --caseload exit $rc, expected 1 or 2: $(firstline "$tmp/out")$(firstline "$tmp/err")"; fi
    where caseload "$path" "$at" "$tmp/err" "band --caseload"
    untouched "$path" "band --caseload"
  else
    fail "$path: unknown class '$expect' in the manifest"
  fi
done <"$manifest"

if ((failures == 0)); then
  echo "bad-input corpus: $nrules rule sets, $ncase caseloads: all as expected"
else
  echo "bad-input corpus: $nrules rule sets, $ncase caseloads: $failures failure(s)"
fi
((failures == 0))
