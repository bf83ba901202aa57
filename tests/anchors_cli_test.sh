#!/usr/bin/env bash
# Signed anchors of the audit log end to end (docs/audit.md, "Anchors"): `audit keygen`,
# `audit anchor` and `audit verify --anchors`, against the attacks the hash chain alone misses:
# the last entries deleted, and an entry edited with every later hash recomputed (the chain's
# scheme is public, so that leaves the chain intact). Also: an altered anchor line, another
# key, another database's anchors, a private key others may read, the settings file.
# Usage: anchors_cli_test.sh path/to/sendband   (run from the top of the checkout)
set -u
bin=$(realpath "$1")
top=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export SENDBAND_NOW=2026-12-03T17:00:00Z SENDBAND_CONFIG="$tmp/no-settings.conf"
fails=0
source "$top/tests/expect.sh"
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is needed (scripts/deps.sh installs it)"; exit 1; }

import() { "$bin" import --db "$1" --rules "$top/rules/example.yaml" --as-of 2025-09-01 "$top/tests/fixtures/caseloads/small.csv" > /dev/null; }

# Rewrites the log from entry FROM on: entry FROM's actor becomes ACTOR and every later hash is
# recomputed with the public scheme (length-prefixed fields), so the chain itself still holds.
rewrite_chain() {
  python3 - "$1" "$2" "$3" <<'PY'
import hashlib, sqlite3, sys
db, start, actor = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = sqlite3.connect(db)
c.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
rows = c.execute("SELECT seq, at, actor, action, entity, before, after, prev_hash FROM audit_log ORDER BY seq").fetchall()
def field(v):
    b = (v or "").encode()
    return str(len(b)).encode() + b":" + b + b";"
prev = None
for seq, at, who, action, entity, before, after, prev_hash in rows:
    if seq < start:
        prev = c.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0]
        continue
    if seq == start:
        who = actor
    h = hashlib.sha256(b"".join(field(x) for x in (prev, str(seq), at, who, action, entity, before, after))).hexdigest()
    c.execute("UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?", (who, prev, h, seq))
    prev = h
c.commit()
PY
}

