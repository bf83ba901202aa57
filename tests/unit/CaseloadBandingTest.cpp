// The streamed, multi-threaded caseload banding behind `sendband band --caseload`: the result and
// every error (with its absolute line number) must not depend on how the file is split.
#include "caseload/CaseloadBanding.h"
#include "TestSupport.h"

#include <fstream>
#include <sstream>

using namespace sendband;
using sendband::test::day;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream s(text);
    for (std::string l; std::getline(s, l);) out.push_back(l);
    return out;
}

std::string joinLines(const std::vector<std::string>& ls) {
    std::string out;
    for (const auto& l : ls) out += l + "\n";
    return out;
}

std::string joined(const CaseloadBandingRun& run) {
    std::string out;
    for (const auto& part : run.csv) out += part;
    return out;
}

std::vector<std::string> formatted(const std::vector<CaseloadError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.format("c.csv"));
    return out;
}

struct Fixture {
    RuleSetPtr rules;
    std::string sample;
    Fixture() {
        auto load = RuleSetLoader::loadFile(SENDBAND_SOURCE_DIR "/rules/example.yaml");
        REQUIRE(load.ok());
        rules = load.ruleSet;
        sample = readFile(SENDBAND_SOURCE_DIR "/data/sample-caseload.csv");
    }
};

}  // namespace

TEST_CASE("caseload banding: the result is the same on 1, 2, 3 and 7 threads") {
    Fixture fx;
    Banding banding(fx.rules);
    const auto one = bandCaseloadCsv(fx.sample, banding, day("2026-01-15"), day("2025-04-01"), day("2026-03-31"), 1);
    REQUIRE(one.ok());
    CHECK(one.plans == 3000);
    const auto out = lines(joined(one));
    REQUIRE(out.size() == 3001);
    CHECK(out[0] == "reference,band,needs_approval,annual_top_up,annual_place,period_from,period_to,amount");
    for (unsigned threads : {2u, 3u, 7u}) {
        INFO("threads " << threads);
        const auto run = bandCaseloadCsv(fx.sample, banding, day("2026-01-15"), day("2025-04-01"), day("2026-03-31"), threads);
        REQUIRE(run.ok());
        CHECK(run.plans == 3000);
        CHECK(joined(run) == joined(one));
    }
}

TEST_CASE("caseload banding: bad rows and a repeated reference far apart are found on any split, with their own line numbers") {
    Fixture fx;
    Banding banding(fx.rules);
    auto ls = lines(fx.sample);
    REQUIRE(ls.size() == 3001);
    // Line 2000 of the file (ls[1999]): cognition level 9, which the example framework does not have.
    auto& row = ls[1999];
    const auto cognitionAt = row.rfind(',', row.rfind(',', row.rfind(',') - 1) - 1);  // ...,communication,cognition,semh,sensory
    row[cognitionAt + 1] = '9';
    // A copy of line 2 (EXA-000001) as line 3002, and another copy of it as line 3003.
    ls.push_back(ls[1]);
    ls.push_back(ls[1]);
    const std::string text = joinLines(ls);
    const std::vector<std::string> expected{
        "c.csv:2000: column level.cognition: level \"9\" is out of range for Cognition and learning (expected one of: 0, 1, 2, 3, 4)",
        "c.csv:3002: column reference: \"EXA-000001\" already appears on line 2",
        "c.csv:3003: column reference: \"EXA-000001\" already appears on line 2",
    };
    for (unsigned threads : {1u, 2u, 3u, 7u}) {
        INFO("threads " << threads);
        const auto run = bandCaseloadCsv(text, banding, day("2026-01-15"), day("2025-04-01"), day("2026-03-31"), threads);
        CHECK(formatted(run.errors) == expected);
        CHECK(run.csv.empty());
        CHECK(formatted(checkCaseloadCsv(text, banding, day("2026-01-15"), threads)) == expected);
    }
}

TEST_CASE("caseload banding: a quoted field that spans a split point is read whole") {
    Fixture fx;
    Banding banding(fx.rules);
    auto ls = lines(fx.sample);
    // Give every plan a quoted name holding a line break, so any split lands inside one.
    for (std::size_t i = 1; i < ls.size(); ++i) {
        const auto a = ls[i].find(',', ls[i].find(',') + 1);
        const auto b = ls[i].find(',', a + 1);
        ls[i] = ls[i].substr(0, a + 1) + "\"Child\nwith a line break\"" + ls[i].substr(b);
    }
    const std::string text = joinLines(ls);
    const auto one = bandCaseloadCsv(text, banding, day("2026-01-15"), day("2025-04-01"), day("2026-03-31"), 1);
    REQUIRE(one.ok());
    CHECK(one.plans == 3000);
    const auto two = bandCaseloadCsv(text, banding, day("2026-01-15"), day("2025-04-01"), day("2026-03-31"), 2);
    REQUIRE(two.ok());
    CHECK(joined(two) == joined(one));
    // Line numbers count the line breaks inside quoted fields: a bad last row is on line 6000.
    ls.back()[ls.back().size() - 3] = '7';  // semh level 7
    const auto bad = checkCaseloadCsv(joinLines(ls), banding, day("2026-01-15"), 2);
    CHECK(formatted(bad) == std::vector<std::string>{
        "c.csv:6000: column level.semh: level \"7\" is out of range for Social, emotional and mental health (expected one of: 0, 1, 2, 3, 4)"});
}
