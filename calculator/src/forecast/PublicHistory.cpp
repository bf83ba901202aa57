#include "forecast/PublicHistory.h"

#include "core/Csv.h"
#include "core/FileIo.h"
#include "core/Sha256.h"
#include "core/Text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace sendband::forecast {

const char* settingGroupId(SettingGroup g) {
    static const char* ids[] = {"mainstream", "special_state_funded", "special_independent", "special_non_maintained",
                                "ap_pru", "further_education", "early_years_non_maintained", "educated_elsewhere_neet_other_unknown"};
    return ids[static_cast<std::size_t>(g)];
}

const char* settingGroupName(SettingGroup g) {
    static const char* names[] = {"mainstream",          "special, state-funded", "special, independent", "special, non-maintained",
                                  "alternative provision or PRU", "further education", "early years (non-maintained)",
                                  "elsewhere, NEET or not known"};
    return names[static_cast<std::size_t>(g)];
}

const char* ageBandName(AgeBand a) {
    static const char* names[] = {"under 5", "5 to 10", "11 to 15", "16 to 19", "20 to 25"};
    return names[static_cast<std::size_t>(a)];
}

namespace {

constexpr int kFirstYear = 2010, kLastYear = 2022;

// The DfE's age labels, in AgeBand order.
const char* const kAgeLabels[] = {"Under 5", "Age 5 to 10", "Age 11 to 15", "Age 16 to 19", "Age 20 to 25"};

struct Reader {
    std::string file;
    std::vector<Diagnostic>& out;
    void error(int line, int column, std::string message) const { out.push_back({file, line, column, std::move(message)}); }
};

// The column of each wanted heading, or an error at line 1 naming what is missing.
std::optional<std::vector<std::size_t>> columns(const std::vector<std::string_view>& head, const std::vector<std::string>& wanted, const Reader& r) {
    std::vector<std::size_t> at;
    bool ok = true;
    for (const std::string& w : wanted) {
        const auto it = std::find(head.begin(), head.end(), w);
        if (it == head.end()) {
            r.error(1, 1, "missing column '" + w + "'");
            ok = false;
        } else {
            at.push_back(static_cast<std::size_t>(it - head.begin()));
        }
    }
    if (!ok) return std::nullopt;
    return at;
}

// A count: a non-negative number ("976", "976.0"); empty is `empty` (a column the DfE left blank).
std::optional<double> count(std::string_view text, std::optional<double> empty) {
    if (text.empty()) return empty;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0) return std::nullopt;
    return v;
}

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

// Codes the ONS reissued without a change of boundary: the old code's years are the new code's.
std::string currentCode(std::string code) {
    static const std::pair<const char*, const char*> recoded[] = {
        {"E08000020", "E08000037"},  // Gateshead, 2013
        {"E06000048", "E06000057"},  // Northumberland, 2009 (the DfE used the old code to 2013)
        {"E10000002", "E06000060"},  // Buckinghamshire, a unitary authority from April 2020
    };
    for (const auto& [from, to] : recoded)
        if (code == from) return to;
    return code;
}

struct Key {
    std::string code;
    int year;
    bool operator<(const Key& o) const { return std::tie(code, year) < std::tie(o.code, o.year); }
};

struct Place {
    std::string oldCode, name, region;
};

// Both tables read: counts by (code, year), "" the national series.
struct Tables {
    std::map<Key, JanuaryCount> counts;
    std::map<std::string, Place> places;
    std::map<std::string, std::string> folded;  // how a folded authority's earlier years were made
    std::set<Key> joinedSeen;                   // the Januaries whose new plans the new-plans table gave
};

