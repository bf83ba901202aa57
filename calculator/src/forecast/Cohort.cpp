#include "forecast/Cohort.h"

#include "core/Csv.h"
#include "core/FileIo.h"
#include "core/Parallel.h"
#include "core/Sha256.h"
#include "forecast/Random.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace sendband::forecast {

namespace {

// Each band's ages: under 5 is 0-4, 5 to 10 is 5-10, 11 to 15 is 11-15, 16 to 19 is 16-19 and
// 20 to 25 is 20-25 (age on 31 August).
constexpr int kBandFirst[kAgeBands] = {0, 5, 11, 16, 20};
constexpr int kBandLast[kAgeBands] = {4, 10, 15, 19, 25};

// Which setting groups serve which age bands: early years only before school, further education
// only from 16, alternative provision only at school age, and no school after 19. The DfE does
// not publish setting by age for an authority; the model spreads each band over the settings
// that serve it (see settingMix).
constexpr bool kServes[kAgeBands][kSettingGroups] = {
    // mainstream, special state, special independent, non-maintained, AP/PRU, FE, early years, elsewhere
    {true, true, true, true, false, false, true, true},   // under 5
    {true, true, true, true, true, false, false, true},   // 5 to 10
    {true, true, true, true, true, false, false, true},   // 11 to 15
    {true, true, true, true, true, true, false, true},    // 16 to 19
    {false, false, true, true, false, true, false, true}, // 20 to 25
};

std::size_t idx(AgeBand b) { return static_cast<std::size_t>(b); }

// Children at each age band in January `c`, on the setting table's total (the two DfE tables
// differ by a few plans in some years; the setting table's total is the one forecast).
std::array<double, kAgeBands> bandCounts(const JanuaryCount& c) {
    std::array<double, kAgeBands> n{};
    const double scale = c.ageTotal > 0 ? c.total / c.ageTotal : 0;
    for (std::size_t b = 0; b < kAgeBands; ++b) n[b] = c.byAge[b] * scale;
    return n;
}

// Within each band, the share of its children at each age (national shape).
std::array<double, kAges> withinBand(const AgeShape& shape) {
    std::array<double, kAges> share{};
    for (std::size_t b = 0; b < kAgeBands; ++b) {
        double sum = 0;
        for (int a = kBandFirst[b]; a <= kBandLast[b]; ++a) sum += shape.count[a];
        for (int a = kBandFirst[b]; a <= kBandLast[b]; ++a)
            share[a] = sum > 0 ? shape.count[a] / sum : 1.0 / (kBandLast[b] - kBandFirst[b] + 1);
    }
    return share;
}

// One year's implied flows by band, from January t to t + 1.
struct YearFlows {
    std::array<double, kAgeBands> exposed{}, left{};
    std::array<bool, kAgeBands> known{};
};

// The children who would be in band b next January if none left are the band's own, less its
// top age (who age into the next band, or past 25), plus the top age of the band below:
// exposed_b = N_b(t) (1 - f_b) + N_{b-1}(t) f_{b-1}, where f_b is the share of band b at its top
// age. Those who are not there next January, once the plans made in the year are counted, left:
// N_b(t+1) = exposed_b - left_b + J_b. (A negative number left means more children arrived with
// a plan, from another authority, than left.)
YearFlows impliedFlows(const JanuaryCount& before, const JanuaryCount& after, const std::array<double, kAges>& share) {
    YearFlows y;
    const auto n0 = bandCounts(before), n1 = bandCounts(after);
    for (std::size_t b = 0; b < kAgeBands; ++b) {
        const double own = n0[b] * (1 - share[kBandLast[b]]);
        const double in = b > 0 ? n0[b - 1] * share[kBandLast[b - 1]] : 0;
        y.exposed[b] = own + in;
        y.left[b] = y.exposed[b] - (n1[b] - after.joinedByAge[b]);
        y.known[b] = y.exposed[b] >= 1;
    }
    return y;
}

double clampRate(double r) { return std::clamp(r, -0.5, 0.99); }

struct Rates {
    std::array<double, kAgeBands> leave{}, size{};
    double totalGrowth = 0, totalJoiners = 0;
    double leaveSd = 0, growthSd = 0;
};

// The weighted estimates for one series: leave rates (a ratio of weighted sums), joiner growth
// (weighted mean of yearly log changes) and their year-to-year standard deviations.
Rates rates(const AuthoritySeries& a, std::size_t last, const ModelSettings& s, const std::array<double, kAges>& share) {
    Rates r;
    const std::size_t first = last >= static_cast<std::size_t>(s.window) ? last - static_cast<std::size_t>(s.window) : 0;
    std::array<double, kAgeBands> sumL{}, sumN{}, sumW{};
    std::vector<double> yearRate, yearW;
    for (std::size_t t = first; t < last; ++t) {
        const double w = std::pow(s.recency, static_cast<double>(last - 1 - t));
        const YearFlows f = impliedFlows(a.years[t], a.years[t + 1], share);
        double l = 0, n = 0;
        for (std::size_t b = 0; b < kAgeBands; ++b) {
            if (!f.known[b]) continue;
            sumL[b] += w * f.left[b];
            sumN[b] += w * f.exposed[b];
            sumW[b] += w;
            l += f.left[b];
            n += f.exposed[b];
        }
        if (n > 0) {
            yearRate.push_back(l / n);
            yearW.push_back(w);
        }
    }
    for (std::size_t b = 0; b < kAgeBands; ++b) {
        r.leave[b] = sumN[b] > 0 ? sumL[b] / sumN[b] : 0;
        r.size[b] = sumW[b] > 0 ? sumN[b] / sumW[b] : 0;
    }
    auto weightedSd = [](const std::vector<double>& v, const std::vector<double>& w) {
        double sw = 0, m = 0;
        for (std::size_t i = 0; i < v.size(); ++i) sw += w[i], m += w[i] * v[i];
        if (v.size() < 2 || sw <= 0) return 0.0;
        m /= sw;
        double var = 0;
        for (std::size_t i = 0; i < v.size(); ++i) var += w[i] * (v[i] - m) * (v[i] - m);
        return std::sqrt(var / sw);
    };
    r.leaveSd = weightedSd(yearRate, yearW);
    // Joiners: the plans made in each year (kept with the January after it). Their growth is
    // taken from all ages together (an age band's own is too noisy to carry forward).
    std::vector<double> totalGrowth, growthW;
    for (std::size_t t = first + 1; t <= last; ++t) {
        if (a.years[t].joined <= 0 || a.years[t - 1].joined <= 0) continue;
        totalGrowth.push_back(std::log(a.years[t].joined / a.years[t - 1].joined));
        growthW.push_back(std::pow(s.recency, static_cast<double>(last - t)));
    }
    {
        double sg = 0, sw = 0;
        for (std::size_t i = 0; i < totalGrowth.size(); ++i) sg += growthW[i] * totalGrowth[i], sw += growthW[i];
        r.totalGrowth = sw > 0 ? sg / sw : 0;
        double sj = 0;
        for (std::size_t t = first; t <= last; ++t) sj += a.years[t].joined;
        r.totalJoiners = sj / static_cast<double>(last - first + 1);
    }
    r.growthSd = weightedSd(totalGrowth, growthW);
    return r;
}

// The joiners' level at the origin: a weighted mean of the years seen, each carried forward to
// the origin at the growth rate (so one unusual year moves the level less than it would alone).
double joinLevel(const AuthoritySeries& a, std::size_t last, std::size_t b, double growth, const ModelSettings& s) {
    const std::size_t first = last >= static_cast<std::size_t>(s.window) ? last - static_cast<std::size_t>(s.window) : 0;
    double sum = 0, sw = 0;
    for (std::size_t t = first; t <= last; ++t) {
        const double w = std::pow(s.recency, static_cast<double>(last - t));
        sum += w * a.years[t].joinedByAge[b] * std::exp(growth * static_cast<double>(last - t));
        sw += w;
    }
    return sum / sw;
}

// Spreads each band's children over the settings that serve it so that the settings' totals and
// the bands' totals both hold (iterative proportional fitting from a start where every serving
// cell is the product of its margins).
std::array<std::array<double, kSettingGroups>, kAgeBands> settingMix(const JanuaryCount& c) {
    const auto bands = bandCounts(c);
    std::array<std::array<double, kSettingGroups>, kAgeBands> m{};
    for (std::size_t b = 0; b < kAgeBands; ++b)
        for (std::size_t g = 0; g < kSettingGroups; ++g) m[b][g] = kServes[b][g] ? std::max(bands[b], 1e-9) * std::max(c.bySetting[g], 1e-9) : 0;
    for (int iteration = 0; iteration < 200; ++iteration) {
        for (std::size_t b = 0; b < kAgeBands; ++b) {
            const double row = std::accumulate(m[b].begin(), m[b].end(), 0.0);
            if (row > 0) for (double& v : m[b]) v *= bands[b] / row;
        }
        for (std::size_t g = 0; g < kSettingGroups; ++g) {
            double col = 0;
            for (std::size_t b = 0; b < kAgeBands; ++b) col += m[b][g];
            if (col > 0) for (std::size_t b = 0; b < kAgeBands; ++b) m[b][g] *= c.bySetting[g] / col;
        }
    }
    // As shares of each band.
    for (std::size_t b = 0; b < kAgeBands; ++b) {
        const double row = std::accumulate(m[b].begin(), m[b].end(), 0.0);
        for (std::size_t g = 0; g < kSettingGroups; ++g) m[b][g] = row > 0 ? m[b][g] / row : (kServes[b][g] ? 1.0 : 0.0);
        const double again = std::accumulate(m[b].begin(), m[b].end(), 0.0);
        if (row <= 0) for (double& v : m[b]) v /= again;
    }
    return m;
}

// The least movement that turns one band's mix into the next band's: a child stays in their
// setting while the next band has room for that setting's share; the rest move in proportion
// to where the next band has more than this one.
std::array<std::array<double, kSettingGroups>, kSettingGroups> coupling(const std::array<double, kSettingGroups>& from, const std::array<double, kSettingGroups>& to) {
    std::array<std::array<double, kSettingGroups>, kSettingGroups> m{};
    std::array<double, kSettingGroups> deficit{};
    double totalDeficit = 0;
    for (std::size_t g = 0; g < kSettingGroups; ++g) {
        deficit[g] = std::max(0.0, to[g] - from[g]);
        totalDeficit += deficit[g];
    }
    for (std::size_t g = 0; g < kSettingGroups; ++g) {
        if (from[g] <= 0) {
            m[g] = to;  // nobody is there; a row is still needed
            continue;
        }
        const double stay = std::min(1.0, to[g] / from[g]);
        m[g][g] = stay;
        if (stay < 1 && totalDeficit > 0)
            for (std::size_t h = 0; h < kSettingGroups; ++h) m[g][h] += (1 - stay) * deficit[h] / totalDeficit;
        else if (stay < 1)
            m[g][g] = 1;
    }
    return m;
}

}  // namespace

