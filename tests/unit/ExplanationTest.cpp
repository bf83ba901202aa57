// Explanation: the plain-English reasons for a decision, in the order the engine used the rules.
#include "banding/Explanation.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>

using namespace sendband;
using sendband::test::day;
using sendband::test::loadOk;
using sendband::test::makeProfile;
using Lines = std::vector<std::string>;

namespace {

RuleSetPtr example() {
    auto load = RuleSetLoader::loadFile(std::string(SENDBAND_SOURCE_DIR) + "/rules/example.yaml");
    INFO(formatAll(load.diagnostics));
    REQUIRE(load.ok());
    return load.ruleSet;
}

Lines reasons(const RuleSetPtr& rs, const Profile& p, const char* asOf) {
    Decision d;
    const bool ok = Banding(rs).decide(p, day(asOf), d);
    INFO(d.error);
    REQUIRE(ok);
    Lines out;
    for (const Reason& r : explain(*rs, p, d)) out.push_back(r.text);
    return out;
}

Lines formulas(const RuleSetPtr& rs, const Profile& p, const char* asOf) {
    Decision d;
    const bool ok = Banding(rs).decide(p, day(asOf), d);
    INFO(d.error);
    REQUIRE(ok);
    Lines out;
    for (const Reason& r : explain(*rs, p, d)) out.push_back(r.formula);
    return out;
}

}  // namespace

TEST_CASE("the example rule set explains a special-school child's band step by step") {
    auto rs = example();
    // EX-0002 in data/profiles/ben-special.yaml.
    const Profile p = makeProfile(*rs, {{"reference", "EX-0002"}, {"date_of_birth", "2012-10-03"}, {"primary_need", "SLD"},
                                        {"setting", "special"}, {"school", "100002"}, {"level.communication", "3"},
                                        {"level.cognition", "4"}, {"level.semh", "2"}, {"level.sensory_physical", "4"}});
    CHECK(reasons(rs, p, "2025-09-01") == Lines{
        "Communication and interaction: level 3 (Significant), which scores 14. Descriptor: \"Significant difficulties that limit access to the curriculum without daily individual support and a visual or augmented communication system.\"",
        "Cognition and learning: level 4 (Severe and complex), which scores 20. Descriptor: \"Profound and multiple learning difficulty; learning is at the earliest developmental stages and needs constant adult support.\"",
        "Social, emotional and mental health: level 2 (Moderate), which scores 7. Descriptor: \"Frequent difficulties (anxiety, withdrawal or dysregulation) needing a targeted plan and a key adult.\"",
        "Sensory and/or physical: level 4 (Severe and complex), which scores 16. Descriptor: \"Needs two adults for personal care or moving and handling, or intensive sensory support throughout the day.\"",
        "Sensory and physical points (capped at 12) is 12: the smaller of (the total score of the domains whose area is Sensory and/or physical) and 12.",
        "Total points is 53: (the total score of the domains whose area is not Sensory and/or physical) plus Sensory and physical points (capped at 12).",
        "The banding score, Total points, is 53, which is in band B5's range 50 to 59: band B5 (Band 5).",
        "Tariff period fy2025-26 (2025-04-01 to 2026-03-31): band B5 in Special school is 18,500.00 a year.",
        "Top-up (element 3) is 18,500.00 a year: the annual tariff.",
        "Place funding is 10,000.00 a year: the place funding for Special school."});
    // The formula behind each step that works something out, as the rule set writes it.
    CHECK(formulas(rs, p, "2025-09-01") == Lines{"", "", "", "",
                                                 "sensory_capped = min(sum(score where area == \"sensory_physical\"), 12)",
                                                 "total_points = sum(score where area != \"sensory_physical\") + sensory_capped",
                                                 "score = total_points", "", "top_up = annual_tariff", "place = place_funding"});
}

TEST_CASE("an uplifted tariff period says what it was derived from, and an inexact amount shows its exact value") {
    auto rs = example();
    const Profile p = makeProfile(*rs, {{"primary_need", "HI"}, {"setting", "resourced"}, {"level.communication", "2"},
                                        {"level.cognition", "1"}, {"level.semh", "0"}, {"level.sensory_physical", "4"}});
    const Lines r = reasons(rs, p, "2026-09-01");
    REQUIRE(r.size() == 10);
    CHECK(r[6] == "The banding score, Total points, is 24, which is in band B2's range 20 to 29: band B2 (Band 2).");
    CHECK(r[7] == "Tariff period fy2026-27 (2026-04-01 to 2027-03-31), set as fy2025-26 plus 2.5%: band B2 in Resourced provision or SEN unit is 5,125.00 a year.");
    CHECK(r[8] == "Top-up (element 3) is 5,125.00 a year: the annual tariff.");
}