void readSettings(std::string_view text, const Reader& r, Tables& t) {
    std::string storage;
    CsvReader csv(std::string(normaliseLineEnds(text, storage)));
    std::vector<std::string_view> f;
    if (!csv.next(f)) {
        r.error(1, 1, "the file is empty (expected the DfE's EHC plans by broad setting, one row per authority and January)");
        return;
    }
    std::vector<std::string> wanted = {"year_january", "geographic_level", "region_name", "old_la_code", "new_la_code", "la_name", "total"};
    for (std::size_t g = 0; g < kSettingGroups; ++g) wanted.push_back(settingGroupId(static_cast<SettingGroup>(g)));
    const auto col = columns(f, wanted, r);
    if (!col) return;
    while (csv.next(f)) {
        const int line = csv.line();
        if (!csv.error().empty()) {
            r.error(line, 1, csv.error());
            continue;
        }
        if (f.size() == 1 && f[0].empty()) continue;  // a blank line
        auto field = [&](std::size_t i) -> std::string_view { return (*col)[i] < f.size() ? f[(*col)[i]] : std::string_view(); };
        auto where = [&](std::size_t i) { return static_cast<int>((*col)[i]) + 1; };  // the field's number, as a column
        const std::string_view level = field(1);
        if (level != "Local authority" && level != "National") continue;  // regions: not used
        int year = 0;
        const std::string_view y = field(0);
        if (std::from_chars(y.data(), y.data() + y.size(), year).ec != std::errc() || year < kFirstYear || year > kLastYear) {
            r.error(line, where(0), "year_january: expected a year from " + std::to_string(kFirstYear) + " to " + std::to_string(kLastYear) + ", got \"" + std::string(y) + "\"");
            continue;
        }
        const bool national = level == "National";
        const std::string code = national ? "" : currentCode(std::string(field(4)));
        if (!national && (code.size() != 9 || code[0] != 'E')) {
            r.error(line, where(4), "new_la_code: expected a 9-character code such as E06000015, got \"" + code + "\"");
            continue;
        }
        JanuaryCount c;
        c.year = year;
        bool ok = true;
        const auto total = count(field(6), std::nullopt);
        if (!total) {
            r.error(line, where(6), "total: expected a count (a number, 0 or more), got \"" + std::string(field(6)) + "\"");
            ok = false;
        }
        double sum = 0;
        for (std::size_t g = 0; g < kSettingGroups; ++g) {
            const auto v = count(field(7 + g), 0.0);  // a blank setting is none (the DfE leaves some blank)
            if (!v) {
                r.error(line, where(7 + g), std::string(settingGroupId(static_cast<SettingGroup>(g))) + ": expected a count (a number, 0 or more), got \"" +
                                                std::string(field(7 + g)) + "\"");
                ok = false;
                continue;
            }
            c.bySetting[g] = *v;
            sum += *v;
        }
        if (!ok) continue;
        c.total = *total;
        if (std::fabs(sum - c.total) > 0.5) {
            r.error(line, where(6), "the settings add up to " + fmt(sum) + " but total is " + fmt(c.total));
            continue;
        }
        if (!t.counts.emplace(Key{code, year}, c).second) {
            r.error(line, where(national ? 0 : 4), (national ? std::string("England") : code) + " " + std::to_string(year) + " is given twice");
            continue;
        }
        if (!national) t.places[code] = Place{std::string(field(3)), std::string(field(5)), std::string(field(2))};
    }
}

// Which of the DfE's two age tables is being read: the plans in force each January
// (sen2_age_caseload.csv) or the new plans made in each calendar year (sen2_age_new_plans.csv),
// which are kept with the January that follows the year they were made in.
enum class AgeTable { InForce, New };

