// Pro rata: the amount paid for part of a year (Banding::amountFor and amountTotals).
#include "banding/Banding.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

using namespace sendband;
using sendband::test::day;
using sendband::test::loadOk;
using sendband::test::makeProfile;

namespace {

struct Seg {
    std::string from, to, unit, fraction, tariff;
    bool operator==(const Seg&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Seg& s) {
    return os << "{" << s.from << ".." << s.to << " " << s.unit << " " << s.fraction << " " << s.tariff << "}";
}

std::vector<Seg> segments(const PeriodAmount& a) {
    std::vector<Seg> out;
    for (const auto& s : a.segments) out.push_back({formatDate(s.from), formatDate(s.to), s.unit, s.fraction.toString(), s.tariffId});
    return out;
}

PeriodAmount paid(const RuleSetPtr& rs, const Profile& p, const char* from, const char* to) {
    PeriodAmount a = Banding(rs).amountFor(p, day(from), day(to));
    INFO(a.error);
    REQUIRE(a.ok);
    return a;
}

// The example framework's shape: a resourced place, top-up 5,000 in 2025-26 and 2.5% more in 2026-27.
const char* const kDays = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2027-03-31}
setting_types:
  - {id: resourced, name: Resourced provision, place_funding: 6000}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: fy2025-26, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 5000}}
  - {id: fy2026-27, from: 2026-04-01, to: 2027-03-31, per: year, uplift: {from: fy2025-26, percent: 2.5}}
pro_rata: {basis: days, partial: daily, year_days: 365}
)";

}  // namespace

TEST_CASE("a placement across 31 March is paid at the old rate to 31 March and the new rate from 1 April") {
    auto rs = loadOk(kDays);
    const Profile p = makeProfile(*rs, {{"primary_need", "HI"}, {"setting", "resourced"}, {"input.points", "24"}});
    const PeriodAmount a = paid(rs, p, "2026-01-01", "2026-08-31");
    CHECK(segments(a) == std::vector<Seg>{{"2026-01-01", "2026-03-31", "2025-26", "18/73", "fy2025-26"},
                                          {"2026-04-01", "2026-08-31", "2026-27", "153/365", "fy2026-27"}});
    REQUIRE(a.segments.size() == 2);
    CHECK(a.segments[0].annual == std::vector<Num>{Num(5000), Num(6000)});
    CHECK(a.segments[1].annual == std::vector<Num>{Num(5125), Num(6000)});
    // 5,000 x 90/365 + 5,125 x 153/365 = 3,381.1643...; 6,000 x 243/365 = 3,994.5205...
    CHECK(a.total == std::vector<Money>{Money::fromPence(338116), Money::fromPence(399452)});
}

TEST_CASE("a placement starting on 1 January is paid for the 90 days to 31 March") {
    auto rs = loadOk(kDays);
    const Profile p = makeProfile(*rs, {{"primary_need", "HI"}, {"setting", "resourced"}, {"input.points", "24"}});
    const PeriodAmount a = paid(rs, p, "2026-01-01", "2026-03-31");
    CHECK(segments(a) == std::vector<Seg>{{"2026-01-01", "2026-03-31", "2025-26", "18/73", "fy2025-26"}});
    CHECK(a.total[0].format() == "1,232.88");  // 5,000 x 90/365 = 1,232.8767...
    CHECK(a.total[1].format() == "1,479.45");  // 6,000 x 90/365 = 1,479.4520...
}

TEST_CASE("a single day is paid a 365th of the year") {
    auto rs = loadOk(kDays);
    const Profile p = makeProfile(*rs, {{"primary_need", "HI"}, {"setting", "resourced"}, {"input.points", "24"}});
    const PeriodAmount a = paid(rs, p, "2025-09-01", "2025-09-01");
    CHECK(segments(a) == std::vector<Seg>{{"2025-09-01", "2025-09-01", "2025-26", "1/365", "fy2025-26"}});
    CHECK(a.total[0].format() == "13.70");  // 13.6986...
}