TEST_CASE("a band with no top-up and an individually costed band each explain their money") {
    auto rs = example();
    const Profile low = makeProfile(*rs, {{"primary_need", "SPLD"}, {"setting", "mainstream"}, {"level.communication", "1"},
                                          {"level.cognition", "1"}, {"level.semh", "0"}, {"level.sensory_physical", "0"}});
    const Lines r = reasons(rs, low, "2025-09-01");
    CHECK(Lines(r.begin() + 6, r.end()) == Lines{
        "The banding score, Total points, is 8, which is in band B0's range 0 to 9: band B0 (Universal and SEN support).",
        "Band B0 carries no top-up: its support is met from the setting's own budget (a mainstream school's notional SEN budget, element 2).",
        "Top-up (element 3) is 0.00 a year: the annual tariff.",
        "Place funding is 0.00 a year: the place funding for Mainstream school."});

    const Profile high = makeProfile(*rs, {{"primary_need", "PMLD"}, {"setting", "special"}, {"level.communication", "4"},
                                           {"level.cognition", "4"}, {"level.semh", "4"}, {"level.sensory_physical", "4"},
                                           {"entered_amount", "31250.5"}});
    const Lines h = reasons(rs, high, "2025-09-01");
    CHECK(Lines(h.begin() + 6, h.end()) == Lines{
        "The banding score, Total points, is 70, which is in band B6's range 60 and above: band B6 (Exceptional (individually costed)).",
        "Band B6 is individually costed: the entered amount is 31,250.50 a year (it must be above 20,000.00).",
        "Top-up (element 3) is 31,250.50 a year: the amount entered for the child.",
        "Place funding is 10,000.00 a year: the place funding for Special school.",
        "Band B6 needs approval before it is paid."});
}

TEST_CASE("rules, inputs, termly tariffs and rounding are explained in full") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
rounding: {mode: down}
setting_types:
  - {id: mainstream, name: Mainstream school}
schools:
  - {id: "100001", name: Oak Tree School, setting_type: mainstream}
inputs:
  - {id: points, name: Matrix points}
  - {id: bonus, name: Bonus points, default: 2}
provision_types:
  - {id: support, name: One-to-one support}
  - {id: therapy, name: Therapy}
derived:
  - {id: total, name: Total points, expr: points + bonus}
  - {id: high, name: High need, expr: total >= 10}
banding:
  rules:
    - {when: high and hours() > 5, band: H}
    - {when: high, band: M}
  otherwise: L
bands:
  - {id: L, name: Lower}
  - {id: M, name: Middle}
  - {id: H, name: Higher}
tariffs:
  - id: fy25
    from: 2025-04-01
    to: 2026-03-31
    per: term
    amounts: {L: 100, M: 1044.85, H: 2000}
    schools:
      H: {"100001": 2500.333}
)");
    const Profile m = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "8"}, {"hours.therapy", "1.5"}});
    CHECK(reasons(rs, m, "2025-09-01") == Lines{
        "Matrix points is 8.",
        "Bonus points is 2 (the rule set's default).",
        "Therapy: 1.5 hours a week.",
        "Total points is 10: Matrix points plus Bonus points.",
        "High need is true: Total points is at least 10.",
        "Banding rule 2 applies, because High need is true: band M (Middle).",
        "Tariff period fy25 (2025-04-01 to 2026-03-31): band M in Mainstream school is 1,044.85 a term; 3 terms make 3,134.55 a year.",
        "Top-up (element 3) is 3,134.55 a year: the annual tariff.",
        "Place funding is 0.00 a year: the place funding for Mainstream school."});

    const Profile h = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"school", "100001"},
                                        {"input.points", "9"}, {"input.bonus", "1"}, {"hours.support", "10"}});
    const Lines r = reasons(rs, h, "2025-09-01");
    REQUIRE(r.size() == 9);
    CHECK(r[1] == "Bonus points is 1.");
    CHECK(r[5] == "Banding rule 1 applies, because High need and the hours a week of all provision is more than 5: band H (Higher).");
    CHECK(r[6] == "Tariff period fy25 (2025-04-01 to 2026-03-31): band H at school 100001 (Oak Tree School) is 2500.333 a term; 3 terms make 7500.999 a year.");
    CHECK(r[7] == "Top-up (element 3) is 7,500.99 a year (exactly 7500.999, rounded down to the penny): the annual tariff.");

    const Profile l = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "1"}});
    CHECK(reasons(rs, l, "2025-09-01")[3] == "High need is false: Total points is at least 10.");
    CHECK(reasons(rs, l, "2025-09-01")[4] == "None of the 2 banding rules applies, so the profile takes the 'otherwise' band L (Lower).");
}

