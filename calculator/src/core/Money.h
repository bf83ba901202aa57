// Money: an amount in whole pence, the only form in which money leaves the engine.
#pragma once
#include "core/Num.h"

#include <cstdint>
#include <stdexcept>
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

// A sum of money too large for 64 bits of pence: a bug or a bad input that slipped past the
// bounds, never something to print as a (wrapped, negative) total.
struct MoneyOverflow : std::overflow_error {
    MoneyOverflow() : std::overflow_error("a sum of money is too large to hold (more than 92 million billion pence)") {}
};

class Money {
public:
    // The largest amount sendband accepts for one plan, or one tariff figure: 10,000,000.00 a
    // year, some twenty times the dearest residential placement. It bounds every input (entered
    // amounts, override amounts, rule-set amounts), so that a national caseload of 10 million
    // such plans still sums inside 64 bits; sums are checked all the same.
    static constexpr std::int64_t kMaxPencePerPlan = 1'000'000'000;
    static Num maxPerPlan() { return Num::ratio(kMaxPencePerPlan, 100); }

    constexpr Money() = default;
    static constexpr Money fromPence(std::int64_t p) { return Money(p); }
    // Rounds an exact amount of pounds to money under `r`. Half-up means half away from zero;
    // down means toward zero (truncation), as published tables that truncate do.
    static Money round(const Num& pounds, const Rounding& r);

    std::int64_t pence() const { return pence_; }
    Num pounds() const { return Num::ratio(pence_, 100); }

    // Checked: a sum or difference beyond 64 bits throws MoneyOverflow, never wraps.
    Money operator+(Money o) const { return Money(checkedAdd(pence_, o.pence_)); }
    Money operator-(Money o) const { return Money(checkedSub(pence_, o.pence_)); }
    Money& operator+=(Money o) { pence_ = checkedAdd(pence_, o.pence_); return *this; }
    Money& operator-=(Money o) { pence_ = checkedSub(pence_, o.pence_); return *this; }
    static std::int64_t checkedAdd(std::int64_t a, std::int64_t b);
    static std::int64_t checkedSub(std::int64_t a, std::int64_t b);
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