TEST_CASE("two whole financial years pay exactly the two annual amounts") {
    auto rs = loadOk(kDays);
    const Profile p = makeProfile(*rs, {{"primary_need", "HI"}, {"setting", "resourced"}, {"input.points", "24"}});
    const PeriodAmount a = paid(rs, p, "2025-04-01", "2027-03-31");
    CHECK(segments(a) == std::vector<Seg>{{"2025-04-01", "2026-03-31", "2025-26", "1", "fy2025-26"},
                                          {"2026-04-01", "2027-03-31", "2026-27", "1", "fy2026-27"}});
    CHECK(a.total[0].format() == "10,125.00");
    CHECK(a.total[1].format() == "12,000.00");
}

TEST_CASE("amountTotals gives the same totals as amountFor without the segments") {
    auto rs = loadOk(kDays);
    const Profile p = makeProfile(*rs, {{"primary_need", "HI"}, {"setting", "resourced"}, {"input.points", "24"}});
    const Banding banding(rs);
    Decision scratch;
    std::vector<Num> exact;
    std::vector<Money> total;
    std::string error;
    REQUIRE(banding.amountTotals(p, day("2026-01-01"), day("2026-08-31"), scratch, exact, total, error));
    CHECK(exact[0] == Num(5000) * Num::ratio(90, 365) + Num(5125) * Num::ratio(153, 365));
    CHECK(total == std::vector<Money>{Money::fromPence(338116), Money::fromPence(399452)});
    CHECK(error.empty());
}

TEST_CASE("a period that ends before it starts, or leaves the effective period, is an error") {
    auto rs = loadOk(kDays);
    const Profile p = makeProfile(*rs, {{"primary_need", "HI"}, {"setting", "resourced"}, {"input.points", "24"}});
    const Banding banding(rs);
    const PeriodAmount back = banding.amountFor(p, day("2025-02-01"), day("2025-01-01"));
    CHECK_FALSE(back.ok);
    CHECK(back.error == "the period ends (2025-01-01) before it starts (2025-02-01)");
    const PeriodAmount late = banding.amountFor(p, day("2027-01-01"), day("2027-06-30"));
    CHECK_FALSE(late.ok);
    CHECK(late.error == "2027-04-01: the as-of date 2027-04-01 is outside the rule set's effective period (2025-04-01 to 2027-03-31)");
    CHECK(late.total.empty());
}

TEST_CASE("a whole financial year pays exactly the annual amount even in a leap year with year_days 365") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2027-04-01, effective_to: 2028-03-31}
setting_types:
  - {id: special, name: Special school, place_funding: 10000}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: early, from: 2027-04-01, to: 2027-08-31, per: year, amounts: {A: 3000}}
  - {id: late, from: 2027-09-01, to: 2028-03-31, per: year, amounts: {A: 3000}}
pro_rata: {basis: days, partial: daily, year_days: 365}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "SLD"}, {"setting", "special"}, {"input.points", "1"}});
    const PeriodAmount whole = paid(rs, p, "2027-04-01", "2028-03-31");  // 366 days, with 29 February 2028
    CHECK(segments(whole) == std::vector<Seg>{{"2027-04-01", "2027-08-31", "2027-28", "51/122", "early"},
                                              {"2027-09-01", "2028-03-31", "2027-28", "71/122", "late"}});
    CHECK(whole.total[0].format() == "3,000.00");
    CHECK(whole.total[1].format() == "10,000.00");
    // One day short of the leap year is 365 days: paid 365/365, as year_days 365 says.
    const PeriodAmount short1 = paid(rs, p, "2027-04-02", "2028-03-31");
    CHECK(short1.total[0].format() == "3,000.00");
    // Two days short: 364/365 of the year.
    const PeriodAmount short2 = paid(rs, p, "2027-04-03", "2028-03-31");
    CHECK(short2.total[0].format() == "2,991.78");  // 3,000 x 364/365 = 2,991.7808...
}

TEST_CASE("with year_days actual a leap year's day is a 366th of the year") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2027-04-01, effective_to: 2028-03-31}
setting_types:
  - {id: special, name: Special school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: fy27, from: 2027-04-01, to: 2028-03-31, per: year, amounts: {A: 3000}}
pro_rata: {basis: days, year_days: actual}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "SLD"}, {"setting", "special"}, {"input.points", "1"}});
    const PeriodAmount a = paid(rs, p, "2027-04-02", "2028-03-31");
    CHECK(segments(a) == std::vector<Seg>{{"2027-04-02", "2028-03-31", "2027-28", "365/366", "fy27"}});
    CHECK(a.total[0].format() == "2,991.80");  // 3,000 x 365/366 = 2,991.8032...
    CHECK(paid(rs, p, "2027-04-01", "2028-03-31").total[0].format() == "3,000.00");
}

