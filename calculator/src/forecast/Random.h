// Random: the forecaster's only source of randomness. A counter-based stream (Random123's
// Philox4x32-10, Salmon et al. 2011): the numbers for one (seed, simulation, year, state) depend
// on those four values alone, never on which thread runs the simulation or what ran before it,
// so a forecast is the same at any thread count and any single simulation can be re-run alone.
//
// The Poisson and binomial samplers are written here rather than taken from a library, because
// the standard library's distributions use different algorithms in different implementations (a
// forecast must re-run to the same figures elsewhere) and GSL's take a stateful generator and are
// GPL. Both are Hörmann's transformed rejection methods (PTRS, 1993; BTRS, 1993), exact, with
// inversion for small means; tests/unit/ForecastRandomTest.cpp checks their means and variances.
#pragma once
#include <Random123/philox.h>
#include <Random123/uniform.hpp>

#include <cmath>
#include <cstdint>

namespace sendband::forecast {

// log(k!) for a whole k >= 0: summed logarithms below 128, Stirling's series above (error below
// 1e-13). std::lgamma is not used because glibc's writes a global (signgam) on every call, a
// data race when simulations run on several threads.
inline double logFactorial(double k) {
    struct Table {
        double v[128];
        Table() {
            v[0] = 0;
            for (int i = 1; i < 128; ++i) v[i] = v[i - 1] + std::log(static_cast<double>(i));
        }
    };
    static const Table table;
    if (k < 128) return table.v[static_cast<int>(k)];
    const double x = k + 1, x2 = x * x;
    return (x - 0.5) * std::log(x) - x + 0.91893853320467274 + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2);
}

class Stream {
public:
    // `state` numbers what is being drawn for: an age and setting, or a model parameter.
    Stream(std::uint64_t seed, std::uint32_t simulation, std::uint32_t year, std::uint32_t state)
        : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}}, ctr_{{simulation, year, state, 0}} {}

    // Uniform in (0, 1]: never 0, so its logarithm is finite.
    double uniform() {
        if (used_ == 2) refill();
        const std::uint64_t bits = (static_cast<std::uint64_t>(block_[2 * used_]) << 32) | block_[2 * used_ + 1];
        ++used_;
        return r123::u01<double>(bits);
    }

    // Standard normal (Box-Muller on two uniforms; the second value is not kept, so each draw
    // costs two uniforms and the stream stays simple to follow).
    double normal() {
        const double u = uniform(), v = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
    }

    // A Poisson count with the given mean (0 for a mean of 0 or less).
    std::int64_t poisson(double mean) {
        if (!(mean > 0)) return 0;
        if (mean < 10) {  // inversion by sequential search
            double p = std::exp(-mean), cumulative = p, u = uniform();
            std::int64_t k = 0;
            while (u > cumulative && k < 1000) {
                ++k;
                p *= mean / static_cast<double>(k);
                cumulative += p;
            }
            return k;
        }
        // PTRS: W. Hörmann, "The transformed rejection method for generating Poisson random
        // variables", Insurance: Mathematics and Economics 12 (1993).
        const double slam = std::sqrt(mean), loglam = std::log(mean);
        const double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
        const double invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
        for (;;) {
            const double u = uniform() - 0.5, v = uniform();
            const double us = 0.5 - std::fabs(u);
            const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (std::log(v) + std::log(invAlpha) - std::log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k))
                return static_cast<std::int64_t>(k);
        }
    }

    // A binomial count: how many of `n` each happen with probability `p`.
    std::int64_t binomial(std::int64_t n, double p) {
        if (n <= 0 || !(p > 0)) return 0;
        if (p >= 1) return n;
        if (p > 0.5) return n - binomial(n, 1 - p);
        const double q = 1 - p, nd = static_cast<double>(n);
        if (nd * p < 10) {  // inversion by sequential search
            const double s = p / q, a = (nd + 1) * s;
            double r = std::pow(q, nd), u = uniform();
            std::int64_t x = 0;
            while (u > r && x < n) {
                u -= r;
                ++x;
                r *= a / static_cast<double>(x) - s;
            }
            return x;
        }
        // BTRS: W. Hörmann, "The generation of binomial random variates", Journal of Statistical
        // Computation and Simulation 46 (1993).
        const double spq = std::sqrt(nd * p * q), b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p;
        const double c = nd * p + 0.5, vr = 0.92 - 4.2 / b, alpha = (2.83 + 5.1 / b) * spq, lpq = std::log(p / q);
        const double m = std::floor((nd + 1) * p), h = logFactorial(m) + logFactorial(nd - m);
        for (;;) {
            const double u = uniform() - 0.5;
            double v = uniform();
            const double us = 0.5 - std::fabs(u);
            const double k = std::floor((2 * a / us + b) * u + c);
            if (k < 0 || k > nd) continue;
            if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
            v = std::log(v * alpha / (a / (us * us) + b));
            if (v <= h - logFactorial(k) - logFactorial(nd - k) + (k - m) * lpq) return static_cast<std::int64_t>(k);
        }
    }

private:
    void refill() {
        block_ = r123::Philox4x32()(ctr_, key_);
        ctr_[3] += 1;
        used_ = 0;
    }
    r123::Philox4x32::key_type key_;
    r123::Philox4x32::ctr_type ctr_;
    r123::Philox4x32::ctr_type block_{};
    int used_ = 2;
};

}  // namespace sendband::forecast
