#include "rules/YamlReader.h"

#include "core/Csv.h"
#include "core/Text.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace sendband {

namespace {

// Notes where each document starts and ignores the rest: used only to find whether a file holds
// a second document. yaml-cpp 0.7's LoadAll never ends on some inputs (a lone "," gives one
// empty document after another, found by tests/fuzz), so the documents are counted here, two
// at most, instead.
class DocumentStarts final : public YAML::EventHandler {
public:
    std::optional<YAML::Mark> last;
    void OnDocumentStart(const YAML::Mark& mark) override { last = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

}  // namespace

std::string describeNode(const YAML::Node& n) {
    if (!n || n.IsNull()) return "nothing";
    if (n.IsSequence()) return "a list";
    if (n.IsMap()) return "a map";
    // A whole file read as one value (a CSV given for a rule set) must not be echoed in full.
    const std::string& s = n.Scalar();
    constexpr std::size_t kShown = 60;
    if (s.size() <= kShown) return "\"" + s + "\"";
    std::size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return "\"" + s.substr(0, cut) + "...\" (" + std::to_string(s.size()) + " characters)";
}

std::optional<YAML::Node> YamlReader::parse(const std::string& text) {
    // yaml-cpp passes bytes through: a Latin-1 name or a NUL would load and break JSON output later.
    if (const auto bad = invalidUtf8At(text)) {
        const auto [line, column] = lineAndColumn(text, *bad);
        errorAt(line, column, describeInvalidUtf8(text, *bad, false));
        return std::nullopt;
    }
    // A lone CR (old Mac line ends) is a line break to YAML 1.2, but yaml-cpp reads a CR-only
    // file as one line: read them as LF, as the caseload reader does, so lines are numbered alike.
    std::string lf;
    const std::string_view lines = normaliseLineEnds(text, lf);
    const std::string& yaml = lines.data() == text.data() ? text : lf;
    try {
        YAML::Node first = YAML::Load(yaml);  // the first document only
        std::istringstream in(yaml);
        YAML::Parser parser(in);
        DocumentStarts starts;
        if (parser.HandleNextDocument(starts) && parser.HandleNextDocument(starts) && starts.last) {
            errorAt(starts.last->line + 1, starts.last->column + 1,
                    "a second YAML document starts here (after --- or a stray ','); expected exactly one document");
            return std::nullopt;
        }
        return first;
    } catch (const YAML::ParserException& e) {
        errorAt(e.mark.line + 1, e.mark.column + 1, "YAML syntax: " + e.msg);
        return std::nullopt;
    }
}

void YamlReader::error(const YAML::Node& at, const std::string& path, const std::string& message) {
    int line = 0, col = 0;
    if (at && at.Mark().line >= 0) {
        line = at.Mark().line + 1;
        col = at.Mark().column + 1;
    }
    diags_.push_back({file_, line, col, path.empty() ? message : path + ": " + message});
}

void YamlReader::errorAt(int line, int column, const std::string& message) {
    diags_.push_back({file_, line, column, message});
}

bool YamlReader::checkMap(const YAML::Node& n, const std::string& path, std::initializer_list<const char*> allowed,
                          std::initializer_list<const char*> required) {
    if (!n.IsMap()) {
        if (path.empty() && n.IsScalar())
            error(n, path, "expected a YAML map of keys (lines of \"name: value\"), but the whole file reads as one piece of text, " +
                               describeNode(n) + ": is it the right kind of file (a CSV, say)?");
        else
            error(n, path, "expected a map of keys, got " + describeNode(n));
        return false;
    }
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
        if (!it->first.IsScalar()) {
            error(it->first, path, "keys must be plain names");
            continue;
        }
        const std::string key = it->first.Scalar();
        const std::string where = path.empty() ? key : path + "." + key;
        if (!seen.insert(key).second) {
            error(it->first, where, "duplicate key '" + key + "'");
            continue;
        }
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
            std::string list;
            for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
            error(it->first, where, "unknown key '" + key + "' (expected one of: " + list + ")");
        }
    }
    for (const char* r : required)
        if (!seen.count(r)) error(n, path, std::string("missing required key '") + r + "'");
    return true;
}

