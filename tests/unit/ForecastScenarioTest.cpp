// Forecast scenarios (calculator/src/forecast/Scenario): read strictly, and with the meaning the
// docs give them: a multiplier of 1 changes nothing, a capacity of zero sends everyone on,
// children are conserved under every kind of change, and the draws a scenario does not change
// are the baseline's own.
#include "forecast/Cohort.h"
#include "forecast/Scenario.h"

#include <catch2/catch.hpp>

#include <string>

using namespace sendband;
using namespace sendband::forecast;

namespace {

const std::string kData = std::string(SENDBAND_SOURCE_DIR) + "/data/dfe";

CohortInputs derby(const ModelSettings& s) {
    static const PublicHistory h = loadShippedHistory(kData);
    static const AgeShape shape = loadAgeShape(kData + "/ehcp_need_by_age_jan2025.csv");
    std::string why;
    const AuthoritySeries* a = findAuthority(h, "Derby", why);
    REQUIRE(a != nullptr);
    CohortInputs in = estimate(*a, h.england, shape, s, why);
    REQUIRE(why.empty());
    return in;
}

Scenario parsed(const std::string& yaml) {
    Scenario s = parseScenario(yaml, "s.yaml");
    INFO(formatAll(s.diagnostics));
    REQUIRE(s.ok());
    return s;
}

std::string problems(const std::string& yaml) { return formatAll(parseScenario(yaml, "s.yaml").diagnostics); }

const std::string kHead = "sendband_scenario: 1\nname: test\n";

ModelSettings small() {
    ModelSettings s;
    s.simulations = 200;
    s.years = 6;
    return s;
}

void checkConserved(const CohortInputs& in, const Simulations& sims) {
    std::int64_t start = 0;
    for (const auto& row : in.start)
        for (std::int64_t v : row) start += v;
    for (int i = 0; i < sims.simulations; ++i) {
        std::int64_t previous = start;
        for (int y = 0; y < sims.years; ++y) {
            std::int64_t settings = 0, ages = 0;
            for (std::size_t g = 0; g < kSettingGroups; ++g) settings += sims.at(i, y, kFirstSetting + g);
            for (std::size_t b = 0; b < kAgeBands; ++b) ages += sims.at(i, y, kFirstAge + b);
            const std::int64_t total = sims.at(i, y, kTotal);
            const bool ok = sims.at(i, y, kStayed) + sims.at(i, y, kMoved) + sims.at(i, y, kLeft) == previous &&
                            sims.at(i, y, kStayed) + sims.at(i, y, kMoved) + sims.at(i, y, kJoined) + sims.at(i, y, kMovedIn) == total &&
                            settings == total && ages == total && sims.at(i, y, kStayed) >= 0 && sims.at(i, y, kMoved) >= 0;
            if (!ok) {
                INFO("simulation " << i << " year " << y);
                CHECK(ok);
                return;
            }
            previous = total;
        }
    }
}

}  // namespace

TEST_CASE("the shipped example scenario reads, and each kind of change is as written") {
    const Scenario s = loadScenario(std::string(SENDBAND_SOURCE_DIR) + "/data/scenarios/example.yaml");
    INFO(formatAll(s.diagnostics));
    REQUIRE(s.ok());
    CHECK(s.name == "Earlier support and a new special free school");
    REQUIRE(s.joiners.size() == 1);
    CHECK(s.joiners[0].from == 2024);
    CHECK(s.joiners[0].multiplier == 0.9);
    CHECK(s.joiners[0].bands == std::array<bool, kAgeBands>{false, true, false, false, false});
    REQUIRE(s.shifts.size() == 1);
    CHECK(s.shifts[0].setting == SettingGroup::SpecialIndependent);
    CHECK(s.shifts[0].to == SettingGroup::SpecialStateFunded);
    CHECK(s.shifts[0].ages == std::vector<int>{5, 11, 16});
    REQUIRE(s.capacity.size() == 1);
    const Scenario::Capacity& c = s.capacity[0];
    CHECK(c.placesIn(2022) == -1);  // before the first January given: no limit
    CHECK(c.placesIn(2023) == 950);
    CHECK(c.placesIn(2024) == 950);  // a January not given keeps the one before
    CHECK(c.placesIn(2025) == 1070);
    CHECK(c.placesIn(2030) == 1070);
    CHECK(c.overflow == std::vector<SettingGroup>{SettingGroup::SpecialIndependent, SettingGroup::SpecialNonMaintained});
    CHECK(s.input.sha256.size() == 64);
}

TEST_CASE("a scenario of multipliers of 1, a share of 0 and places to spare changes nothing") {
    const ModelSettings s = small();
    const CohortInputs in = derby(s);
    const Simulations base = simulate(in, s);
    const Scenario none = parsed(kHead +
                                 "joiners: [{from: 2023, multiplier: 1}]\n"
                                 "leavers: [{from: 2023, multiplier: 1}]\n"
                                 "shifts: [{from: 2023, setting: mainstream, to: special_state_funded, share: 0}]\n"
                                 "capacity: [{setting: special_state_funded, places: 1000000, overflow: [special_independent]}]\n");
    CHECK(simulate(in, s, &none).cells == base.cells);
    // A change from a January after the horizon changes nothing either.
    const Scenario late = parsed(kHead + "joiners: [{from: 2040, multiplier: 3}]\n");
    CHECK(simulate(in, s, &late).cells == base.cells);
}

