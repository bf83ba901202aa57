#include "forecast/Backtest.h"

#include "core/Parallel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>

namespace sendband::forecast {

namespace {

const char* const kMethodNames[] = {"sendband forecast", "last value", "own growth rate", "England's growth rate", "straight-line trend"};
constexpr std::size_t kMethods = 5;

double totalAt(const AuthoritySeries& a, int year) {
    for (const JanuaryCount& c : a.years)
        if (c.year == year) return c.total;
    return std::nan("");
}

// The four baselines' forecasts h years after `origin`, from the years up to it.
std::array<double, 4> baselines(const AuthoritySeries& a, const AuthoritySeries& england, int origin, int h) {
    std::vector<std::pair<double, double>> seen;  // (year, total)
    for (const JanuaryCount& c : a.years)
        if (c.year <= origin) seen.emplace_back(c.year, c.total);
    const double first = seen.front().second, last = seen.back().second;
    const double span = seen.back().first - seen.front().first;
    const double own = first > 0 && span > 0 ? std::pow(last / first, 1 / span) : 1;
    const double eFirst = totalAt(england, static_cast<int>(seen.front().first)), eLast = totalAt(england, origin);
    const double eng = eFirst > 0 && span > 0 ? std::pow(eLast / eFirst, 1 / span) : 1;
    // Least squares line through the years seen.
    double mx = 0, my = 0;
    for (const auto& [x, y] : seen) mx += x, my += y;
    mx /= static_cast<double>(seen.size());
    my /= static_cast<double>(seen.size());
    double sxy = 0, sxx = 0;
    for (const auto& [x, y] : seen) sxy += (x - mx) * (y - my), sxx += (x - mx) * (x - mx);
    const double slope = sxx > 0 ? sxy / sxx : 0;
    const double line = std::max(0.0, my + slope * (origin + h - mx));
    return {last, last * std::pow(own, h), last * std::pow(eng, h), line};
}

double median(std::vector<double> v) {
    if (v.empty()) return std::nan("");
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Case {
    int origin = 0;
    std::vector<double> actual;                             // per horizon
    std::vector<std::array<double, kMethods>> point;        // per horizon, per method
    std::vector<std::array<std::int64_t, 4>> ranges;        // per horizon: p10, p25, p75, p90
};

std::vector<const AuthoritySeries*> chosen(const PublicHistory& h, const BacktestSettings& s) {
    std::vector<const AuthoritySeries*> out;
    for (const AuthoritySeries& a : h.authorities)
        if (s.authorities.empty() || std::find(s.authorities.begin(), s.authorities.end(), a.code) != s.authorities.end()) out.push_back(&a);
    return out;
}

// Every case: one authority at one origin. `mc` false scores the expected path only.
std::vector<Case> runCases(const PublicHistory& h, const AgeShape& shape, const BacktestSettings& s, bool mc, const std::function<void(int, int)>& progress) {
    const auto las = chosen(h, s);
    std::vector<std::vector<Case>> per(las.size());
    std::mutex m;
    int done = 0;
    const unsigned threads = workerThreads(las.size(), 1, s.model.threads);
    parallelFor(las.size(), threads, [&](unsigned, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const AuthoritySeries& a = *las[i];
            for (int origin : s.origins) {
                ModelSettings ms = s.model;
                ms.origin = origin;
                ms.years = s.horizons;
                ms.threads = 1;
                std::string why;
                const CohortInputs in = estimate(a, h.england, shape, ms, why);
                if (!why.empty()) continue;
                Case c;
                c.origin = origin;
                Simulations sims;
                std::vector<double> expected;
                if (mc) sims = simulate(in, ms);
                else expected = expectedTotals(in, ms);
                for (int k = 1; k <= s.horizons; ++k) {
                    const double actual = totalAt(a, origin + k);
                    if (std::isnan(actual)) break;
                    c.actual.push_back(actual);
                    std::array<double, kMethods> p{};
                    std::array<std::int64_t, 4> r{};
                    if (mc) {
                        const Summary sum = summarise(sims, k - 1, kTotal);
                        p[0] = static_cast<double>(sum.p(50));
                        r = {sum.p(10), sum.p(25), sum.p(75), sum.p(90)};
                    } else {
                        p[0] = expected[static_cast<std::size_t>(k - 1)];
                    }
                    const auto b = baselines(a, h.england, origin, k);
                    std::copy(b.begin(), b.end(), p.begin() + 1);
                    c.point.push_back(p);
                    c.ranges.push_back(r);
                }
                per[i].push_back(std::move(c));
            }
            if (progress) {
                std::lock_guard lock(m);
                progress(++done, static_cast<int>(las.size()));
            }
        }
    });
    std::vector<Case> all;
    for (auto& v : per)
        for (Case& c : v) all.push_back(std::move(c));
    return all;
}

BacktestResult score(const std::vector<Case>& cases, const BacktestSettings& s, int authorities) {
    BacktestResult r;
    r.cases = static_cast<int>(cases.size());
    r.authorities = authorities;
    for (std::size_t m = 0; m < kMethods; ++m) {
        MethodScore ms;
        ms.name = kMethodNames[m];
        for (int k = 0; k < s.horizons; ++k) {
            std::vector<double> ape;
            std::map<int, std::pair<double, double>> england;  // origin -> (forecast, actual)
            int in50 = 0, in80 = 0, n = 0;
            for (const Case& c : cases) {
                if (c.actual.size() <= static_cast<std::size_t>(k)) continue;
                const double actual = c.actual[static_cast<std::size_t>(k)], point = c.point[static_cast<std::size_t>(k)][m];
                if (actual > 0) ape.push_back(std::fabs(point - actual) / actual * 100);
                england[c.origin].first += point;
                england[c.origin].second += actual;
                const auto& rg = c.ranges[static_cast<std::size_t>(k)];
                ++n;
                if (actual >= static_cast<double>(rg[1]) && actual <= static_cast<double>(rg[2])) ++in50;
                if (actual >= static_cast<double>(rg[0]) && actual <= static_cast<double>(rg[3])) ++in80;
            }
            ms.mdape.push_back(median(ape));
            double e = 0;
            for (const auto& [o, fa] : england) e += std::fabs(fa.first - fa.second) / fa.second * 100;
            ms.englandError.push_back(england.empty() ? std::nan("") : e / static_cast<double>(england.size()));
            ms.in50.push_back(m == 0 && n ? 100.0 * in50 / n : std::nan(""));
            ms.in80.push_back(m == 0 && n ? 100.0 * in80 / n : std::nan(""));
        }
        r.methods.push_back(std::move(ms));
    }
    return r;
}

std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v);
    return buf;
}

}  // namespace

