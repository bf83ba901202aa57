#include "core/Text.h"

#include <clocale>
#include <limits>
#include <locale.h>

namespace sendband {

std::string formatPercent(std::int64_t part, std::int64_t whole, bool sign, PercentRounding rounding) {
    if (whole < 0) part = -part, whole = -whole;
    const bool negative = part < 0;
    // Work on the magnitude: tenths of a percent = |part| * 1000 / whole, with its remainder for
    // the rounding (beyond 9.2 quadrillion the division comes first, to stay inside 64 bits).
    const std::uint64_t p = negative ? 0 - static_cast<std::uint64_t>(part) : static_cast<std::uint64_t>(part);
    const std::uint64_t w = static_cast<std::uint64_t>(whole);
    std::uint64_t a, rem2;  // the truncated tenths, and twice the remainder (compared with w)
    if (p <= std::numeric_limits<std::uint64_t>::max() / 1000) {
        a = p * 1000 / w;
        rem2 = (p * 1000 % w) * 2;
    } else {
        a = p / w * 1000;
        rem2 = 0;
    }
    if (rem2 > w || (rem2 == w && (rounding == PercentRounding::HalfAwayFromZero || a % 2 == 1))) ++a;
    const int t = a == 0 ? 0 : negative ? -1 : 1;
    return std::string(t > 0 && sign ? "+" : t < 0 ? "-" : "") + std::to_string(a / 10) + "." + std::to_string(a % 10) + "%";
}

bool naturalLess(std::string_view a, std::string_view b) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            std::size_t ie = i, je = j;
            while (ie < a.size() && digit(a[ie])) ++ie;
            while (je < b.size() && digit(b[je])) ++je;
            std::string_view x = a.substr(i, ie - i), y = b.substr(j, je - j);
            while (x.size() > 1 && x[0] == '0') x.remove_prefix(1);
            while (y.size() > 1 && y[0] == '0') y.remove_prefix(1);
            if (x.size() != y.size()) return x.size() < y.size();
            if (x != y) return x < y;
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            ++i;
            ++j;
        }
    }
    if ((i < a.size()) != (j < b.size())) return j < b.size();
    return a < b;
}

std::optional<std::size_t> invalidUtf8At(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c == 0) return i;
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;       // no overlong forms
            else if (c == 0xED) hi = 0x9F;  // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            else if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        } else {
            return i;
        }
        if (i + len > n) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return std::nullopt;
}

std::pair<int, int> lineAndColumn(std::string_view text, std::size_t at) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

std::string foldCase(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = foldAscii(c);
    return out;
}

std::string describeInvalidUtf8(std::string_view text, std::size_t at, bool withPosition) {
    std::size_t chars = 1;
    for (std::size_t i = 0; i < at && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    const std::string where = withPosition ? " at character " + std::to_string(chars) : std::string();
    if (at < text.size() && text[at] == '\0') return "a NUL byte" + where + ": text may not contain one";
    static const char* hex = "0123456789ABCDEF";
    const auto b = static_cast<unsigned char>(at < text.size() ? text[at] : 0);
    return std::string("invalid UTF-8 (byte 0x") + hex[b >> 4] + hex[b & 15] + where + "): save the file as UTF-8";
}

CNumericLocale::CNumericLocale() {
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", static_cast<locale_t>(nullptr));
    if (!c) return;  // out of memory: nothing better to do than carry on in the current locale
    c_ = c;
    was_ = uselocale(c);
}

CNumericLocale::~CNumericLocale() {
    if (!c_) return;
    uselocale(static_cast<locale_t>(was_));
    freelocale(static_cast<locale_t>(c_));
}

}  // namespace sendband
