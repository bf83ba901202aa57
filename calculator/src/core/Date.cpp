#include "core/Date.h"

#include <cstdio>

namespace sendband {
using namespace std::chrono;

std::optional<Date> parseDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](std::size_t from, std::size_t len) -> int {
        int v = 0;
        for (std::size_t i = from; i < from + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string formatDate(const Date& d) {
    // By hand rather than snprintf: caseload outputs format two dates a plan.
    const int y = static_cast<int>(d.year());
    const unsigned m = static_cast<unsigned>(d.month()), dd = static_cast<unsigned>(d.day());
    if (y < 0 || y > 9999) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%d-%02u-%02u", y, m, dd);
        return buf;
    }
    std::string out(10, '-');
    out[0] = static_cast<char>('0' + y / 1000);
    out[1] = static_cast<char>('0' + y / 100 % 10);
    out[2] = static_cast<char>('0' + y / 10 % 10);
    out[3] = static_cast<char>('0' + y % 10);
    out[5] = static_cast<char>('0' + m / 10);
    out[6] = static_cast<char>('0' + m % 10);
    out[8] = static_cast<char>('0' + dd / 10);
    out[9] = static_cast<char>('0' + dd % 10);
    return out;
}

long dayNumber(const Date& d) { return sys_days{d}.time_since_epoch().count(); }
Date fromDayNumber(long n) { return Date{sys_days{days{n}}}; }

int ageOn(const Date& dob, const Date& on) {
    int age = static_cast<int>(on.year()) - static_cast<int>(dob.year());
    const unsigned bm = static_cast<unsigned>(dob.month()), bd = static_cast<unsigned>(dob.day());
    const unsigned om = static_cast<unsigned>(on.month()), od = static_cast<unsigned>(on.day());
    unsigned effDay = bd;
    unsigned effMonth = bm;
    if (bm == 2 && bd == 29 && !on.year().is_leap()) {
        effMonth = 3;
        effDay = 1;
    }
    if (om < effMonth || (om == effMonth && od < effDay)) --age;
    return age;
}

int ncYearOn(const Date& dob, const Date& on) {
    // Academic year starts 1 September; its start year:
    const int startYear = static_cast<int>(on.year()) - (static_cast<unsigned>(on.month()) >= 9 ? 0 : 1);
    const Date aug31{year{startYear}, month{8}, day{31}};
    return ageOn(dob, aug31) - 4;
}

Date financialYearStart(const Date& d) {
    const int y = static_cast<int>(d.year()) - (static_cast<unsigned>(d.month()) >= 4 ? 0 : 1);
    return Date{year{y}, month{4}, day{1}};
}
Date financialYearEnd(const Date& d) {
    const Date s = financialYearStart(d);
    return Date{year{static_cast<int>(s.year()) + 1}, month{3}, day{31}};
}
std::string financialYearLabel(const Date& d) {
    const int y = static_cast<int>(financialYearStart(d).year());
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, (y + 1) % 100);
    return buf;
}

}  // namespace sendband
