// Pricing: the forecast's children in pounds (docs/forecast.md, "Spend"). Each simulated
// child-year is priced with the rule set: a band mix says, for each setting group and age band,
// which of the rule set's setting types and bands its children hold and in what shares; the
// rule set's tariffs and funding lines give each (setting type, band) its annual amount in each
// financial year, through the same banding engine that prices a plan; and a financial year
// takes 5/12 of the academic year that ends in it (April to August) and 7/12 of the one that
// starts in it (September to March). Every simulation's spend is exact in pence; the quantiles
// are of those exact amounts.
#pragma once
#include "banding/Banding.h"
#include "core/Diagnostic.h"
#include "core/Num.h"
#include "forecast/Cohort.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendband::forecast {

// band-mix CSV: setting_group,age_band,setting,band,share[,amount]
//   setting_group  a DfE group id (special_state_funded, ...)
//   age_band       under_5, 5_to_10, 11_to_15, 16_to_19, 20_to_25, or all (every band not given its own rows)
//   setting, band  the rule set's setting type and band ids
//   share          of the group's children in that age band, a decimal with up to 6 places;
//                  each (group, age band)'s shares add up to exactly 1
//   amount         the annual amount, for a band whose amount is entered (individually costed)
struct BandMix {
    struct Entry {
        int setting = -1, band = -1;
        Num share;
        std::optional<Num> amount;
    };
    std::array<std::array<std::vector<Entry>, kAgeBands>, kSettingGroups> mix;
    PublicHistory::Input input;
    std::vector<Diagnostic> diagnostics;
    bool ok() const { return diagnostics.empty(); }
};
BandMix parseBandMix(std::string_view text, const std::string& name, const RuleSet& rs);
BandMix loadBandMix(const std::string& file, const RuleSet& rs);

// A financial year by the calendar year it starts in: 2025 is 2025-26.
std::string financialYearName(int startYear);

// The price of one child-year in each setting group and age band, per financial year.
struct Prices {
    std::vector<int> years;  // financial years by start year, ascending, consecutive
    // perMicroPence[y][group][band]: the mix's average annual amount, in millionths of a penny
    // (exact: shares have at most 6 decimal places and amounts are whole pence).
    std::vector<std::array<std::array<std::int64_t, kAgeBands>, kSettingGroups>> perMicroPence;
    std::vector<std::string> notes;  // how years outside the rule set were priced, in words
    std::string error;               // empty on success
};

// Prices `count` financial years from `firstYear`. A year before the rule set's period is priced
// at its first year's amounts; a year after it at its last year's, raised by `uplift` (0.025 is
// 2.5%) for each year beyond, rounded to the penny each year under the rule set's rounding.
Prices priceYears(const Banding& banding, const BandMix& mix, int firstYear, int count, const Num& uplift);

// Each simulation's spend in each financial year, in pence: the financial year starting in
// April of January `origin + y`'s year takes 5/12 of that January's children and 7/12 of the
// next January's. `startCross` is the origin January by group x age band. Returns
// [simulation][year], `years` = sims.years financial years from the origin's.
std::vector<std::int64_t> spendPence(const Simulations& sims, const std::array<std::array<std::int64_t, kAgeBands>, kSettingGroups>& startCross,
                                     const Prices& prices);

// The origin January by setting group and age band, from a model's starting state.
std::array<std::array<std::int64_t, kAgeBands>, kSettingGroups> startCross(const CohortInputs& in);

}  // namespace sendband::forecast
