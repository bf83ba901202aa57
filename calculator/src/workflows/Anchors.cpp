#include "workflows/Anchors.h"

#include "core/Hex.h"
#include "core/Text.h"

#include <charconv>

namespace sendband {

namespace {

constexpr std::string_view kMagic = "sendband-anchor 1";

// An actor's name may hold spaces: '%', spaces and control bytes are written as %XX so that a
// line splits on spaces.
std::string escapeName(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == '%' || u == 0x7F) {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> unescapeName(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;  // '%' needs two hex digits after it
        unsigned v = 0;
        const auto r = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
        if (r.ec != std::errc() || r.ptr != s.data() + i + 3) return std::nullopt;
        out += static_cast<char>(v);
        i += 2;
    }
    return out;
}

std::optional<std::int64_t> positive(std::string_view s) {
    std::int64_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < 1) return std::nullopt;
    return v;
}

std::string shortHash(const std::string& h) { return h.substr(0, 16) + "…"; }

}  // namespace

std::string Anchor::statement() const {
    return std::string(kMagic) + " log=" + log + " seq=" + std::to_string(seq) + " count=" + std::to_string(count) +
           " hash=" + hash + " at=" + at + " key=" + key + " by=" + escapeName(by);
}

std::string Anchor::line() const { return statement() + " sig=" + signature; }

std::optional<Anchor> Anchor::parse(std::string_view line, std::string& why) {
    why.clear();
    if (line.substr(0, kMagic.size()) != kMagic) {
        why = "not an anchor (expected a line starting \"sendband-anchor 1\")";
        return std::nullopt;
    }
    // The fields, in the order statement() writes them; each exactly once.
    static constexpr std::string_view names[] = {"log", "seq", "count", "hash", "at", "key", "by", "sig"};
    std::string_view rest = line.substr(kMagic.size());
    std::string_view value[8];
    for (std::size_t i = 0; i < 8; ++i) {
        const std::string prefix = " " + std::string(names[i]) + "=";
        if (rest.substr(0, prefix.size()) != prefix) {
            why = "expected \"" + std::string(names[i]) + "=\" as field " + std::to_string(i + 1) + " of the anchor";
            return std::nullopt;
        }
        rest.remove_prefix(prefix.size());
        const auto end = rest.find(' ');
        value[i] = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    }
    if (!rest.empty()) {
        why = "text after the signature";
        return std::nullopt;
    }
    Anchor a;
    const auto seq = positive(value[1]), count = positive(value[2]);
    auto by = unescapeName(value[6]);
    if (!isLowerHex(value[0], 64)) why = "log= must be 64 hex digits";
    else if (!seq) why = "seq= must be a whole number from 1";
    else if (!count) why = "count= must be a whole number from 1";
    else if (!isLowerHex(value[3], 64)) why = "hash= must be 64 hex digits";
    else if (value[4].empty()) why = "at= is empty";
    else if (!isLowerHex(value[5], 16)) why = "key= must be 16 hex digits";
    else if (!by) why = "by= holds a broken %-escape";
    else if (!isLowerHex(value[7], 128)) why = "sig= must be 128 hex digits";
    if (!why.empty()) return std::nullopt;
    a.log = value[0];
    a.seq = *seq;
    a.count = *count;
    a.hash = value[3];
    a.at = value[4];
    a.key = value[5];
    a.by = std::move(*by);
    a.signature = value[7];
    return a;
}

AnchorOutcome makeAnchor(CaseloadStore& store, const Ed25519Key& key, const Actor& who) {
    AnchorOutcome out;
    if (!key.canSign()) {
        out.problem = "the key given is a public key: anchoring needs the private key";
        return out;
    }
    // One read of the whole chain: the head anchored is the head verified.
    const AuditVerification v = store.audit().verify();
    if (!v.ok) {
        out.problem = "the audit log is broken at entry " + std::to_string(v.badSeq) + " (" + v.problem + "); a broken log is not anchored";
        return out;
    }
    if (v.entries == 0) {
        out.problem = "the audit log is empty: there is nothing to anchor yet";
        return out;
    }
    Anchor& a = out.anchor;
    a.log = v.firstHash;
    a.seq = v.entries;
    a.count = v.entries;
    a.hash = v.headHash;
    a.at = who.at;
    a.by = who.name;
    a.key = key.keyId();
    a.signature = key.sign(a.statement());
    out.ok = true;
    return out;
}

AnchorCheck checkAnchors(CaseloadStore& store, const AuditVerification& verified, std::string_view anchorsText,
                         const std::string& file, const Ed25519Key& key) {
    AnchorCheck out;
    const std::string keyId = key.keyId();
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos < anchorsText.size()) {
        auto end = anchorsText.find('\n', pos);
        if (end == std::string_view::npos) end = anchorsText.size();
        std::string_view line = anchorsText.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') continue;
        const std::string at = file + ":" + std::to_string(lineNo) + ": ";
        auto problem = [&](std::string text) { out.problems.push_back(at + text); };
        if (const auto bad = invalidUtf8At(line)) {
            problem(describeInvalidUtf8(line, *bad, false));
            continue;
        }
        std::string why;
        const auto a = Anchor::parse(line, why);
        if (!a) {
            problem(why);
            continue;
        }
        ++out.anchors;
        if (a->key != keyId) {
            problem("signed by key " + a->key + ", not by the key given (" + keyId + ")");
            continue;
        }
        if (!key.verify(a->statement(), a->signature)) {
            problem("the signature does not match the anchor: the line was altered after it was signed");
            continue;
        }
        if (a->count != a->seq) {
            problem("count=" + std::to_string(a->count) + " differs from seq=" + std::to_string(a->seq) + " (signed so, but not by sendband)");
            continue;
        }
        if (a->log != verified.firstHash) {
            problem("anchors another log: its entry 1 had hash " + shortHash(a->log) + ", this log's entry 1 has " +
                    (verified.firstHash.empty() ? std::string("no entries") : shortHash(verified.firstHash)));
            continue;
        }
        if (a->seq > verified.entries) {
            problem("the anchor of " + a->at + " records entry " + std::to_string(a->seq) + ", but the log now ends at entry " +
                    std::to_string(verified.entries) + ": entries " + std::to_string(verified.entries + 1) + " to " +
                    std::to_string(a->seq) + " were removed (the log was truncated)");
            continue;
        }
        const auto now = store.audit().hashOf(a->seq);
        if (!now || *now != a->hash) {
            problem("entry " + std::to_string(a->seq) + " is not the entry anchored on " + a->at + " (its hash was " + shortHash(a->hash) +
                    ", is now " + (now ? shortHash(*now) : std::string("missing")) + "): the log was rewritten at or before entry " +
                    std::to_string(a->seq));
            continue;
        }
        if (!out.latest || a->seq > out.latest->seq) out.latest = *a;
    }
    if (!out.ok()) out.latest.reset();
    return out;
}

std::string describeAnchor(const Anchor& a) {
    return "Anchored entry " + std::to_string(a.seq) + " (head hash " + shortHash(a.hash) + ") at " + a.at + " by " + a.by + ", key " + a.key;
}

}  // namespace sendband