bool YamlReader::isSeq(const YAML::Node& n, const std::string& path) {
    if (n.IsSequence()) return true;
    error(n, path, "expected a list, got " + describeNode(n));
    return false;
}

std::optional<std::string> YamlReader::text(const YAML::Node& n, const std::string& path) {
    if (!n.IsDefined()) return std::nullopt;  // a missing key: checkMap reports it; reading it would throw
    if (!n.IsScalar()) {
        error(n, path, "expected text, got " + describeNode(n));
        return std::nullopt;
    }
    return n.Scalar();
}

std::optional<Num> YamlReader::number(const YAML::Node& n, const std::string& path) {
    if (!n.IsDefined()) return std::nullopt;  // a missing key: checkMap reports it; reading it would throw
    if (n.IsScalar() && n.Tag() != "!") {
        if (auto v = Num::parse(n.Scalar())) return v;
    }
    error(n, path, "expected a number, got " + describeNode(n));
    return std::nullopt;
}

std::optional<int> YamlReader::integer(const YAML::Node& n, const std::string& path) {
    auto v = number(n, path);
    if (!v) return std::nullopt;
    if (!v->isInteger() || v->num() > 1000000000 || v->num() < -1000000000) {
        error(n, path, "expected a whole number, got " + describeNode(n));
        return std::nullopt;
    }
    return static_cast<int>(v->num());
}

std::optional<bool> YamlReader::boolean(const YAML::Node& n, const std::string& path) {
    if (!n.IsDefined()) return std::nullopt;  // a missing key: checkMap reports it; reading it would throw
    if (n.IsScalar() && n.Tag() != "!") {
        if (n.Scalar() == "true") return true;
        if (n.Scalar() == "false") return false;
    }
    error(n, path, "expected true or false, got " + describeNode(n));
    return std::nullopt;
}

std::optional<Date> YamlReader::date(const YAML::Node& n, const std::string& path) {
    if (!n.IsDefined()) return std::nullopt;  // a missing key: checkMap reports it; reading it would throw
    if (n.IsScalar()) {
        if (auto d = parseDate(n.Scalar())) return d;
    }
    error(n, path, "expected a date as YYYY-MM-DD, got " + describeNode(n));
    return std::nullopt;
}

std::optional<std::string> YamlReader::choice(const YAML::Node& n, const std::string& path,
                                              std::initializer_list<const char*> choices) {
    if (!n.IsDefined()) return std::nullopt;  // a missing key: checkMap reports it; reading it would throw
    if (n.IsScalar())
        for (const char* c : choices)
            if (n.Scalar() == c) return n.Scalar();
    std::string list;
    for (const char* c : choices) list += std::string(list.empty() ? "" : ", ") + c;
    error(n, path, "expected one of: " + list + "; got " + describeNode(n));
    return std::nullopt;
}

namespace {
void jsonString(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
        else if (c < 0x20) {
            static const char* hex = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else out += static_cast<char>(c);
    }
    out += '"';
}
void canon(std::string& out, const YAML::Node& n) {
    if (!n || n.IsNull()) { out += "null"; return; }
    if (n.IsScalar()) { jsonString(out, n.Scalar()); return; }
    if (n.IsSequence()) {
        out += '[';
        bool first = true;
        for (const auto& c : n) {
            if (!first) out += ',';
            first = false;
            canon(out, c);
        }
        out += ']';
        return;
    }
    std::map<std::string, YAML::Node> sorted;
    for (auto it = n.begin(); it != n.end(); ++it) sorted.emplace(it->first.Scalar(), it->second);
    out += '{';
    bool first = true;
    for (const auto& [k, v] : sorted) {
        if (!first) out += ',';
        first = false;
        jsonString(out, k);
        out += ':';
        canon(out, v);
    }
    out += '}';
}
}  // namespace

std::string canonicalForm(const YAML::Node& n) {
    std::string out;
    canon(out, n);
    return out;
}

}  // namespace sendband
