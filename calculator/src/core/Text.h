// Text helpers shared by every layer. None of them depends on the process locale: numbers are
// written with '.' and no grouping whatever LC_NUMERIC says (the app runs under the desktop's
// locale, the CLI under the shell's).
#pragma once
#include <cstdint>
#include <string>

namespace sendband {

// How a percentage's last decimal is rounded when the exact value lies half-way.
enum class PercentRounding { HalfAwayFromZero, HalfEven };

// part/whole as a percentage with one decimal, by exact integer arithmetic: formatPercent(1, 8)
// == "12.5%"; 2/32 is "6.3%" half away from zero and "6.2%" half-even. With `sign`, a positive
// value gets a "+" ("+2.5%"). `whole` must not be zero (the caller says what that means).
std::string formatPercent(std::int64_t part, std::int64_t whole, bool sign = false,
                          PercentRounding rounding = PercentRounding::HalfAwayFromZero);

}  // namespace sendband
