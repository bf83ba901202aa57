// The forecaster's random numbers (calculator/src/forecast/Random.h): a counter-based stream
// whose draws depend only on (seed, simulation, year, state), and Poisson and binomial samplers
// whose means and variances match the distributions over many draws. The checks are statistical
// but not flaky: the seeds are fixed, so every run draws the same numbers, and the tolerances are
// 4 standard errors of the estimate.
#include "forecast/Random.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

using namespace sendband::forecast;

namespace {

struct Moments {
    double mean = 0, variance = 0;
};

template <typename Draw>
Moments moments(int n, Draw draw) {
    // Welford's running mean and variance.
    double mean = 0, m2 = 0;
    for (int i = 0; i < n; ++i) {
        const double x = static_cast<double>(draw(i));
        const double d = x - mean;
        mean += d / (i + 1);
        m2 += d * (x - mean);
    }
    return {mean, m2 / (n - 1)};
}

// One draw from a fresh stream per i, as the model draws them: simulation i, year 1, state 7.
constexpr int kDraws = 100000;

}  // namespace

TEST_CASE("a stream's numbers depend only on its seed, simulation, year and state") {
    Stream a(20221, 3, 2, 41), b(20221, 3, 2, 41);
    std::vector<double> first, second;
    for (int i = 0; i < 9; ++i) first.push_back(a.uniform());  // past several Philox blocks
    for (int i = 0; i < 9; ++i) second.push_back(b.uniform());
    CHECK(first == second);
    // Any one of the four changed gives different numbers.
    CHECK(Stream(20222, 3, 2, 41).uniform() != first[0]);
    CHECK(Stream(20221, 4, 2, 41).uniform() != first[0]);
    CHECK(Stream(20221, 3, 3, 41).uniform() != first[0]);
    CHECK(Stream(20221, 3, 2, 42).uniform() != first[0]);
    // The high half of a 64-bit seed counts too.
    CHECK(Stream(20221ull + (1ull << 32), 3, 2, 41).uniform() != first[0]);
    for (double u : first) {
        CHECK(u > 0);
        CHECK(u <= 1);
    }
}

TEST_CASE("uniform and normal draws have the right mean and variance") {
    const Moments u = moments(kDraws, [](int i) { return Stream(1, static_cast<std::uint32_t>(i), 1, 7).uniform(); });
    CHECK(std::fabs(u.mean - 0.5) < 4 * std::sqrt(1.0 / 12 / kDraws));
    CHECK(std::fabs(u.variance - 1.0 / 12) < 0.002);
    const Moments z = moments(kDraws, [](int i) { return Stream(2, static_cast<std::uint32_t>(i), 1, 7).normal(); });
    CHECK(std::fabs(z.mean) < 4 * std::sqrt(1.0 / kDraws));
    CHECK(std::fabs(z.variance - 1) < 4 * std::sqrt(2.0 / kDraws));
}

TEST_CASE("Poisson draws have mean and variance equal to the mean asked for, by inversion and by PTRS") {
    for (double mean : {0.3, 3.0, 9.9, 10.0, 50.0, 500.0, 12000.0}) {
        INFO("mean " << mean);
        const Moments m = moments(kDraws, [mean](int i) { return Stream(3, static_cast<std::uint32_t>(i), 1, 7).poisson(mean); });
        CHECK(std::fabs(m.mean - mean) < 4 * std::sqrt(mean / kDraws));
        // The variance of a sample variance of a Poisson is about (2 mean^2 + mean) / n.
        CHECK(std::fabs(m.variance - mean) < 4 * std::sqrt((2 * mean * mean + mean) / kDraws));
    }
    CHECK(Stream(3, 0, 1, 7).poisson(0) == 0);
    CHECK(Stream(3, 0, 1, 7).poisson(-2) == 0);
}

TEST_CASE("binomial draws have mean np and variance np(1-p), by inversion and by BTRS, for p either side of a half") {
    struct Case {
        std::int64_t n;
        double p;
    };
    for (const Case c : {Case{20, 0.1}, Case{1000, 0.005}, Case{1000, 0.3}, Case{1000, 0.9}, Case{40000, 0.02}, Case{7, 0.5}}) {
        INFO("n " << c.n << " p " << c.p);
        const double nd = static_cast<double>(c.n), mean = nd * c.p, var = nd * c.p * (1 - c.p);
        std::int64_t lowest = c.n, highest = 0;
        const Moments m = moments(kDraws, [&](int i) {
            const std::int64_t k = Stream(4, static_cast<std::uint32_t>(i), 1, 7).binomial(c.n, c.p);
            lowest = std::min(lowest, k);
            highest = std::max(highest, k);
            return k;
        });
        CHECK(lowest >= 0);
        CHECK(highest <= c.n);
        CHECK(std::fabs(m.mean - mean) < 4 * std::sqrt(var / kDraws));
        CHECK(std::fabs(m.variance - var) < 4 * std::sqrt(2 * var * var / kDraws) + 4 * std::sqrt(var / kDraws));
    }
    CHECK(Stream(4, 0, 1, 7).binomial(0, 0.5) == 0);
    CHECK(Stream(4, 0, 1, 7).binomial(10, 0) == 0);
    CHECK(Stream(4, 0, 1, 7).binomial(10, 1) == 10);
    CHECK(Stream(4, 0, 1, 7).binomial(-1, 0.5) == 0);
}

TEST_CASE("log factorials are exact below 128 and Stirling's series matches above") {
    CHECK(logFactorial(0) == 0);
    CHECK(logFactorial(1) == 0);
    CHECK(logFactorial(5) == Approx(std::log(120.0)).epsilon(1e-15));
    // Either side of the switch, against the sum of logarithms.
    double sum = 0;
    for (int i = 1; i <= 200; ++i) {
        sum += std::log(static_cast<double>(i));
        INFO(i);
        CHECK(logFactorial(i) == Approx(sum).epsilon(1e-13));
    }
}
