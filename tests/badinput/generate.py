#!/usr/bin/env python3
"""Writes the bad-input corpus of tests/badinput (see README.md there).

Every file is a mutant of a shipped rule set or caseload, and its class is stated here by
construction, never by running sendband:

  same     a change the formats allow without a change of meaning (comments, quoting, line
           ends, a byte-order mark, order of keys, columns or rows...): the mutant must be
           accepted and give exactly the figures of its original;
  refused  a change that breaks a rule of the format (docs/rules-format.md,
           docs/caseload-csv.md, YAML 1.2, RFC 4180): the mutant must be refused with its
           file and line, and nothing written.
  refused-import  (caseloads only) a file that is valid alone but clashes with what the base
           database holds: import must refuse it as above; band --caseload accepts it.

Deterministic: one random.Random(20261203), no clock, no environment, sorted inputs. The same
sources give byte-for-byte the same corpus, which tests/badinput/run.sh checks.

Usage: python3 tests/badinput/generate.py [--out DIR]   (DIR defaults to tests/badinput)
"""

import argparse
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 20261203

# Each shipped rule set, the caseload its `same` mutants are banded with, and an as-of date
# inside its effective period (the dates of SENDBAND_GENERATE_AS_OF in tests/CMakeLists.txt).
# The caseloads under tests/badinput/sources were made once with `sendband generate` (README.md).
RULE_SOURCES = [
    ("rules/example.yaml", "tests/fixtures/caseloads/small.csv", "2025-09-01"),
    ("rules/herefordshire.yaml", "tests/badinput/sources/herefordshire.csv", "2025-01-15"),
    ("rules/telford-wrekin.yaml", "tests/badinput/sources/telford-wrekin.csv", "2025-01-15"),
    ("rules/devon.yaml", "tests/badinput/sources/devon.csv", "2023-01-15"),
    ("rules/worcestershire-early-years.yaml", "tests/badinput/sources/worcestershire-early-years.csv", "2024-09-15"),
]

# Caseload sources, both for rules/example.yaml as of 2025-09-01. sample-head is the header and
# the first 30 plans of data/sample-caseload.csv, written by this script under originals/.
CASELOAD_RULES = "rules/example.yaml"
CASELOAD_AS_OF = "2025-09-01"
SAMPLE_HEAD = "tests/badinput/originals/sample-head.csv"
CASELOAD_SOURCES = ["tests/fixtures/caseloads/small.csv", SAMPLE_HEAD]

BOM = b"\xef\xbb\xbf"

# Mutants that sendband handles wrongly today (README.md, "Known defects"). They are drawn like
# every other mutant, so the corpus is the same with or without them, but written only with
# --with-known-defects; their numbers are left out of the committed corpus. Once a defect is
# fixed, set its constant to None and regenerate.
DEFECT_METADATA = None  # fixed: see the test in tests/unit or the import's first look at the store
DEFECT_SCHOOL_PRICE = None  # fixed: see the test in tests/unit or the import's first look at the store
DEFECT_UPLIFT = None  # fixed: see the test in tests/unit or the import's first look at the store
DEFECT_UPLIFT_DUP = None  # fixed: see the test in tests/unit or the import's first look at the store
DEFECT_CR = None  # fixed: see the test in tests/unit or the import's first look at the store
DEFECT_HEADER = None  # fixed: see the test in tests/unit or the import's first look at the store


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def short(src):
    return os.path.splitext(os.path.basename(src))[0]


# ---------------------------------------------------------------------------------------------
# A little YAML line analysis: enough to find, in the shipped files, the places where a change
# has a known effect. Each line is classified as blank, comment, node (starts a key or a list
# item in block context), block (inside a | or > block scalar) or flow (inside a flow
# collection that spans lines). Quotes open only where a scalar may start, so the apostrophe
# in "the school's budget" is text.
# ---------------------------------------------------------------------------------------------

def scalar_start(s, i):
    j = i - 1
    while j >= 0 and s[j] in " \t":
        j -= 1
    if j < 0:
        return True
    if s[j] in "[{,":
        return True
    return s[j] in ":-?" and j + 1 < i


def scan(s, depth=0):
    """(content without comment, flow depth after the line, [(i, char) of flow brackets])."""
    q = None
    brackets = []
    i = 0
    while i < len(s):
        c = s[i]
        if q == '"':
            if c == "\\":
                i += 2
                continue
            if c == '"':
                q = None
        elif q == "'":
            if c == "'":
                if i + 1 < len(s) and s[i + 1] == "'":
                    i += 2
                    continue
                q = None
        else:
            if c == "#" and (i == 0 or s[i - 1] in " \t"):
                return s[:i].rstrip(), depth, brackets
            if c in "\"'" and scalar_start(s, i):
                q = c
            elif c in "[{" and scalar_start(s, i):
                depth += 1
                brackets.append((i, c))
            elif c in "]}" and depth > 0:
                depth -= 1
                brackets.append((i, c))
        i += 1
    return s.rstrip(), depth, brackets


KEY_RE = re.compile(r"""^(\s*)((?:-\s+)*)("[^"]*"|'[^']*'|[A-Za-z0-9_][A-Za-z0-9_.\-]*)\s*:(?:\s+(.*))?$""")
ITEM_RE = re.compile(r"^(\s*)-(\s|$)")
BLOCK_IND_RE = re.compile(r"(?:^|\s)[|>][-+]?[0-9]?$")


class Line:
    def __init__(self, text):
        self.text = text
        self.kind = None
        self.indent = len(text) - len(text.lstrip(" "))
        self.content = ""
        self.key = None       # the key of a key line (or of a "- key:" item line)
        self.value = None     # its value, comment stripped ('' when it opens a nested block)
        self.item = False     # the line starts a list item
        self.key_indent = None
        self.depth_after = 0
        self.path = ()        # keys of the enclosing block mappings


def analyse(text):
    lines = [Line(t) for t in text.split("\n")]
    block_parent = None
    depth = 0
    stack = []  # (key indent, key)
    for ln in lines:
        stripped = ln.text.strip()
        if block_parent is not None:
            if stripped == "" or ln.indent > block_parent:
                ln.kind = "block"
                continue
            block_parent = None
        if depth > 0:
            ln.kind = "flow"
        elif stripped == "":
            ln.kind = "blank"
        elif stripped.startswith("#"):
            ln.kind = "comment"
        else:
            ln.kind = "node"
        if ln.kind in ("blank", "comment"):
            continue
        ln.content, depth, _ = scan(ln.text, depth)
        ln.depth_after = depth
        if ln.kind != "node":
            continue
        m = KEY_RE.match(ln.content)
        ln.item = bool(ITEM_RE.match(ln.content))
        if m:
            ln.key = m.group(3).strip("\"'")
            ln.value = m.group(4) or ""
            ln.key_indent = len(m.group(1)) + len(m.group(2))
        elif ln.item:
            ln.key_indent = ln.indent + 2
        else:
            raise SystemExit("generate.py: cannot classify line %r" % ln.text)
        while stack and stack[-1][0] >= ln.key_indent:
            stack.pop()
        ln.path = tuple(k for _, k in stack)
        if ln.key is not None and ln.value == "" and depth == 0:
            stack.append((ln.key_indent, ln.key))
        if BLOCK_IND_RE.search(ln.content) and (ln.value is not None or ln.item):
            block_parent = ln.indent
    return lines


def join(lines):
    return "\n".join(l if isinstance(l, str) else l.text for l in lines)


def texts(lines):
    return [l.text for l in lines]


def top_sections(lines):
    """[(start, end)] of each top-level key with the comments and blank lines before it."""
    starts = [i for i, l in enumerate(lines) if l.kind == "node" and l.indent == 0]
    out = []
    for n, s in enumerate(starts):
        b = s
        while b > 0 and lines[b - 1].kind in ("comment", "blank") and (n == 0 or b - 1 > starts[n - 1]):
            b -= 1
        out.append([b, s])
    for n in range(len(out)):
        out[n][1] = out[n + 1][0] if n + 1 < len(out) else len(lines)
    return [tuple(x) for x in out]


# ---------------------------------------------------------------------------------------------
# Places in a rule set
# ---------------------------------------------------------------------------------------------

NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
NUMERIC_KEYS = {"score", "level", "place_funding", "element2_threshold", "entered_above",
                "approval_threshold", "min", "max", "year_days", "weeks_per_year", "sendband",
                "percent", "flat", "weight"}
ENTRY_RE = re.compile(r"""(?:^|(?<=[{,\s]))("[^"]*"|[A-Za-z0-9_][A-Za-z0-9_\-]*)\s*:\s+(-?[0-9]+(?:\.[0-9]+)?|[0-9]{4}-[0-9]{2}-[0-9]{2})(?=\s*(?:[,}]|$))""")


