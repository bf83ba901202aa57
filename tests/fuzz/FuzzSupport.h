// Shared by the libFuzzer harnesses: the rule set the profile and caseload harnesses read
// against (rules/example.yaml, loaded once), found from SENDBAND_SOURCE_DIR.
#pragma once
#include "rules/RuleSetLoader.h"

#include <cstdio>
#include <cstdlib>

namespace sendband::fuzz {

inline RuleSetPtr exampleRuleSet() {
    static const RuleSetPtr rs = [] {
        auto load = RuleSetLoader::loadFile(SENDBAND_SOURCE_DIR "/rules/example.yaml");
        if (!load.ok()) {
            std::fprintf(stderr, "fuzz: rules/example.yaml does not load\n");
            std::abort();
        }
        return load.ruleSet;
    }();
    return rs;
}

}  // namespace sendband::fuzz
