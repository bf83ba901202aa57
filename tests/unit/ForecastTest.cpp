// The cohort forecaster (calculator/src/forecast/Cohort): children are conserved in every
// simulation and year, the result is the same at any thread count, the Monte Carlo agrees with
// the expected path, quantiles are one simulation's figure, and bad inputs are named.
#include "forecast/Cohort.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

using namespace sendband;
using namespace sendband::forecast;

namespace {

const std::string kData = std::string(SENDBAND_SOURCE_DIR) + "/data/dfe";

const PublicHistory& shipped() {
    static const PublicHistory h = loadShippedHistory(kData);
    return h;
}

const AgeShape& shape() {
    static const AgeShape s = loadAgeShape(kData + "/ehcp_need_by_age_jan2025.csv");
    return s;
}

const AuthoritySeries& la(const char* query) {
    std::string why;
    const AuthoritySeries* a = findAuthority(shipped(), query, why);
    INFO(why);
    REQUIRE(a != nullptr);
    return *a;
}

CohortInputs fitted(const char* query, const ModelSettings& s) {
    std::string why;
    CohortInputs in = estimate(la(query), shipped().england, shape(), s, why);
    INFO(why);
    REQUIRE(why.empty());
    return in;
}

}  // namespace

TEST_CASE("the age shape is read from the shipped national table, and a bad one is named by line and column") {
    INFO(formatAll(shape().diagnostics));
    REQUIRE(shape().ok());
    // January 2025, all needs: no plans under 2 in the table, and every age 2-25 present.
    CHECK(shape().count[0] == 0);
    CHECK(shape().count[1] == 0);
    for (int a = 2; a <= kMaxAge; ++a) CHECK(shape().count[static_cast<std::size_t>(a)] > 0);
    CHECK(shape().input.sha256.size() == 64);

    CHECK(formatAll(parseAgeShape("age,count\n3,10\n26,4\nx,1\n5,-2\n", "shape.csv").diagnostics) ==
          "shape.csv:3:1: error: age: expected a whole number from 0 to 25, got \"26\"\n"
          "shape.csv:4:1: error: age: expected a whole number from 0 to 25, got \"x\"\n"
          "shape.csv:5:2: error: count: expected a whole number, 0 or more, got \"-2\"\n");
    CHECK(formatAll(parseAgeShape("years,n\n", "shape.csv").diagnostics) == "shape.csv:1:1: error: expected columns 'age' and 'count'\n");
    CHECK(formatAll(parseAgeShape("", "shape.csv").diagnostics) == "shape.csv:1:1: error: the file is empty (expected age,need,count rows)\n");
    CHECK(formatAll(loadAgeShape("/nonexistent/shape.csv").diagnostics) ==
          "/nonexistent/shape.csv: error: cannot read the file (is it there, and may this user read it?)\n");
}

TEST_CASE("a forecast starts from the origin January exactly, in whole children") {
    const CohortInputs in = fitted("Derby", ModelSettings{});
    CHECK(in.origin == 2022);
    CHECK(in.originTotal == 2900);
    std::int64_t total = 0;
    std::array<std::int64_t, kAgeBands> bands{};
    for (std::size_t a = 0; a < kAges; ++a)
        for (std::size_t g = 0; g < kSettingGroups; ++g) {
            CHECK(in.start[a][g] >= 0);
            total += in.start[a][g];
            bands[static_cast<std::size_t>(bandOfAge(static_cast<int>(a)))] += in.start[a][g];
        }
    CHECK(total == 2900);
    // Each age band's children are within one child of the January's count for the band
    // (85, 844, 1041, 635, 295): the cells are rounded to whole children by largest remainders.
    const std::array<double, kAgeBands> dfe{85, 844, 1041, 635, 295};
    for (std::size_t b = 0; b < kAgeBands; ++b) CHECK(std::fabs(static_cast<double>(bands[b]) - dfe[b]) <= 1.0);
    // Children only change setting where they cross into the next age band, and every row of the
    // move shares adds up to one.
    for (std::size_t a = 0; a < kAges; ++a)
        for (std::size_t g = 0; g < kSettingGroups; ++g) {
            const double sum = std::accumulate(in.moves[a][g].begin(), in.moves[a][g].end(), 0.0);
            INFO("age " << a << " setting " << g);
            if (sum > 0) CHECK(sum == Approx(1).epsilon(1e-9));
        }
    CHECK(in.moves[6][0][0] == 1);  // age 6, inside the 5-10 band: stays where they are
}

