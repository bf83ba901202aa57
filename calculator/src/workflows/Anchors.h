// Anchors: the audit log's head, signed with the authority's Ed25519 key and kept outside the
// database, so that truncating the log or rewriting it (recomputing every later hash) is found.
// The hash chain alone cannot see either: its scheme is public and unkeyed. docs/audit.md says
// exactly what an anchor proves and what it does not.
//
// An anchor is one line of text, appended to an anchors file and printable as a receipt:
//   sendband-anchor 1 log=<entry 1's hash> seq=<N> count=<N> hash=<entry N's hash> at=<UTC time>
//     key=<key id> by=<actor, %-escaped> sig=<Ed25519 signature of everything before " sig=">
// (on one line). Blank lines and lines starting with '#' in an anchors file are notes.
#pragma once
#include "core/Signing.h"
#include "store/CaseloadStore.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendband {

struct Anchor {
    std::string log;          // entry 1's hash: which log this anchors
    std::int64_t seq = 0;     // the head's entry number
    std::int64_t count = 0;   // entries up to and including it (the chain has no gaps: = seq)
    std::string hash;         // the head's hash
    std::string at, by;       // when and by whom it was signed
    std::string key;          // the signing key's id (Ed25519Key::keyId)
    std::string signature;    // 128 hex digits

    // Everything the signature covers: the line up to " sig=".
    std::string statement() const;
    std::string line() const;  // statement() + " sig=" + signature
    // Reads a line written by line(); nothing (and `why` set) when it is not one.
    static std::optional<Anchor> parse(std::string_view line, std::string& why);
};

struct AnchorOutcome {
    bool ok = false;
    std::string problem;  // why nothing was anchored
    Anchor anchor;
};

// Verifies the hash chain and, when it holds, signs its head with `key` (which must hold the
// private key). An empty or broken log is not anchored. Reads only: the caller appends
// anchor.line() to the anchors file.
AnchorOutcome makeAnchor(CaseloadStore& store, const Ed25519Key& key, const Actor& who);

struct AnchorCheck {
    std::size_t anchors = 0;
    std::optional<Anchor> latest;   // the anchor with the highest entry number, when all hold
    std::vector<std::string> problems;  // "FILE:LINE: ...", in file order
    bool ok() const { return problems.empty(); }
};

// Checks every anchor in `anchorsText` (the anchors file, named `file` in messages) against the
// log: each must be signed by `key`, anchor this log, and name an entry the log still holds with
// the hash it had then. Run after AuditLog::verify() has found the chain intact (`verified`).
AnchorCheck checkAnchors(CaseloadStore& store, const AuditVerification& verified, std::string_view anchorsText,
                         const std::string& file, const Ed25519Key& key);

// "Anchored entry 42 (head hash 5f0c1a2b3c4d5e6f…) at 2026-12-03T17:00:00Z by A. Officer, key 1a2b3c4d5e6f7a8b"
std::string describeAnchor(const Anchor& a);

}  // namespace sendband