TEST_CASE("a tariff with published termly and annual figures says which figure each payment uses") {
    auto load = RuleSetLoader::loadFile(std::string(SENDBAND_TEST_DATA) + "/fixtures/rules/termly-and-annual.yaml");
    INFO(formatAll(load.diagnostics));
    REQUIRE(load.ok());
    const RuleSetPtr rs = load.ruleSet;
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "5"}});
    CHECK(reasons(rs, p, "2025-09-01") == Lines{
        "Points is 5.",
        "The banding score, Points, is 5, which is in band L's range 0 to 9: band L (Lower).",
        "Tariff period fy2025-26 (2025-04-01 to 2026-03-31): band L in Mainstream school is published as 426.00 a term and 1,280.00 a year; "
        "a year's payment is the published 1,280.00 a year (3 terms at 426.00 would make 1,278.00); pro rata by terms pays each term from the published 426.00 a term.",
        "Top-up (element 3) is 1,280.00 a year: the annual tariff.",
        "Place funding is 0.00 a year: the place funding for Mainstream school."});
    // The special school's band L has only the termly figure: explained as before.
    const Profile s = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "special"}, {"input.points", "5"}});
    CHECK(reasons(rs, s, "2025-09-01")[2] == "Tariff period fy2025-26 (2025-04-01 to 2026-03-31): band L in Special school is 900.00 a term; 3 terms make 2,700.00 a year.");

    // A period names the published figure each piece is paid from.
    Decision d;
    const Banding banding(rs);
    REQUIRE(banding.decide(p, day("2026-03-01"), d));
    const PeriodAmount a = banding.amountFor(p, day("2026-03-01"), day("2026-04-10"));
    REQUIRE(a.ok);
    const std::string text = renderText(*rs, p, d, &a);
    CHECK(text.find("Period 2026-03-01 to 2026-04-10 (pro rata by terms):\n"
                    "  2026-03-01 to 2026-03-31 (31 days, Spring 2026): paid 31/315 of a year at tariff fy2025-26, from the published 426.00 a term\n"
                    "  2026-04-01 to 2026-04-10 (10 days, Spring 2026): paid 2/63 of a year at tariff fy2026-27, from the published 440.00 a term\n"
                    "  Top-up (element 3):   167.68\n") != std::string::npos);
    const auto j = renderJson(*rs, p, d, &a);
    CHECK(j["tariff"]["published"].dump() == R"({"term":"426.00","year":"1280.00"})");
    CHECK(j["period"]["segments"][1]["figure"].dump() == R"({"per":"term","amount":"440.00","published":true})");
}