def is_amount_context(ln, key):
    p = ln.path
    if key == "place_funding":
        return True
    if "amounts" in p or (ln.key == "amounts"):
        return key not in NUMERIC_KEYS
    if len(p) >= 2 and p[0] == "tariffs" and p[1] == "schools":
        return True
    return False


def number_tokens(lines):
    """[(line index, start, end, key, is_amount)] of numbers given as key: number."""
    out = []
    for i, ln in enumerate(lines):
        if ln.kind != "node" or ln.depth_after != 0:
            continue
        for m in ENTRY_RE.finditer(ln.content):
            key = m.group(1).strip('"')
            val = m.group(2)
            if not re.fullmatch(NUMBER, val):
                continue
            amount = is_amount_context(ln, key)
            contextual = (key in ("from", "to") and "bands" in ln.path) or (key == "default" and "inputs" in ln.path)
            if amount or key in NUMERIC_KEYS or contextual:
                out.append((i, m.start(2), m.end(2), key, amount))
    return out


DATE_KEYS = {"effective_from", "effective_to", "from", "to"}


def date_tokens(lines):
    out = []
    for i, ln in enumerate(lines):
        if ln.kind != "node":
            continue
        for m in ENTRY_RE.finditer(ln.content):
            if m.group(1) in DATE_KEYS and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", m.group(2)):
                out.append((i, m.start(2), m.end(2), m.group(1)))
    return out


def expression_lines(lines):
    """[(line index, value start, value end)] of single-line expressions in block context."""
    out = []
    for i, ln in enumerate(lines):
        if ln.kind != "node" or not ln.value or ln.depth_after != 0 or BLOCK_IND_RE.search(ln.content):
            continue
        p = ln.path
        expr = (ln.key == "expr" or (p == ("funding",) and ln.key in ("top_up", "place"))
                or (p == ("banding",) and ln.key in ("score", "band")))
        if expr and not ln.value.startswith("{") and not ln.value.startswith("["):
            start = ln.content.rindex(ln.value)
            out.append((i, start, start + len(ln.value)))
    return out


RESERVED = {"if", "then", "else", "and", "or", "not", "in", "where", "true", "false"}


def identifiers(expr):
    """[(start, end)] of names in an expression, outside string literals."""
    out = []
    i = 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'":
            j = expr.find(c, i + 1)
            i = len(expr) if j < 0 else j + 1
            continue
        if c.isalpha() or c == "_":
            j = i
            while j < len(expr) and (expr[j].isalnum() or expr[j] == "_"):
                j += 1
            if expr[i:j] not in RESERVED:
                out.append((i, j))
            i = j
            continue
        i += 1
    return out


def single_line_flows(lines):
    """[(line index, open, close)] of flow collections opened and closed on one line, outermost."""
    out = []
    for i, ln in enumerate(lines):
        if ln.kind != "node" or ln.depth_after != 0:
            continue
        _, _, br = scan(ln.text)
        depth = 0
        start = None
        for pos, c in br:
            if c in "[{":
                if depth == 0:
                    start = (pos, c)
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    out.append((i, start[0], pos))
    return out


def split_flow(inner):
    """Split the inside of a flow collection at its top-level commas."""
    parts, depth, q, cur, i = [], 0, None, "", 0
    while i < len(inner):
        c = inner[i]
        if q:
            cur += c
            if q == '"' and c == "\\":
                cur += inner[i + 1]
                i += 2
                continue
            if c == q:
                q = None
        elif c in "\"'" and cur.strip() == "" or (c in "\"'" and re.search(r":\s*$", cur)):
            q = c
            cur += c
        elif c in "[{":
            depth += 1
            cur += c
        elif c in "]}":
            depth -= 1
            cur += c
        elif c == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    if cur.strip():
        parts.append(cur.strip())
    return parts


def safe_points(lines):
    """Indexes i such that a line inserted before line i stands between two nodes."""
    return [i for i, ln in enumerate(lines) if i > 0 and ln.kind == "node"]


def prev_node(lines, i):
    j = i - 1
    while j >= 0 and lines[j].kind != "node":
        j -= 1
    return j


def yaml_quote(s, rng):
    if rng.random() < 0.5:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "'" + s.replace("'", "''") + "'"


def is_plain_text_value(v):
    """A plain scalar that reads as text whatever the context: safe to quote."""
    if not v or v[0] in "\"'[{|>&*!%@`":
        return False
    if re.fullmatch(NUMBER, v) or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
        return False
    return v not in ("true", "false", "null", "~")


STRING_KEYS = {"name", "label", "authority", "framework", "title", "url", "code", "description",
               "descriptor", "id", "area", "setting_type", "mode", "to", "basis", "partial",
               "per", "funding", "value", "band", "otherwise"}


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------

class Corpus:
    def __init__(self):
        self.rules = []      # (slug, expect, note, bytes)
        self.caseloads = []
        self.seen = set()    # a mutant drawn twice is written once

    def fresh(self, kind, data):
        if (kind, data) in self.seen:
            return False
        self.seen.add((kind, data))
        return True

    def rule(self, slug, expect, src, data, desc, at=None, defect=None):
        if not self.fresh("rules", data):
            return
        rules_src = [r for r in RULE_SOURCES if r[0] == src][0]
        if expect == "same":
            note = "src=%s caseload=%s as_of=%s | %s" % (src, rules_src[1], rules_src[2], desc)
        else:
            note = "src=%s at=%s | %s" % (src, at, desc)
        self.rules.append((slug + "-" + short(src), expect, note, data, defect))

    def caseload(self, slug, expect, src, data, desc, at=None, defect=None):
        if not self.fresh("caseloads", data):
            return
        base = "src=%s rules=%s as_of=%s" % (src, CASELOAD_RULES, CASELOAD_AS_OF)
        note = base + (" at=%s" % at if expect != "same" else "") + " | " + desc
        self.caseloads.append((slug + "-" + short(src), expect, note, data, defect))


def enc(text, crlf=False, bom=False):
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return BOM + data if bom else data


