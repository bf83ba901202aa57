#include "forecast/Transitions.h"

#include "core/Csv.h"
#include "core/FileIo.h"
#include "core/Sha256.h"
#include "forecast/Cohort.h"
#include "forecast/Scenario.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sendband::forecast {

namespace {

const char* const kGroupList =
    "mainstream, special_state_funded, special_independent, special_non_maintained, ap_pru, further_education, early_years_non_maintained, "
    "educated_elsewhere_neet_other_unknown";

// The columns of `wanted`, by name, from a heading; a diagnostic for each one missing.
bool columns(const std::vector<std::string_view>& head, const std::vector<const char*>& wanted, std::vector<int>& at, const std::string& name,
             std::vector<Diagnostic>& out) {
    at.assign(wanted.size(), -1);
    for (std::size_t i = 0; i < head.size(); ++i)
        for (std::size_t w = 0; w < wanted.size(); ++w)
            if (head[i] == wanted[w]) at[w] = static_cast<int>(i);
    bool ok = true;
    for (std::size_t w = 0; w < wanted.size(); ++w)
        if (at[w] < 0) {
            out.push_back({name, 1, 1, std::string("missing column '") + wanted[w] + "'"});
            ok = false;
        }
    return ok;
}

std::string count(double v) {
    const auto n = static_cast<long long>(std::llround(v));
    std::string s = std::to_string(n), out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
        out += s[i];
    }
    return out;
}

}  // namespace

SettingsMap parseSettingsMap(std::string_view text, const std::string& name) {
    SettingsMap m;
    std::string storage;
    CsvReader csv(std::string(normaliseLineEnds(text, storage)));
    std::vector<std::string_view> f;
    if (!csv.next(f)) {
        m.diagnostics.push_back({name, 1, 1, "the file is empty (expected setting,setting_group rows)"});
        return m;
    }
    std::vector<int> at;
    if (!columns(f, {"setting", "setting_group"}, at, name, m.diagnostics)) return m;
    std::map<std::string, int, std::less<>> firstLine;
    while (csv.next(f)) {
        const int line = csv.line();
        if (!csv.error().empty()) {
            m.diagnostics.push_back({name, line, 1, csv.error()});
            continue;
        }
        if (f.size() == 1 && f[0].empty()) continue;
        auto field = [&](int c) { return static_cast<std::size_t>(c) < f.size() ? f[static_cast<std::size_t>(c)] : std::string_view(); };
        const std::string code(field(at[0]));
        if (code.empty() || code == "NONSEND") {
            m.diagnostics.push_back({name, line, at[0] + 1, "setting: expected the council's code for a setting, got \"" + code + "\"" +
                                                                (code == "NONSEND" ? " (NONSEND means no plan and needs no row)" : "")});
            continue;
        }
        SettingGroup g{};
        if (!settingGroupFromId(field(at[1]), g)) {
            m.diagnostics.push_back({name, line, at[1] + 1, "setting_group: expected one of: " + std::string(kGroupList) + "; got \"" + std::string(field(at[1])) + "\""});
            continue;
        }
        if (const auto it = firstLine.find(code); it != firstLine.end()) {
            m.diagnostics.push_back({name, line, at[0] + 1, "setting: " + code + " is given twice (first on line " + std::to_string(it->second) + ")"});
            continue;
        }
        firstLine.emplace(code, line);
        m.groups.emplace(code, g);
    }
    if (m.groups.empty() && m.diagnostics.empty()) m.diagnostics.push_back({name, 0, 0, "no settings: expected a row for each of the council's setting codes"});
    if (!m.ok()) m.groups.clear();
    return m;
}

SettingsMap loadSettingsMap(const std::string& file) {
    const auto text = readFile(file);
    if (!text) {
        SettingsMap m;
        m.diagnostics.push_back({file, 0, 0, "cannot read the file (is it there, and may this user read it?)"});
        return m;
    }
    SettingsMap m = parseSettingsMap(*text, file);
    m.input = {file, sha256Hex(*text)};
    return m;
}

