#!/usr/bin/env bash
# The layering rules of docs/architecture.md, checked on a source tree (default: this repository):
#  1. A file in calculator/src/A includes headers only from A itself or folders below it, in the order
#       core < rules < banding < caseload < forecast < store < workflows < reports < cli
#  2. No SQL text outside calculator/src/store/ (and tests/): no SELECT/INSERT/UPDATE/DELETE/CREATE/
#     PRAGMA statements in the engine above the store, the CLI or the app.
#  3. The database seam is the store's own: only calculator/src/store/ names store/Database.h,
#     store/SqliteDatabase.h, store/Schema.h, store/Columns.h or store_internal::.
# Prints one line per breach, "FILE:LINE: what", and exits 1 if there is any; 0 and a count otherwise.
set -uo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root" || exit 2
order=(core rules banding caseload forecast store workflows reports cli)
rank() { local i; for i in "${!order[@]}"; do [[ "${order[$i]}" == "$1" ]] && { echo "$i"; return; }; done; echo -1; }

bad=0
report() { echo "$1"; bad=$((bad + 1)); }

files=$(find calculator/src qml -type f \( -name '*.h' -o -name '*.cpp' \) 2>/dev/null | sort)
for f in $files; do
  case "$f" in
    calculator/src/*) layer=$(echo "$f" | cut -d/ -f3) ;;
    qml/*) layer=app ;;
  esac
  if [[ "$layer" != app ]]; then
    own=$(rank "$layer")
    if [[ "$own" -lt 0 ]]; then report "$f:1: folder calculator/src/$layer is not a known layer (${order[*]})"; continue; fi
    while IFS=: read -r line inc; do
      dir=${inc%%/*}
      r=$(rank "$dir")
      [[ "$r" -lt 0 ]] && continue  # a header of the same folder without a path, or a system header
      if [[ "$r" -gt "$own" ]]; then report "$f:$line: $layer includes $inc from $dir, a layer above it"; fi
    done < <(grep -n -o -E '^#include "[a-z]+/[A-Za-z0-9_]+\.h"' "$f" | sed -E 's/#include "([^"]+)"/\1/')
  fi
  if [[ "$layer" != store ]]; then
    while IFS=: read -r line _; do
      report "$f:$line: SQL outside calculator/src/store/"
    done < <(grep -n -E '"[^"]*\b(SELECT [a-z*(]|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|UNIQUE INDEX|TRIGGER)|PRAGMA [a-z_]+|ALTER TABLE|BEGIN IMMEDIATE)|R"sql\(' "$f")
    while IFS=: read -r line _; do
      report "$f:$line: uses the store's database seam, which is private to calculator/src/store/"
    done < <(grep -n -E '#include "store/(Database|SqliteDatabase|Schema|Columns)\.h"|store_internal::' "$f")
  fi
done
if ((bad)); then
  echo "$bad layering problem(s)"
  exit 1
fi
echo "layering ok: $(echo "$files" | wc -w) files"
