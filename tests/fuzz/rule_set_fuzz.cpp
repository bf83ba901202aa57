// libFuzzer harness: the rule-set loader. Any bytes must give either a rule set or at least one
// diagnostic, never a crash, a hang or undefined behaviour; a rule set that loads must also be
// described (`rules describe`) and set up for banding without trouble.
#include "banding/Banding.h"
#include "rules/RuleSetLoader.h"
#include "rules/RuleSetSummary.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace sendband;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto load = RuleSetLoader::loadText(text, "fuzz.yaml");
    if (!load.ok()) {
        if (load.diagnostics.empty()) __builtin_trap();  // refused without saying why
        return 0;
    }
    const Banding banding(load.ruleSet);
    const std::string described = describeRuleSet(banding.ruleSet());
    if (described.empty()) __builtin_trap();
    return 0;
}
