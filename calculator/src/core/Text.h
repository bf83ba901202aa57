// Text helpers shared by every layer. None of them depends on the process locale: numbers are
// written with '.' and no grouping whatever LC_NUMERIC says (the app runs under the desktop's
// locale, the CLI under the shell's).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <optional>
#include <utility>

namespace sendband {

// Orders keys as people expect: digit runs by value ("B2" before "B10"), then as text.
bool naturalLess(std::string_view a, std::string_view b);

// Where `text` stops being well-formed UTF-8, as a byte offset, or nullopt when all of it is.
// A NUL byte counts as not well-formed: no text field of sendband's may hold one. Overlong
// forms, surrogates and code points above U+10FFFF are refused, as RFC 3629 says.
std::optional<std::size_t> invalidUtf8At(std::string_view text);
// "invalid UTF-8 (byte 0xE9 at character 12): save the file as UTF-8" or, for a NUL, "a NUL byte at
// character 12: text may not contain one"; `at` is the offset invalidUtf8At gave, and the
// character is counted from the start of `text`.
// Without `withPosition` the message leaves out "at character N" (the caller names the place).
std::string describeInvalidUtf8(std::string_view text, std::size_t at, bool withPosition = true);
// ASCII letters folded to lower case: the key under which two plan references are the same.
inline char foldAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string foldCase(std::string_view text);
// The 1-based line and column (in characters) of byte `at` of `text`.
std::pair<int, int> lineAndColumn(std::string_view text, std::size_t at);

// How a percentage's last decimal is rounded when the exact value lies half-way.
enum class PercentRounding { HalfAwayFromZero, HalfEven };

// part/whole as a percentage with one decimal, by exact integer arithmetic: formatPercent(1, 8)
// == "12.5%"; 2/32 is "6.3%" half away from zero and "6.2%" half-even. With `sign`, a positive
// value gets a "+" ("+2.5%"). `whole` must not be zero (the caller says what that means).
std::string formatPercent(std::int64_t part, std::int64_t whole, bool sign = false,
                          PercentRounding rounding = PercentRounding::HalfAwayFromZero);

// While alive, this thread formats and parses numbers in the "C" locale (a decimal point, no
// grouping), whatever the process locale says. For libraries that print numbers with printf
// (libxlsxwriter writes every cell value so): under a German desktop they would write 1537,5.
// Thread-local (uselocale), so other threads, such as the app's GUI thread, are not affected.
class CNumericLocale {
public:
    CNumericLocale();
    ~CNumericLocale();
    CNumericLocale(const CNumericLocale&) = delete;
    CNumericLocale& operator=(const CNumericLocale&) = delete;

private:
    void* c_ = nullptr;    // locale_t, kept opaque so that this header needs no <locale.h>
    void* was_ = nullptr;
};

}  // namespace sendband