TEST_CASE("pro rata by months pays a twelfth for each whole month and days of a part month") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2026-03-31}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 1200}}
pro_rata: {basis: months}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "1"}});
    const PeriodAmount a = paid(rs, p, "2025-04-15", "2025-06-30");
    CHECK(segments(a) == std::vector<Seg>{{"2025-04-15", "2025-04-30", "Apr 2025", "2/45", "fy25"},
                                          {"2025-05-01", "2025-05-31", "May 2025", "1/12", "fy25"},
                                          {"2025-06-01", "2025-06-30", "Jun 2025", "1/12", "fy25"}});
    CHECK(a.total[0].format() == "253.33");  // 1,200 x (16/30/12 + 2/12)
    // February 2026 has 28 days: 14 of them are half of its twelfth.
    CHECK(paid(rs, p, "2026-02-01", "2026-02-14").total[0].format() == "50.00");
}

namespace {
// Three terms tiling the year; the rate rises by a flat 300 a year from 1 April 2026.
const char* const kTerms = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2027-03-31}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
terms:
  - {name: Autumn, from: 09-01, to: 12-31}
  - {name: Spring, from: 01-01, to: 03-31}
  - {name: Summer, from: 04-01, to: 08-31}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 3000}}
  - {id: fy26, from: 2026-04-01, to: 2027-03-31, per: year, uplift: {from: fy25, flat: 300}}
)";

std::string termsWith(const char* partial) {
    return std::string(kTerms) + "pro_rata: {basis: terms, partial: " + partial + "}\n";
}
}  // namespace

TEST_CASE("pro rata by terms, daily: a part term pays its third for the days covered") {
    auto rs = loadOk(termsWith("daily"));
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "1"}});
    const PeriodAmount a = paid(rs, p, "2025-10-01", "2026-05-15");
    // Autumn 2025 has 122 days (92 covered), Spring 2026 is whole, Summer 2026 has 153 days (45 covered).
    CHECK(segments(a) == std::vector<Seg>{{"2025-10-01", "2025-12-31", "Autumn 2025", "46/183", "fy25"},
                                          {"2026-01-01", "2026-03-31", "Spring 2026", "1/3", "fy25"},
                                          {"2026-04-01", "2026-05-15", "Summer 2026", "5/51", "fy26"}});
    CHECK(a.total[0].format() == "2,077.63");  // 3,000 x 46/183 + 1,000 + 3,300 x 5/51
}

TEST_CASE("pro rata by terms, whole: any part of a term pays the whole term") {
    auto rs = loadOk(termsWith("whole"));
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "1"}});
    const PeriodAmount a = paid(rs, p, "2025-10-01", "2026-05-15");
    CHECK(segments(a) == std::vector<Seg>{{"2025-10-01", "2025-12-31", "Autumn 2025", "1/3", "fy25"},
                                          {"2026-01-01", "2026-03-31", "Spring 2026", "1/3", "fy25"},
                                          {"2026-04-01", "2026-05-15", "Summer 2026", "1/3", "fy26"}});
    CHECK(a.total[0].format() == "3,100.00");
}

TEST_CASE("pro rata by terms, none: only whole terms are paid") {
    auto rs = loadOk(termsWith("none"));
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "1"}});
    const PeriodAmount a = paid(rs, p, "2025-10-01", "2026-05-15");
    CHECK(segments(a) == std::vector<Seg>{{"2025-10-01", "2025-12-31", "Autumn 2025", "0", "fy25"},
                                          {"2026-01-01", "2026-03-31", "Spring 2026", "1/3", "fy25"},
                                          {"2026-04-01", "2026-05-15", "Summer 2026", "0", "fy26"}});
    CHECK(a.total[0].format() == "1,000.00");
    CHECK(paid(rs, p, "2025-09-01", "2026-08-31").total[0].format() == "3,100.00");
}

TEST_CASE("pro rata by terms across a tariff change inside a term splits the term at the change") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-09-01, effective_to: 2026-08-31}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
terms:
  - {name: Autumn, from: 09-01, to: 12-31}
  - {name: Spring, from: 01-01, to: 04-30}
  - {name: Summer, from: 05-01, to: 08-31}
