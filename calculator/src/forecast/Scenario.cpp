#include "forecast/Scenario.h"

#include "core/FileIo.h"
#include "core/Sha256.h"
#include "forecast/Cohort.h"
#include "rules/YamlReader.h"

#include <algorithm>
#include <optional>

namespace sendband::forecast {

namespace {

constexpr int kFirstJanuary = 2011, kLastJanuary = 2100;

// "it serves ages 16 to 25", from the model's own table.
std::string servedAges(SettingGroup g) {
    int first = -1, last = -1;
    for (int a = 0; a <= kMaxAge; ++a)
        if (servesAge(g, a)) {
            if (first < 0) first = a;
            last = a;
        }
    return "it serves ages " + std::to_string(first) + " to " + std::to_string(last);
}

double toDouble(const Num& n) { return static_cast<double>(n.num()) / static_cast<double>(n.den()); }

class Reader {
public:
    Reader(const std::string& name, Scenario& out) : sc_(out), r_(name, out.diagnostics) {}

    void read(const std::string& text) {
        const auto doc = r_.parse(text);
        if (!doc) return;
        const YAML::Node& root = *doc;
        if (!r_.checkMap(root, "", {"sendband_scenario", "name", "description", "joiners", "leavers", "shifts", "capacity", "uplift"},
                         {"sendband_scenario", "name"}))
            return;
        if (YamlReader::has(root, "sendband_scenario")) {
            const auto v = r_.integer(root["sendband_scenario"], "sendband_scenario");
            if (v && *v != kScenarioFormat)
                r_.error(root["sendband_scenario"], "sendband_scenario",
                         "this program reads scenario format " + std::to_string(kScenarioFormat) + ", not " + std::to_string(*v));
        }
        if (YamlReader::has(root, "name")) sc_.name = r_.text(root["name"], "name").value_or("");
        if (YamlReader::has(root, "description")) sc_.description = r_.text(root["description"], "description").value_or("");
        if (YamlReader::has(root, "uplift")) {
            const auto u = r_.number(root["uplift"], "uplift");
            if (u && (*u < Num(-50) || *u > Num(50)))
                r_.error(root["uplift"], "uplift", "expected a percentage a year from -50 to 50 (2.5 for 2.5%), got " + describeNode(root["uplift"]));
            else if (u)
                sc_.upliftPercent = *u;
        }
        rateChanges(root, "joiners", sc_.joiners);
        rateChanges(root, "leavers", sc_.leavers);
        shifts(root);
        capacity(root);
    }

private:
    std::optional<int> january(const YAML::Node& n, const std::string& path) {
        const auto v = r_.integer(n, path);
        if (!v) return std::nullopt;
        if (*v < kFirstJanuary || *v > kLastJanuary) {
            r_.error(n, path, "expected a January from " + std::to_string(kFirstJanuary) + " to " + std::to_string(kLastJanuary) + ", got " + describeNode(n));
            return std::nullopt;
        }
        return v;
    }

    std::optional<double> bounded(const YAML::Node& n, const std::string& path, double lo, double hi, const std::string& what) {
        const auto v = r_.number(n, path);
        if (!v) return std::nullopt;
        const double d = toDouble(*v);
        if (d < lo || d > hi) {
            r_.error(n, path, "expected " + what + ", got " + describeNode(n));
            return std::nullopt;
        }
        return d;
    }

    std::optional<SettingGroup> setting(const YAML::Node& n, const std::string& path) {
        const auto id = r_.choice(n, path, {"mainstream", "special_state_funded", "special_independent", "special_non_maintained", "ap_pru",
                                            "further_education", "early_years_non_maintained", "educated_elsewhere_neet_other_unknown"});
        if (!id) return std::nullopt;
        SettingGroup g{};
        settingGroupFromId(*id, g);
        return g;
    }

    // Every required key is there (checkMap has named any that is not; yaml-cpp throws on
    // reading a missing one).
    static bool present(const YAML::Node& n, std::initializer_list<const char*> keys) {
        return std::all_of(keys.begin(), keys.end(), [&](const char* k) { return n[k].IsDefined(); });
    }

