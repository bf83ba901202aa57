// libFuzzer harness: the caseload CSV reader and banding (against rules/example.yaml). Any bytes
// give either every row banded or a list of located errors, never a crash; the check and the
// banding run must agree on whether the file is good.
#include "caseload/CaseloadBanding.h"
#include "FuzzSupport.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace sendband;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Banding banding(fuzz::exampleRuleSet());
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Date asOf = banding.ruleSet().metadata.effectiveFrom;
    const auto errors = checkCaseloadCsv(text, banding, asOf, 1);
    const auto run = bandCaseloadCsv(text, banding, asOf, asOf, addDays(asOf, 364), 1);
    for (const auto& e : run.errors)
        if (e.message.empty()) __builtin_trap();
    // A file the check passes bands whole; one it refuses is not banded.
    if (errors.empty() != run.ok()) __builtin_trap();
    return 0;
}