TEST_CASE("children are conserved in every simulation and year: stayers + movers + leavers are last year's, and + joiners this year's") {
    ModelSettings s;
    s.simulations = 200;
    s.years = 8;
    for (const char* query : {"Derby", "Rutland", "Kent", "E06000058"}) {
        INFO(query);
        const CohortInputs in = fitted(query, s);
        const Simulations sims = simulate(in, s);
        REQUIRE(sims.cells.size() == 200u * 8u * kColumns);
        std::int64_t start = 0;
        for (const auto& row : in.start) start += std::accumulate(row.begin(), row.end(), std::int64_t{0});
        for (int i = 0; i < s.simulations; ++i) {
            std::int64_t previous = start;
            for (int y = 0; y < s.years; ++y) {
                const std::int64_t total = sims.at(i, y, kTotal);
                const std::int64_t stayed = sims.at(i, y, kStayed), moved = sims.at(i, y, kMoved), left = sims.at(i, y, kLeft);
                const std::int64_t joined = sims.at(i, y, kJoined), movedIn = sims.at(i, y, kMovedIn);
                std::int64_t settings = 0, ages = 0;
                for (std::size_t g = 0; g < kSettingGroups; ++g) settings += sims.at(i, y, kFirstSetting + g);
                for (std::size_t b = 0; b < kAgeBands; ++b) ages += sims.at(i, y, kFirstAge + b);
                if (stayed + moved + left != previous || stayed + moved + joined + movedIn != total || settings != total || ages != total) {
                    INFO("simulation " << i << " year " << y);
                    CHECK(stayed + moved + left == previous);
                    CHECK(stayed + moved + joined + movedIn == total);
                    CHECK(settings == total);
                    CHECK(ages == total);
                }
                CHECK(std::min({stayed, moved, left, joined, movedIn}) >= 0);
                previous = total;
            }
        }
    }
}

TEST_CASE("a forecast is the same at 1, 2 and 7 threads, and a different seed gives a different one") {
    ModelSettings s;
    s.simulations = 300;
    s.years = 6;
    const CohortInputs in = fitted("Derby", s);
    s.threads = 1;
    const Simulations one = simulate(in, s);
    s.threads = 2;
    const Simulations two = simulate(in, s);
    s.threads = 7;
    const Simulations seven = simulate(in, s);
    CHECK(one.cells == two.cells);
    CHECK(one.cells == seven.cells);
    // Simulation 17 re-run alone is the 18th of the 300.
    ModelSettings alone = s;
    alone.simulations = 18;
    const Simulations first18 = simulate(in, alone);
    for (int y = 0; y < s.years; ++y)
        for (std::size_t c = 0; c < kColumns; ++c) CHECK(first18.at(17, y, c) == one.at(17, y, c));
    s.seed += 1;
    CHECK(simulate(in, s).cells != one.cells);
}