def rules_same(c, rng, src, text):
    lines = analyse(text)
    pts = safe_points(lines)

    # Full-line comments between nodes.
    for n in range(2):
        k = rng.randint(3, 12)
        at = sorted(rng.sample(pts, k), reverse=True)
        t = texts(lines)
        for i in at:
            t.insert(i, " " * lines[i].indent + "# badinput: a comment (%d)" % rng.randint(0, 999))
        c.rule("comments", "same", src, enc("\n".join(t)), "%d full-line comments added between nodes" % k)

    # Comments at the end of key lines.
    t = texts(lines)
    cand = [i for i, ln in enumerate(lines) if ln.kind == "node" and ln.depth_after == 0 and "#" not in ln.text
            and not BLOCK_IND_RE.search(ln.content)]
    k = min(len(cand), rng.randint(5, 20))
    for i in rng.sample(cand, k):
        t[i] = t[i] + "   # badinput: end-of-line comment"
    c.rule("eol-comments", "same", src, enc("\n".join(t)), "%d end-of-line comments added" % k)

    # Line ends and byte-order mark.
    c.rule("crlf", "same", src, enc(text, crlf=True), "CRLF line ends")
    c.rule("bom", "same", src, enc(text, bom=True), "UTF-8 byte-order mark")
    c.rule("bom-crlf", "same", src, enc(text, crlf=True, bom=True), "UTF-8 byte-order mark and CRLF line ends")
    c.rule("cr-only", "same", src, enc(text.replace("\n", "\r")), "CR-only line ends (a line break in YAML 1.2, as in a caseload)", defect=DEFECT_CR)

    # Trailing blank lines, and trailing spaces after content outside block scalars.
    c.rule("trailing-blank-lines", "same", src, enc(text + "\n" * rng.randint(2, 6)), "blank lines added at the end")
    c.rule("trailing-blank-lines", "same", src, enc(text + "\n  \n\n    \n"), "blank and space-only lines added at the end")
    c.rule("no-final-newline", "same", src, enc(text.rstrip("\n")), "no line end after the last line")
    t = texts(lines)
    for i, ln in enumerate(lines):
        if ln.kind in ("node", "blank", "comment") and rng.random() < 0.5:
            t[i] = t[i] + " " * rng.randint(1, 4)
    c.rule("trailing-spaces", "same", src, enc("\n".join(t)), "spaces added at the end of lines outside block scalars")

    # Top-level keys reordered (each with the comments above it); the file's opening comment stays.
    secs = top_sections(lines)
    head = texts(lines)[: secs[0][0]]
    for n in range(2):
        order = list(range(len(secs)))
        while order == sorted(order):
            rng.shuffle(order)
        body = []
        for s in order:
            chunk = texts(lines)[secs[s][0]: secs[s][1]]
            while chunk and chunk[-1].strip() == "":
                chunk.pop()
            body += chunk + [""]
        names = [[l.key for l in lines[secs[s][0]:secs[s][1]] if l.kind == "node"][0] for s in order]
        c.rule("reordered-top-level", "same", src, enc("\n".join(head + body)), "top-level keys in the order " + ",".join(names))

    # Keys of one-line flow maps reordered.
    t = texts(lines)
    flows = [f for f in single_line_flows(lines) if lines[f[0]].text[f[1]] == "{"]
    k = 0
    for i, a, b in flows:
        parts = split_flow(t[i][a + 1: b])
        if len(parts) < 2 or any(":" not in p for p in parts):
            continue
        rng.shuffle(parts)
        t[i] = t[i][:a + 1] + ", ".join(parts) + t[i][b:]
        k += 1
    if k:
        c.rule("reordered-flow-keys", "same", src, enc("\n".join(t)), "keys of %d one-line flow maps shuffled" % k)

    # One-line flow maps and lists written in block style.
    t = texts(lines)
    k = 0
    cand = flows + [f for f in single_line_flows(lines) if lines[f[0]].text[f[1]] == "["]
    chosen = sorted(rng.sample(cand, min(len(cand), 14)), reverse=True)
    for i, a, b in chosen:
        ln = lines[i]
        prefix = t[i][:a]
        if t[i][b + 1:].strip() not in ("",) and not t[i][b + 1:].lstrip().startswith("#"):
            continue
        parts = split_flow(t[i][a + 1: b])
        if not parts:
            continue
        is_map = t[i][a] == "{"
        if is_map and any(":" not in p.split('"')[0] for p in parts):
            continue
        if not is_map and any(p.startswith("-") for p in parts):
            continue
        if ITEM_RE.match(prefix) and prefix.strip() == "-":
            ind = len(prefix)           # "  - {a: 1, b: 2}" -> "  - a: 1" / "    b: 2"
            first = prefix
        elif prefix.rstrip().endswith(":"):
            ind = ln.key_indent + 2     # "  k: {a: 1}" -> "  k:" / "    a: 1"
            first = None
        else:
            continue
        new = []
        for n, p in enumerate(parts):
            entry = p if is_map else "- " + p
            if n == 0 and first is not None:
                new.append(first + entry)
            else:
                new.append(" " * ind + entry)
        if first is None:
            new.insert(0, prefix.rstrip())
        t[i: i + 1] = new
        k += 1
        if k >= 12:
            break
    if k:
        c.rule("flow-to-block", "same", src, enc("\n".join(t)), "%d one-line flow collections written in block style" % k)

    # Simple block mappings written as one-line flow maps: a list item whose keys all hold
    # scalars ("- id: x" / "  name: y" -> "- {id: x, name: y}"), or a key whose nested map does
    # ("rounding:" / "  mode: half_up" -> "rounding: {mode: half_up}"). Text that could be read
    # as flow syntax is double-quoted; numbers, dates and booleans never need it.
    def simple(ln):
        return (ln.kind == "node" and ln.key is not None and ln.value and ln.depth_after == 0
                and not ln.value.startswith(("{", "[", "|", ">", "&", "*", "!")) and not BLOCK_IND_RE.search(ln.content))

    def flow_value(v):
        if v[0] in "\"'" or re.fullmatch(r"[A-Za-z0-9 _.()/-]*", v) and not v.endswith(" "):
            return v
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def next_node(i):
        j = i + 1
        while j < len(lines) and lines[j].kind in ("blank", "comment"):
            j += 1
        return j

    t = texts(lines)
    edits = []  # (first line, last line, replacement lines)
    for i, ln in enumerate(lines):
        if ln.kind != "node":
            continue
        if ln.item and simple(ln):
            ki = ln.key_indent
            members = [i]
            j = i + 1
            while j < len(lines) and lines[j].kind == "node" and not lines[j].item and lines[j].indent == ki and simple(lines[j]):
                members.append(j)
                j += 1
            if j < len(lines) and lines[j].kind in ("node", "flow", "block") and lines[j].indent >= ki:
                continue
            if next_node(members[-1]) < len(lines) and lines[next_node(members[-1])].indent >= ki:
                continue
            entries = ["%s: %s" % (lines[x].content[lines[x].key_indent:].split(":")[0], flow_value(lines[x].value)) for x in members]
            edits.append((i, members[-1], [" " * ln.indent + "- {" + ", ".join(entries) + "}"]))
        elif ln.key is not None and ln.value == "" and ln.depth_after == 0 and not ln.item:
            j = next_node(i)
            if j >= len(lines) or lines[j].kind != "node" or lines[j].item or lines[j].indent <= ln.key_indent:
                continue
            m = lines[j].indent
            members = []
            while j < len(lines) and lines[j].kind == "node" and lines[j].indent == m and simple(lines[j]) and not lines[j].item:
                members.append(j)
                j = next_node(j)
            if not members or (j < len(lines) and lines[j].indent > ln.key_indent):
                continue
            entries = ["%s: %s" % (lines[x].content[lines[x].key_indent:].split(":")[0], flow_value(lines[x].value)) for x in members]
            edits.append((i, members[-1], [ln.content + " {" + ", ".join(entries) + "}"]))
    k = 0
    for first, last, new in sorted(edits, reverse=True):
        if any(e[0] < first <= e[1] or first < e[0] <= last for e in edits if e[0] != first):
            continue
        t[first: last + 1] = new
        k += 1
    if k:
        c.rule("block-to-flow", "same", src, enc("\n".join(t)), "%d block mappings written as one-line flow maps" % k)

    # Indentation changed: every line of some top-level sections moved right by a few spaces.
    t = texts(lines)
    shifted = []
    for s, e in secs:
        if rng.random() < 0.6:
            d = rng.randint(1, 4)
            shifted.append(d)
            for i in range(s, e):
                if lines[i].indent > 0 and t[i].strip():
                    t[i] = " " * d + t[i]
    c.rule("indentation", "same", src, enc("\n".join(t)), "nested lines of %d top-level sections indented further" % len(shifted))

    # Lists not indented under their key ("key:\n- item"), where a section's children are list items.
    t = texts(lines)
    k = 0
    for s, e in secs:
        kids = [i for i in range(s, e) if lines[i].kind == "node" and lines[i].indent > 0]
        if kids and lines[kids[0]].item and lines[kids[0]].indent == 2 and \
           all(lines[i].indent >= 2 for i in range(s, e) if lines[i].kind in ("node", "flow", "block") and lines[i].indent > 0 and t[i].strip()):
            for i in range(s, e):
                if lines[i].indent >= 2 and t[i].strip():
                    t[i] = t[i][2:]
            k += 1
    if k:
        c.rule("unindented-lists", "same", src, enc("\n".join(t)), "%d top-level lists written at the key's indentation" % k)

    # String scalars quoted (single or double).
    t = texts(lines)
    k = 0
    for i, ln in enumerate(lines):
        if ln.kind != "node" or ln.depth_after != 0:
            continue
        if ln.key in STRING_KEYS and ln.value and is_plain_text_value(ln.value) and "{" not in ln.content and "[" not in ln.content \
           and not BLOCK_IND_RE.search(ln.content) and rng.random() < 0.7:
            start = ln.content.rindex(ln.value)
            t[i] = t[i][:start] + yaml_quote(ln.value, rng) + t[i][start + len(ln.value):]
            k += 1
    for i, a, b in flows:
        if t[i] != lines[i].text:
            continue
        parts = split_flow(t[i][a + 1: b])
        new = []
        for p in parts:
            kk, _, v = p.partition(":")
            v = v.strip()
            if kk.strip() in STRING_KEYS and is_plain_text_value(v) and rng.random() < 0.7:
                p = kk + ": " + yaml_quote(v, rng)
                k += 1
            new.append(p)
        t[i] = t[i][:a + 1] + ", ".join(new) + t[i][b:]
    c.rule("quoted-strings", "same", src, enc("\n".join(t)), "%d text scalars quoted" % k)

    # Keys quoted.
    t = texts(lines)
    k = 0
    for i, ln in enumerate(lines):
        if ln.kind == "node" and ln.key and ln.depth_after == 0 and not ln.content.lstrip("- ").startswith(("'", '"')) and rng.random() < 0.4:
            ki = ln.key_indent
            t[i] = t[i][:ki] + '"' + ln.key + '"' + t[i][ki + len(ln.key):]
            k += 1
    c.rule("quoted-keys", "same", src, enc("\n".join(t)), "%d keys quoted" % k)

    # Explicit document start and end markers.
    c.rule("document-markers", "same", src, enc("\n".join(head + ["---"] + texts(lines)[secs[0][0]:]).rstrip("\n") + "\n...\n"),
           "explicit --- and ... document markers")

    # Several at once.
    t = texts(lines)
    for i in sorted(rng.sample(pts, 4), reverse=True):
        t.insert(i, " " * lines[i].indent + "# badinput")
    c.rule("combined", "same", src, enc("\n".join(t) + "\n\n", crlf=True, bom=True), "comments, CRLF, BOM and trailing blank lines at once")