    template <typename Each>
    void list(const YAML::Node& root, const char* key, Each each) {
        if (!YamlReader::has(root, key) || !r_.isSeq(root[key], key)) return;
        for (std::size_t i = 0; i < root[key].size(); ++i) each(root[key][i], std::string(key) + "[" + std::to_string(i) + "]");
    }

    void rateChanges(const YAML::Node& root, const char* key, std::vector<Scenario::RateChange>& out) {
        list(root, key, [&](const YAML::Node& n, const std::string& p) {
            if (!r_.checkMap(n, p, {"from", "multiplier", "age_bands"}, {"from", "multiplier"}) || !present(n, {"from", "multiplier"})) return;
            Scenario::RateChange c;
            c.line = n.Mark().line + 1;
            const auto from = january(n["from"], p + ".from");
            const auto m = bounded(n["multiplier"], p + ".multiplier", 0, 10, "a multiplier from 0 to 10 (1 changes nothing)");
            c.bands.fill(true);
            bool bandsOk = true;
            if (YamlReader::has(n, "age_bands")) {
                c.bands.fill(false);
                if (!r_.isSeq(n["age_bands"], p + ".age_bands")) bandsOk = false;
                else
                    for (std::size_t i = 0; i < n["age_bands"].size(); ++i) {
                        const auto b = r_.choice(n["age_bands"][i], p + ".age_bands[" + std::to_string(i) + "]",
                                                 {"under 5", "5 to 10", "11 to 15", "16 to 19", "20 to 25"});
                        if (!b) bandsOk = false;
                        else
                            for (std::size_t k = 0; k < kAgeBands; ++k)
                                if (*b == ageBandName(static_cast<AgeBand>(k))) c.bands[k] = true;
                    }
            }
            if (!from || !m || !bandsOk) return;
            c.from = *from;
            c.multiplier = *m;
            out.push_back(c);
        });
    }

    void shifts(const YAML::Node& root) {
        list(root, "shifts", [&](const YAML::Node& n, const std::string& p) {
            if (!r_.checkMap(n, p, {"from", "setting", "to", "share", "ages"}, {"from", "setting", "to", "share"}) ||
                !present(n, {"from", "setting", "to", "share"}))
                return;
            Scenario::Shift s;
            s.line = n.Mark().line + 1;
            const auto from = january(n["from"], p + ".from");
            const auto g = setting(n["setting"], p + ".setting");
            const auto t = setting(n["to"], p + ".to");
            const auto share = bounded(n["share"], p + ".share", 0, 1, "a share from 0 to 1 (0.05 is 5%)");
            bool agesOk = true;
            if (YamlReader::has(n, "ages")) {
                if (!r_.isSeq(n["ages"], p + ".ages")) agesOk = false;
                else
                    for (std::size_t i = 0; i < n["ages"].size(); ++i) {
                        const std::string ap = p + ".ages[" + std::to_string(i) + "]";
                        const auto a = r_.integer(n["ages"][i], ap);
                        if (a && (*a < 1 || *a > 25)) {
                            r_.error(n["ages"][i], ap, "expected an age from 1 to 25 (on 31 August), got " + describeNode(n["ages"][i]));
                            agesOk = false;
                        } else if (!a) {
                            agesOk = false;
                        } else {
                            s.ages.push_back(*a);
                        }
                    }
            } else if (t) {
                // Starting school, secondary, post-16 and post-19: those the setting serves.
                for (int a : {5, 11, 16, 20})
                    if (servesAge(*t, a)) s.ages.push_back(a);
            }
            if (g && t && *g == *t) {
                r_.error(n["to"], p + ".to", "a shift must go to a different setting from its own ('" + std::string(settingGroupId(*g)) + "')");
                return;
            }
            if (t && agesOk)
                for (int a : s.ages)
                    if (!servesAge(*t, a)) {
                        r_.error(n["to"], p + ".to", "'" + std::string(settingGroupId(*t)) + "' does not serve children aged " + std::to_string(a) +
                                                         " (" + servedAges(*t) + ")");
                        agesOk = false;
                        break;
                    }
            if (!from || !g || !t || !share || !agesOk) return;
            s.from = *from;
            s.setting = *g;
            s.to = *t;
            s.share = *share;
            sc_.shifts.push_back(s);
        });
    }