void readAges(std::string_view text, const Reader& r, Tables& t, AgeTable which) {
    const bool made = which == AgeTable::New;
    const std::string valueColumn = made ? "Total_new_all" : "Total_all";
    std::string storage;
    CsvReader csv(std::string(normaliseLineEnds(text, storage)));
    std::vector<std::string_view> f;
    if (!csv.next(f)) {
        r.error(1, 1, std::string("the file is empty (expected the DfE's ") + (made ? "sen2_age_new_plans.csv" : "sen2_age_caseload.csv") + ")");
        return;
    }
    const auto col = columns(f, {"time_period", "geographic_level", "new_la_code", "characteristic_age", valueColumn}, r);
    if (!col) return;
    // The first and last years the table may hold: Januaries 2010-2022, or calendar years 2009-2021.
    const int first = made ? kFirstYear - 1 : kFirstYear, last = made ? kLastYear - 1 : kLastYear;
    std::map<Key, std::pair<JanuaryCount, std::set<std::string>>> ages;  // the bands seen, to refuse a band given twice
    std::map<Key, int> firstLine;
    while (csv.next(f)) {
        const int line = csv.line();
        if (!csv.error().empty()) {
            r.error(line, 1, csv.error());
            continue;
        }
        if (f.size() == 1 && f[0].empty()) continue;
        auto field = [&](std::size_t i) -> std::string_view { return (*col)[i] < f.size() ? f[(*col)[i]] : std::string_view(); };
        auto where = [&](std::size_t i) { return static_cast<int>((*col)[i]) + 1; };
        const std::string_view level = field(1);
        if (level != "Local authority" && level != "National") continue;
        int year = 0;
        const std::string_view y = field(0);
        if (std::from_chars(y.data(), y.data() + y.size(), year).ec != std::errc() || year < first || year > last) {
            r.error(line, where(0), "time_period: expected a year from " + std::to_string(first) + " to " + std::to_string(last) + ", got \"" + std::string(y) + "\"");
            continue;
        }
        if (made) ++year;  // the January after the calendar year the plans were made in
        const std::string code = level == "National" ? "" : currentCode(std::string(field(2)));
        const std::string band(field(3));
        const auto v = count(field(4), std::nullopt);
        if (!v) {
            r.error(line, where(4), valueColumn + ": expected a count (a number, 0 or more), got \"" + std::string(field(4)) + "\"");
            continue;
        }
        auto& [c, seen] = ages[Key{code, year}];
        firstLine.emplace(Key{code, year}, line);
        const std::string shownYear = std::to_string(made ? year - 1 : year);
        if (!seen.insert(band).second) {
            r.error(line, where(3), (code.empty() ? std::string("England") : code) + " " + shownYear + ": age '" + band + "' is given twice");
            continue;
        }
        if (band == "Total") {
            c.ageTotal = *v;
            continue;
        }
        const auto* it = std::find(std::begin(kAgeLabels), std::end(kAgeLabels), band);
        if (it == std::end(kAgeLabels)) {
            r.error(line, where(3), "characteristic_age: expected Total, Under 5, Age 5 to 10, Age 11 to 15, Age 16 to 19 or Age 20 to 25, got \"" + band + "\"");
            continue;
        }
        c.byAge[static_cast<std::size_t>(it - std::begin(kAgeLabels))] = *v;
    }
    for (auto& [key, entry] : ages) {
        const JanuaryCount& a = entry.first;
        double sum = 0;
        for (double v : a.byAge) sum += v;
        const std::string who = (key.code.empty() ? std::string("England") : key.code) + " " + std::to_string(made ? key.year - 1 : key.year);
        if (!entry.second.count("Total")) {
            r.error(firstLine[key], 1, who + ": no Total row");
            continue;
        }
        if (std::fabs(sum - a.ageTotal) > 0.5) {
            r.error(firstLine[key], 1, who + ": the ages add up to " + fmt(sum) + " but Total is " + fmt(a.ageTotal));
            continue;
        }
        const auto it = t.counts.find(key);
        if (it == t.counts.end()) continue;  // reported once all is read, as a gap
        if (made) {
            it->second.joinedByAge = a.byAge;
            it->second.joined = a.ageTotal;
            t.joinedSeen.insert(key);
        } else {
            it->second.byAge = a.byAge;
            it->second.ageTotal = a.ageTotal;
        }
    }
}

JanuaryCount scaled(const JanuaryCount& c, double share) {
    JanuaryCount s = c;
    s.total *= share;
    s.ageTotal *= share;
    for (double& v : s.bySetting) v *= share;
    for (double& v : s.byAge) v *= share;
    s.joined *= share;
    for (double& v : s.joinedByAge) v *= share;
    return s;
}

void add(JanuaryCount& to, const JanuaryCount& c) {
    to.total += c.total;
    to.ageTotal += c.ageTotal;
    for (std::size_t i = 0; i < kSettingGroups; ++i) to.bySetting[i] += c.bySetting[i];
    for (std::size_t i = 0; i < kAgeBands; ++i) to.byAge[i] += c.byAge[i];
    to.joined += c.joined;
    for (std::size_t i = 0; i < kAgeBands; ++i) to.joinedByAge[i] += c.joinedByAge[i];
}

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
    return buf;
}