AgeBand bandOfAge(int age) {
    for (std::size_t b = kAgeBands; b-- > 0;)
        if (age >= kBandFirst[b]) return static_cast<AgeBand>(b);
    return AgeBand::Under5;
}

AgeShape parseAgeShape(std::string_view text, const std::string& name) {
    AgeShape s;
    std::string storage;
    CsvReader csv(std::string(normaliseLineEnds(text, storage)));
    std::vector<std::string_view> f;
    if (!csv.next(f)) {
        s.diagnostics.push_back({name, 1, 1, "the file is empty (expected age,need,count rows)"});
        return s;
    }
    const auto ageCol = std::find(f.begin(), f.end(), std::string_view("age")) - f.begin();
    const auto countCol = std::find(f.begin(), f.end(), std::string_view("count")) - f.begin();
    if (ageCol == static_cast<long>(f.size()) || countCol == static_cast<long>(f.size())) {
        s.diagnostics.push_back({name, 1, 1, "expected columns 'age' and 'count'"});
        return s;
    }
    while (csv.next(f)) {
        const int line = csv.line();
        if (!csv.error().empty()) {
            s.diagnostics.push_back({name, line, 1, csv.error()});
            continue;
        }
        if (f.size() == 1 && f[0].empty()) continue;
        int age = -1;
        long count = -1;
        const std::string_view at = static_cast<std::size_t>(ageCol) < f.size() ? f[ageCol] : std::string_view();
        const std::string_view ct = static_cast<std::size_t>(countCol) < f.size() ? f[countCol] : std::string_view();
        if (std::from_chars(at.data(), at.data() + at.size(), age).ec != std::errc() || age < 0 || age > kMaxAge) {
            s.diagnostics.push_back({name, line, static_cast<int>(ageCol) + 1, "age: expected a whole number from 0 to 25, got \"" + std::string(at) + "\""});
            continue;
        }
        if (std::from_chars(ct.data(), ct.data() + ct.size(), count).ec != std::errc() || count < 0) {
            s.diagnostics.push_back({name, line, static_cast<int>(countCol) + 1, "count: expected a whole number, 0 or more, got \"" + std::string(ct) + "\""});
            continue;
        }
        s.count[static_cast<std::size_t>(age)] += static_cast<double>(count);
    }
    return s;
}

