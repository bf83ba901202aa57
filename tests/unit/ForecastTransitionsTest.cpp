// A council's own history from witan.send's transitions.csv (calculator/src/forecast/Transitions):
// every January's children by setting group and age band, the new plans before each, read
// strictly, with the two sides of each January checked against each other.
#include "forecast/Transitions.h"

#include <catch2/catch.hpp>

#include <string>

using namespace sendband;
using namespace sendband::forecast;

namespace {

const std::string kDir = std::string(SENDBAND_SOURCE_DIR) + "/tests/fixtures/transitions";

const SettingsMap& map() {
    static const SettingsMap m = loadSettingsMap(kDir + "/settings-map.csv");
    INFO(formatAll(m.diagnostics));
    REQUIRE(m.ok());
    return m;
}

const std::string kHead = "calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2\n";

std::string problems(const std::string& text) { return formatAll(parseTransitions(text, "t.csv", map(), "Test").diagnostics); }

}  // namespace

TEST_CASE("witan.send's transitions become a January history by setting group and age band, with the new plans before each") {
    const TransitionsHistory h = loadTransitions(kDir + "/small.csv", map(), "Exampleshire");
    INFO(formatAll(h.diagnostics));
    REQUIRE(h.ok());
    CHECK(h.rows == 5903);
    CHECK(h.series.name == "Exampleshire");
    REQUIRE(h.series.years.size() == 6);  // calendar years 2017-2021: January 2017 to January 2022
    CHECK(h.series.years.front().year == 2017);
    CHECK(h.series.years.back().year == 2022);
    // Counted with awk from the file: 900 children start 2017; 117 new plans join by January 2018;
    // 1,285 children end 2021; 250 start 2020 in MSSIB (special, state-funded); 49 of 2021's new
    // plans are aged 11 to 15.
    CHECK(h.series.years[0].total == 900);
    CHECK(h.series.years[0].joined == 0);  // before the file: not known
    CHECK(h.series.years[1].joined == 117);
    CHECK(h.series.years[5].total == 1285);
    CHECK(h.series.years[3].bySetting[static_cast<std::size_t>(SettingGroup::SpecialStateFunded)] == 250);
    CHECK(h.series.years[5].joinedByAge[static_cast<std::size_t>(AgeBand::Age11To15)] == 49);
    CHECK(h.needs == std::set<std::string>{"ASD", "MLD", "PD", "SEMH", "SLCN", "SLD"});
    for (const JanuaryCount& c : h.series.years) {
        double s = 0, a = 0;
        for (double v : c.bySetting) s += v;
        for (double v : c.byAge) a += v;
        CHECK(s == c.total);
        CHECK(a == c.total);
    }
    CHECK(h.input.sha256.rfind("11b30daaaf5818ae", 0) == 0);
}

TEST_CASE("a bad transitions file is refused with its file, line and column") {
    CHECK(problems(kHead + "2017,MMSIB,ASD,5,XYZ,ASD,6\n"
                           "2017,NONSEND,NONSEND,5,NONSEND,NONSEND,6\n"
                           "20x7,MMSIB,ASD,22,MMSIB,ASD,-5\n") ==
          "t.csv:2:5: error: setting-2: \"XYZ\" is not in the settings map (add it with its DfE setting group)\n"
          "t.csv:3:2: error: setting-1 and setting-2 are both NONSEND: a row is a child with a plan on at least one side\n"
          "t.csv:4:1: error: calendar-year: expected a year from 1990 to 2100, got \"20x7\"\n"
          "t.csv:4:4: error: academic-year-1: expected a national curriculum year from -4 to 21 (ages 0 to 25 on 31 August), got \"22\"\n"
          "t.csv:4:7: error: academic-year-2: expected a national curriculum year from -4 to 21 (ages 0 to 25 on 31 August), got \"-5\"\n");
    CHECK(problems(kHead + "2017,MMSIB,ASD,5,MMSIB,ASD,6\n2019,MMSIB,ASD,7,MMSIB,ASD,8\n") ==
          "t.csv: error: no transitions for calendar year 2018: the years must run without a gap from 2017 to 2019\n");
    // January 2018 is two children as 2017 ends but one as 2018 starts.
    CHECK(problems(kHead + "2017,MMSIB,ASD,5,MMSIB,ASD,6\n2017,MSSIB,ASD,5,MSSIB,ASD,6\n2018,MMSIB,ASD,6,MMSIB,ASD,7\n") ==
          "t.csv: error: January 2018 has 2 children as the end of 2017's transitions and 1 as the start of 2018's, by setting and age they must be the same children\n");
    CHECK(problems("year,setting\n") ==
          "t.csv:1:1: error: missing column 'calendar-year'\nt.csv:1:1: error: missing column 'setting-1'\nt.csv:1:1: error: missing column 'need-1'\n"
          "t.csv:1:1: error: missing column 'academic-year-1'\nt.csv:1:1: error: missing column 'setting-2'\nt.csv:1:1: error: missing column 'need-2'\n"
          "t.csv:1:1: error: missing column 'academic-year-2'\n");
    CHECK(problems(kHead) == "t.csv: error: no transitions: expected a row for each child with a plan in each year\n");
    CHECK(parseTransitions(kHead + "2017,MMSIB,ASD,5,XYZ,ASD,6\n", "t.csv", map(), "Test").series.years.empty());
}

TEST_CASE("a settings map gives each of the council's codes one DfE setting group") {
    const SettingsMap& m = map();
    CHECK(m.groups.size() == 8);
    CHECK(m.groups.at("ISS") == SettingGroup::SpecialIndependent);
    CHECK(formatAll(parseSettingsMap("setting,setting_group\nMMSIB,mainstream\nMMSIB,special_state_funded\nNONSEND,mainstream\nISS,independent\n", "m.csv").diagnostics) ==
          "m.csv:3:1: error: setting: MMSIB is given twice (first on line 2)\n"
          "m.csv:4:1: error: setting: expected the council's code for a setting, got \"NONSEND\" (NONSEND means no plan and needs no row)\n"
          "m.csv:5:2: error: setting_group: expected one of: mainstream, special_state_funded, special_independent, special_non_maintained, ap_pru, "
          "further_education, early_years_non_maintained, educated_elsewhere_neet_other_unknown; got \"independent\"\n");
    CHECK(formatAll(parseSettingsMap("setting,setting_group\n", "m.csv").diagnostics) == "m.csv: error: no settings: expected a row for each of the council's setting codes\n");
}
