// Scenario: a change to the forecast's assumptions, read from a YAML file as strictly as a rule
// set (docs/forecast.md, "Scenarios"). `sendband forecast --scenario FILE` runs it beside the
// baseline with the same seed, so the difference between the two is the scenario's effect and
// not chance. Four kinds of change, each from a stated January on:
//   joiners:  new plans multiplied (optionally only in some age bands);
//   leavers:  leave rates multiplied;
//   shifts:   a share of the children entering a setting at given ages sent to another instead;
//   capacity: places in a setting each January; the children over them go on to the next
//             setting in a stated list that has room;
// and, for spend, the uplift assumed beyond the rule set's last year.
#pragma once
#include "core/Diagnostic.h"
#include "core/Num.h"
#include "forecast/PublicHistory.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendband::forecast {

inline constexpr int kScenarioFormat = 1;

struct Scenario {
    std::string name, description;
    struct RateChange {
        int from = 0;                      // the first January it applies to
        double multiplier = 1;
        std::array<bool, kAgeBands> bands{};  // the age bands it applies to
        int line = 0;
    };
    std::vector<RateChange> joiners, leavers;
    struct Shift {
        int from = 0;
        SettingGroup setting{}, to{};
        double share = 0;                  // of those entering `setting` at one of `ages`
        std::vector<int> ages;             // age on 31 August reached, 1-25
        int line = 0;
    };
    std::vector<Shift> shifts;
    struct Capacity {
        SettingGroup setting{};
        std::map<int, std::int64_t> places;  // January -> places; later Januaries keep the last figure
        bool everyYear = false;              // a single figure for every January
        std::int64_t allYears = 0;
        std::vector<SettingGroup> overflow;  // where the children over the places go, in order
        int line = 0;
        // The places in January `year`, or -1 where the scenario sets none.
        std::int64_t placesIn(int year) const;
    };
    std::vector<Capacity> capacity;
    // The yearly rise in amounts beyond the rule set's last year, in percent, for the scenario's
    // spend (the baseline's is --uplift); none: the same as the baseline's.
    std::optional<Num> upliftPercent;

    PublicHistory::Input input;  // the file and its SHA-256, for the run record
    std::vector<Diagnostic> diagnostics;
    bool ok() const { return diagnostics.empty(); }
};

Scenario parseScenario(std::string_view text, const std::string& name);
Scenario loadScenario(const std::string& file);

// A setting group from its id ("special_state_funded"); false if there is none.
bool settingGroupFromId(std::string_view id, SettingGroup& out);

}  // namespace sendband::forecast
