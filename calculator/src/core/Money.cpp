#include "core/Money.h"

namespace sendband {

std::string Rounding::describe() const {
    const char* m = "half up";
    switch (mode) {
        case Mode::HalfUp: m = "half up"; break;
        case Mode::HalfEven: m = "half to even"; break;
        case Mode::Down: m = "down"; break;
        case Mode::Up: m = "up"; break;
    }
    std::string unit = unitPence == 1 ? "the penny" : unitPence == 100 ? "the pound"
                     : unitPence == 1000 ? "the nearest 10 pounds" : std::to_string(unitPence) + " pence";
    return std::string(m) + " to " + unit;
}

std::int64_t Money::checkedAdd(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw MoneyOverflow();
    return r;
}

std::int64_t Money::checkedSub(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) throw MoneyOverflow();
    return r;
}

Money Money::round(const Num& pounds, const Rounding& r) {
    // Whole pence need no rounding in any mode.
    if (100 % pounds.den() == 0 && r.unitPence == 1) {
        std::int64_t p;
        if (!__builtin_mul_overflow(pounds.num(), 100 / pounds.den(), &p)) return Money(p);
    }
    // units = pounds * 100 / unitPence, then round to an integer, then scale back.
    const __int128 num = static_cast<__int128>(pounds.num()) * 100;
    const __int128 den = static_cast<__int128>(pounds.den()) * r.unitPence;
    const bool neg = num < 0;
    const __int128 a = neg ? -num : num;
    __int128 q = a / den;
    const __int128 rem = a % den;
    if (rem != 0) {
        const __int128 twice = rem * 2;
        switch (r.mode) {
            case Rounding::Mode::Down: break;
            case Rounding::Mode::Up: ++q; break;
            case Rounding::Mode::HalfUp:
                if (twice >= den) ++q;
                break;
            case Rounding::Mode::HalfEven:
                if (twice > den || (twice == den && (q % 2) == 1)) ++q;
                break;
        }
    }
    const __int128 pence = (neg ? -q : q) * r.unitPence;
    if (pence > INT64_MAX || pence < INT64_MIN) throw ArithmeticOverflow("amount too large for money");
    return Money(static_cast<std::int64_t>(pence));
}

std::string Money::plain() const {
    const bool neg = pence_ < 0;
    const std::uint64_t a = neg ? 0 - static_cast<std::uint64_t>(pence_) : static_cast<std::uint64_t>(pence_);
    std::string frac = std::to_string(a % 100);
    if (frac.size() < 2) frac = "0" + frac;
    return (neg ? "-" : "") + std::to_string(a / 100) + "." + frac;
}

std::string Money::format() const {
    const bool neg = pence_ < 0;
    const std::uint64_t a = neg ? 0 - static_cast<std::uint64_t>(pence_) : static_cast<std::uint64_t>(pence_);
    std::string whole = std::to_string(a / 100);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    std::string frac = std::to_string(a % 100);
    if (frac.size() < 2) frac = "0" + frac;
    return (neg ? "-" : "") + grouped + "." + frac;
}

}  // namespace sendband
