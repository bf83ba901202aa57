// Date helpers: strict parsing, age, national curriculum year, financial year.
#include "core/Date.h"

#include <catch2/catch.hpp>

using namespace sendband;

namespace {
Date d(const char* text) {
    auto r = parseDate(text);
    REQUIRE(r.has_value());
    return *r;
}
}  // namespace

TEST_CASE("parseDate accepts exactly YYYY-MM-DD naming a real day") {
    CHECK(parseDate("2024-02-29").has_value());
    CHECK(formatDate(d("2024-02-29")) == "2024-02-29");
    CHECK(formatDate(d("2025-04-01")) == "2025-04-01");
    CHECK(formatDate(d("0999-12-31")) == "0999-12-31");
    const Date x = d("2025-03-31");
    CHECK(static_cast<int>(x.year()) == 2025);
    CHECK(static_cast<unsigned>(x.month()) == 3);
    CHECK(static_cast<unsigned>(x.day()) == 31);
}

TEST_CASE("parseDate refuses impossible days and loose layouts") {
    for (const char* bad : {"2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-4-1",
                            "2024-04-1", "24-04-01", "2024/04/01", "2024-04-01 ", " 2024-04-01", "2024-04-0a",
                            "20240401", "", "2024-04-01T00:00", "+024-04-01", "2024--4-01"}) {
        INFO("input \"" << bad << "\"");
        CHECK_FALSE(parseDate(bad).has_value());
    }
}

TEST_CASE("day arithmetic counts days inclusively across leap days") {
    CHECK(dayNumber(d("1970-01-01")) == 0);
    CHECK(dayNumber(d("1970-01-02")) == 1);
    CHECK(fromDayNumber(0) == d("1970-01-01"));
    CHECK(addDays(d("2024-02-28"), 1) == d("2024-02-29"));
    CHECK(addDays(d("2023-02-28"), 1) == d("2023-03-01"));
    CHECK(addDays(d("2025-03-31"), 1) == d("2025-04-01"));
    CHECK(daysInclusive(d("2024-04-01"), d("2025-03-31")) == 365);
    CHECK(daysInclusive(d("2023-04-01"), d("2024-03-31")) == 366);
    CHECK(daysInclusive(d("2026-01-01"), d("2026-03-31")) == 90);
    CHECK(daysInclusive(d("2025-09-01"), d("2025-09-01")) == 1);
}

TEST_CASE("age counts whole years and turns over on the birthday") {
    CHECK(ageOn(d("2010-06-15"), d("2025-06-14")) == 14);
    CHECK(ageOn(d("2010-06-15"), d("2025-06-15")) == 15);
    CHECK(ageOn(d("2010-06-15"), d("2025-12-31")) == 15);
    CHECK(ageOn(d("2010-06-15"), d("2010-06-15")) == 0);
    CHECK(ageOn(d("2010-12-31"), d("2011-01-01")) == 0);
}

TEST_CASE("a child born on 29 February has a birthday on 1 March in common years") {
    const Date leapling = d("2008-02-29");
    CHECK(ageOn(leapling, d("2025-02-28")) == 16);
    CHECK(ageOn(leapling, d("2025-03-01")) == 17);
    CHECK(ageOn(leapling, d("2028-02-28")) == 19);
    CHECK(ageOn(leapling, d("2028-02-29")) == 20);
    CHECK(ageOn(leapling, d("2009-02-28")) == 0);
    CHECK(ageOn(leapling, d("2009-03-01")) == 1);
}

TEST_CASE("a child born on 1 September is the oldest in their year group, 31 August the youngest") {
    const Date autumn = d("2024-09-02");
    CHECK(ncYearOn(d("2019-09-01"), autumn) == 0);   // Reception
    CHECK(ncYearOn(d("2020-08-31"), autumn) == 0);   // Reception, youngest
    CHECK(ncYearOn(d("2019-08-31"), autumn) == 1);   // Year 1, youngest
    CHECK(ncYearOn(d("2020-09-01"), autumn) == -1);  // nursery
    CHECK(ncYearOn(d("2016-02-14"), autumn) == 4);
}

TEST_CASE("the year group holds for the whole academic year and moves up on 1 September") {
    const Date dob = d("2019-09-01");
    CHECK(ncYearOn(dob, d("2024-09-01")) == 0);
    CHECK(ncYearOn(dob, d("2025-01-15")) == 0);
    CHECK(ncYearOn(dob, d("2025-08-31")) == 0);
    CHECK(ncYearOn(dob, d("2025-09-01")) == 1);
    CHECK(ncYearOn(d("2008-02-29"), d("2024-09-01")) == 12);
}

TEST_CASE("the financial year runs from 1 April to 31 March") {
    CHECK(financialYearStart(d("2025-03-31")) == d("2024-04-01"));
    CHECK(financialYearEnd(d("2025-03-31")) == d("2025-03-31"));
    CHECK(financialYearLabel(d("2025-03-31")) == "2024-25");
    CHECK(financialYearStart(d("2025-04-01")) == d("2025-04-01"));
    CHECK(financialYearEnd(d("2025-04-01")) == d("2026-03-31"));
    CHECK(financialYearLabel(d("2025-04-01")) == "2025-26");
    CHECK(financialYearStart(d("2026-01-01")) == d("2025-04-01"));
    CHECK(financialYearLabel(d("2099-12-31")) == "2099-00");
    CHECK(financialYearLabel(d("2009-06-01")) == "2009-10");
}
