// Cohort: the forecaster's model (docs/forecast.md, "How the forecast is made").
//
// The state is the number of children with a plan at each age (0 to 25 on 31 August) in each
// setting group. From one January to the next every child ages on a year and, in each
// simulation, either stays in their setting, moves setting (only where they cross into the next
// age band: starting school, secondary, post-16, post-19), or leaves; new plans join at each age.
// The DfE publishes only totals by age band and by setting, not the flows between them, so the
// rates are inferred: the leavers of each age band are what the year's count, the plans made in
// the year and the children ageing in and out imply (net of children who move in with a plan),
// and children cross into the next band in the setting mix that band had in the last January.
//
// Nothing here reads a clock, a locale or an unseeded random number: a forecast is a function of
// (history, settings, seed), the same at any thread count.
#pragma once
#include "forecast/PublicHistory.h"
#include "forecast/Scenario.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sendband::forecast {

inline constexpr int kMaxAge = 25;
inline constexpr std::size_t kAges = kMaxAge + 1;  // ages 0 to 25 on 31 August
AgeBand bandOfAge(int age);
// Whether a setting group serves children of an age: early years only before school, further
// education only from 16, alternative provision only at school age, no school after 19.
bool servesAge(SettingGroup g, int age);

// The national number of plans at each age, which says how each age band's children are spread
// over its ages (so, for example, how many of the under-5s start school each year). Read from
// data/dfe/ehcp_need_by_age_jan2025.csv (summed over needs).
struct AgeShape {
    std::array<double, kAges> count{};
    std::vector<Diagnostic> diagnostics;
    PublicHistory::Input input;
    bool ok() const { return diagnostics.empty(); }
};
AgeShape loadAgeShape(const std::string& file);
AgeShape parseAgeShape(std::string_view text, const std::string& name);

// How the model is fitted and run. The fitting parameters are not chosen by hand: they are the
// values `sendband forecast backtest --tune` picks (docs/forecast.md shows its table).
struct ModelSettings {
    int origin = 2022;  // the last January seen
    int years = 5;      // Januaries forecast after it
    int simulations = 1000;
    std::uint64_t seed = 20221;
    unsigned threads = 0;  // 0: every core
    // Fitting (chosen by the back-test).
    int window = 3;             // the last `window` year-on-year changes are used
    double recency = 0.3;       // each earlier year's weight, relative to the year after it
    double damping = 0.5;       // the share of the joiner trend that carries on into each further year
    double shrinkLeave = 400;   // an authority's children at which its own leave rates weigh as much as England's
    double shrinkGrowth = 300;  // its yearly joiners at which its own joiner growth weighs as much as England's
    double spread = 3.5;        // scales the parameter uncertainty, so that 80% ranges hold about 80%
};

using AgeSetting = std::array<std::array<double, kSettingGroups>, kAges>;

// Everything a simulation needs, estimated from one authority's history.
struct CohortInputs {
    int origin = 0;
    double originTotal = 0;                     // plans in force in the origin January
    std::array<std::array<std::int64_t, kSettingGroups>, kAges> start{};  // the origin January, whole children
    // The net share of the children who would reach each age by next January who leave on the
    // way (< 0: more arrive with a plan than leave). Age 0 is unused.
    std::array<double, kAges> leaveRate{};
    double leaveSd = 0;                         // a simulation's shift of every leave rate: its standard deviation
    AgeSetting joinBase{};                      // new plans a year at the origin's level, by age and setting
    std::array<double, kAgeBands> growth{};     // the joiners' yearly growth (log), by age band
    double growthSd = 0;                        // a simulation's shift of that growth: its standard deviation
    // moves[a][s][t]: the share of the children aged a in setting s who, if they stay, are in
    // setting t at age a + 1 (the identity except where a is the top of its age band).
    std::array<std::array<std::array<double, kSettingGroups>, kSettingGroups>, kAges> moves{};
    std::array<std::array<double, kSettingGroups>, kAgeBands> settingMix{};  // each band's mix at the origin
    std::vector<std::string> notes;             // what the fitting had to assume, in words
};

// Fits the model to `la`'s history up to January settings.origin, shrinking towards `england`.
// Empty `why` on success; otherwise what is missing ("no new plans were read", "January 2009 is
// before the history").
CohortInputs estimate(const AuthoritySeries& la, const AuthoritySeries& england, const AgeShape& shape, const ModelSettings& s, std::string& why);

// Per simulation and forecast year, the counts the summaries are made from.
enum Column : std::size_t {
    kTotal = 0,
    kFirstSetting = 1,                            // kSettingGroups columns
    kFirstAge = kFirstSetting + kSettingGroups,   // kAgeBands columns
    kJoined = kFirstAge + kAgeBands,              // new plans
    kMovedIn,                                     // net arrivals with a plan (where the rate is negative)
    kStayed,                                      // aged on in the same setting
    kMoved,                                       // aged on into another setting
    kLeft,                                        // left (including those past 25)
    kFirstCross,                                  // setting group x age band: kSettingGroups x kAgeBands columns, what pricing needs
    kColumns = kFirstCross + kSettingGroups * kAgeBands
};
inline constexpr std::size_t crossColumn(std::size_t group, std::size_t band) { return kFirstCross + group * kAgeBands + band; }

struct Simulations {
    int simulations = 0, years = 0;
    std::vector<std::int64_t> cells;  // [simulation][year][column]
    std::int64_t at(int sim, int year, std::size_t column) const {
        return cells[(static_cast<std::size_t>(sim) * static_cast<std::size_t>(years) + static_cast<std::size_t>(year)) * kColumns + column];
    }
};

// Runs the simulations: each draws its parameters once, then every year's flows, from the
// counter-based stream (seed, simulation, year, state), so the result does not depend on
// `threads`. With a scenario, its changes apply from their Januaries on; every draw the
// scenario does not change is the baseline's own, so a scenario run beside the baseline with the
// same seed differs from it by the scenario's effect, not by chance.
Simulations simulate(const CohortInputs& in, const ModelSettings& s, const Scenario* scenario = nullptr);

// The expected path (no randomness): the total each forecast year if every rate held exactly.
// The back-test's tuning uses it for speed.
std::vector<double> expectedTotals(const CohortInputs& in, const ModelSettings& s);

// Quantiles as the share of simulations at or below a value (the lowest value that at least
// p of the simulations do not exceed, so every quantile is one simulation's figure).
inline constexpr std::array<double, 7> kQuantiles = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
struct Summary {
    double mean = 0;
    std::array<std::int64_t, 7> q{};  // p5, p10, p25, p50, p75, p90, p95
    std::int64_t p(int percent) const;
};
Summary summarise(std::vector<std::int64_t> values);
// The summary of one column in one forecast year (0 = the first January after the origin).
Summary summarise(const Simulations& sims, int year, std::size_t column);
// The summary of a scenario's difference from the baseline, simulation by simulation.
Summary summariseDifference(const Simulations& scenario, const Simulations& baseline, int year, std::size_t column);

}  // namespace sendband::forecast