def replace_at(t, i, a, b, new):
    t[i] = t[i][:a] + new + t[i][b:]


def rules_refused(c, rng, src, text):
    lines = analyse(text)
    pts = safe_points(lines)
    nums = number_tokens(lines)
    amounts = [x for x in nums if x[4] and lines[x[0]].path[:2] != ("tariffs", "schools")]
    school_prices = [x for x in nums if x[4] and lines[x[0]].path[:2] == ("tariffs", "schools")]
    dates = date_tokens(lines)
    exprs = expression_lines(lines)
    flows = single_line_flows(lines)
    secs = top_sections(lines)

    def ln_of(i):
        return "line:%d" % (i + 1)

    # Truncated inside a one-line flow collection: the collection is never closed.
    for n in range(2):
        i, a, b = rng.choice(flows)
        cut = rng.randint(a + 1, b - 1)
        body = "\n".join(texts(lines)[:i] + [lines[i].text[:cut]])
        c.rule("truncated-in-flow", "refused", src, enc(body), "cut at line %d inside a flow collection, never closed" % (i + 1), "line")
    # Truncated inside a double-quoted scalar.
    qs = [(i, m.start()) for i, ln in enumerate(lines) if ln.kind == "node" for m in re.finditer(r'(?<=: )"[^"]{4,}"', ln.content)]
    if qs:
        i, a = rng.choice(qs)
        body = "\n".join(texts(lines)[:i] + [lines[i].text[:a + 3]])
        c.rule("truncated-in-quotes", "refused", src, enc(body), "cut at line %d inside a quoted scalar" % (i + 1), "line")
    # Truncated before a required section: bands (and everything after it) is missing.
    for key in ("bands", "setting_types"):
        s = [x for x in secs if any(l.kind == "node" and l.indent == 0 and l.key == key for l in lines[x[0]:x[1]])][0]
        body = "\n".join(texts(lines)[: s[0]])
        c.rule("truncated-before-" + key.replace("_", "-"), "refused", src, enc(body),
               "cut before '%s:' (line %d): a required key is missing" % (key, s[0] + 1), "line")
    # Truncated in the middle of a top-level key: a key without its colon.
    s = rng.choice(secs[1:])
    k0 = [i for i in range(s[0], s[1]) if lines[i].kind == "node"][0]
    body = "\n".join(texts(lines)[:k0] + [lines[k0].key[: max(2, len(lines[k0].key) // 2)]])
    c.rule("truncated-in-key", "refused", src, enc(body), "cut in the key on line %d" % (k0 + 1), "line")
    # Only the opening comment, or nothing: a file-level problem (no line to name).
    first_node = [i for i, l in enumerate(lines) if l.kind == "node"][0]
    c.rule("truncated-to-comments", "refused", src, enc("\n".join(texts(lines)[:first_node]) + "\n"), "only the opening comment is left", "file")
    c.rule("empty", "refused", src, b"", "an empty file", "file")

    # A required key deleted.
    for key in ("sendband", "metadata", "setting_types", "banding", "bands"):
        if rng.random() < 0.6 or key in ("bands",):
            s = [x for x in secs if any(l.kind == "node" and l.indent == 0 and l.key == key for l in lines[x[0]:x[1]])][0]
            t = texts(lines)
            del t[s[0]: s[1]]
            c.rule("missing-" + key.replace("_", "-"), "refused", src, enc("\n".join(t)), "top-level '%s' deleted" % key, "line",
                   defect=DEFECT_METADATA if key == "metadata" else None)
    for key in ("authority", "framework", "version", "effective_from"):
        i = [i for i, l in enumerate(lines) if l.path == ("metadata",) and l.key == key][0]
        if rng.random() < 0.5:
            t = texts(lines)
            del t[i]
            c.rule("missing-metadata-" + key.replace("_", "-"), "refused", src, enc("\n".join(t)), "metadata.%s deleted" % key, "line")
    # A required key deleted inside a one-line flow map (a band's name, a level's score...).
    cand = []
    for i, a, b in flows:
        parts = split_flow(lines[i].text[a + 1: b])
        for p in parts:
            kk = p.split(":")[0].strip()
            if kk in ("name", "score", "descriptor", "code", "description", "level") and lines[i].text[a] == "{":
                # description is required only in overrides.reasons; level only in domain levels
                if kk == "description" and "overrides" not in lines[i].path:
                    continue
                if kk in ("score", "level") and "domains" not in lines[i].path:
                    continue
                cand.append((i, a, b, p))
    for i, a, b, p in rng.sample(cand, min(2, len(cand))):
        parts = [x for x in split_flow(lines[i].text[a + 1: b]) if x != p]
        t = texts(lines)
        t[i] = t[i][:a + 1] + ", ".join(parts) + t[i][b:]
        c.rule("missing-flow-key", "refused", src, enc("\n".join(t)), "'%s' deleted from the map on line %d" % (p.split(":")[0], i + 1), ln_of(i))

    # A number replaced by a word, or left blank.
    words = ["ten", "TBC", "n/a", "twelve hundred", "\u00a31500", "lots", "1e3", "0x10", "12 500", "1_000", "NaN", ".inf"]
    for n in range(3):
        i, a, b, key, _ = rng.choice(nums)
        t = texts(lines)
        w = rng.choice(words)
        replace_at(t, i, a, b, w)
        c.rule("number-as-word", "refused", src, enc("\n".join(t)), "%s on line %d given as '%s'" % (key, i + 1, w), ln_of(i))

    # Amounts: negative, above the per-plan maximum of 10,000,000.00.
    for n in range(2):
        i, a, b, key, _ = rng.choice(amounts)
        t = texts(lines)
        v = "-" + lines[i].text[a:b] if n == 0 and float(lines[i].text[a:b]) > 0 else rng.choice(["-0.01", "-1", "-25000"])
        replace_at(t, i, a, b, v)
        c.rule("negative-amount", "refused", src, enc("\n".join(t)), "amount %s on line %d made %s" % (key, i + 1, v), ln_of(i))
    for v in ["10000000.01", "10000001", "1000000000", "99999999999999999999999"]:
        i, a, b, key, _ = rng.choice(amounts)
        t = texts(lines)
        replace_at(t, i, a, b, v)
        c.rule("amount-above-max", "refused", src, enc("\n".join(t)), "amount %s on line %d made %s" % (key, i + 1, v), ln_of(i))

    # Invalid UTF-8 and NUL bytes (in a text value, a key, a comment).
    raw = texts(lines)
    vals = [i for i, ln in enumerate(lines) if ln.kind == "node" and ln.key in ("name", "authority", "framework", "title") and ln.value]
    comments = [i for i, ln in enumerate(lines) if ln.kind == "comment"]
    keys = [i for i, ln in enumerate(lines) if ln.kind == "node" and ln.key]
    for what, bad in [("0xE9", b"\xe9"), ("NUL", b"\x00"), ("lone continuation byte 0x80", b"\x80"),
                      ("overlong 0xC0 0xAF", b"\xc0\xaf"), ("surrogate 0xED 0xA0 0x80", b"\xed\xa0\x80"),
                      ("truncated sequence 0xE2 0x82", b"\xe2\x82"), ("0xF5 (above U+10FFFF)", b"\xf5\x80\x80\x80"),
                      ("0xFF", b"\xff")]:
        in_text = what in ("0xE9", "NUL") or not comments or rng.random() < 0.6
        pool = vals if in_text else comments
        i = rng.choice(pool)
        if in_text:
            pos = raw[i].index(lines[i].value) + rng.randint(1, len(lines[i].value) - 1)
        else:
            pos = rng.randint(1, len(raw[i]))
        before = "\n".join(raw[:i] + [raw[i][:pos]]).encode("utf-8")
        after = "\n".join([raw[i][pos:]] + raw[i + 1:]).encode("utf-8")
        where = "text" if in_text else "comment"
        c.rule("invalid-utf8" if what != "NUL" else "nul-byte", "refused", src, before + bad + after,
               "%s inserted in the %s on line %d" % (what, where, i + 1), ln_of(i))
    i = rng.choice(keys)
    ki = lines[i].key_indent + 1
    before = "\n".join(raw[:i] + [raw[i][:ki]]).encode("utf-8")
    after = "\n".join([raw[i][ki:]] + raw[i + 1:]).encode("utf-8")
    c.rule("invalid-utf8-key", "refused", src, before + b"\xe9" + after, "0xE9 inserted in the key on line %d" % (i + 1), ln_of(i))

    # A key given twice.
    simple = [i for i, ln in enumerate(lines) if ln.kind == "node" and ln.key and ln.value and ln.depth_after == 0
              and not BLOCK_IND_RE.search(ln.content) and (i + 1 >= len(lines) or lines[i + 1].kind != "block")]
    for n in range(3):
        i = rng.choice(simple)
        t = texts(lines)
        ln = lines[i]
        copy = " " * ln.key_indent + ln.content[ln.key_indent:]
        t.insert(i + 1, copy)
        c.rule("duplicate-key", "refused", src, enc("\n".join(t)), "'%s' on line %d given again on line %d" % (ln.key, i + 1, i + 2), ln_of(i + 1))
    maps = [f for f in flows if lines[f[0]].text[f[1]] == "{"]
    i, a, b = rng.choice(maps)
    t = texts(lines)
    first = split_flow(t[i][a + 1: b])[0]
    t[i] = t[i][:b] + ", " + first + t[i][b:]
    c.rule("duplicate-key-in-flow", "refused", src, enc("\n".join(t)), "'%s' given twice in the map on line %d" % (first.split(":")[0], i + 1), ln_of(i))
    # A whole top-level section given twice.
    s = rng.choice(secs)
    t = texts(lines)
    t += t[s[0]: s[1]]
    second = len(lines) + [i for i in range(s[0], s[1]) if lines[i].kind == "node"][0] - s[0]
    c.rule("duplicate-section", "refused", src, enc("\n".join(t)), "a top-level section given again at line %d" % (second + 1), ln_of(second))

    # An unknown key (a misspelt one too).
    keylines = [i for i, ln in enumerate(lines) if ln.kind == "node" and ln.key and not ln.item]
    for n in range(3):
        i = rng.choice(keylines)
        t = texts(lines)
        word = rng.choice(["colour: blue", "notes: checked by finance", "effective_form: 2025-04-01", "amount: 100", "Name: x"])
        t.insert(i, " " * lines[i].key_indent + word)
        c.rule("unknown-key", "refused", src, enc("\n".join(t)), "'%s' added at line %d" % (word.split(":")[0], i + 1), ln_of(i))
    i, a, b = rng.choice(maps)
    t = texts(lines)
    t[i] = t[i][:b] + ", colour: red" + t[i][b:]
    c.rule("unknown-key-in-flow", "refused", src, enc("\n".join(t)), "'colour' added to the map on line %d" % (i + 1), ln_of(i))
    for key, typo in [("effective_from", "efective_from"), ("setting_types", "setting_type"), ("rounding", "Rounding"), ("tariffs", "tarifs"),
                      ("pro_rata", "prorata"), ("funding", "fundng")]:
        cand = [i for i, ln in enumerate(lines) if ln.kind == "node" and ln.key == key]
        if cand and rng.random() < 0.5:
            i = cand[0]
            t = texts(lines)
            ki = lines[i].key_indent
            t[i] = t[i][:ki] + typo + t[i][ki + len(key):]
            c.rule("misspelt-key", "refused", src, enc("\n".join(t)), "'%s' on line %d misspelt '%s'" % (key, i + 1, typo), ln_of(i))

    # A bad date.
    for bad in rng.sample(["2025-02-30", "2025-13-01", "2025-00-10", "2025-4-1", "01/04/2025", "2025-04-31", "20250401",
                           "2025-02-29", "1900-02-29", "2025-04-01T00:00:00", "next April", "2025-04-01x", "0000-00-00"], 5):
        i, a, b, key = rng.choice(dates)
        t = texts(lines)
        replace_at(t, i, a, b, bad)
        c.rule("bad-date", "refused", src, enc("\n".join(t)), "%s on line %d given as '%s'" % (key, i + 1, bad), ln_of(i))
    # effective_to before effective_from
    i = [i for i, l in enumerate(lines) if l.key == "effective_to"]
    if i:
        i = i[0]
        j = [j for j, l in enumerate(lines) if l.key == "effective_from"][0]
        t = texts(lines)
        y = int(re.search(r"[0-9]{4}", lines[j].value).group(0))
        a = lines[i].text.index(lines[i].value[:10])
        replace_at(t, i, a, a + 10, "%d-03-31" % (y - 1))
        c.rule("effective-to-before-from", "refused", src, enc("\n".join(t)), "effective_to on line %d before effective_from" % (i + 1), ln_of(i))

    # Band ranges that overlap or leave a gap (score banding only).
    ranged = [(i, m) for i, ln in enumerate(lines) if ln.kind == "node" and "bands" in (ln.path + ((ln.key,) if ln.key else ()))
              for m in [re.search(r"\bto: ([0-9]+)\}", ln.content)] if m]
    if ranged:
        for n, (kind, delta) in enumerate([("overlapping-bands", 1), ("overlapping-bands", 3), ("band-gap", -1)]):
            i, m = rng.choice(ranged[:-1])
            t = texts(lines)
            replace_at(t, i, m.start(1), m.end(1), str(int(m.group(1)) + delta))
            c.rule(kind, "refused", src, enc("\n".join(t)), "band on line %d made to end at %d" % (i + 1, int(m.group(1)) + delta), "line")

    # An undefined name in an expression; an unbalanced bracket.
    named = [e for e in exprs if identifiers(lines[e[0]].text[e[1]:e[2]].strip("\"'"))]
    for n in range(3):
        i, a, b = rng.choice(named)
        expr = lines[i].text[a:b]
        q = 1 if expr[0] in "\"'" else 0
        ids = identifiers(expr[q: len(expr) - q])
        s, e = rng.choice(ids)
        name = expr[q + s: q + e]
        typo = name[:-1] if len(name) > 3 and rng.random() < 0.5 else name + "s"
        if re.search(r"\b%s\b" % re.escape(typo), text):
            typo = name + "_typo"
        t = texts(lines)
        replace_at(t, i, a + q + s, a + q + e, typo)
        c.rule("undefined-name", "refused", src, enc("\n".join(t)), "'%s' on line %d misspelt '%s'" % (name, i + 1, typo), ln_of(i))
    for n in range(2):
        i, a, b = rng.choice(exprs)
        expr = lines[i].text[a:b]
        q = 1 if expr[0] in "\"'" else 0
        t = texts(lines)
        inner = expr[q: len(expr) - q]
        if ")" in inner and n == 0:
            p = inner.rindex(")")
            inner = inner[:p] + inner[p + 1:]
            d = "a ')' deleted"
        else:
            inner = "(" + inner
            d = "a '(' added"
        replace_at(t, i, a, b, expr[:q] + inner + expr[len(expr) - q:])
        c.rule("unbalanced-bracket-expr", "refused", src, enc("\n".join(t)), "%s in the expression on line %d" % (d, i + 1), ln_of(i))
    # An unbalanced YAML flow bracket: the collection is never closed (every later bracket pairs up).
    for n in range(2):
        i, a, b = rng.choice(flows)
        t = texts(lines)
        if n == 0:
            t[i] = t[i][:b] + t[i][b + 1:]
            d = "its closing bracket deleted"
        else:
            t[i] = t[i][:a] + t[i][a] + t[i][a:]
            d = "an opening bracket doubled"
        c.rule("unbalanced-bracket-yaml", "refused", src, enc("\n".join(t)), "the flow collection on line %d: %s" % (i + 1, d), "line")

    # A stray ',' alone on a line, at an indentation where no scalar can continue.
    for n in range(2):
        i = rng.choice(pts)
        p = prev_node(lines, i)
        ind = min(lines[p].indent, lines[i].indent)
        t = texts(lines)
        t.insert(i, " " * ind + ",")
        c.rule("stray-comma", "refused", src, enc("\n".join(t)), "a line holding only ',' at line %d" % (i + 1), "line")

    # Tabs for indentation (YAML forbids them).
    i = rng.choice([i for i in pts if lines[i].indent >= 2])
    t = texts(lines)
    t[i] = "\t" + t[i].lstrip(" ")
    c.rule("tab-indentation", "refused", src, enc("\n".join(t)), "line %d indented with a tab" % (i + 1), "line")

    # A second YAML document.
    t = texts(lines)
    while t and t[-1] == "":
        t.pop()
    c.rule("two-documents", "refused", src, enc("\n".join(t + ["---", "sendband: 1", ""])), "a second document from line %d" % (len(t) + 1), ln_of(len(t)))

    # The format version changed; a list given as a scalar; a reference to an undeclared id.
    i = [i for i, l in enumerate(lines) if l.key == "sendband" and l.indent == 0][0]
    t = texts(lines)
    t[i] = "sendband: 2"
    c.rule("format-version", "refused", src, enc("\n".join(t)), "sendband: 2", ln_of(i))
    s = [x for x in secs if any(l.kind == "node" and l.indent == 0 and l.key == "setting_types" for l in lines[x[0]:x[1]])][0]
    k0 = [i for i in range(s[0], s[1]) if lines[i].kind == "node"][0]
    t = texts(lines)
    t[s[0]: s[1]] = [""] * (k0 - s[0]) + ["setting_types: mainstream"] + [""] * (s[1] - k0 - 1)
    c.rule("wrong-type", "refused", src, enc("\n".join(t)), "setting_types given as a scalar", ln_of(k0))
    # A setting type named where one must be declared (a tariff's setting key, a band's settings,
    # a school's setting_type) that is not.
    ids = [l.value for l in lines if l.path and l.path[-1] == "setting_types" and l.key == "id"]
    ids += [m.group(1) for l in lines if l.path == ("setting_types",) for m in [re.search(r"\bid: ([A-Za-z0-9_-]+)", l.content)] if m]
    refs = []
    for i, ln in enumerate(lines):
        if ln.kind != "node":
            continue
        for sid in ids:
            for m in re.finditer(r"(?<=[{,] )%s(?=: [0-9])" % re.escape(sid), ln.content):
                if "amounts" in ln.path:
                    refs.append((i, m.start(), m.end()))
            for m in re.finditer(r"(?:settings: \[(?:[A-Za-z0-9_-]+, )*)(%s)(?=[,\]])" % re.escape(sid), ln.content):
                refs.append((i, m.start(1), m.end(1)))
            for m in re.finditer(r"setting_type: (%s)\b" % re.escape(sid), ln.content):
                refs.append((i, m.start(1), m.end(1)))
    for i, a, b in rng.sample(refs, min(2, len(refs))):
        t = texts(lines)
        replace_at(t, i, a, b, "hospital")
        c.rule("undeclared-setting", "refused", src, enc("\n".join(t)), "setting type '%s' on line %d named 'hospital'" % (lines[i].text[a:b], i + 1), ln_of(i))
    if rng.random() < 0.7:
        i = [i for i, l in enumerate(lines) if l.path == ("rounding",) and l.key == "mode"]
        if i:
            i = i[0]
            t = texts(lines)
            a = lines[i].text.index(lines[i].value)
            replace_at(t, i, a, a + len(lines[i].value), "half_sideways")
            c.rule("bad-choice", "refused", src, enc("\n".join(t)), "rounding.mode half_sideways", ln_of(i))

    # Per-school prices (tariffs[].schools) out of bounds, like any published amount.
    for v in ["-1", "-11796", "10000000.01", "1000000000"]:
        if school_prices:
            i, a, b, key, _ = rng.choice(school_prices)
            t = texts(lines)
            replace_at(t, i, a, b, v)
            c.rule("school-price-out-of-bounds", "refused", src, enc("\n".join(t)), "price for school %s on line %d made %s" % (key, i + 1, v),
                   ln_of(i), defect=DEFECT_SCHOOL_PRICE)
    # Uplifts that make amounts negative or above the maximum; a school's own uplift given twice.
    for i, ln in enumerate(lines):
        if ln.kind == "node" and "uplift" in ln.path and ln.key in ("percent", "flat") and ln.path[-1] == "uplift":
            a = ln.text.index(ln.value)
            for v in (["-150", "100000000"] if ln.key == "percent" else ["-20000", "10000000"]):
                t = texts(lines)
                replace_at(t, i, a, a + len(ln.value), v)
                c.rule("uplift-out-of-bounds", "refused", src, enc("\n".join(t)),
                       "uplift %s on line %d made %s: the uplifted amounts are negative or above 10,000,000.00" % (ln.key, i + 1, v),
                       "line", defect=DEFECT_UPLIFT)
        if ln.kind == "node" and ln.path[-2:] == ("uplift", "schools") and ln.value:
            t = texts(lines)
            t.insert(i + 1, " " * ln.indent + ln.key + ": 9000")
            c.rule("duplicate-key-uplift-schools", "refused", src, enc("\n".join(t)),
                   "'%s' on line %d given again on line %d with another uplift" % (ln.key, i + 1, i + 2), ln_of(i + 1), defect=DEFECT_UPLIFT_DUP)
            t = texts(lines)
            replace_at(t, i, ln.text.index(ln.value), ln.text.index(ln.value) + len(ln.value), "-20000")
            c.rule("uplift-out-of-bounds", "refused", src, enc("\n".join(t)),
                   "school uplift on line %d made -20000: that school's uplifted price is negative" % (i + 1), "line", defect=DEFECT_UPLIFT)
            break

    # A refused mutant with CRLF line ends and a byte-order mark: lines are still counted right.
    i, a, b, key, _ = rng.choice(nums)
    t = texts(lines)
    replace_at(t, i, a, b, "eleventy")
    c.rule("crlf-bom-number-as-word", "refused", src, enc("\n".join(t), crlf=True, bom=True),
           "CRLF and BOM; %s on line %d given as 'eleventy'" % (key, i + 1), ln_of(i))


# ---------------------------------------------------------------------------------------------
# Caseloads
# ---------------------------------------------------------------------------------------------

def parse_csv(text):
    rows = [r.split(",") for r in text.rstrip("\n").split("\n")]
    assert all('"' not in f for r in rows for f in r), "the caseload sources have no quoted fields"
    return rows[0], rows[1:]


def quote(f):
    return '"' + f.replace('"', '""') + '"'


def write_csv(header, rows, eol="\n", quote_all=False, quote_some=None, final_eol=True):
    out = []
    for r in [header] + rows:
        fs = []
        for f in r:
            need = any(ch in f for ch in ',"\r\n')
            if quote_all or need or (quote_some is not None and quote_some.random() < 0.3):
                fs.append(quote(f))
            else:
                fs.append(f)
        out.append(",".join(fs))
    return eol.join(out) + (eol if final_eol else "")


def caseloads_same(c, rng, src, text):
    header, rows = parse_csv(text)
    cs = lambda *a, **k: c.caseload(*a, **k)

    def b(s, bom=False):
        return (BOM if bom else b"") + s.encode("utf-8")

    cs("crlf", "same", src, b(write_csv(header, rows, "\r\n")), "CRLF line ends")
    cs("cr-only", "same", src, b(write_csv(header, rows, "\r")), "CR-only line ends")
    cs("bom", "same", src, b(write_csv(header, rows), True), "UTF-8 byte-order mark")
    cs("bom-crlf", "same", src, b(write_csv(header, rows, "\r\n"), True), "BOM and CRLF line ends")
    cs("bom-cr-only", "same", src, b(write_csv(header, rows, "\r"), True), "BOM and CR-only line ends")
    cs("no-final-newline", "same", src, b(write_csv(header, rows, final_eol=False)), "no line end after the last row")
    cs("no-final-newline-crlf", "same", src, b(write_csv(header, rows, "\r\n", final_eol=False)), "CRLF and no line end after the last row")
    cs("no-final-newline-cr", "same", src, b(write_csv(header, rows, "\r", final_eol=False)), "CR-only and no line end after the last row")
    cs("all-quoted", "same", src, b(write_csv(header, rows, quote_all=True)), "every field quoted, the header too")
    cs("all-quoted-crlf", "same", src, b(write_csv(header, rows, "\r\n", quote_all=True)), "every field quoted, CRLF")
    for n in range(3):
        r = random.Random(rng.random())
        cs("some-quoted", "same", src, b(write_csv(header, rows, quote_some=r)), "about a third of the fields quoted")
    for n in range(5):
        order = list(range(len(header)))
        while order == sorted(order):
            rng.shuffle(order)
        h = [header[k] for k in order]
        rs = [[row[k] for k in order] for row in rows]
        cs("columns-reordered", "same", src, b(write_csv(h, rs), n == 4), "columns in the order " + ",".join(h) + (" (with BOM)" if n == 4 else ""))
    for n in range(4):
        rs = rows[:]
        while rs == rows:
            rng.shuffle(rs)
        eol = ["\n", "\r\n", "\r", "\n"][n]
        cs("rows-reordered", "same", src, b(write_csv(header, rs, eol)), "rows shuffled (line ends %r)" % eol)
    cs("rows-reversed", "same", src, b(write_csv(header, rows[::-1])), "rows in reverse order")
    for n in range(4):
        order = list(range(len(header)))
        rng.shuffle(order)
        h = [header[k] for k in order]
        rs = [[row[k] for k in order] for row in rows]
        rng.shuffle(rs)
        eol = rng.choice(["\n", "\r\n", "\r"])
        cs("combined", "same", src, b(write_csv(h, rs, eol, quote_some=random.Random(rng.random()), final_eol=rng.random() < 0.5), rng.random() < 0.5),
           "columns and rows shuffled, some fields quoted, line ends %r" % eol)


def caseloads_refused(c, rng, src, text):
    header, rows = parse_csv(text)
    col = {h: k for k, h in enumerate(header)}
    levels = [h for h in header if h.startswith("level.")]

    def emit(slug, rs, line, desc, h=None, eol="\n", bom=False, quote_all=False):
        data = (BOM if bom else b"") + write_csv(h or header, rs, eol, quote_all=quote_all).encode("utf-8")
        c.caseload(slug, "refused", src, data, desc, "line:%d" % line)

    def pick():
        r = rng.randrange(len(rows))
        return r, [x[:] for x in rows]

    def set_field(name, values, slug, what):
        for v in values:
            r, rs = pick()
            rs[r][col[name]] = v
            emit(slug, rs, r + 2, "%s on line %d given as %r" % (what or name, r + 2, v))

    set_field("date_of_birth", rng.sample(["2013-02-30", "2013-13-01", "13/04/2013", "2013-4-20", "2013-04-20T00:00", "20130420", "2015-02-29"], 4), "bad-date", None)
    set_field("placement_start", rng.sample(["2025-09-31", "2025-00-01", "1 September 2025", "2025/09/01"], 3), "bad-date", None)
    set_field("assessed_on", rng.sample(["2025-06-31", "yesterday", "2025-6-27"], 2), "bad-date", None)
    set_field("placement_end", ["2024-02-30"], "bad-date", None)
    for n in range(2):
        r, rs = pick()
        rs[r][col["placement_start"]] = "2025-09-01"
        rs[r][col["placement_end"]] = "2025-08-31"
        emit("placement-ends-before-start", rs, r + 2, "placement on line %d ends the day before it starts" % (r + 2))
    set_field("primary_need", rng.sample(["ADS", "asd", "Autism", "ASD ", " MLD", "", "SEN", "A.S.D."], 5), "unknown-primary-need", None)
    set_field("setting_type", rng.sample(["hospital", "Mainstream", "special school", "", "mainstream ", "MAINSTREAM"], 4), "unknown-setting-type", None)
    for v in rng.sample(["5", "-1", "7", "1.5", "one", "", "4.5", "10", "2a"], 6):
        r, rs = pick()
        lv = rng.choice(levels)
        rs[r][col[lv]] = v
        emit("level-out-of-range", rs, r + 2, "%s on line %d given as %r" % (lv, r + 2, v))
    set_field("nc_year", ["15", "-4", "Y7"], "bad-nc-year", None)

    # References: repeated, repeated in other capitals, with invisible or blank characters.
    for n in range(3):
        a, b_ = sorted(rng.sample(range(len(rows)), 2))
        rs = [x[:] for x in rows]
        rs[b_][col["reference"]] = rs[a][col["reference"]]
        emit("repeated-reference", rs, b_ + 2, "line %d repeats the reference of line %d" % (b_ + 2, a + 2))
    for n in range(3):
        a, b_ = sorted(rng.sample(range(len(rows)), 2))
        rs = [x[:] for x in rows]
        ref = rs[a][col["reference"]]
        rs[b_][col["reference"]] = ref.lower() if n != 1 else ref[:1] + ref[1:].lower()
        emit("reference-case", rs, b_ + 2, "line %d repeats the reference of line %d in other capitals" % (b_ + 2, a + 2))
    for what, ins in [("a zero-width space (U+200B)", "\u200b"), ("a no-break space (U+00A0)", "\u00a0"), ("a space", " "),
                      ("a tab", "\t"), ("a word joiner (U+2060)", "\u2060"), ("a byte-order mark (U+FEFF)", "\ufeff"),
                      ("a soft hyphen (U+00AD)", "\u00ad")]:
        r, rs = pick()
        ref = rs[r][col["reference"]]
        p = rng.randint(1, len(ref) - 1)
        rs[r][col["reference"]] = ref[:p] + ins + ref[p:]
        emit("reference-invisible" if ins not in " \t" else "reference-inner-space", rs, r + 2, "%s inside the reference on line %d" % (what, r + 2))
    for n, v in enumerate(["{}!", " {}", "{} ", "{},", "{}#1"]):
        r, rs = pick()
        rs[r][col["reference"]] = v.format(rs[r][col["reference"]])
        emit("reference-bad-character", rs, r + 2, "reference on line %d given as %r" % (r + 2, rs[r][col["reference"]]))
    r, rs = pick()
    rs[r][col["reference"]] = ""
    emit("reference-blank", rs, r + 2, "no reference on line %d" % (r + 2))
    # A reference seen in the same file with a zero-width space: not a second plan.
    a, b_ = sorted(rng.sample(range(len(rows)), 2))
    rs = [x[:] for x in rows]
    rs[b_][col["reference"]] = rs[a][col["reference"]] + "\u200b"
    emit("reference-invisible", rs, b_ + 2, "line %d repeats line %d's reference with a zero-width space after it" % (b_ + 2, a + 2))

    # Entered amounts: negative or above the maximum, on a plan in the individually costed band
    # (all levels 4: 20 + 20 + 18 + min(16, 12) = 70 points, band B6, entered above 20,000) and on others.
    for v in ["-25000", "-0.01", "10000000.01", "99999999999", "1e9", "25000,50", "25,00", "\u00a325000"]:
        r, rs = pick()
        if rng.random() < 0.7:
            for lv in levels:
                rs[r][col[lv]] = "4"
            d = "a B6 plan"
        else:
            d = "a plan"
        rs[r][col["entered_amount"]] = v
        emit("entered-amount", rs, r + 2, "entered_amount of %s on line %d given as %r" % (d, r + 2, v))
    for v in ["", "20000", "19999.99", "0"]:
        r, rs = pick()
        for lv in levels:
            rs[r][col[lv]] = "4"
        rs[r][col["entered_amount"]] = v
        emit("entered-amount-not-above", rs, r + 2, "B6 plan on line %d with entered_amount %r (must be above 20,000)" % (r + 2, v))

    # Bytes: invalid UTF-8 and NUL in a field, in the header.
    text_cols = ["name", "school_name", "officer", "responsible_la", "phase"]
    for what, bad in [("0xE9", b"\xe9"), ("0xE9", b"\xe9"), ("NUL", b"\x00"), ("NUL", b"\x00"), ("lone continuation byte 0x80", b"\x80"),
                      ("overlong 0xC0 0xAF", b"\xc0\xaf"), ("surrogate 0xED 0xA0 0x80", b"\xed\xa0\x80"), ("0xFF", b"\xff")]:
        r, rs = pick()
        name = rng.choice(text_cols + ["reference"])
        marker = "\u0001MARK\u0001"
        rs[r][col[name]] = rs[r][col[name]][:2] + marker + rs[r][col[name]][2:]
        data = write_csv(header, rs).encode("utf-8").replace(marker.encode(), bad)
        c.caseload("invalid-utf8" if what != "NUL" else "nul-byte", "refused", src, data,
                   "%s in column %s on line %d" % (what, name, r + 2), "line:%d" % (r + 2))
    for what, bad in [("0xE9", b"\xe9"), ("NUL", b"\x00")]:
        k = rng.randrange(len(header))
        h = header[:]
        h[k] = h[k][:3] + "\u0001MARK\u0001" + h[k][3:]
        data = write_csv(h, rows).encode("utf-8").replace("\u0001MARK\u0001".encode(), bad)
        c.caseload("header-invalid-bytes", "refused", src, data, "%s in header column %d" % (what, k + 1), "line:1")
    # A byte of Windows-1252 text: a name saved by Excel's plain "CSV" format (e with acute accent).
    r, rs = pick()
    rs[r][col["name"]] = "Ren\u0001MARK\u0001e"
    data = write_csv(header, rs).encode("utf-8").replace("\u0001MARK\u0001".encode(), b"\xe9")
    c.caseload("windows-1252", "refused", src, data, "name on line %d in Windows-1252" % (r + 2), "line:%d" % (r + 2))

    # Columns: a required one missing, an unknown one, one given twice, one renamed.
    for name in ["reference", "primary_need", "setting_type"] + rng.sample(levels, 2):
        k = col[name]
        h = header[:k] + header[k + 1:]
        rs = [x[:k] + x[k + 1:] for x in rows]
        emit("missing-column", rs, 1, "column %s deleted" % name, h=h)
    for name in ["colour", "level.music", "input.points", "hours.teaching_assistant", "Reference", "primary need", "notes "]:
        k = rng.randint(0, len(header))
        h = header[:k] + [name] + header[k:]
        rs = [x[:k] + ["1"] + x[k:] for x in rows]
        emit("unknown-column", rs, 1, "column %r added" % name, h=h)
    for name in ["primary_need", "reference", rng.choice(levels)]:
        k = col[name]
        h = header + [name]
        rs = [x + [x[k]] for x in rows]
        emit("duplicate-column", rs, 1, "column %s given twice" % name, h=h)
    for name in ["reference", "setting_type"]:
        h = [x if x != name else x.upper() for x in header]
        emit("renamed-column", rows, 1, "column %s in capitals" % name, h=h)

    # Quoting: an unterminated quote, text after a closing quote.
    for n in range(3):
        r = rng.randrange(len(rows))
        name = rng.choice(text_cols)
        lines = write_csv(header, rows).split("\n")
        fields = lines[r + 1].split(",")
        fields[col[name]] = '"' + fields[col[name]]
        lines[r + 1] = ",".join(fields)
        c.caseload("unterminated-quote", "refused", src, "\n".join(lines).encode("utf-8"),
                   "an opening quote in column %s on line %d is never closed" % (name, r + 2), "line:%d" % (r + 2))
    for n in range(2):
        r = rng.randrange(len(rows))
        name = rng.choice(text_cols)
        lines = write_csv(header, rows).split("\n")
        fields = lines[r + 1].split(",")
        fields[col[name]] = quote(fields[col[name]]) + "x"
        lines[r + 1] = ",".join(fields)
        c.caseload("text-after-quote", "refused", src, "\n".join(lines).encode("utf-8"),
                   "text after the closing quote in column %s on line %d" % (name, r + 2), "line:%d" % (r + 2))

    # Rows with fewer or more fields; the file cut in the middle of its last row.
    for n in range(3):
        r, rs = pick()
        k = rng.randint(1, 5)
        rs[r] = rs[r][:-k]
        emit("short-row", rs, r + 2, "row on line %d lost its last %d field(s)" % (r + 2, k))
    r, rs = pick()
    rs[r] = rs[r] + ["1"]
    emit("long-row", rs, r + 2, "row on line %d has one field more than the header" % (r + 2))
    full = write_csv(header, rows)
    last = full.rstrip("\n").rfind("\n") + 1
    commas = [m.start() for m in re.finditer(",", full[last:])]
    for n in range(2):
        cut = last + rng.randint(1, commas[-1] - 1)
        c.caseload("truncated", "refused", src, full[:cut].encode("utf-8"),
                   "the file cut in the middle of its last row (line %d)" % (len(rows) + 1), "line:%d" % (len(rows) + 1))
    # The header row again in the middle (two exports pasted together).
    r = rng.randint(1, len(rows) - 1)
    rs = [x[:] for x in rows]
    rs.insert(r, header[:])
    emit("header-repeated", rs, r + 2, "the header repeated as line %d" % (r + 2))

    # A reference that differs from a stored one only in capitals (docs/caseload-csv.md): the
    # import into the base database, which holds small.csv, refuses it ("write it as stored")
    # and stores nothing; band --caseload has no store to compare with and accepts the file.
    stored = {r.split(",")[0] for r in read("tests/fixtures/caseloads/small.csv").decode("utf-8").split("\n")[1:] if r}
    clash = [k for k, row in enumerate(rows) if row[col["reference"]] in stored]
    for r in rng.sample(clash, 2):
        rs = [x[:] for x in rows]
        ref = rs[r][col["reference"]]
        rs[r][col["reference"]] = ref.lower()
        c.caseload("stored-reference-case", "refused-import", src, write_csv(header, rs).encode("utf-8"),
                   "line %d gives %s, stored as %s" % (r + 2, ref.lower(), ref), "line:%d" % (r + 2), defect=DEFECT_HEADER)

    # Whole-file problems: no header row to name a line of.
    c.caseload("empty", "refused", src, b"", "an empty file", "file")
    c.caseload("empty", "refused", src, b"\n\n\r\n", "only line ends", "file")
    c.caseload("empty", "refused", src, BOM, "only a byte-order mark", "file")

    # Line numbers under other line ends, a BOM, quoting, and a quoted line break before the bad row.
    for eol, bom in [("\r\n", False), ("\r", False), ("\r\n", True), ("\r", True), ("\n", True)]:
        r, rs = pick()
        rs[r][col["primary_need"]] = "ADS"
        emit("line-ends-bad-need", rs, r + 2, "line ends %r%s; primary_need ADS on line %d" % (eol, " with BOM" if bom else "", r + 2), eol=eol, bom=bom)
    r, rs = pick()
    rs[r][col["setting_type"]] = "hospital"
    emit("quoted-bad-setting", rs, r + 2, "every field quoted; setting_type hospital on line %d" % (r + 2), quote_all=True)
    for eol in ["\n", "\r\n", "\r"]:
        a, b_ = sorted(rng.sample(range(len(rows)), 2))
        rs = [x[:] for x in rows]
        rs[a][col["school_name"]] = rs[a][col["school_name"]] + eol + "(annexe)"
        rs[b_][col[rng.choice(levels)]] = "9"
        # the quoted line break in row a adds one line before row b
        emit("line-break-in-field", rs, b_ + 3, "a quoted line break (%r) in the school name on line %d; a level 9 on the row starting at line %d"
             % (eol, a + 2, b_ + 3), eol=eol)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=HERE, help="folder to write rules/, caseloads/, originals/ and manifest.tsv into")
    ap.add_argument("--with-known-defects", action="store_true", help="also write the mutants sendband handles wrongly today")
    args = ap.parse_args()
    shipped = sorted("rules/" + f for f in os.listdir(os.path.join(ROOT, "rules")) if f.endswith(".yaml"))
    missing = sorted(set(shipped) - {r[0] for r in RULE_SOURCES})
    if missing:
        raise SystemExit("generate.py: give %s a caseload and an as-of date in RULE_SOURCES" % ", ".join(missing))

    rng = random.Random(SEED)
    c = Corpus()
    sample = read("data/sample-caseload.csv").decode("utf-8").split("\n")
    sample_head = "\n".join(sample[:31]) + "\n"
    for src, _, _ in RULE_SOURCES:
        text = read(src).decode("utf-8")
        rules_same(c, rng, src, text)
        rules_refused(c, rng, src, text)
    for src in CASELOAD_SOURCES:
        text = sample_head if src == SAMPLE_HEAD else read(src).decode("utf-8")
        caseloads_same(c, rng, src, text)
        caseloads_refused(c, rng, src, text)

    out = args.out
    for sub in ("rules", "caseloads", "originals"):
        d = os.path.join(out, sub)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    with open(os.path.join(out, SAMPLE_HEAD[len("tests/badinput/"):]), "wb") as f:
        f.write(sample_head.encode("utf-8"))
    manifest = []
    for sub, items, ext in (("rules", c.rules, "yaml"), ("caseloads", c.caseloads, "csv")):
        for n, (slug, expect, note, data, defect) in enumerate(items, 1):
            if defect and not args.with_known_defects:
                continue
            name = "%03d-%s.%s" % (n, slug, ext)
            with open(os.path.join(out, sub, name), "wb") as f:
                f.write(data)
            manifest.append("%s/%s\t%s\t%s" % (sub, name, expect, note + (" [known defect: %s]" % defect if defect else "")))
    with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(manifest) + "\n")
    counts = {}
    for line in manifest:
        sub, expect = line.split("/")[0], line.split("\t")[1]
        counts.setdefault(sub, {})
        counts[sub][expect] = counts[sub].get(expect, 0) + 1
    print("wrote " + " and ".join("%d %s (%s)" % (sum(counts.get(sub, {}).values()), name, ", ".join(
        "%d %s" % (v, k) for k, v in sorted(counts.get(sub, {}).items())))
        for sub, name in (("rules", "rule sets"), ("caseloads", "caseloads"))) + " to " + out)


if __name__ == "__main__":
    main()
