// ProfileBuilder: each field checked against the rule set, with a message saying what was expected.
#include "banding/Profile.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

using namespace sendband;
using sendband::test::loadOk;
using Lines = std::vector<std::string>;

namespace {

const char* const kRules = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: special, name: Special school}
domains:
  - id: communication
    name: Communication and interaction
    levels:
      - {level: 0, score: 0, descriptor: None.}
      - {level: 1, score: 4, descriptor: Some.}
      - {level: 3, score: 14, descriptor: Much.}
  - id: semh
    name: Social, emotional and mental health
    levels:
      - {level: 1, score: 3, descriptor: Some.}
      - {level: 2, score: 7, descriptor: Much.}
inputs:
  - {id: points, name: Matrix points, min: 0, max: 120, whole_number: true}
  - {id: funded_hours, name: Funded hours, max: 30, default: 15}
provision_types:
  - {id: support, name: One-to-one support}
banding:
  score: communication + semh + points
bands:
  - {id: A, name: Band A, from: 0, funding: none}
)";

const std::string kCodes = "(expected one of: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, DS, OTH, NSA)";

}  // namespace

TEST_CASE("a level the domain does not have is out of range, with the levels it does have") {
    auto rs = loadOk(kRules);
    ProfileBuilder b(*rs);
    CHECK(b.set("level.communication", "7") == "level \"7\" is out of range for Communication and interaction (expected one of: 0, 1, 3)");
    CHECK(b.set("level.communication", "2") == "level \"2\" is out of range for Communication and interaction (expected one of: 0, 1, 3)");
    CHECK(b.set("level.communication", "1.5") == "level \"1.5\" is out of range for Communication and interaction (expected one of: 0, 1, 3)");
    CHECK(b.set("level.communication", "high") == "level \"high\" is out of range for Communication and interaction (expected one of: 0, 1, 3)");
    CHECK(b.set("level.semh", "0") == "level \"0\" is out of range for Social, emotional and mental health (expected one of: 1, 2)");
    CHECK(b.set("level.communication", "3") == "");
    CHECK(b.profile().levels == std::vector<int>{3, Profile::kUnset});
}

TEST_CASE("an unknown domain, input or provision type names the ones the rule set has") {
    auto rs = loadOk(kRules);
    ProfileBuilder b(*rs);
    CHECK(b.set("level.maths", "2") == "'maths' is not a domain of this rule set (expected one of: communication, semh)");
    CHECK(b.set("input.score", "2") == "'score' is not an input of this rule set (expected one of: points, funded_hours)");
    CHECK(b.set("hours.speech", "2") == "'speech' is not a provision type of this rule set (expected one of: support)");
    CHECK(b.set("colour", "blue") == "unknown field 'colour'");
    std::string error;
    CHECK_FALSE(b.resolve("level.", error).has_value());
    CHECK(error == "'' is not a domain of this rule set (expected one of: communication, semh)");
}

TEST_CASE("a rule set without inputs or provision types says it has none") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
banding:
  band: '"A"'
bands:
  - {id: A, name: Band A, funding: none}
)");
    ProfileBuilder b(*rs);
    CHECK(b.set("input.points", "2") == "'points' is not an input of this rule set (it has none)");
    CHECK(b.set("hours.support", "2") == "'support' is not a provision type of this rule set (it has none)");
}

TEST_CASE("an unknown setting type names the rule set's setting types") {
    auto rs = loadOk(kRules);
    ProfileBuilder b(*rs);
    CHECK(b.set("setting", "academy") == "\"academy\" is not a setting type of this rule set (expected one of: mainstream, special)");
    CHECK(b.set("setting", "Special") == "\"Special\" is not a setting type of this rule set (expected one of: mainstream, special)");
    CHECK(b.set("setting", "special") == "");
    CHECK(b.profile().settingIndex == 1);
}

TEST_CASE("a primary need must be a SEN2 code, exactly") {
    auto rs = loadOk(kRules);
    ProfileBuilder b(*rs);
    CHECK(b.set("primary_need", "AUT") == "\"AUT\" is not a SEN2 primary need code " + kCodes);
    CHECK(b.set("primary_need", "asd") == "\"asd\" is not a SEN2 primary need code " + kCodes);
    CHECK(b.set("primary_need", "") == "\"\" is not a SEN2 primary need code " + kCodes);
    CHECK(b.set("primary_need", "ASD") == "");
    CHECK(b.profile().primaryNeed == "ASD");
}

