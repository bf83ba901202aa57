// CaseloadGenerator: realistic synthetic caseloads from the DfE's national mix of need,
// setting and age, for samples, tests and benchmarks. Deterministic for a given seed.
#pragma once
#include "rules/RuleSet.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sendband {

struct GeneratorOptions {
    std::size_t plans = 3000;
    std::uint64_t seed = 1;
    Date asOf{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{15}};  // census-style date ages refer to
    std::string authority = "Exampleshire";
};

// The DfE tables of data/dfe: counts by (setting group, need) and (age, need).
struct NeedMix {
    struct Cell {
        std::string group;
        std::string need;
        long count;
    };
    std::vector<Cell> bySetting;
    std::vector<std::vector<long>> byAge;  // [age 0..25][need index in `needs`]
    std::vector<std::string> needs;
};

// Reads the two CSV files from `dir` (data/dfe). Returns an error message, or empty.
std::string loadNeedMix(const std::string& dir, NeedMix& out);

struct GeneratedCaseload {
    std::string csv;    // empty when `error` is set
    std::string error;  // why no caseload could be made (no plan the rule set accepts as of the date)
};

// A caseload CSV (the format of docs/caseload-csv.md) for `rs`, with `opt.plans` rows. Every row
// is one the rule set accepts: `sendband band --caseload` with --as-of `opt.asOf` bands it. Levels
// are the domains' own; inputs are whole numbers in their range, or rows of the table they are
// looked up in; a row the rule set still refuses is drawn again.
GeneratedCaseload generateCaseload(const RuleSetPtr& rules, const NeedMix& mix, const GeneratorOptions& opt);

}  // namespace sendband
