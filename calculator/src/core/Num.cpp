#include "core/Num.h"

#include <numeric>

namespace sendband {
namespace {

std::int64_t mul(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) throw ArithmeticOverflow("exact arithmetic overflow (multiply)");
    return r;
}
std::int64_t add(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw ArithmeticOverflow("exact arithmetic overflow (add)");
    return r;
}

}  // namespace

Num Num::ratio(std::int64_t num, std::int64_t den) {
    if (den == 0) throw std::domain_error("division by zero");
    if (den < 0) {
        num = -num;
        den = -den;
    }
    const std::int64_t g = std::gcd(num, den);
    Num r;
    r.n_ = g > 1 ? num / g : num;
    r.d_ = g > 1 ? den / g : den;
    return r;
}

std::optional<Num> Num::parse(std::string_view s) {
    if (s.empty()) return std::nullopt;
    bool neg = false;
    std::size_t i = 0;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i = 1;
    }
    // Thousands separators are accepted only as published tables write them: "1,044.85",
    // "12,132" (groups of exactly three digits before the point). "3650,50" and "1,2" are
    // refused rather than guessed at.
    const std::size_t dot = s.find('.', i);
    const std::string_view whole = s.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
    if (whole.find(',') != std::string_view::npos) {
        const std::size_t first = whole.find(',');
        if (first == 0 || first > 3) return std::nullopt;
        for (std::size_t k = first; k < whole.size(); k += 4)
            if (whole[k] != ',' || k + 4 > whole.size() || (k + 4 < whole.size() && whole[k + 4] != ',')) return std::nullopt;
    }
    std::int64_t intPart = 0;
    std::int64_t frac = 0;
    std::int64_t scale = 1;
    bool digits = false;
    bool seenDot = false;
    try {
        for (; i < s.size(); ++i) {
            const char c = s[i];
            if (c == ',' && !seenDot) continue;  // grouping, validated above
            if (c == '.') {
                if (seenDot) return std::nullopt;
                seenDot = true;
                continue;
            }
            if (c < '0' || c > '9') return std::nullopt;
            digits = true;
            if (seenDot) {
                frac = add(mul(frac, 10), c - '0');
                scale = mul(scale, 10);
            } else {
                intPart = add(mul(intPart, 10), c - '0');
            }
        }
        if (!digits) return std::nullopt;
        Num r = Num::ratio(add(mul(intPart, scale), frac), scale);
        return neg ? -r : r;
    } catch (const ArithmeticOverflow&) {
        return std::nullopt;
    }
}

std::int64_t Num::floor() const {
    if (d_ == 1) return n_;
    std::int64_t q = n_ / d_;
    if ((n_ % d_ != 0) && (n_ < 0)) --q;
    return q;
}

Num Num::operator+(const Num& o) const {
    if (d_ == 1 && o.d_ == 1) {
        Num r;
        r.n_ = add(n_, o.n_);
        return r;
    }
    const std::int64_t g = std::gcd(d_, o.d_);
    const std::int64_t da = d_ / g;
    return ratio(add(mul(n_, o.d_ / g), mul(o.n_, da)), mul(da, o.d_));
}

Num Num::operator-(const Num& o) const { return *this + (-o); }

Num Num::operator-() const {
    Num r;
    r.n_ = mul(n_, -1);
    r.d_ = d_;
    return r;
}

Num Num::operator*(const Num& o) const {
    if (d_ == 1 && o.d_ == 1) {
        Num r;
        r.n_ = mul(n_, o.n_);
        return r;
    }
    // Cross-reduce first so that intermediate products stay small.
    const std::int64_t g1 = std::gcd(n_, o.d_);
    const std::int64_t g2 = std::gcd(o.n_, d_);
    const std::int64_t a = g1 > 1 ? n_ / g1 : n_;
    const std::int64_t bd = g1 > 1 ? o.d_ / g1 : o.d_;
    const std::int64_t b = g2 > 1 ? o.n_ / g2 : o.n_;
    const std::int64_t ad = g2 > 1 ? d_ / g2 : d_;
    Num r;
    r.n_ = mul(a, b);
    r.d_ = mul(ad, bd);
    return r;
}

Num Num::operator/(const Num& o) const {
    if (o.n_ == 0) throw std::domain_error("division by zero");
    Num inv;
    inv.n_ = o.n_ < 0 ? -o.d_ : o.d_;
    inv.d_ = o.n_ < 0 ? -o.n_ : o.n_;
    return *this * inv;
}

std::strong_ordering Num::operator<=>(const Num& o) const {
    if (d_ == o.d_) return n_ <=> o.n_;
    const __int128 l = static_cast<__int128>(n_) * o.d_;
    const __int128 r = static_cast<__int128>(o.n_) * d_;
    return l <=> r;
}

std::string Num::toString() const {
    std::int64_t d = d_;
    int twos = 0, fives = 0;
    while (d % 2 == 0) { d /= 2; ++twos; }
    while (d % 5 == 0) { d /= 5; ++fives; }
    const int places = twos > fives ? twos : fives;
    // Beyond 18 places 10^places no longer fits in 64 bits: show the exact fraction instead.
    if (d != 1 || places > 18) return std::to_string(n_) + "/" + std::to_string(d_);
    std::int64_t scale = 1;
    for (int i = 0; i < places; ++i) scale *= 10;
    const __int128 scaled = static_cast<__int128>(n_) * (scale / d_);
    const bool neg = scaled < 0;
    const unsigned __int128 mag = neg ? static_cast<unsigned __int128>(-scaled) : static_cast<unsigned __int128>(scaled);
    const auto whole = static_cast<std::uint64_t>(mag / static_cast<unsigned __int128>(scale));
    const auto frac = static_cast<std::uint64_t>(mag % static_cast<unsigned __int128>(scale));
    std::string out = (neg ? "-" : "") + std::to_string(whole);
    if (places > 0) {
        std::string f = std::to_string(frac);
        out += "." + std::string(static_cast<std::size_t>(places) - f.size(), '0') + f;
    }
    return out;
}

}  // namespace sendband
