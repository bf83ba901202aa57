#include "cli/Settings.h"

#include "core/FileIo.h"
#include "core/Text.h"

#include <cstdlib>

namespace sendband::cli {

namespace {

std::string settingsPath() {
    if (const char* p = std::getenv("SENDBAND_CONFIG"); p && *p) return p;
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/sendband/sendband.conf";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/sendband/sendband.conf";
    return {};
}

std::string_view trim(std::string_view s) {
    const auto a = s.find_first_not_of(" \t\r");
    if (a == std::string_view::npos) return {};
    const auto b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

}  // namespace

std::optional<Settings> readSettings(std::string& error) {
    Settings out;
    out.path = settingsPath();
    if (out.path.empty()) return out;
    const auto text = readFile(out.path);
    if (!text) return out;  // no settings file: nothing set
    if (const auto bad = invalidUtf8At(*text)) {
        error = out.path + ":" + std::to_string(lineAndColumn(*text, *bad).first) + ": " + describeInvalidUtf8(*text, *bad, false);
        return std::nullopt;
    }
    std::string section;
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos <= text->size()) {
        auto end = text->find('\n', pos);
        if (end == std::string::npos) end = text->size();
        const std::string_view line = trim(std::string_view(*text).substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        const std::string at = out.path + ":" + std::to_string(lineNo) + ": ";
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']') {
                error = at + "a section name must end with ']'";
                return std::nullopt;
            }
            section = std::string(trim(line.substr(1, line.size() - 2)));
            if (section != "anchors") {
                error = at + "unknown section [" + section + "] (expected [anchors])";
                return std::nullopt;
            }
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            error = at + "expected KEY = VALUE";
            return std::nullopt;
        }
        const std::string key(trim(line.substr(0, eq)));
        const std::string value(trim(line.substr(eq + 1)));
        if (section.empty()) {
            error = at + "'" + key + "' is outside any section (put it under [anchors])";
            return std::nullopt;
        }
        if (key == "key") out.anchorKey = value;
        else if (key == "public_key") out.anchorPublicKey = value;
        else if (key == "file") out.anchorsFile = value;
        else {
            error = at + "unknown key '" + key + "' in [anchors] (expected key, public_key or file)";
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace sendband::cli