// The boundary changes in the history, folded into today's authorities.
//  - April 2019: Bournemouth, Christchurch and Poole (E06000058) from Bournemouth (E06000028),
//    Poole (E06000029) and Christchurch, part of Dorset county (E10000009); the rest of the
//    county became Dorset (E06000059). The first January of the new authorities is 2020.
//    Christchurch's share of the county's plans is not published; it is taken as the share that
//    gives both new authorities the same growth from January 2019 to January 2020.
//  - April 2021: North (E06000061) and West (E06000062) Northamptonshire from Northamptonshire
//    (E10000021); their first January is 2022. Earlier years are split as January 2022 was.
void fold(Tables& t, const Reader& r) {
    auto has = [&](const std::string& code, int year) { return t.counts.count(Key{code, year}) > 0; };
    auto at = [&](const std::string& code, int year) -> const JanuaryCount& { return t.counts.at(Key{code, year}); };
    const std::string bcp = "E06000058", dorset = "E06000059", oldDorset = "E10000009", bournemouth = "E06000028", poole = "E06000029";
    if (has(bcp, 2020) && has(dorset, 2020) && has(oldDorset, 2019) && has(bournemouth, 2019) && has(poole, 2019)) {
        const double before = at(bournemouth, 2019).total + at(poole, 2019).total + at(oldDorset, 2019).total;
        const double growth = (at(bcp, 2020).total + at(dorset, 2020).total) / before;
        const double share = std::clamp((at(bcp, 2020).total / growth - at(bournemouth, 2019).total - at(poole, 2019).total) / at(oldDorset, 2019).total, 0.0, 1.0);
        for (int y = kFirstYear; y < 2020; ++y) {
            if (!has(oldDorset, y) || !has(bournemouth, y) || !has(poole, y)) continue;  // reported as a gap below
            JanuaryCount b = at(bournemouth, y);
            add(b, at(poole, y));
            add(b, scaled(at(oldDorset, y), share));
            t.counts[Key{bcp, y}] = b;
            t.counts[Key{dorset, y}] = scaled(at(oldDorset, y), 1 - share);
        }
        t.folded[bcp] = "to 2019: Bournemouth and Poole, plus " + percent(share) +
                        " of Dorset county for Christchurch (the share that gives both new authorities the same growth from January 2019 to 2020)";
        t.folded[dorset] = "to 2019: " + percent(1 - share) + " of Dorset county (the rest went to Bournemouth, Christchurch and Poole)";
    } else if (has(bcp, 2020) || has(dorset, 2020)) {
        r.error(0, 0, "Bournemouth, Christchurch and Poole and Dorset need Bournemouth, Poole and Dorset county in January 2019 to be joined to their earlier years");
    }
    const std::string north = "E06000061", west = "E06000062", northants = "E10000021";
    if (has(north, 2022) && has(west, 2022)) {
        const double share = at(north, 2022).total / (at(north, 2022).total + at(west, 2022).total);
        for (int y = kFirstYear; y < 2022; ++y) {
            if (!has(northants, y)) continue;
            t.counts[Key{north, y}] = scaled(at(northants, y), share);
            t.counts[Key{west, y}] = scaled(at(northants, y), 1 - share);
        }
        t.folded[north] = "to 2021: " + percent(share) + " of Northamptonshire, its share in January 2022";
        t.folded[west] = "to 2021: " + percent(1 - share) + " of Northamptonshire, its share in January 2022";
    }
    for (const std::string& gone : {bournemouth, poole, oldDorset, northants}) {
        t.places.erase(gone);
        for (int y = kFirstYear; y <= kLastYear; ++y) t.counts.erase(Key{gone, y});
    }
}

}  // namespace