TEST_CASE("without parameter uncertainty the simulations' mean is the expected path") {
    ModelSettings s;
    s.simulations = 2000;
    s.years = 5;
    s.spread = 0;  // no parameter draws, no yearly shocks: only the binomial and Poisson noise
    for (const char* query : {"Derby", "Kent"}) {
        INFO(query);
        const CohortInputs in = fitted(query, s);
        const std::vector<double> expected = expectedTotals(in, s);
        REQUIRE(expected.size() == 5);
        const Simulations sims = simulate(in, s);
        for (int y = 0; y < s.years; ++y) {
            std::vector<std::int64_t> v;
            for (int i = 0; i < s.simulations; ++i) v.push_back(sims.at(i, y, kTotal));
            const Summary m = summarise(v);
            double var = 0;
            for (std::int64_t x : v) var += (static_cast<double>(x) - m.mean) * (static_cast<double>(x) - m.mean);
            var /= static_cast<double>(s.simulations - 1);
            INFO("year " << y << ": mean " << m.mean << ", expected " << expected[static_cast<std::size_t>(y)]);
            // Within 4 standard errors, allowing half a child for rounding at the start.
            CHECK(std::fabs(m.mean - expected[static_cast<std::size_t>(y)]) < 4 * std::sqrt(var / s.simulations) + 0.5);
        }
    }
}

TEST_CASE("parameter uncertainty widens the range with the horizon") {
    ModelSettings s;
    s.years = 8;
    const Simulations sims = simulate(fitted("Derby", s), s);
    std::int64_t width = 0;
    for (int y = 0; y < s.years; ++y) {
        const Summary q = summarise(sims, y, kTotal);
        INFO("year " << y << ": p10 " << q.p(10) << ", p90 " << q.p(90));
        CHECK(q.p(5) <= q.p(10));
        CHECK(q.p(10) <= q.p(25));
        CHECK(q.p(25) <= q.p(50));
        CHECK(q.p(50) <= q.p(75));
        CHECK(q.p(75) <= q.p(90));
        CHECK(q.p(90) <= q.p(95));
        CHECK(q.p(90) - q.p(10) > width);
        width = q.p(90) - q.p(10);
    }
}

TEST_CASE("quantiles are the simulation at the rank ceil(p n), and the mean is exact") {
    std::vector<std::int64_t> v(1000);
    std::iota(v.begin(), v.end(), 1);
    std::reverse(v.begin(), v.end());  // order does not matter
    const Summary s = summarise(v);
    CHECK(s.mean == 500.5);
    CHECK(s.q == std::array<std::int64_t, 7>{50, 100, 250, 500, 750, 900, 950});
    CHECK(s.p(50) == 500);
    CHECK_THROWS_WITH(s.p(40), "Summary::p: no p40");
    const Summary three = summarise({7, 3, 5});
    CHECK(three.q == std::array<std::int64_t, 7>{3, 3, 3, 5, 7, 7, 7});
    CHECK(three.mean == 5);
    const Summary none = summarise(std::vector<std::int64_t>{});
    CHECK(none.mean == 0);
}

TEST_CASE("a forecast from a January outside the history, or too early in it, says why") {
    ModelSettings s;
    std::string why;
    s.origin = 2009;
    estimate(la("Derby"), shipped().england, shape(), s, why);
    CHECK(why == "January 2009 is not in Derby's history (2010 to 2022)");
    s.origin = 2023;
    estimate(la("Derby"), shipped().england, shape(), s, why);
    CHECK(why == "January 2023 is not in Derby's history (2010 to 2022)");
    s.origin = 2011;
    estimate(la("Derby"), shipped().england, shape(), s, why);
    CHECK(why == "a forecast needs at least three Januaries up to the origin; Derby's history starts in 2010");
    s.origin = 2012;
    estimate(la("Derby"), shipped().england, shape(), s, why);
    CHECK(why.empty());
    s.simulations = 0;
    CHECK_THROWS_WITH(simulate(CohortInputs{}, s), "simulate: simulations and years must be at least 1");
}

TEST_CASE("an authority made by a boundary change says so in the forecast's notes") {
    const CohortInputs bcp = fitted("E06000058", ModelSettings{});
    REQUIRE(bcp.notes.size() == 1);
    CHECK(bcp.notes[0].rfind("Boundary change: to 2019: Bournemouth and Poole", 0) == 0);
    CHECK(fitted("Derby", ModelSettings{}).notes.empty());
}