import c.db
# The key id is not known beforehand: make the key, then check the files it wrote.
"$bin" audit keygen --key k.pem > keygen.out 2>&1 || fail "audit keygen failed: $(cat keygen.out)"
id=$(sed -n 's/^Made an Ed25519 key, id \(.*\)\.$/\1/p' keygen.out)
[[ ${#id} == 16 ]] || fail "audit keygen printed no 16-digit key id: $(cat keygen.out)"
[[ $(stat -c %a k.pem) == 600 ]] || fail "the private key is mode $(stat -c %a k.pem), expected 600"
[[ $(head -1 k.pem) == "-----BEGIN PRIVATE KEY-----" ]] || fail "k.pem is not a PKCS#8 private key"
[[ $(head -1 k.pem.pub) == "-----BEGIN PUBLIC KEY-----" ]] || fail "k.pem.pub is not a public key"
openssl pkey -in k.pem -noout -text 2>/dev/null | grep -q "ED25519 Private-Key" || fail "openssl does not read k.pem as an Ed25519 key"
cp k.pem k.before
expect 2 "" "k.pem.pub: error: already exists: a key file is never overwritten (choose another name)" "$bin" audit keygen --key k.pem
cmp -s k.pem k.before || fail "a second keygen changed the existing key"

# An anchor of the intact log, then verify: everything holds.
"$bin" audit anchor --db c.db --key k.pem --anchors anchors.txt > anchor.out 2> anchor.err || fail "audit anchor failed: $(cat anchor.err)"
head -1 anchor.out | grep -qx "Anchored entry 10 (head hash [0-9a-f]\{16\}…) at 2026-12-03T17:00:00Z by $(id -un), key $id; appended to anchors.txt." ||
  fail "unexpected anchor summary: $(head -1 anchor.out)"
[[ $(sed -n 3p anchor.out) == "$(cat anchors.txt)" ]] || fail "the receipt is not the line appended to the anchors file"
grep -qx "sendband-anchor 1 log=[0-9a-f]\{64\} seq=10 count=10 hash=[0-9a-f]\{64\} at=2026-12-03T17:00:00Z key=$id by=$(id -un) sig=[0-9a-f]\{128\}" anchors.txt ||
  fail "unexpected anchor line: $(cat anchors.txt)"
head=$(sqlite3 c.db "SELECT hash FROM audit_log WHERE seq = 10")
expect 0 "Audit log intact: 10 entries; head hash $head
Decisions and overrides match the log: 8 plan(s), 0 override(s) checked
Anchors hold: 1 anchor(s) signed by key $id; the latest, of 2026-12-03T17:00:00Z, is entry 10 (the head: every entry is anchored)" "" \
  "$bin" audit verify --db c.db --anchors anchors.txt --public-key k.pem.pub

# Entries written after the anchor are intact but not yet anchored: said, not an error.
cp c.db grown.db
SENDBAND_NOW=2026-12-04T09:00:00Z "$bin" import --db grown.db --rules "$top/rules/example.yaml" --as-of 2025-10-01 "$top/tests/fixtures/caseloads/pennies.csv" > /dev/null 2>&1
grown=$(sqlite3 grown.db "SELECT max(seq) FROM audit_log")
[[ $grown -gt 10 ]] || fail "the second import wrote no log entries"
"$bin" audit verify --db grown.db --anchors anchors.txt --public-key k.pem.pub > out.txt 2>&1
[[ $? == 0 ]] || fail "verify of a log grown after its anchor failed: $(cat out.txt)"
[[ $(tail -1 out.txt) == "Anchors hold: 1 anchor(s) signed by key $id; the latest, of 2026-12-03T17:00:00Z, is entry 10; the $((grown - 10)) entries after it are not yet anchored" ]] ||
  fail "unexpected anchors line for a grown log: $(tail -1 out.txt)"

# Truncation: the last two entries deleted (triggers dropped first). The chain alone passes.
cp c.db cut.db
sqlite3 cut.db "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > 8"
"$bin" audit verify --db cut.db > out.txt 2>&1
grep -q "^Audit log intact: 8 entries" out.txt || fail "expected the chain alone to pass a truncated log: $(cat out.txt)"
"$bin" audit verify --db cut.db --anchors anchors.txt --public-key k.pem.pub > out.txt 2>&1
[[ $? == 1 ]] || fail "verify --anchors of a truncated log did not exit 1"
[[ $(tail -2 out.txt) == "Anchors BROKEN: 1 of 1 anchor(s) do not hold
anchors.txt:1: the anchor of 2026-12-03T17:00:00Z records entry 10, but the log now ends at entry 8: entries 9 to 10 were removed (the log was truncated)" ]] ||
  fail "unexpected truncation report: $(cat out.txt)"

# Rewriting: entry 3's actor changed and every later hash recomputed. The chain alone passes.
cp c.db rewritten.db
rewrite_chain rewritten.db 3 "Someone Else"
"$bin" audit verify --db rewritten.db > out.txt 2>&1
grep -q "^Audit log intact: 10 entries" out.txt || fail "expected the chain alone to pass a rewritten log: $(cat out.txt)"
"$bin" audit verify --db rewritten.db --anchors anchors.txt --public-key k.pem.pub > out.txt 2>&1
[[ $? == 1 ]] || fail "verify --anchors of a rewritten log did not exit 1"
tail -1 out.txt | grep -qx "anchors.txt:1: entry 10 is not the entry anchored on 2026-12-03T17:00:00Z (its hash was ${head:0:16}…, is now [0-9a-f]\{16\}…): the log was rewritten at or before entry 10" ||
  fail "unexpected rewrite report: $(cat out.txt)"

# The anchor line altered (a later entry number claimed): its signature no longer matches.
sed 's/ seq=10 count=10 / seq=11 count=11 /' anchors.txt > altered.txt
"$bin" audit verify --db c.db --anchors altered.txt --public-key k.pem.pub > out.txt 2>&1
[[ $? == 1 ]] || fail "an altered anchor did not fail verify"
[[ $(tail -1 out.txt) == "altered.txt:1: the signature does not match the anchor: the line was altered after it was signed" ]] || fail "unexpected: $(tail -1 out.txt)"

# Another key: the anchors were not signed by it.
"$bin" audit keygen --key other.pem > /dev/null
other=$("$bin" audit keygen --key other2.pem | sed -n 's/^Made an Ed25519 key, id \(.*\)\.$/\1/p')
"$bin" audit verify --db c.db --anchors anchors.txt --public-key other2.pem.pub > out.txt 2>&1
[[ $? == 1 ]] || fail "verify with another key did not exit 1"
[[ $(tail -1 out.txt) == "anchors.txt:1: signed by key $id, not by the key given ($other)" ]] || fail "unexpected: $(tail -1 out.txt)"

# Another database's anchors, signed with the right key, anchor a different log.
SENDBAND_NOW=2026-12-05T10:00:00Z import d.db
"$bin" audit anchor --db d.db --key k.pem --anchors d-anchors.txt > /dev/null
"$bin" audit verify --db c.db --anchors d-anchors.txt --public-key k.pem.pub > out.txt 2>&1
[[ $? == 1 ]] || fail "another database's anchors did not fail verify"
tail -1 out.txt | grep -qx "d-anchors.txt:1: anchors another log: its entry 1 had hash [0-9a-f]\{16\}…, this log's entry 1 has [0-9a-f]\{16\}…" ||
  fail "unexpected: $(tail -1 out.txt)"

# Notes and blank lines are allowed; a line that is not an anchor is named.
printf '# minutes of the Schools Forum, 3 December\n\n%s\nnot an anchor\n' "$(cat anchors.txt)" > noted.txt
"$bin" audit verify --db c.db --anchors noted.txt --public-key k.pem.pub > out.txt 2>&1
[[ $? == 1 ]] || fail "a malformed anchors line did not fail verify"
[[ $(tail -1 out.txt) == 'noted.txt:4: not an anchor (expected a line starting "sendband-anchor 1")' ]] || fail "unexpected: $(tail -1 out.txt)"

# A private key others may read is refused, and nothing is appended.
cp k.pem loose.pem && chmod 644 loose.pem
cp anchors.txt anchors.before
expect 2 "" "loose.pem: error: the private key may be read by other users (mode 0644); run chmod 600 loose.pem (and if others may have copied it, make a new key)" \
  "$bin" audit anchor --db c.db --key loose.pem --anchors anchors.txt
cmp -s anchors.txt anchors.before || fail "a refused anchor changed the anchors file"
expect 2 "" "k.pem.pub: error: this is a public key; signing an anchor needs the private key" "$bin" audit anchor --db c.db --key k.pem.pub --anchors anchors.txt
expect 2 "" "sendband audit: give --key FILE, or set key under [anchors] in $tmp/no-settings.conf" "$bin" audit anchor --db c.db --anchors anchors.txt
expect 2 "" "sendband audit verify: --public-key checks anchors: give --anchors FILE too" "$bin" audit verify --db c.db --public-key k.pem.pub

# A broken chain is not anchored.
cp c.db broken.db
sqlite3 broken.db "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'X' WHERE seq = 4"
expect 1 "" "broken.db: error: the audit log is broken at entry 4 (entry 4 was changed after it was written: its content no longer matches its hash); a broken log is not anchored" \
  "$bin" audit anchor --db broken.db --key k.pem --anchors anchors.txt
cmp -s anchors.txt anchors.before || fail "a refused anchor changed the anchors file"

# The settings file names the key, the public key and the anchors file.
mkdir -p cfg/sendband
printf '# sendband settings\n[anchors]\nkey = %s/k.pem\npublic_key = %s/k.pem.pub\nfile = %s/set-anchors.txt\n' "$tmp" "$tmp" "$tmp" > cfg/sendband/sendband.conf
unset SENDBAND_CONFIG
XDG_CONFIG_HOME="$tmp/cfg" "$bin" audit anchor --db c.db > /dev/null 2> err.txt || fail "anchor from settings failed: $(cat err.txt)"
[[ $(wc -l < set-anchors.txt) == 1 ]] || fail "anchor from settings wrote no line to the settings' anchors file"
XDG_CONFIG_HOME="$tmp/cfg" "$bin" audit verify --db c.db --anchors set-anchors.txt > out.txt 2>&1 || fail "verify from settings failed: $(cat out.txt)"
printf '[anchors]\nkye = x\n' > bad.conf
expect 2 "" "$tmp/bad.conf:2: unknown key 'kye' in [anchors] (expected key, public_key or file)" env SENDBAND_CONFIG="$tmp/bad.conf" "$bin" audit anchor --db c.db

if [[ $fails == 0 ]]; then echo "anchors: all checks passed"; else echo "anchors: $fails check(s) failed"; exit 1; fi
