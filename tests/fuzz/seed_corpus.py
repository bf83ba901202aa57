#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora under tests/fuzz/corpus/<harness>/ from what the project
already holds: shipped and fixture rule sets, the expressions the rule sets and the expression
tests use, the sample profiles, and the caseload fixtures. Seeds are named seed-<source>; the
inputs the fuzzers found on top of them (merged with -merge=1) keep libFuzzer's hash names.
Run from the top of the checkout; it only adds files."""
import glob, hashlib, os, re

root = os.getcwd()
out = os.path.join(root, "tests", "fuzz", "corpus")

def put(harness, name, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)

rule_sets = sorted(glob.glob("rules/*.yaml") + glob.glob("tests/fixtures/rules/*.yaml")
                   + [p for p in glob.glob("tests/fixtures/cli/*.yaml") if not p.endswith(".test.yaml")])
for p in rule_sets:
    put("rule_set", p.replace("/", "_"), open(p, "rb").read())

exprs = set()
key = re.compile(r'^\s*(?:expr|top_up|band|when|amount|if|condition|rate):\s*(.+?)\s*$')
for p in rule_sets:
    for line in open(p, encoding="utf-8", errors="replace"):
        m = key.match(line)
        if m and not re.fullmatch(r"[0-9.]+|[a-z_]+", m.group(1)):
            exprs.add(m.group(1).strip('"\''))
lit = re.compile(r'(?:eval|typeOf|runError|directLookups|compileError|ok|fails)\("((?:[^"\\]|\\.)*)"')
for line in open("tests/unit/ExpressionTest.cpp", encoding="utf-8"):
    for m in lit.finditer(line):
        exprs.add(bytes(m.group(1), "utf-8").decode("unicode_escape"))
for e in sorted(exprs):
    put("expression", hashlib.sha1(e.encode()).hexdigest()[:12], e)

for p in sorted(glob.glob("data/profiles/*.yaml") + glob.glob("tests/fixtures/profiles/*.yaml")):
    put("profile", p.replace("/", "_"), open(p, "rb").read())

for p in sorted(glob.glob("tests/fixtures/caseloads/*.csv")):
    put("caseload", p.replace("/", "_"), open(p, "rb").read())
# The bundled sample, cut to its first 40 rows (a seed should be small).
with open("data/sample-caseload.csv", "rb") as f:
    put("caseload", "data_sample-caseload-40.csv", b"".join(f.readlines()[:41]))
