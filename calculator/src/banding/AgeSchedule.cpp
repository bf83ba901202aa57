#include "banding/AgeSchedule.h"

#include <algorithm>
#include <charconv>

namespace sendband {

namespace {

// The first day after `day` on which the year group (1 September) or, with `withAge`, the age
// (the birthday) changes; LONG_MAX when neither does within two years, which cannot happen.
long nextChange(const Date& dob, long day, bool withAge) {
    using namespace std::chrono;
    const int y = static_cast<int>(fromDayNumber(day).year());
    long next = LONG_MAX;
    for (int yy = y; yy <= y + 1; ++yy) {
        const long sept = dayNumber(Date{year{yy}, month{9}, std::chrono::day{1}});
        if (sept > day) next = std::min(next, sept);
        if (!withAge) continue;
        Date birthday{year{yy}, dob.month(), dob.day()};
        if (!birthday.ok()) birthday = Date{year{yy}, month{3}, std::chrono::day{1}};  // 29 February in a common year
        if (dayNumber(birthday) > day) next = std::min(next, dayNumber(birthday));
    }
    return next;
}

bool readInt(std::string_view s, int& v) {
    if (s.empty()) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::vector<AgePiece> makeAgeSchedule(const Date& dob, const Date& from, const Date& to, bool withAge) {
    std::vector<AgePiece> out;
    const long last = dayNumber(to);
    for (long day = dayNumber(from); day <= last;) {
        const long end = std::min(last, nextChange(dob, day, withAge) - 1);
        const Date on = fromDayNumber(day);
        AgePiece piece;
        piece.fromDay = day;
        piece.toDay = end;
        piece.ncYear = ncYearOn(dob, on);
        if (withAge) piece.age = ageOn(dob, on);
        out.push_back(piece);
        day = end + 1;
    }
    return out;
}

std::string encodeAgeSchedule(const std::vector<AgePiece>& pieces) {
    std::string out;
    for (const AgePiece& p : pieces) {
        if (!out.empty()) out += ';';
        out += formatDate(fromDayNumber(p.fromDay)) + ',' + formatDate(fromDayNumber(p.toDay)) + ',' + std::to_string(p.ncYear) + ',';
        if (p.age) out += std::to_string(*p.age);
    }
    return out;
}

std::string decodeAgeSchedule(std::string_view text, std::vector<AgePiece>& out) {
    out.clear();
    if (text.empty()) return {};
    std::size_t n = 0;
    for (std::size_t at = 0; at <= text.size();) {
        std::size_t end = text.find(';', at);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view piece = text.substr(at, end - at);
        ++n;
        const std::string where = "piece " + std::to_string(n) + " (\"" + std::string(piece) + "\")";
        std::string_view f[4];
        std::size_t k = 0, s = 0;
        for (std::size_t i = 0; i <= piece.size() && k < 4; ++i)
            if (i == piece.size() || piece[i] == ',') {
                f[k++] = piece.substr(s, i - s);
                s = i + 1;
            }
        if (k != 4 || s <= piece.size()) return where + ": expected FROM,TO,NC_YEAR,AGE";
        const auto from = parseDate(f[0]), to = parseDate(f[1]);
        AgePiece p;
        int age = 0;
        if (!from || !to || dayNumber(*from) > dayNumber(*to)) return where + ": expected two dates, the first not after the second";
        if (!readInt(f[2], p.ncYear) || p.ncYear < -10 || p.ncYear > 30) return where + ": expected a year group from -10 to 30";
        if (!f[3].empty()) {
            if (!readInt(f[3], age) || age < 0 || age > 40) return where + ": expected an age from 0 to 40, or nothing";
            p.age = age;
        }
        p.fromDay = dayNumber(*from);
        p.toDay = dayNumber(*to);
        if (!out.empty() && p.fromDay != out.back().toDay + 1) return where + ": expected it to start the day after the piece before ends";
        out.push_back(p);
        at = end + 1;
    }
    return {};
}

const AgePiece* agePieceOn(const std::vector<AgePiece>& pieces, long day) {
    const auto it = std::upper_bound(pieces.begin(), pieces.end(), day, [](long d, const AgePiece& p) { return d < p.fromDay; });
    if (it == pieces.begin()) return nullptr;
    const AgePiece& p = *(it - 1);
    return day <= p.toDay ? &p : nullptr;
}

}  // namespace sendband