AgeShape loadAgeShape(const std::string& file) {
    const auto text = readFile(file);
    if (!text) {
        AgeShape s;
        s.diagnostics.push_back({file, 0, 0, "cannot read the file (is it there, and may this user read it?)"});
        return s;
    }
    AgeShape s = parseAgeShape(*text, file);
    s.input = {file, sha256Hex(*text)};
    return s;
}

CohortInputs estimate(const AuthoritySeries& la, const AuthoritySeries& england, const AgeShape& shape, const ModelSettings& s, std::string& why) {
    CohortInputs in;
    why.clear();
    auto indexOf = [](const AuthoritySeries& a, int year) -> std::size_t {
        for (std::size_t i = 0; i < a.years.size(); ++i)
            if (a.years[i].year == year) return i;
        return a.years.size();
    };
    // England's rates from the same January, or from its last when the series runs on past it (a
    // council's own history, say): shrinkage needs a national rate, not the same year's.
    const int englandYear = england.years.empty() ? s.origin : std::min(s.origin, england.years.back().year);
    const std::size_t last = indexOf(la, s.origin), lastE = indexOf(england, englandYear);
    if (la.years.empty() || last == la.years.size() || lastE == england.years.size()) {
        why = "January " + std::to_string(s.origin) + " is not in " + la.name + "'s history (" +
              (la.years.empty() ? std::string("none") : std::to_string(la.years.front().year) + " to " + std::to_string(la.years.back().year)) + ")";
        return in;
    }
    if (last < 2) {
        why = "a forecast needs at least three Januaries up to the origin; " + la.name + "'s history starts in " + std::to_string(la.years.front().year);
        return in;
    }
    const auto share = withinBand(shape);
    const Rates own = rates(la, last, s, share), eng = rates(england, lastE, s, share);
    in.origin = s.origin;
    const JanuaryCount& at = la.years[last];
    in.originTotal = at.total;
    for (std::size_t b = 0; b < kAgeBands; ++b) {
        const double n = own.size[b];
        const double leave = (n * own.leave[b] + s.shrinkLeave * eng.leave[b]) / (n + s.shrinkLeave);
        for (int a = kBandFirst[b]; a <= kBandLast[b]; ++a) in.leaveRate[a] = clampRate(leave);
    }
    {
        const double j = own.totalJoiners;
        const double g = (j * own.totalGrowth + s.shrinkGrowth * eng.totalGrowth) / (j + s.shrinkGrowth);
        in.growth.fill(g);
    }
    {
        const double n = std::accumulate(own.size.begin(), own.size.end(), 0.0);
        in.leaveSd = std::sqrt((n * own.leaveSd * own.leaveSd + s.shrinkLeave * eng.leaveSd * eng.leaveSd) / (n + s.shrinkLeave));
        const double j = own.totalJoiners;
        in.growthSd = std::sqrt((j * own.growthSd * own.growthSd + s.shrinkGrowth * eng.growthSd * eng.growthSd) / (j + s.shrinkGrowth));
    }
    in.settingMix = settingMix(at);
    for (int a = 0; a < static_cast<int>(kAges); ++a) {
        const std::size_t b = idx(bandOfAge(a));
        const bool top = a == kBandLast[b] && b + 1 < kAgeBands;
        if (top) {
            in.moves[a] = coupling(in.settingMix[b], in.settingMix[b + 1]);
        } else {
            for (std::size_t g = 0; g < kSettingGroups; ++g) in.moves[a][g][g] = 1;
        }
    }
    for (std::size_t b = 0; b < kAgeBands; ++b) {
        const double level = joinLevel(la, last, b, in.growth[b], s);
        for (int a = kBandFirst[b]; a <= kBandLast[b]; ++a)
            for (std::size_t g = 0; g < kSettingGroups; ++g) in.joinBase[a][g] = level * share[a] * in.settingMix[b][g];
    }
    // The origin January in whole children: each band spread over its ages and settings, then
    // rounded so that the cells add up to the January's total (largest remainders).
    const auto bands = bandCounts(at);
    struct Cell {
        double value;
        std::size_t a, g;
    };
    std::vector<Cell> cells;
    std::int64_t whole = 0;
    for (std::size_t a = 0; a < kAges; ++a) {
        const std::size_t b = idx(bandOfAge(static_cast<int>(a)));
        for (std::size_t g = 0; g < kSettingGroups; ++g) {
            const double v = bands[b] * share[a] * in.settingMix[b][g];
            in.start[a][g] = static_cast<std::int64_t>(std::floor(v));
            whole += in.start[a][g];
            cells.push_back({v - std::floor(v), a, g});
        }
    }
    std::stable_sort(cells.begin(), cells.end(), [](const Cell& x, const Cell& y) { return x.value > y.value; });
    const std::int64_t target = static_cast<std::int64_t>(std::llround(at.total));
    for (std::size_t i = 0; whole < target && i < cells.size(); ++i, ++whole) ++in.start[cells[i].a][cells[i].g];
    if (!la.folded.empty()) in.notes.push_back("Boundary change: " + la.folded + ".");
    if (englandYear != s.origin)
        in.notes.push_back("England's rates, which small numbers lean on, are from January " + std::to_string(englandYear) + ", the last in the DfE history.");
    return in;
}

