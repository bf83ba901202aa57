// Num: an exact rational number, the only numeric type the engine computes with.
#pragma once
#include <cstdint>
#include <compare>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sendband {

// Thrown when an exact product or sum no longer fits in 64 bits. This is a limit of the
// engine (a bug in a rule set of absurd size), never an expected bad-input outcome.
struct ArithmeticOverflow : std::overflow_error {
    using std::overflow_error::overflow_error;
};

// Exact rational: num/den with den > 0 and gcd(num, den) == 1. Money, hours, rates and
// percentages are all held as Num so that products and ratios (hours x rate, annual / 12,
// days / 365) stay exact until a single, declared rounding step turns them into Money.
class Num {
public:
    constexpr Num() = default;
    constexpr Num(std::int64_t whole) : n_(whole), d_(1) {}  // NOLINT(google-explicit-constructor)
    static Num ratio(std::int64_t num, std::int64_t den);

    // Parses plain decimals: "12", "-3", "4701.825", "1,044.85" (commas only in groups of three
    // before the point). Exponents, "3650,50" and other spellings are refused.
    static std::optional<Num> parse(std::string_view text);

    std::int64_t num() const { return n_; }
    std::int64_t den() const { return d_; }
    bool isInteger() const { return d_ == 1; }
    // Largest integer <= value.
    std::int64_t floor() const;

    Num operator+(const Num& o) const;
    Num operator-(const Num& o) const;
    Num operator*(const Num& o) const;
    Num operator/(const Num& o) const;  // throws std::domain_error on division by zero
    Num operator-() const;
    Num& operator+=(const Num& o) { return *this = *this + o; }
    Num& operator-=(const Num& o) { return *this = *this - o; }
    Num& operator*=(const Num& o) { return *this = *this * o; }

    bool operator==(const Num& o) const = default;
    std::strong_ordering operator<=>(const Num& o) const;

    // Exact decimal text when the denominator divides a power of ten, otherwise a
    // fraction "n/d" (the trace must never show an inexact figure as if it were exact).
    std::string toString() const;

private:
    std::int64_t n_ = 0;
    std::int64_t d_ = 1;
};

}  // namespace sendband
