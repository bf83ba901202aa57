// libFuzzer harness: the profile reader (YAML or JSON profile against rules/example.yaml). Any
// bytes give a profile or diagnostics; a profile that reads is banded as of the rule set's
// first day and over its first year, which must succeed or fail with a message, never crash.
#include "banding/Banding.h"
#include "banding/Profile.h"
#include "rules/YamlReader.h"
#include "FuzzSupport.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace sendband;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Banding banding(fuzz::exampleRuleSet());
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<Diagnostic> diags;
    YamlReader reader("fuzz.yaml", diags);
    const auto doc = reader.parse(text);
    if (!doc) {
        if (diags.empty()) __builtin_trap();
        return 0;
    }
    const auto profile = readProfileYaml(*doc, banding.ruleSet(), "fuzz.yaml", diags);
    if (!profile) {
        if (diags.empty()) __builtin_trap();
        return 0;
    }
    const Date from = banding.ruleSet().metadata.effectiveFrom;
    Decision d;
    if (!banding.decide(*profile, from, d) && d.error.empty()) __builtin_trap();
    const auto period = banding.amountFor(*profile, from, addDays(from, 364));
    if (!period.ok && period.error.empty()) __builtin_trap();
    return 0;
}