TEST_CASE("a line paid once is explained as paid once, and a period says whether it holds the award date") {
    auto load = RuleSetLoader::loadFile(std::string(SENDBAND_TEST_DATA) + "/fixtures/rules/one-off-award.yaml");
    INFO(formatAll(load.diagnostics));
    REQUIRE(load.ok());
    const RuleSetPtr rs = load.ruleSet;
    const Profile p = makeProfile(*rs, {{"primary_need", "SEMH"}, {"setting", "mainstream"}});
    CHECK(reasons(rs, p, "2026-04-10").back() ==
          "Inclusion fund award is 800.00 once (paid in full in the period that holds the award date, never pro rata): if the financial year is at least 2026 then 800, otherwise 750.");
    Decision d;
    const Banding banding(rs);
    REQUIRE(banding.decide(p, day("2026-04-10"), d));
    const PeriodAmount in = banding.amountFor(p, day("2026-03-01"), day("2026-04-30"), day("2026-04-10"));
    const std::string text = renderText(*rs, p, d, &in);
    CHECK(text.find("Inclusion fund award:   800.00 once\n") != std::string::npos);
    CHECK(text.find("  2026-04-01 to 2026-04-30 (30 days, Summer 2026): paid 10/153 of a year at tariff fy2026-27; holds the award date\n"
                    "  Inclusion fund award is paid once: the award date 2026-04-10 is in this period, so it is paid in full\n") != std::string::npos);
    CHECK(text.find("  Inclusion fund award: 800.00\n") != std::string::npos);
    const PeriodAmount out = banding.amountFor(p, day("2026-05-01"), day("2026-05-31"), day("2026-04-10"));
    CHECK(renderText(*rs, p, d, &out).find("  Inclusion fund award is paid once: the award date 2026-04-10 is outside this period, so nothing of it is paid here\n"
                                           "  Top-up (element 3):   222.88\n") != std::string::npos);  // 1,100 x 31/153
    const auto j = renderJson(*rs, p, d, &in);
    CHECK(j["paid_once"].dump() == R"(["inclusion_award"])");
    CHECK(j["period"]["award_date"] == "2026-04-10");
    CHECK(j["period"]["award_paid"] == true);
    CHECK(j["period"]["amount"]["inclusion_award"] == "800.00");
}

TEST_CASE("every formula of every bundled rule set reads in words, with none of the formula's symbols left in") {
    std::vector<std::string> files;
    for (const char* dir : {"/rules", "/tests/fixtures/rules", "/data/proposals"})
        for (const auto& e : std::filesystem::directory_iterator(std::string(SENDBAND_SOURCE_DIR) + dir)) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    int checked = 0;
    for (const auto& f : files) {
        auto load = RuleSetLoader::loadFile(f);
        INFO(f << ": " << formatAll(load.diagnostics));
        REQUIRE(load.ok());
        std::vector<const Expression*> all;
        for (const auto& d : load.ruleSet->derived) all.push_back(&d.expr);
        if (load.ruleSet->score) all.push_back(&*load.ruleSet->score);
        for (const auto& r : load.ruleSet->rules) all.push_back(&r.when);
        if (load.ruleSet->select) all.push_back(&*load.ruleSet->select);
        for (const auto& c : load.ruleSet->components) all.push_back(&c.expr);
        for (const Expression* e : all) {
            INFO(e->text() << " reads: " << e->words());
            CHECK_FALSE(e->words().empty());
            // Quoted text values and table ids are shown as the rule set writes them; nothing else is.
            std::string w = std::regex_replace(e->words(), std::regex("\"[^\"]*\""), "TEXT");
            for (const auto& t : load.ruleSet->tables) w = std::regex_replace(w, std::regex("table " + t.name + " "), "table T ");
            for (const char* symbol : {"==", "!=", "<", ">", "*", " / ", "+", "sum(", "max(", "min(", "count(", "lookup(", "hours(", "level(", "_"}) {
                INFO("symbol " << symbol);
                CHECK(w.find(symbol) == std::string::npos);
            }
            ++checked;
        }
    }
    CHECK(checked > 60);
}

TEST_CASE("an early-years band with no top-up, a line fixed at a number and the weeks in a year each read as what they are") {
    auto load = RuleSetLoader::loadFile(std::string(SENDBAND_SOURCE_DIR) + "/rules/worcestershire-early-years.yaml");
    REQUIRE(load.ok());
    const RuleSetPtr rs = load.ruleSet;
    // A child of two at GR1 in a nursery: no supplement, place funding fixed at 0, the NEF base.
    const Profile p = makeProfile(*rs, {{"primary_need", "SLCN"}, {"setting", "early_years"}, {"date_of_birth", "2023-01-10"},
                                        {"input.gr_level", "1"}, {"hours.nef", "15"}});
    const Lines r = reasons(rs, p, "2025-09-01");
    REQUIRE(r.size() == 11);
    CHECK(r[7] == "Band GR1 carries no top-up: its support is met from the setting's own budget.");
    CHECK(r[8] == "Top-up (element 3) is 0.00 a year: the tariff times Funded hours a week that attract the supplement times the 38 weeks in a year.");
    CHECK(r[9] == "Place funding is 0.00 a year, fixed by the rule set.");
    CHECK(formulas(rs, p, "2025-09-01")[9] == "place = 0");
}
