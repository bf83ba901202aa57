# Reading an .xlsx back in tests, with unzip and sed only, and an exact-text check (sourced by
# the test scripts, which count `failures`).
# same NAME ACTUAL EXPECTED: exact text.
same() {
  if [[ "$2" == "$3" ]]; then
    echo "ok: $1"
  else
    echo "FAIL: $1"
    diff -u <(echo "$3") <(echo "$2") | tail -n +3
    failures=$((failures + 1))
  fi
}
# xlsx_sheets FILE: the sheet names in workbook order, each with the part that holds it.
xlsx_sheets() {
  local rels
  rels=$(unzip -p "$1" xl/_rels/workbook.xml.rels)
  unzip -p "$1" xl/workbook.xml | grep -o '<sheet [^>]*>' | while IFS= read -r sheet; do
    local name id
    name=$(sed -E 's#.* name="([^"]*)".*#\1#' <<<"$sheet")
    id=$(sed -E 's#.* r:id="([^"]*)".*#\1#' <<<"$sheet")
    echo "$name: xl/$(grep -o "<Relationship Id=\"$id\"[^>]*>" <<<"$rels" | sed -E 's#.* Target="([^"]*)".*#\1#')"
  done
}
# xlsx_cells FILE PART: every cell of worksheet PART as REF=VALUE, one a line in sheet order; a
# string is resolved (shared or inline) and unescaped; a number with a number format shows the
# format from xl/styles.xml, as REF=VALUE (FORMAT).
xlsx_cells() {
  local shared=() styles xfs
  if unzip -l "$1" xl/sharedStrings.xml >/dev/null 2>&1; then
    mapfile -t shared < <(unzip -p "$1" xl/sharedStrings.xml | sed 's#</si>#</si>\n#g' | grep -o '<si>.*</si>' | sed -E 's#<[^>]+>##g')
  fi
  styles=$(unzip -p "$1" xl/styles.xml)
  xfs=$(sed -E 's#.*<cellXfs[^>]*>(.*)</cellXfs>.*#\1#' <<<"$styles" | sed 's#<xf #\n<xf #g' | grep '^<xf ')
  unzip -p "$1" "$2" | sed 's#<c r=#\n<c r=#g; s#</row>#\n</row>#g' | grep '^<c r=' | while IFS= read -r c; do
    local ref val fmt="" style id
    ref=$(sed -E 's#^<c r="([A-Z]+[0-9]+)".*#\1#' <<<"$c")
    if [[ "$c" == *' t="s"'* ]]; then
      val=${shared[$(sed -E 's#.*<v>([0-9]+)</v>.*#\1#' <<<"$c")]}
    elif [[ "$c" == *' t="inlineStr"'* ]]; then
      val=$(sed -E 's#.*<is>(.*)</is>.*#\1#; s#<[^>]+>##g' <<<"$c")
    else
      val=$(sed -nE 's#.*<v>([^<]*)</v>.*#\1#p' <<<"$c")
      style=$(sed -nE 's#^<c [^>]*s="([0-9]+)".*#\1#p' <<<"$c")
      if [[ -n "$style" ]]; then
        id=$(sed -n "$((style + 1))p" <<<"$xfs" | sed -E 's#.*numFmtId="([0-9]+)".*#\1#')
        [[ "$id" != 0 ]] && fmt=" ($(grep -o "<numFmt numFmtId=\"$id\" formatCode=\"[^\"]*\"" <<<"$styles" | sed -E 's#.*formatCode="([^"]*)"#\1#'))"
      fi
    fi
    val=$(sed 's#&lt;#<#g; s#&gt;#>#g; s#&quot;#"#g; s#&apos;#'"'"'#g; s#&amp;#\&#g' <<<"$val")
    echo "$ref=$val$fmt"
  done
}
