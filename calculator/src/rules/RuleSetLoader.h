// RuleSetLoader: YAML text to a validated RuleSet, or every problem found, never half a rule set.
#pragma once
#include "core/Diagnostic.h"
#include "rules/RuleSet.h"

#include <string>
#include <vector>

namespace sendband {

// The rule-set format this program reads: a rule set starts `sendband: 1`.
inline constexpr int kRuleSetFormatVersion = 1;

struct RuleSetLoad {
    RuleSetPtr ruleSet;                    // null when there is any diagnostic
    std::vector<Diagnostic> diagnostics;
    bool ok() const { return ruleSet != nullptr; }
};

class RuleSetLoader {
public:
    // Reads and validates a file. An unreadable file is a diagnostic too.
    static RuleSetLoad loadFile(const std::string& path);
    // Validates YAML text; `name` is used in diagnostics as the file name.
    static RuleSetLoad loadText(const std::string& text, const std::string& name);
};

}  // namespace sendband
