// Money: an amount in whole pence, the only form in which money leaves the engine.
#pragma once
#include "core/Num.h"

#include <cstdint>
#include <string>

namespace sendband {

// How an exact amount becomes whole money. The rule set declares it; it is applied once,
// at the named point where an amount is reported (see docs/rules-format.md, "Rounding").
struct Rounding {
    enum class Mode { HalfUp, HalfEven, Down, Up };
    Mode mode = Mode::HalfUp;
    std::int64_t unitPence = 1;  // 1 = nearest penny, 100 = nearest pound, 1000 = nearest 10 pounds

    std::string describe() const;  // "half up to the penny"
    bool operator==(const Rounding&) const = default;
};

class Money {
public:
    constexpr Money() = default;
    static constexpr Money fromPence(std::int64_t p) { return Money(p); }
    // Rounds an exact amount of pounds to money under `r`. Half-up means half away from zero;
    // down means toward zero (truncation), as published tables that truncate do.
    static Money round(const Num& pounds, const Rounding& r);

    std::int64_t pence() const { return pence_; }
    Num pounds() const { return Num::ratio(pence_, 100); }

    Money operator+(Money o) const { return Money(pence_ + o.pence_); }
    Money operator-(Money o) const { return Money(pence_ - o.pence_); }
    Money& operator+=(Money o) { pence_ += o.pence_; return *this; }
    Money& operator-=(Money o) { pence_ -= o.pence_; return *this; }
    auto operator<=>(const Money&) const = default;

    // "4,179.40" (grouped, two decimals, no currency sign, "-" for negatives).
    std::string format() const;
    // "4179.40": for CSV and JSON, where grouping would break parsing.
    std::string plain() const;

private:
    explicit constexpr Money(std::int64_t p) : pence_(p) {}
    std::int64_t pence_ = 0;
};

}  // namespace sendband