namespace {

// A fixed numbering of what is drawn, for the stream's `state`.
constexpr std::uint32_t kParameterState = 100000, kYearState = 100001, kJoinState = 200000;

std::uint32_t cellState(std::size_t a, std::size_t g) { return static_cast<std::uint32_t>(a * kSettingGroups + g); }

// Cumulative joiner trend after h years: sum of damping^i for i = 1..h.
double trend(double damping, int h) {
    double d = 0, p = 1;
    for (int i = 1; i <= h; ++i) d += (p *= damping);
    return d;
}

// A scenario turned into what each forecast year (1 = the first January after the origin) needs.
struct Applied {
    struct ShiftRule {
        std::size_t from = 0, to = 0;
        double share = 0;
        std::array<bool, kAges> at{};
        std::uint32_t index = 0;  // the rule's place in the file, for its random stream
    };
    struct Cap {
        std::size_t setting = 0;
        std::int64_t places = 0;
        std::vector<std::size_t> overflow;
    };
    struct Year {
        std::array<double, kAgeBands> join{}, leave{};
        std::vector<ShiftRule> shifts;
        std::vector<Cap> caps;
    };
    std::vector<Year> years;  // [h], h = 1..years; [0] unused
};

Applied prepare(const Scenario* sc, int origin, int years) {
    Applied ap;
    ap.years.resize(static_cast<std::size_t>(years) + 1);
    for (int h = 1; h <= years; ++h) {
        Applied::Year& y = ap.years[static_cast<std::size_t>(h)];
        y.join.fill(1);
        y.leave.fill(1);
        if (!sc) continue;
        const int january = origin + h;
        for (const Scenario::RateChange& c : sc->joiners)
            if (january >= c.from)
                for (std::size_t b = 0; b < kAgeBands; ++b)
                    if (c.bands[b]) y.join[b] *= c.multiplier;
        for (const Scenario::RateChange& c : sc->leavers)
            if (january >= c.from)
                for (std::size_t b = 0; b < kAgeBands; ++b)
                    if (c.bands[b]) y.leave[b] *= c.multiplier;
        for (std::size_t i = 0; i < sc->shifts.size(); ++i) {
            const Scenario::Shift& sh = sc->shifts[i];
            if (january < sh.from) continue;
            Applied::ShiftRule r;
            r.from = static_cast<std::size_t>(sh.setting);
            r.to = static_cast<std::size_t>(sh.to);
            r.share = sh.share;
            r.index = static_cast<std::uint32_t>(i);
            for (int a : sh.ages) r.at[static_cast<std::size_t>(a)] = true;
            y.shifts.push_back(r);
        }
        for (const Scenario::Capacity& c : sc->capacity) {
            const std::int64_t places = c.placesIn(january);
            if (places < 0) continue;
            Applied::Cap cap;
            cap.setting = static_cast<std::size_t>(c.setting);
            cap.places = places;
            for (SettingGroup t : c.overflow) cap.overflow.push_back(static_cast<std::size_t>(t));
            y.caps.push_back(cap);
        }
    }
    return ap;
}

// Shares `n` whole children out over cells in proportion to `weight` (whole, and n <= their
// sum): floors, then the largest remainders, the youngest first on a tie. No randomness, so the
// children over a capacity are the same in a scenario and its re-run.
std::array<std::int64_t, kAges> allocate(std::int64_t n, const std::array<std::int64_t, kAges>& weight) {
    std::array<std::int64_t, kAges> out{};
    const std::int64_t total = std::accumulate(weight.begin(), weight.end(), std::int64_t{0});
    if (n <= 0 || total <= 0) return out;
    std::array<std::pair<std::int64_t, std::size_t>, kAges> rest{};
    std::int64_t given = 0;
    for (std::size_t a = 0; a < kAges; ++a) {
        const std::int64_t scaled = n * weight[a];  // children: far below 2^63
        out[a] = static_cast<std::int64_t>(scaled / total);
        rest[a] = {static_cast<std::int64_t>(scaled % total), a};
        given += out[a];
    }
    std::stable_sort(rest.begin(), rest.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (std::size_t i = 0; given < n && i < kAges; ++i, ++given) ++out[rest[i].second];
    return out;
}

constexpr std::uint32_t kShiftState = 300000;  // + rule x 1000 + cell

void runOne(const CohortInputs& in, const ModelSettings& s, const Applied& ap, int sim, std::int64_t* out) {
    Stream parameters(s.seed, static_cast<std::uint32_t>(sim), 0, kParameterState);
    const double growthShift = s.spread * in.growthSd * parameters.normal();
    const double leaveShift = s.spread * in.leaveSd * parameters.normal();
    auto cur = in.start;
    for (int h = 1; h <= s.years; ++h) {
        const Applied::Year& sc = ap.years[static_cast<std::size_t>(h)];
        std::array<std::array<std::int64_t, kSettingGroups>, kAges> next{}, stayed{};
        std::int64_t* row = out + static_cast<std::size_t>(h - 1) * kColumns;
        std::fill(row, row + kColumns, 0);
        for (std::size_t a = 0; a < kAges; ++a) {
            for (std::size_t g = 0; g < kSettingGroups; ++g) {
                const std::int64_t n = cur[a][g];
                if (n == 0) continue;
                if (a == kMaxAge) {  // a plan ends at 25
                    row[kLeft] += n;
                    continue;
                }
                Stream st(s.seed, static_cast<std::uint32_t>(sim), static_cast<std::uint32_t>(h), cellState(a, g));
                double rate = clampRate(in.leaveRate[a + 1] + leaveShift);
                if (rate > 0) rate = clampRate(rate * sc.leave[idx(bandOfAge(static_cast<int>(a + 1)))]);
                std::int64_t left = 0;
                if (rate >= 0) {
                    left = st.binomial(n, rate);
                } else {
                    const std::int64_t arrived = st.poisson(-rate * static_cast<double>(n));
                    next[a + 1][g] += arrived;
                    row[kMovedIn] += arrived;
                }
                row[kLeft] += left;
                // The rest age on: into each setting in turn (a multinomial as successive binomials).
                std::array<std::int64_t, kSettingGroups> into{};
                std::int64_t remaining = n - left;
                double rest = 1;
                const auto& m = in.moves[a][g];
                for (std::size_t t = 0; t < kSettingGroups && remaining > 0; ++t) {
                    if (m[t] <= 0) continue;
                    const std::int64_t k = (m[t] >= rest - 1e-12) ? remaining : st.binomial(remaining, m[t] / rest);
                    rest -= m[t];
                    remaining -= k;
                    into[t] += k;
                }
                into[g] += remaining;  // rounding left some: they stay
                // A scenario's shifts: a share of those entering a setting at this age go elsewhere.
                for (const Applied::ShiftRule& r : sc.shifts) {
                    if (!r.at[a + 1] || into[r.from] == 0) continue;
                    Stream sh(s.seed, static_cast<std::uint32_t>(sim), static_cast<std::uint32_t>(h), kShiftState + r.index * 1000 + cellState(a, g));
                    const std::int64_t k = sh.binomial(into[r.from], r.share);
                    into[r.from] -= k;
                    into[r.to] += k;
                }
                for (std::size_t t = 0; t < kSettingGroups; ++t) {
                    next[a + 1][t] += into[t];
                    row[t == g ? kStayed : kMoved] += into[t];
                }
                stayed[a + 1][g] += into[g];
            }
        }
        Stream yearly(s.seed, static_cast<std::uint32_t>(sim), static_cast<std::uint32_t>(h), kYearState);
        const double yearShock = 0.5 * s.spread * in.growthSd * yearly.normal();
        const double d = trend(s.damping, h);
        for (std::size_t a = 0; a < kAges; ++a) {
            const std::size_t b = idx(bandOfAge(static_cast<int>(a)));
            const double factor = std::exp((in.growth[b] + growthShift) * d + yearShock) * sc.join[b];
            for (std::size_t g = 0; g < kSettingGroups; ++g) {
                if (in.joinBase[a][g] <= 0) continue;
                Stream st(s.seed, static_cast<std::uint32_t>(sim), static_cast<std::uint32_t>(h), kJoinState + cellState(a, g));
                const std::int64_t k = st.poisson(in.joinBase[a][g] * factor);
                next[a][g] += k;
                row[kJoined] += k;
            }
        }
        // A scenario's capacity: the children over a setting's places go on down its list, those
        // who arrived this year (new plans, moves in) before those who were there already.
        for (const Applied::Cap& cap : sc.caps) {
            const std::size_t g = cap.setting;
            auto inSetting = [&](std::size_t t) {
                std::int64_t c = 0;
                for (std::size_t a = 0; a < kAges; ++a) c += next[a][t];
                return c;
            };
            const std::int64_t over = inSetting(g) - cap.places;
            if (over <= 0) continue;
            std::array<std::int64_t, kAges> arrived{}, already{};
            for (std::size_t a = 0; a < kAges; ++a) {
                already[a] = stayed[a][g];
                arrived[a] = next[a][g] - stayed[a][g];
            }
            const std::int64_t fromArrived = std::min(over, std::accumulate(arrived.begin(), arrived.end(), std::int64_t{0}));
            const auto takeArrived = allocate(fromArrived, arrived);
            const auto takeAlready = allocate(over - fromArrived, already);
            for (std::size_t a = 0; a < kAges; ++a) {
                std::int64_t k = takeArrived[a] + takeAlready[a];
                if (k == 0) continue;
                next[a][g] -= k;
                stayed[a][g] -= takeAlready[a];
                row[kStayed] -= takeAlready[a];
                row[kMoved] += takeAlready[a];
                const int age = static_cast<int>(a);
                std::size_t last = g;
                for (std::size_t t : cap.overflow) {
                    if (!servesAge(static_cast<SettingGroup>(t), age)) continue;
                    last = t;
                    std::int64_t room = k;
                    for (const Applied::Cap& other : sc.caps)
                        if (other.setting == t) room = std::clamp<std::int64_t>(other.places - inSetting(t), 0, k);
                    next[a][t] += room;
                    k -= room;
                    if (k == 0) break;
                }
                next[a][last] += k;  // the last setting that serves the age takes whoever is left
                if (last == g) {     // none does: they stay where they are
                    stayed[a][g] += std::min(k, takeAlready[a]);
                    row[kStayed] += std::min(k, takeAlready[a]);
                    row[kMoved] -= std::min(k, takeAlready[a]);
                }
            }
        }
        for (std::size_t a = 0; a < kAges; ++a)
            for (std::size_t g = 0; g < kSettingGroups; ++g) {
                const std::int64_t n = next[a][g];
                row[kTotal] += n;
                row[kFirstSetting + g] += n;
                row[kFirstAge + idx(bandOfAge(static_cast<int>(a)))] += n;
                row[crossColumn(g, idx(bandOfAge(static_cast<int>(a))))] += n;
            }
        cur = next;
    }
}

}  // namespace

bool servesAge(SettingGroup g, int age) {
    return age >= 0 && age <= kMaxAge && kServes[idx(bandOfAge(age))][static_cast<std::size_t>(g)];
}

Simulations simulate(const CohortInputs& in, const ModelSettings& s, const Scenario* scenario) {
    if (s.simulations < 1 || s.years < 1) throw std::invalid_argument("simulate: simulations and years must be at least 1");
    Simulations out;
    out.simulations = s.simulations;
    out.years = s.years;
    out.cells.assign(static_cast<std::size_t>(s.simulations) * static_cast<std::size_t>(s.years) * kColumns, 0);
    const Applied ap = prepare(scenario, in.origin, s.years);
    const unsigned threads = workerThreads(static_cast<std::size_t>(s.simulations), 50, s.threads);
    parallelFor(static_cast<std::size_t>(s.simulations), threads, [&](unsigned, std::size_t begin, std::size_t end) {
        for (std::size_t sim = begin; sim < end; ++sim)
            runOne(in, s, ap, static_cast<int>(sim), out.cells.data() + sim * static_cast<std::size_t>(s.years) * kColumns);
    });
    return out;
}

std::vector<double> expectedTotals(const CohortInputs& in, const ModelSettings& s) {
    // The same recurrences as runOne, with every draw replaced by its expectation.
    std::array<std::array<double, kSettingGroups>, kAges> cur{};
    for (std::size_t a = 0; a < kAges; ++a)
        for (std::size_t g = 0; g < kSettingGroups; ++g) cur[a][g] = static_cast<double>(in.start[a][g]);
    std::vector<double> totals;
    for (int h = 1; h <= s.years; ++h) {
        std::array<std::array<double, kSettingGroups>, kAges> next{};
        for (std::size_t a = 0; a < kMaxAge; ++a)
            for (std::size_t g = 0; g < kSettingGroups; ++g) {
                const double n = cur[a][g];
                if (n == 0) continue;
                const double rate = in.leaveRate[a + 1];
                if (rate < 0) next[a + 1][g] += -rate * n;
                const double stay = n * (1 - std::max(rate, 0.0));
                for (std::size_t t = 0; t < kSettingGroups; ++t) next[a + 1][t] += stay * in.moves[a][g][t];
            }
        const double d = trend(s.damping, h);
        double total = 0;
        for (std::size_t a = 0; a < kAges; ++a) {
            const double factor = std::exp(in.growth[idx(bandOfAge(static_cast<int>(a)))] * d);
            for (std::size_t g = 0; g < kSettingGroups; ++g) {
                next[a][g] += in.joinBase[a][g] * factor;
                total += next[a][g];
            }
        }
        totals.push_back(total);
        cur = next;
    }
    return totals;
}

std::int64_t Summary::p(int percent) const {
    for (std::size_t i = 0; i < kQuantiles.size(); ++i)
        if (std::lround(kQuantiles[i] * 100) == percent) return q[i];
    throw std::invalid_argument("Summary::p: no p" + std::to_string(percent));
}

Summary summarise(std::vector<std::int64_t> values) {
    Summary s;
    if (values.empty()) return s;
    std::sort(values.begin(), values.end());
    long double sum = 0;
    for (std::int64_t v : values) sum += static_cast<long double>(v);
    s.mean = static_cast<double>(sum / static_cast<long double>(values.size()));
    const std::size_t n = values.size();
    for (std::size_t i = 0; i < kQuantiles.size(); ++i) {
        // The smallest value with at least p of the simulations at or below it.
        std::size_t rank = static_cast<std::size_t>(std::ceil(kQuantiles[i] * static_cast<double>(n) - 1e-9));
        rank = std::clamp<std::size_t>(rank, 1, n);
        s.q[i] = values[rank - 1];
    }
    return s;
}

Summary summarise(const Simulations& sims, int year, std::size_t column) {
    std::vector<std::int64_t> v(static_cast<std::size_t>(sims.simulations));
    for (int i = 0; i < sims.simulations; ++i) v[static_cast<std::size_t>(i)] = sims.at(i, year, column);
    return summarise(std::move(v));
}

Summary summariseDifference(const Simulations& scenario, const Simulations& baseline, int year, std::size_t column) {
    if (scenario.simulations != baseline.simulations || scenario.years != baseline.years)
        throw std::invalid_argument("summariseDifference: the runs differ in simulations or years");
    std::vector<std::int64_t> v(static_cast<std::size_t>(scenario.simulations));
    for (int i = 0; i < scenario.simulations; ++i) v[static_cast<std::size_t>(i)] = scenario.at(i, year, column) - baseline.at(i, year, column);
    return summarise(std::move(v));
}

}  // namespace sendband::forecast
