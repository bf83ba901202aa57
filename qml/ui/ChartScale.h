// ChartScale: where a chart's value axis ends, so that its ticks fall on round figures.
#pragma once
#include <cmath>

namespace chartscale {

// The smallest 1, 2 or 5 x 10^k at or above `v` (1 for nothing to show): with 6 ticks, an axis
// to 5,000,000 is marked every 1,000,000, one to 200 every 40.
inline double niceCeiling(double v) {
    if (v <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= v) return m * p;
    return 10 * p;
}

}  // namespace chartscale