tariffs:
  - {id: old, from: 2025-09-01, to: 2026-03-31, per: year, amounts: {A: 3000}}
  - {id: new, from: 2026-04-01, to: 2026-08-31, per: year, amounts: {A: 6000}}
pro_rata: {basis: terms, partial: daily}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "1"}});
    // Spring 2026 is 120 days: 90 at the old rate, 30 at the new; wholly covered, so it pays its third exactly.
    const PeriodAmount a = paid(rs, p, "2026-01-01", "2026-04-30");
    CHECK(segments(a) == std::vector<Seg>{{"2026-01-01", "2026-03-31", "Spring 2026", "0.25", "old"},
                                          {"2026-04-01", "2026-04-30", "Spring 2026", "1/12", "new"}});
    CHECK(a.total[0].format() == "1,250.00");  // 3,000/4 + 6,000/12
}

namespace {

// 426 a term and 1,280 a year published in 2025-26 (1,278 would be three terms); 440 and 1,322 in
// 2026-27. Band A in a special school has only the termly figure. BASIS is replaced.
std::string publishedWith(const std::string& basis) {
    std::string y = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2027-03-31}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: special, name: Special school}
banding:
  band: '"A"'
bands:
  - {id: A, name: Band A}
terms:
  - {name: Autumn, from: 09-01, to: 12-31}
  - {name: Spring, from: 01-01, to: 03-31}
  - {name: Summer, from: 04-01, to: 08-31}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: term, amounts: {A: {mainstream: 426, special: 900}}, also_per: {year: {A: {mainstream: 1280}}}}
  - {id: fy26, from: 2026-04-01, to: 2027-03-31, per: term, amounts: {A: {mainstream: 440, special: 930}}, also_per: {year: {A: {mainstream: 1322}}}}
pro_rata: {basis: BASIS, partial: daily, year_days: 365}
)";
    y.replace(y.find("BASIS"), 5, basis);
    return y;
}

}  // namespace

TEST_CASE("published termly and annual figures: a year pays the annual figure, a term the termly one, as the pro-rata rule chooses") {
    auto byTerms = loadOk(publishedWith("terms"));
    const Profile p = makeProfile(*byTerms, {{"primary_need", "ASD"}, {"setting", "mainstream"}});
    Decision d;
    REQUIRE(Banding(byTerms).decide(p, day("2025-09-01"), d));
    CHECK(d.components[0].exact == Num(1280));  // the published annual figure, not 3 x 426
    CHECK(d.tariffRate == Num(426));
    CHECK(d.figureUnit == Per::Year);
    CHECK(d.figure == Num(1280));
    CHECK(d.figureStated);
    CHECK(d.publishedFigures);

    // Pro rata by terms: each term is paid from the termly figure.
    const PeriodAmount autumn = paid(byTerms, p, "2025-09-01", "2025-12-31");
    CHECK(autumn.total[0] == Money::fromPence(42600));
    REQUIRE(autumn.segments.size() == 1);
    CHECK(autumn.segments[0].publishedFigures);
    CHECK(autumn.segments[0].figureUnit == Per::Term);
    CHECK(autumn.segments[0].figure == Num(426));
    CHECK(autumn.segments[0].figureStated);
    // Across 31 March: 31/90 of spring at 426, 30/153 of summer at 440.
    const PeriodAmount across = paid(byTerms, p, "2026-03-01", "2026-04-30");
    CHECK(across.total[0] == Money::round(Num(426) * Num::ratio(31, 90) + Num(440) * Num::ratio(30, 153), Rounding{}));
    CHECK(across.total[0] == Money::fromPence(23301));
    CHECK(paid(byTerms, p, "2025-09-01", "2026-08-31").total[0] == Money::fromPence(129200));  // 426 + 426 + 440

    // Pro rata by days: the unit is the financial year, paid from the annual figure.
    auto byDays = loadOk(publishedWith("days"));
    const Profile q = makeProfile(*byDays, {{"primary_need", "ASD"}, {"setting", "mainstream"}});
    CHECK(paid(byDays, q, "2025-04-01", "2026-03-31").total[0] == Money::fromPence(128000));
    const PeriodAmount days = paid(byDays, q, "2026-03-01", "2026-04-30");
    CHECK(days.total[0] == Money::round(Num(1280) * Num::ratio(31, 365) + Num(1322) * Num::ratio(30, 365), Rounding{}));
    REQUIRE(days.segments.size() == 2);
    CHECK(days.segments[1].figureUnit == Per::Year);
    CHECK(days.segments[1].figure == Num(1322));

    // Without a published annual figure the year is converted as before, and nothing is marked.
    const Profile s = makeProfile(*byTerms, {{"primary_need", "ASD"}, {"setting", "special"}});
    REQUIRE(Banding(byTerms).decide(s, day("2025-09-01"), d));
    CHECK(d.components[0].exact == Num(2700));
    CHECK_FALSE(d.publishedFigures);
    CHECK_FALSE(paid(byTerms, s, "2025-09-01", "2025-12-31").segments[0].publishedFigures);
}

