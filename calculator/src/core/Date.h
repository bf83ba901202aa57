// Date helpers over std::chrono::year_month_day: strict parsing, formatting, day arithmetic.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sendband {

using Date = std::chrono::year_month_day;

// Accepts exactly YYYY-MM-DD naming a real calendar day.
std::optional<Date> parseDate(std::string_view text);
std::string formatDate(const Date& d);
// Serial day number (days since 1970-01-01), for arithmetic.
long dayNumber(const Date& d);
Date fromDayNumber(long n);
inline Date addDays(const Date& d, long n) { return fromDayNumber(dayNumber(d) + n); }
// Inclusive count of days from a to b (a <= b).
inline long daysInclusive(const Date& a, const Date& b) { return dayNumber(b) - dayNumber(a) + 1; }

// Whole years of age on `on` for a child born on `dob` (29 February birthdays fall on 1 March
// in common years, as English law treats them).
int ageOn(const Date& dob, const Date& on);
// National curriculum year in the academic year (September to August) containing `on`:
// Reception is 0, Year 1 is 1, nursery is -1. A child's year group follows from their age on
// the 31 August before the academic year starts.
int ncYearOn(const Date& dob, const Date& on);
// The financial year (1 April to 31 March) containing `d`, as its first and last day.
Date financialYearStart(const Date& d);
Date financialYearEnd(const Date& d);
// "2024-25" for the financial year starting 1 April 2024.
std::string financialYearLabel(const Date& d);

}  // namespace sendband