    void capacity(const YAML::Node& root) {
        list(root, "capacity", [&](const YAML::Node& n, const std::string& p) {
            if (!r_.checkMap(n, p, {"setting", "places", "overflow"}, {"setting", "places", "overflow"}) || !present(n, {"setting", "places", "overflow"}))
                return;
            Scenario::Capacity c;
            c.line = n.Mark().line + 1;
            const auto g = setting(n["setting"], p + ".setting");
            bool ok = g.has_value();
            const YAML::Node places = n["places"];
            auto count = [&](const YAML::Node& v, const std::string& vp) -> std::optional<std::int64_t> {
                const auto k = r_.integer(v, vp);
                if (k && *k < 0) {
                    r_.error(v, vp, "expected a number of places, 0 or more, got " + describeNode(v));
                    return std::nullopt;
                }
                return k;
            };
            if (places.IsMap()) {
                for (auto it = places.begin(); it != places.end(); ++it) {
                    const auto year = january(it->first, p + ".places");
                    const auto k = count(it->second, p + ".places." + (it->first.IsScalar() ? it->first.Scalar() : std::string("?")));
                    if (!year || !k) ok = false;
                    else if (!c.places.emplace(*year, *k).second) {
                        r_.error(it->first, p + ".places", "January " + std::to_string(*year) + " is given twice");
                        ok = false;
                    }
                }
                if (places.size() == 0) {
                    r_.error(places, p + ".places", "expected places for at least one January");
                    ok = false;
                }
            } else {
                const auto k = count(places, p + ".places");
                if (!k) {
                    if (!places.IsScalar()) r_.error(places, p + ".places", "expected a number of places, or a map of January: places");
                    ok = false;
                } else {
                    c.everyYear = true;
                    c.allYears = *k;
                }
            }
            if (r_.isSeq(n["overflow"], p + ".overflow")) {
                if (n["overflow"].size() == 0) {
                    r_.error(n["overflow"], p + ".overflow", "expected at least one setting for the children over the places");
                    ok = false;
                }
                for (std::size_t i = 0; i < n["overflow"].size(); ++i) {
                    const std::string op = p + ".overflow[" + std::to_string(i) + "]";
                    const auto t = setting(n["overflow"][i], op);
                    if (!t) ok = false;
                    else if (g && *t == *g) {
                        r_.error(n["overflow"][i], op, "the overflow cannot be the setting itself ('" + std::string(settingGroupId(*g)) + "')");
                        ok = false;
                    } else {
                        c.overflow.push_back(*t);
                    }
                }
            } else {
                ok = false;
            }
            if (g)
                for (const Scenario::Capacity& other : sc_.capacity)
                    if (other.setting == *g) {
                        r_.error(n["setting"], p + ".setting", "'" + std::string(settingGroupId(*g)) + "' has places already (line " + std::to_string(other.line) + ")");
                        ok = false;
                    }
            if (!ok) return;
            c.setting = *g;
            sc_.capacity.push_back(c);
        });
    }

    Scenario& sc_;
    YamlReader r_;
};

}  // namespace

bool settingGroupFromId(std::string_view id, SettingGroup& out) {
    for (std::size_t g = 0; g < kSettingGroups; ++g)
        if (id == settingGroupId(static_cast<SettingGroup>(g))) {
            out = static_cast<SettingGroup>(g);
            return true;
        }
    return false;
}

std::int64_t Scenario::Capacity::placesIn(int year) const {
    if (everyYear) return allYears;
    auto it = places.upper_bound(year);
    if (it == places.begin()) return -1;  // before the first January given
    return std::prev(it)->second;
}

Scenario parseScenario(std::string_view text, const std::string& name) {
    Scenario s;
    Reader(name, s).read(std::string(text));
    if (!s.ok()) {
        // Nothing half-read: a scenario with a problem changes nothing, and is not run.
        Scenario failed;
        failed.diagnostics = std::move(s.diagnostics);
        return failed;
    }
    return s;
}

Scenario loadScenario(const std::string& file) {
    const auto text = readFile(file);
    if (!text) {
        Scenario s;
        s.diagnostics.push_back({file, 0, 0, "cannot read the file (is it there, and may this user read it?)"});
        return s;
    }
    Scenario s = parseScenario(*text, file);
    s.input = {file, sha256Hex(*text)};
    return s;
}

}  // namespace sendband::forecast
