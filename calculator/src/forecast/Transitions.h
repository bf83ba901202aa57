// Transitions: a council's own history from witan.send's transitions.csv, so that a council moving
// from that model keeps its inputs (docs/forecast.md, "From witan.send's transitions").
//
// Each row is one child from one January to the next: calendar-year (the year of the first
// January), setting-1, need-1, academic-year-1, setting-2, need-2, academic-year-2, with NONSEND
// for a child without a plan on that side (a new plan, or a plan ended). The settings are the
// council's own codes; a settings map (setting,setting_group) says which of the DfE's setting
// groups each is, so that the forecaster, its shrinkage towards England and pricing work as they
// do on the DfE's history. The academic year is the national curriculum year: age on 31 August
// is the year plus 4 (Reception, year 0, is 4), so -4 to 21 are ages 0 to 25.
#pragma once
#include "core/Diagnostic.h"
#include "forecast/PublicHistory.h"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sendband::forecast {

struct SettingsMap {
    std::map<std::string, SettingGroup, std::less<>> groups;  // the council's code -> DfE group
    PublicHistory::Input input;
    std::vector<Diagnostic> diagnostics;
    bool ok() const { return diagnostics.empty(); }
};
SettingsMap parseSettingsMap(std::string_view text, const std::string& name);
SettingsMap loadSettingsMap(const std::string& file);

struct TransitionsHistory {
    AuthoritySeries series;          // every January the file covers, with the new plans before each
    std::size_t rows = 0;
    std::set<std::string> needs;     // the needs seen (read, not yet modelled)
    PublicHistory::Input input;
    std::vector<Diagnostic> diagnostics;
    bool ok() const { return diagnostics.empty(); }
};
// `authority` names the series in the output ("Exampleshire").
TransitionsHistory parseTransitions(std::string_view text, const std::string& name, const SettingsMap& settings, const std::string& authority);
TransitionsHistory loadTransitions(const std::string& file, const SettingsMap& settings, const std::string& authority);

}  // namespace sendband::forecast