bool BacktestResult::passes() const {
    if (methods.empty() || methods[0].mdape.empty()) return false;
    const std::size_t last = methods[0].mdape.size() - 1;
    for (std::size_t m = 1; m < methods.size(); ++m)
        if (!(methods[0].mdape[last] < methods[m].mdape[last])) return false;
    const double in80 = methods[0].in80[last];
    bool ok = true;
    for (double v : methods[0].in80) ok = ok && v >= 70 && v <= 90;
    return ok && in80 >= 70 && in80 <= 90;
}

std::string BacktestResult::verdict() const {
    if (methods.empty() || methods[0].mdape.empty()) return "FAIL: nothing could be back-tested";
    const std::size_t last = methods[0].mdape.size() - 1;
    std::size_t best = 1;
    for (std::size_t m = 2; m < methods.size(); ++m)
        if (methods[m].mdape[last] < methods[best].mdape[last]) best = m;
    std::string out;
    const bool beats = methods[0].mdape[last] < methods[best].mdape[last];
    out += std::string(beats ? "PASS" : "FAIL") + ": at " + std::to_string(last + 1) + " years the forecast's median error is " + pct(methods[0].mdape[last]) +
           (beats ? ", below " : ", not below ") + "the best baseline's (" + methods[best].name + ", " + pct(methods[best].mdape[last]) + ")\n";
    for (std::size_t k = 0; k <= last; ++k) {
        const double v = methods[0].in80[k];
        const bool ok = v >= 70 && v <= 90;
        out += std::string(ok ? "PASS" : "FAIL") + ": at " + std::to_string(k + 1) + (k ? " years" : " year") + " the 80% ranges hold " + pct(v) +
               " of outcomes (" + (ok ? "within" : "outside") + " 70% to 90%)\n";
    }
    return out;
}

BacktestResult backtest(const PublicHistory& h, const AgeShape& shape, const BacktestSettings& s, const std::function<void(int, int)>& progress) {
    const auto cases = runCases(h, shape, s, true, progress);
    return score(cases, s, static_cast<int>(chosen(h, s).size()));
}

ModelSettings tune(const PublicHistory& h, const AgeShape& shape, const BacktestSettings& s, std::string& report) {
    ModelSettings best = s.model;
    double bestError = 1e300;
    report = "window recency damping  3-year median error (expected path)\n";
    for (int window : {3, 4, 6}) {
        for (double recency : {0.1, 0.2, 0.3, 0.5, 0.7, 1.0}) {
            for (double damping : {0.3, 0.5, 0.7, 0.85, 1.0}) {
                BacktestSettings t = s;
                t.model.window = window;
                t.model.recency = recency;
                t.model.damping = damping;
                const BacktestResult r = score(runCases(h, shape, t, false, {}), t, 0);
                const double e = r.methods[0].mdape.back();
                char line[128];
                std::snprintf(line, sizeof line, "%6d %7.2f %7.2f  %s\n", window, recency, damping, pct(e).c_str());
                report += line;
                if (e < bestError) {
                    bestError = e;
                    best = t.model;
                }
            }
        }
    }
    report += "\nspread  80% ranges hold, by horizon\n";
    double bestGap = 1e300;
    ModelSettings chosenSpread = best;
    for (double spread : {1.0, 2.0, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0}) {
        BacktestSettings t = s;
        t.model = best;
        t.model.spread = spread;
        const BacktestResult r = score(runCases(h, shape, t, true, {}), t, 0);
        double gap = 0;
        std::string row;
        for (double v : r.methods[0].in80) {
            gap += std::fabs(v - 80);
            row += " " + pct(v);
        }
        char line[64];
        std::snprintf(line, sizeof line, "%6.2f ", spread);
        report += line + row + "\n";
        if (gap < bestGap) {
            bestGap = gap;
            chosenSpread = t.model;
        }
    }
    char line[160];
    std::snprintf(line, sizeof line, "\nchosen: window %d, recency %.2f, damping %.2f, spread %.2f\n", chosenSpread.window, chosenSpread.recency,
                  chosenSpread.damping, chosenSpread.spread);
    report += line;
    return chosenSpread;
}

}  // namespace sendband::forecast