TransitionsHistory parseTransitions(std::string_view text, const std::string& name, const SettingsMap& settings, const std::string& authority) {
    TransitionsHistory h;
    auto error = [&](int line, int column, const std::string& message) { h.diagnostics.push_back({name, line, column, message}); };
    std::string storage;
    CsvReader csv(std::string(normaliseLineEnds(text, storage)));
    std::vector<std::string_view> f;
    if (!csv.next(f)) {
        error(1, 1, "the file is empty (expected witan.send's transitions: calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2)");
        return h;
    }
    std::vector<int> at;
    if (!columns(f, {"calendar-year", "setting-1", "need-1", "academic-year-1", "setting-2", "need-2", "academic-year-2"}, at, name, h.diagnostics)) return h;
    // Counts per January, from each side: the end of the year before's transitions (side 2) and
    // the start of the year's own (side 1) must agree where both are given.
    struct Side {
        std::array<std::array<double, kAgeBands>, kSettingGroups> n{};
        bool seen = false;
    };
    std::map<int, Side> starts, ends;      // January -> children
    std::map<int, std::array<double, kAgeBands>> joined;  // January -> new plans since the January before
    while (csv.next(f)) {
        const int line = csv.line();
        if (!csv.error().empty()) {
            error(line, 1, csv.error());
            continue;
        }
        if (f.size() == 1 && f[0].empty()) continue;
        auto field = [&](int c) { return static_cast<std::size_t>(c) < f.size() ? f[static_cast<std::size_t>(c)] : std::string_view(); };
        auto whole = [&](int c, int lo, int hi, const std::string& what, int& out) {
            const std::string_view v = field(at[static_cast<std::size_t>(c)]);
            if (std::from_chars(v.data(), v.data() + v.size(), out).ec != std::errc() || out < lo || out > hi ||
                std::from_chars(v.data(), v.data() + v.size(), out).ptr != v.data() + v.size()) {
                error(line, at[static_cast<std::size_t>(c)] + 1, what + ", got \"" + std::string(v) + "\"");
                return false;
            }
            return true;
        };
        int year = 0, ay1 = 0, ay2 = 0;
        bool ok = whole(0, 1990, 2100, "calendar-year: expected a year from 1990 to 2100", year);
        ok = whole(3, -4, 21, "academic-year-1: expected a national curriculum year from -4 to 21 (ages 0 to 25 on 31 August)", ay1) && ok;
        ok = whole(6, -4, 21, "academic-year-2: expected a national curriculum year from -4 to 21 (ages 0 to 25 on 31 August)", ay2) && ok;
        const std::string_view s1 = field(at[1]), s2 = field(at[4]);
        SettingGroup g1{}, g2{};
        auto group = [&](std::string_view code, int column, SettingGroup& out) {
            if (code == "NONSEND") return true;
            const auto it = settings.groups.find(code);
            if (it == settings.groups.end()) {
                error(line, column + 1, std::string(column == at[1] ? "setting-1" : "setting-2") + ": \"" + std::string(code) +
                                            "\" is not in the settings map (add it with its DfE setting group)");
                return false;
            }
            out = it->second;
            return true;
        };
        ok = group(s1, at[1], g1) && ok;
        ok = group(s2, at[4], g2) && ok;
        if (s1 == "NONSEND" && s2 == "NONSEND") {
            error(line, at[1] + 1, "setting-1 and setting-2 are both NONSEND: a row is a child with a plan on at least one side");
            ok = false;
        }
        if (!ok) continue;
        ++h.rows;
        if (s1 != "NONSEND") {
            Side& side = starts[year];
            side.seen = true;
            side.n[static_cast<std::size_t>(g1)][static_cast<std::size_t>(bandOfAge(ay1 + 4))] += 1;
            h.needs.insert(std::string(field(at[2])));
        } else {
            starts[year].seen = true;
        }
        if (s2 != "NONSEND") {
            Side& side = ends[year + 1];
            side.seen = true;
            side.n[static_cast<std::size_t>(g2)][static_cast<std::size_t>(bandOfAge(ay2 + 4))] += 1;
            h.needs.insert(std::string(field(at[5])));
            if (s1 == "NONSEND") joined[year + 1][static_cast<std::size_t>(bandOfAge(ay2 + 4))] += 1;
        } else {
            ends[year + 1].seen = true;
        }
    }
    if (!h.ok()) return h;
    if (starts.empty()) {
        error(0, 0, "no transitions: expected a row for each child with a plan in each year");
        return h;
    }
    const int first = starts.begin()->first, last = std::max(starts.rbegin()->first, ends.rbegin()->first - 1);
    for (int y = first; y <= last; ++y)
        if (!starts.count(y)) {
            error(0, 0, "no transitions for calendar year " + std::to_string(y) + ": the years must run without a gap from " + std::to_string(first) + " to " +
                            std::to_string(last));
            return h;
        }
    h.series.code = "local";
    h.series.name = authority;
    for (int y = first; y <= last + 1; ++y) {
        const Side& s = y <= last ? starts[y] : ends[y];
        if (y > first && y <= last) {
            const Side& e = ends[y];
            double a = 0, b = 0;
            for (const auto& row : s.n)
                for (double v : row) a += v;
            for (const auto& row : e.n)
                for (double v : row) b += v;
            if (s.n != e.n) {
                error(0, 0, "January " + std::to_string(y) + " has " + count(b) + " children as the end of " + std::to_string(y - 1) + "'s transitions and " + count(a) +
                                " as the start of " + std::to_string(y) + "'s, by setting and age they must be the same children");
                return h;
            }
        }
        JanuaryCount c;
        c.year = y;
        for (std::size_t g = 0; g < kSettingGroups; ++g)
            for (std::size_t b = 0; b < kAgeBands; ++b) {
                c.bySetting[g] += s.n[g][b];
                c.byAge[b] += s.n[g][b];
                c.total += s.n[g][b];
            }
        c.ageTotal = c.total;
        if (y > first) {
            c.joinedByAge = joined[y];
            for (double v : c.joinedByAge) c.joined += v;
        }
        h.series.years.push_back(c);
    }
    return h;
}

TransitionsHistory loadTransitions(const std::string& file, const SettingsMap& settings, const std::string& authority) {
    const auto text = readFile(file);
    if (!text) {
        TransitionsHistory h;
        h.diagnostics.push_back({file, 0, 0, "cannot read the file (is it there, and may this user read it?)"});
        return h;
    }
    TransitionsHistory h = parseTransitions(*text, file, settings, authority);
    h.input = {file, sha256Hex(*text)};
    return h;
}

}  // namespace sendband::forecast
