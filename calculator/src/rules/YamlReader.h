// YamlReader: strict, error-collecting access to a parsed YAML document (yaml-cpp).
#pragma once
#include "core/Date.h"
#include "core/Diagnostic.h"
#include "core/Num.h"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace sendband {

class YamlReader {
public:
    YamlReader(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), diags_(out) {}

    // Parses text; on a syntax error records it and returns nullopt.
    std::optional<YAML::Node> parse(const std::string& text);

    void error(const YAML::Node& at, const std::string& path, const std::string& message);
    void errorAt(int line, int column, const std::string& message);
    // Checks that `n` is a map with only `allowed` keys, no key twice, and every `required`
    // key present. Returns false (with diagnostics) when it is not a map at all.
    bool checkMap(const YAML::Node& n, const std::string& path, std::initializer_list<const char*> allowed,
                  std::initializer_list<const char*> required = {});
    bool isSeq(const YAML::Node& n, const std::string& path);

    std::optional<std::string> text(const YAML::Node& n, const std::string& path);
    std::optional<Num> number(const YAML::Node& n, const std::string& path);
    std::optional<int> integer(const YAML::Node& n, const std::string& path);
    std::optional<bool> boolean(const YAML::Node& n, const std::string& path);
    std::optional<Date> date(const YAML::Node& n, const std::string& path);
    // One of `choices`; the message lists them.
    std::optional<std::string> choice(const YAML::Node& n, const std::string& path,
                                      std::initializer_list<const char*> choices);

    // Optional child: present and not null.
    static bool has(const YAML::Node& map, const char* key) { return map.IsMap() && map[key] && !map[key].IsNull(); }

    const std::string& file() const { return file_; }
    std::size_t errorCount() const { return diags_.size(); }

private:
    std::string file_;
    std::vector<Diagnostic>& diags_;
};

// Plain-text description of a node for messages: `"abc"`, `a list`, `a map`.
std::string describeNode(const YAML::Node& n);

// Canonical text of a document (maps with sorted keys, every scalar as a JSON string), so
// that comments, layout and key order do not change a rule set's identity.
std::string canonicalForm(const YAML::Node& n);

}  // namespace sendband