TEST_CASE("dates, year groups, amounts and hours are checked as they are set") {
    auto rs = loadOk(kRules);
    ProfileBuilder b(*rs);
    CHECK(b.set("date_of_birth", "2015-02-30") == "expected a date as YYYY-MM-DD, got \"2015-02-30\"");
    CHECK(b.set("date_of_birth", "14/02/2016") == "expected a date as YYYY-MM-DD, got \"14/02/2016\"");
    CHECK(b.set("nc_year", "15") == "expected a national curriculum year from -3 to 14 (Reception is 0), got \"15\"");
    CHECK(b.set("nc_year", "-4") == "expected a national curriculum year from -3 to 14 (Reception is 0), got \"-4\"");
    CHECK(b.set("nc_year", "R") == "expected a national curriculum year from -3 to 14 (Reception is 0), got \"R\"");
    CHECK(b.set("nc_year", "-3") == "");
    CHECK(b.set("entered_amount", "-5") == "expected an amount in pounds, got \"-5\"");
    CHECK(b.set("entered_amount", "£5") == "expected an amount in pounds, got \"£5\"");
    // 92,233,720,368,547,758 pence used to be accepted, and then overflowed the report sums.
    CHECK(b.set("entered_amount", "922337203685477.58") == "expected an amount in pounds a year of at most 10,000,000.00, got \"922337203685477.58\"");
    CHECK(b.set("entered_amount", "10000000.01") == "expected an amount in pounds a year of at most 10,000,000.00, got \"10000000.01\"");
    CHECK(b.set("entered_amount", "10000000") == "");
    CHECK(b.set("entered_amount", "25,000.50") == "");
    CHECK(b.profile().enteredAmount == Num::ratio(2500050, 100));
    CHECK(b.set("hours.support", "200") == "expected hours per week from 0 to 168, got \"200\"");
    CHECK(b.set("hours.support", "-1") == "expected hours per week from 0 to 168, got \"-1\"");
    CHECK(b.set("hours.support", "12.5") == "");
    CHECK(b.set("reference", "") == "expected a reference, got nothing");
    CHECK(b.set("date_of_birth", "2016-02-29") == "");
    CHECK(b.profile().dateOfBirth == sendband::test::day("2016-02-29"));
    CHECK(b.profile().ncYear == -3);
    REQUIRE(b.profile().provision.size() == 1);
    CHECK(b.profile().provision[0].hoursPerWeek == Num::ratio(25, 2));
}

TEST_CASE("an input outside its range, or fractional where whole, names the input and the range") {
    auto rs = loadOk(kRules);
    ProfileBuilder b(*rs);
    CHECK(b.set("input.points", "121") == "Matrix points 121 is out of range: expected a whole number from 0 to 120");
    CHECK(b.set("input.points", "-1") == "Matrix points -1 is out of range: expected a whole number from 0 to 120");
    CHECK(b.set("input.points", "37.5") == "Matrix points 37.5 is out of range: expected a whole number from 0 to 120");
    CHECK(b.set("input.points", "lots") == "expected a whole number from 0 to 120, got \"lots\"");
    CHECK(b.set("input.funded_hours", "31") == "Funded hours 31 is out of range: expected a number up to 30");
    CHECK(b.set("input.points", "120") == "");
    CHECK(b.set("input.funded_hours", "22.5") == "");
    CHECK(b.profile().inputs == std::vector<std::optional<Num>>{Num(120), Num::ratio(45, 2)});
}

TEST_CASE("finish lists every missing field, and fills in inputs that have a default") {
    auto rs = loadOk(kRules);
    ProfileBuilder b(*rs);
    CHECK(b.finish() == Lines{"setting: missing (expected one of: mainstream, special)",
                              "primary_need: missing (expected a SEN2 code such as ASD)",
                              "levels.communication: missing (expected one of: 0, 1, 3)",
                              "levels.semh: missing (expected one of: 1, 2)",
                              "inputs.points: missing (Matrix points)"});
    // An input with a default is not missing, but stays unset: banding applies the default and
    // the explanation says it did.
    CHECK(b.profile().inputs[1] == std::nullopt);

    REQUIRE(b.set("setting", "mainstream") == "");
    REQUIRE(b.set("primary_need", "SEMH") == "");
    REQUIRE(b.set("level.communication", "0") == "");
    REQUIRE(b.set("level.semh", "2") == "");
    REQUIRE(b.set("input.points", "30") == "");
    CHECK(b.finish() == Lines{});

    b.reset();
    CHECK(b.finish().size() == 5);
}

TEST_CASE("a field resolved once can be set for many rows") {
    auto rs = loadOk(kRules);
    ProfileBuilder b(*rs);
    std::string error;
    const auto semh = b.resolve("level.semh", error);
    REQUIRE(semh.has_value());
    CHECK(semh->kind == ProfileBuilder::Field::Level);
    CHECK(semh->index == 1);
    CHECK(b.set(*semh, "2") == "");
    CHECK(b.profile().levels[1] == 2);
    b.reset();
    CHECK(b.profile().levels[1] == Profile::kUnset);
    CHECK(b.set(*semh, "3") == "level \"3\" is out of range for Social, emotional and mental health (expected one of: 1, 2)");
}