TEST_CASE("a capacity of zero sends every child on to the next setting, and the total is unchanged in its first year") {
    const ModelSettings s = small();
    const CohortInputs in = derby(s);
    const Simulations base = simulate(in, s);
    const Scenario closed = parsed(kHead + "capacity: [{setting: special_state_funded, places: 0, overflow: [special_independent]}]\n");
    const Simulations sc = simulate(in, s, &closed);
    checkConserved(in, sc);
    const std::size_t special = kFirstSetting + static_cast<std::size_t>(SettingGroup::SpecialStateFunded);
    const std::size_t independent = kFirstSetting + static_cast<std::size_t>(SettingGroup::SpecialIndependent);
    for (int i = 0; i < s.simulations; ++i) {
        for (int y = 0; y < s.years; ++y) REQUIRE(sc.at(i, y, special) == 0);
        // The first year's draws are the baseline's: the children are the same, only placed elsewhere.
        CHECK(sc.at(i, 0, kTotal) == base.at(i, 0, kTotal));
        CHECK(sc.at(i, 0, independent) == base.at(i, 0, independent) + base.at(i, 0, special));
    }
}

TEST_CASE("the children over a capacity go down its list to the first setting with room, and the last takes the rest") {
    const ModelSettings s = small();
    const CohortInputs in = derby(s);
    const Simulations base = simulate(in, s);
    // Independent special schools limited to 10 places: the overflow from state special schools
    // fills them to 10 and the rest go to non-maintained special schools.
    const Scenario chain = parsed(kHead +
                                  "capacity:\n"
                                  "  - {setting: special_state_funded, places: 500, overflow: [special_independent, special_non_maintained]}\n"
                                  "  - {setting: special_independent, places: 10, overflow: [special_non_maintained]}\n");
    const Simulations sc = simulate(in, s, &chain);
    checkConserved(in, sc);
    const std::size_t special = kFirstSetting + static_cast<std::size_t>(SettingGroup::SpecialStateFunded);
    const std::size_t independent = kFirstSetting + static_cast<std::size_t>(SettingGroup::SpecialIndependent);
    const std::size_t nonMaintained = kFirstSetting + static_cast<std::size_t>(SettingGroup::SpecialNonMaintained);
    for (int i = 0; i < s.simulations; ++i) {
        CHECK(sc.at(i, 0, special) == 500);
        CHECK(sc.at(i, 0, independent) == 10);
        CHECK(sc.at(i, 0, nonMaintained) ==
              base.at(i, 0, nonMaintained) + base.at(i, 0, special) - 500 + base.at(i, 0, independent) - 10);
    }
}

TEST_CASE("a joiner multiplier scales new plans from its January, and only in its age bands") {
    const ModelSettings s = small();
    const CohortInputs in = derby(s);
    const Simulations base = simulate(in, s);
    const Scenario none = parsed(kHead + "joiners: [{from: 2025, multiplier: 0}]\n");
    const Simulations sc = simulate(in, s, &none);
    checkConserved(in, sc);
    for (int i = 0; i < s.simulations; ++i) {
        CHECK(sc.at(i, 0, kJoined) == base.at(i, 0, kJoined));  // 2023
        CHECK(sc.at(i, 1, kJoined) == base.at(i, 1, kJoined));  // 2024
        for (int y = 2; y < s.years; ++y) CHECK(sc.at(i, y, kJoined) == 0);
    }
    // Doubled for under-5s only: the joiners' mean grows by about the under-5s' share, not double.
    const Scenario under5 = parsed(kHead + "joiners: [{from: 2023, multiplier: 2, age_bands: [under 5]}]\n");
    const Simulations u = simulate(in, s, &under5);
    const double before = summarise(base, 0, kJoined).mean, after = summarise(u, 0, kJoined).mean;
    CHECK(after > before * 1.05);
    CHECK(after < before * 1.6);
}

