// RuleSetSummary: a rule set as plain text for a panel or a finance officer: authority, version,
// effective dates, hash, rounding, sources and assumptions, setting types, every domain with every
// level's full descriptor, derived values, how the band is chosen, bands, every tariff period
// with its amounts, the funding lines, the pro-rata rule, terms and override reasons.
#pragma once
#include "rules/RuleSet.h"

#include <string>

namespace sendband {

std::string describeRuleSet(const RuleSet& rs);

}  // namespace sendband