PublicHistory parsePublicHistory(std::string_view settingText, const std::string& settingName, std::string_view ageText, const std::string& ageName,
                                 std::string_view newText, const std::string& newName) {
    PublicHistory h;
    Tables t;
    const Reader rs{settingName, h.diagnostics}, ra{ageName, h.diagnostics}, rn{newName, h.diagnostics};
    readSettings(settingText, rs, t);
    readAges(ageText, ra, t, AgeTable::InForce);
    h.hasNewPlans = !newName.empty();
    if (h.hasNewPlans) {
        readAges(newText, rn, t, AgeTable::New);
        // Every January needs the plans made in the year before it (before the boundaries are
        // folded, so the gap is named with the code the DfE used).
        std::map<std::string, std::vector<int>> missing;
        for (const auto& [key, c] : t.counts)
            if (!t.joinedSeen.count(key)) missing[key.code].push_back(key.year - 1);
        for (const auto& [code, years] : missing) {
            std::string list;
            for (int y : years) list += (list.empty() ? "" : ", ") + std::to_string(y);
            h.diagnostics.push_back({newName, 0, 0, (code.empty() ? std::string("England") : code) + " has no new plans for calendar year " + list});
        }
    }
    if (!h.ok()) return h;
    const Reader whole{settingName, h.diagnostics};
    fold(t, whole);
    auto series = [&](const std::string& code) {
        AuthoritySeries s;
        s.code = code;
        std::vector<int> missing;
        for (int y = kFirstYear; y <= kLastYear; ++y) {
            const auto it = t.counts.find(Key{code, y});
            if (it == t.counts.end()) missing.push_back(y);
            else s.years.push_back(it->second);
        }
        if (!missing.empty()) {
            std::string list;
            for (int y : missing) list += (list.empty() ? "" : ", ") + std::to_string(y);
            h.diagnostics.push_back({settingName, 0, 0, (code.empty() ? std::string("England") : code) + " has no count for January " + list});
        }
        return s;
    };
    h.england = series("");
    h.england.name = "England";
    for (const auto& [code, place] : t.places) {
        AuthoritySeries s = series(code);
        s.oldCode = place.oldCode;
        s.name = place.name;
        s.region = place.region;
        if (const auto f = t.folded.find(code); f != t.folded.end()) s.folded = f->second;
        h.authorities.push_back(std::move(s));
    }
    if (!h.ok()) h.authorities.clear();
    return h;
}

PublicHistory loadPublicHistory(const std::string& settingFile, const std::string& ageFile, const std::string& newFile) {
    PublicHistory h;
    std::vector<std::string> text;
    for (const std::string& file : {settingFile, ageFile, newFile}) {
        if (file.empty()) {
            text.emplace_back();
            continue;
        }
        auto content = readFile(file);
        if (!content) {
            h.diagnostics.push_back({file, 0, 0, "cannot read the file (is it there, and may this user read it?)"});
            text.emplace_back();
            continue;
        }
        h.inputs.push_back({file, sha256Hex(*content)});
        text.push_back(std::move(*content));
    }
    if (!h.ok()) return h;
    PublicHistory read = parsePublicHistory(text[0], settingFile, text[1], ageFile, text[2], newFile);
    read.inputs = std::move(h.inputs);
    return read;
}

PublicHistory loadShippedHistory(const std::string& dir) {
    return loadPublicHistory(dir + "/" + kSettingTable, dir + "/" + kAgeTable, dir + "/" + kNewPlansTable);
}

const AuthoritySeries* findAuthority(const PublicHistory& h, std::string_view query, std::string& why) {
    const std::string q = foldCase(query);
    for (const AuthoritySeries& a : h.authorities)
        if (foldCase(a.code) == q || a.oldCode == q || foldCase(a.name) == q) return &a;
    std::vector<std::string> near;
    for (const AuthoritySeries& a : h.authorities)
        if (!q.empty() && foldCase(a.name).find(q) != std::string::npos) near.push_back(a.name + " (" + a.code + ")");
    why = "unknown local authority \"" + std::string(query) + "\"";
    if (!near.empty()) {
        why += "; did you mean ";
        for (std::size_t i = 0; i < near.size() && i < 5; ++i) why += (i ? (i + 1 == std::min<std::size_t>(near.size(), 5) ? " or " : ", ") : "") + near[i];
        why += "?";
    } else {
        why += " (give its 9-character code such as E06000015, its 3-digit code such as 831, or its name such as Derby)";
    }
    return nullptr;
}

}  // namespace sendband::forecast