TEST_CASE("a leaver multiplier scales leaving, and a shift moves children at the ages it names; both conserve children") {
    const ModelSettings s = small();
    const CohortInputs in = derby(s);
    const Simulations base = simulate(in, s);
    const Scenario more = parsed(kHead + "leavers: [{from: 2023, multiplier: 1.5}]\n");
    const Simulations m = simulate(in, s, &more);
    checkConserved(in, m);
    CHECK(summarise(m, 0, kLeft).mean > summarise(base, 0, kLeft).mean * 1.2);
    const Scenario shift = parsed(kHead + "shifts: [{from: 2023, setting: mainstream, to: special_state_funded, share: 1, ages: [11]}]\n");
    const Simulations sh = simulate(in, s, &shift);
    checkConserved(in, sh);
    const std::size_t main = kFirstSetting + static_cast<std::size_t>(SettingGroup::Mainstream);
    for (int i = 0; i < s.simulations; ++i) {
        CHECK(sh.at(i, 0, kTotal) == base.at(i, 0, kTotal));
        CHECK(sh.at(i, 0, main) < base.at(i, 0, main));
    }
    // The whole example, every kind at once, at 1 and 7 threads.
    const Scenario example = loadScenario(std::string(SENDBAND_SOURCE_DIR) + "/data/scenarios/example.yaml");
    ModelSettings one = s, seven = s;
    one.threads = 1;
    seven.threads = 7;
    const Simulations e1 = simulate(in, one, &example);
    checkConserved(in, e1);
    CHECK(simulate(in, seven, &example).cells == e1.cells);
}

TEST_CASE("a bad scenario is refused with its file, line and column, and nothing of it is kept") {
    CHECK(problems(kHead + "capacity: [{setting: special_school, places: 10, overflow: [special_independent]}]\n") ==
          "s.yaml:3:22: error: capacity[0].setting: expected one of: mainstream, special_state_funded, special_independent, special_non_maintained, "
          "ap_pru, further_education, early_years_non_maintained, educated_elsewhere_neet_other_unknown; got \"special_school\"\n");
    CHECK(problems(kHead + "joiners:\n  - from: 2024\n    multiplier: -1\n    age_band: [under 5]\n") ==
          "s.yaml:6:5: error: joiners[0].age_band: unknown key 'age_band' (expected one of: from, multiplier, age_bands)\n"
          "s.yaml:5:17: error: joiners[0].multiplier: expected a multiplier from 0 to 10 (1 changes nothing), got \"-1\"\n");
    CHECK(problems(kHead + "leavers: [{multiplier: 2}]\n") == "s.yaml:3:11: error: leavers[0]: missing required key 'from'\n");
    CHECK(problems(kHead + "shifts: [{from: 2024, setting: mainstream, to: further_education, share: 0.1, ages: [11]}]\n") ==
          "s.yaml:3:48: error: shifts[0].to: 'further_education' does not serve children aged 11 (it serves ages 16 to 25)\n");
    CHECK(problems(kHead + "shifts: [{from: 2009, setting: mainstream, to: mainstream, share: 1.5}]\n") ==
          "s.yaml:3:17: error: shifts[0].from: expected a January from 2011 to 2100, got \"2009\"\n"
          "s.yaml:3:67: error: shifts[0].share: expected a share from 0 to 1 (0.05 is 5%), got \"1.5\"\n"
          "s.yaml:3:48: error: shifts[0].to: a shift must go to a different setting from its own ('mainstream')\n");
    CHECK(problems(kHead + "capacity:\n  - {setting: ap_pru, places: {2024: 5, 2024: 6}, overflow: []}\n  - {setting: ap_pru, places: -1, overflow: [ap_pru]}\n") ==
          "s.yaml:4:41: error: capacity[0].places: January 2024 is given twice\n"
          "s.yaml:4:61: error: capacity[0].overflow: expected at least one setting for the children over the places\n"
          "s.yaml:5:31: error: capacity[1].places: expected a number of places, 0 or more, got \"-1\"\n"
          "s.yaml:5:46: error: capacity[1].overflow[0]: the overflow cannot be the setting itself ('ap_pru')\n");
    CHECK(problems("sendband_scenario: 2\nname: x\nbudget: 5\n") ==
          "s.yaml:3:1: error: budget: unknown key 'budget' (expected one of: sendband_scenario, name, description, joiners, leavers, shifts, capacity, uplift)\n"
          "s.yaml:1:20: error: sendband_scenario: this program reads scenario format 1, not 2\n");
    CHECK(problems(kHead + "uplift: 60\n") == "s.yaml:3:9: error: uplift: expected a percentage a year from -50 to 50 (2.5 for 2.5%), got \"60\"\n");
    CHECK(problems(kHead + "uplift: 3%\n") == "s.yaml:3:9: error: uplift: expected a number, got \"3%\"\n");
    CHECK(parsed(kHead + "uplift: 3.5\n").upliftPercent == Num::ratio(7, 2));
    CHECK_FALSE(parsed(kHead).upliftPercent.has_value());
    CHECK(problems("name: [x\n") == "s.yaml:2:1: error: YAML syntax: end of sequence flow not found\n");
    const Scenario bad = parseScenario(kHead + "joiners: [{from: 2024, multiplier: 2}]\nleavers: [{from: x, multiplier: 1}]\n", "s.yaml");
    CHECK_FALSE(bad.ok());
    CHECK(bad.joiners.empty());  // nothing half-read
    CHECK(bad.name.empty());
    CHECK(formatAll(loadScenario("/nonexistent/s.yaml").diagnostics) == "/nonexistent/s.yaml: error: cannot read the file (is it there, and may this user read it?)\n");
}
