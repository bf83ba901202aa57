// BehaviourTest: YAML cases (rules, as_of, profile, expected outcome) run against the engine,
// so a policy officer can check a rule change without a compiler (`sendband test`).
#pragma once
#include "core/Diagnostic.h"

#include <string>
#include <vector>

namespace sendband {

struct CaseResult {
    std::string name;
    int line = 0;
    bool passed = false;
    std::vector<std::string> failures;  // "top_up: expected 4,974.00, got 4,973.00"
};

struct BehaviourFileResult {
    std::string file;
    std::vector<Diagnostic> diagnostics;  // the file itself (or its rule set) is invalid: no case ran
    std::string invalidRuleSet;           // the rule set's path when the diagnostics are about it
    std::vector<CaseResult> cases;
};

BehaviourFileResult runBehaviourFile(const std::string& path);

}  // namespace sendband
