// Explanation: renders a Decision as plain-English reasons ("why this band") and as JSON.
#pragma once
#include "banding/Banding.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sendband {

// One step of "why this band": what the engine did, in words, and where the step works something
// out, the rule set's formula behind it, as written ("total_points = sum(score) + 2").
struct Reason {
    std::string text;
    std::string formula;  // empty for a step that reads a value or a tariff
};

// The steps, in the order the engine used the rules.
std::vector<Reason> explain(const RuleSet& rs, const Profile& p, const Decision& d);

// The CLI's text report: summary, optional period, then the numbered reasons.
std::string renderText(const RuleSet& rs, const Profile& p, const Decision& d, const PeriodAmount* period);

// The same content as JSON; money as decimal strings ("4974.00"), never floating point.
nlohmann::ordered_json renderJson(const RuleSet& rs, const Profile& p, const Decision& d, const PeriodAmount* period);

// The decision's trace as compact JSON, stored beside its rule set and as-of date: every value the
// engine used (scores, inputs, derived values, the banding score or rule, the tariff), so a
// decision can be checked without re-running it. Built by hand: it runs once per plan.
std::string traceJson(const RuleSet& rs, const Profile& p, const Decision& d);

}  // namespace sendband
