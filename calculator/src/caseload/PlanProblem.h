// PlanProblem: one plan that a whole-caseload job (re-band, totals, impact) could not compute, and
// why. Jobs list every such plan and then compute nothing: a total that left plans out would be
// wrong without saying so.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

namespace sendband {

struct PlanProblem {
    std::string reference;  // the council's reference for the plan
    std::string message;    // plain English, "field: what is wrong" where one field is to blame
    bool operator==(const PlanProblem&) const = default;
};

// In reference order, as every report lists them.
inline void sortProblems(std::vector<PlanProblem>& problems) {
    std::sort(problems.begin(), problems.end(), [](const PlanProblem& a, const PlanProblem& b) { return a.reference < b.reference; });
}

}  // namespace sendband