TEST_CASE("a line paid once is paid whole in the period that holds the award date, and nothing of it in any other") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2027-03-31}
setting_types:
  - {id: mainstream, name: Mainstream school}
banding:
  band: '"A"'
bands:
  - {id: A, name: Band A}
  - {id: B, name: Band B}
terms:
  - {name: Autumn, from: 09-01, to: 12-31}
  - {name: Spring, from: 01-01, to: 03-31}
  - {name: Summer, from: 04-01, to: 08-31}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2027-03-31, per: term, amounts: {A: 1000, B: 2000}}
funding:
  other:
    - {id: award, name: Award, expr: 'if band == "B" then 900 else 600', paid: once}
pro_rata: {basis: terms, partial: daily}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}});
    const Banding banding(rs);
    Decision d;
    REQUIRE(banding.decide(p, day("2025-09-01"), d));
    CHECK(d.components[2].annual == Money::fromPence(60000));

    // Default award date: the period's first day.
    const PeriodAmount year = banding.amountFor(p, day("2025-09-01"), day("2026-08-31"));
    REQUIRE(year.ok);
    CHECK(year.total == std::vector<Money>{Money::fromPence(300000), Money(), Money::fromPence(60000)});  // once, not once a term
    CHECK(year.awardPaid);
    CHECK(formatDate(year.awardDate) == "2025-09-01");
    REQUIRE(year.segments.size() == 3);
    CHECK(year.segments[0].holdsAward);
    CHECK_FALSE(year.segments[1].holdsAward);

    // A part term holding the award date pays the whole award.
    const PeriodAmount part = banding.amountFor(p, day("2025-11-01"), day("2025-11-30"), day("2025-11-30"));
    CHECK(part.total[2] == Money::fromPence(60000));
    CHECK(part.total[0] == Money::round(Num(1000) * Num::ratio(30, 122), Rounding{}));
    // An award date outside the period pays nothing of it.
    const PeriodAmount later = banding.amountFor(p, day("2025-11-01"), day("2025-11-30"), day("2025-12-01"));
    CHECK(later.total[2] == Money());
    CHECK_FALSE(later.awardPaid);
    CHECK(later.total[0] == part.total[0]);
    // Decided on one day and paid on a later one (a placement starting after the decision).
    const PeriodAmount start = banding.amountFor(p, day("2025-11-01"), day("2025-11-30"), day("2025-09-01"), day("2025-11-15"));
    CHECK(start.total[2] == Money::fromPence(60000));
    CHECK(formatDate(start.awardDate) == "2025-11-15");
    CHECK(formatDate(start.awardDecided) == "2025-09-01");
    CHECK(banding.amountFor(p, day("2025-11-01"), day("2025-11-30"), day("2025-11-15"), day("2025-12-01")).total[2] == Money());

    // amountTotals: the same rule, and an override's band prices the award too.
    Decision scratch;
    std::vector<Num> exact;
    std::vector<Money> total;
    std::string error;
    REQUIRE(banding.amountTotals(p, day("2026-01-01"), day("2026-03-31"), scratch, exact, total, error, -1, day("2026-02-01")));
    CHECK(exact[2] == Num(600));
    REQUIRE(banding.amountTotals(p, day("2026-01-01"), day("2026-03-31"), scratch, exact, total, error, 1, day("2026-02-01")));
    CHECK(exact[2] == Num(900));
    CHECK(exact[0] == Num(2000));
    REQUIRE(banding.amountTotals(p, day("2026-01-01"), day("2026-03-31"), scratch, exact, total, error, 1, day("2025-12-31")));
    CHECK(exact[2] == Num(0));
}
