// Backtest: how well the forecaster would have done. For each origin (the last January it may
// see) and every authority, forecast 1, 2 and 3 years on and compare with what the DfE later
// counted; beside it, four simple baselines computed from the same years. docs/forecast.md
// publishes the table; CI fails when the forecaster does not beat the best baseline at three
// years or its 80% ranges do not hold 70-90% of outcomes.
#pragma once
#include "forecast/Cohort.h"

#include <functional>
#include <string>
#include <vector>

namespace sendband::forecast {

struct BacktestSettings {
    std::vector<int> origins = {2015, 2016, 2017, 2018, 2019};
    int horizons = 3;
    ModelSettings model;                  // model.simulations per forecast
    std::vector<std::string> authorities;  // codes; empty: all
};

struct MethodScore {
    std::string name;
    std::vector<double> mdape;         // per horizon: median absolute % error across authorities and origins
    std::vector<double> englandError;  // per horizon: mean absolute % error of the England total (sum of authorities)
    std::vector<double> in50, in80;    // per horizon: share of outcomes inside the 50% and 80% ranges (forecaster only)
};

struct BacktestResult {
    std::vector<MethodScore> methods;  // the forecaster first, then the four baselines
    int cases = 0;                     // authorities x origins
    int authorities = 0;
    // The forecaster's three-year error beats every baseline's, and its 80% ranges hold 70-90%.
    bool passes() const;
    std::string verdict() const;  // the reasons it passes or fails, in words
};

// `progress(done, total)` is called after each authority (may be empty).
BacktestResult backtest(const PublicHistory& h, const AgeShape& shape, const BacktestSettings& s,
                        const std::function<void(int, int)>& progress = {});

// The tuning: every combination of window, recency and damping in a small grid, scored by the
// expected path's three-year median error; then the spread that brings the 80% ranges nearest
// 80% across horizons. Returns the chosen settings and a table of what was tried (text).
ModelSettings tune(const PublicHistory& h, const AgeShape& shape, const BacktestSettings& s, std::string& report);

}  // namespace sendband::forecast
