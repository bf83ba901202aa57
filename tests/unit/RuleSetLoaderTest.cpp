// The strict rule-set loader: every diagnostic, in full, as `sendband rules check` prints it.
#include "core/FileIo.h"
#include "rules/RuleSetLoader.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace sendband;
using sendband::test::loadErrors;
using sendband::test::loadOk;
using Lines = std::vector<std::string>;

TEST_CASE("a minimal rule set loads with its values in place") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: Testshire, framework: Test banding, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)");
    CHECK(rs->metadata.authority == "Testshire");
    CHECK(rs->metadata.version == "1");
    // No effective_to: effective until the last tariff period ends, since nothing is priced after.
    REQUIRE(rs->metadata.effectiveTo.has_value());
    CHECK(formatDate(*rs->metadata.effectiveTo) == "2026-03-31");
    CHECK(rs->metadata.effectiveToImplied);
    CHECK(rs->bands.size() == 2);
    CHECK(rs->bands[1].to == std::nullopt);
    CHECK(rs->tariffs.size() == 1);
    CHECK(rs->tariffs[0].amount[1][0] == Num(1000));
    CHECK_FALSE(rs->tariffs[0].amount[0][0].has_value());
    CHECK(rs->rounding == Rounding{});
    CHECK(rs->hash.size() == 64);
    CHECK(rs->sourceName == "inline.yaml");
}

TEST_CASE("a YAML syntax error is reported at its line and column and nothing is loaded") {
    const auto load = RuleSetLoader::loadText("sendband: 1\nmetadata: {authority: T, framework: F\nsetting_types: []\n", "inline.yaml");
    CHECK(load.ruleSet == nullptr);
    CHECK(formatAll(load.diagnostics) == "inline.yaml:3:14: error: YAML syntax: end of map flow not found\n");
}

TEST_CASE("an unknown key names the allowed keys") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10, colour: red}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
colour: blue
)") == Lines{
        "inline.yaml:11:37: error: bands[1].colour: unknown key 'colour' (expected one of: id, name, description, from, to, funding, approval, entered_above, settings)",
        "inline.yaml:14:1: error: colour: unknown key 'colour' (expected one of: sendband, metadata, rounding, setting_types, schools, areas, domains, inputs, provision_types, tables, derived, banding, bands, terms, tariffs, funding, pro_rata, weeks_per_year, overrides)"});
}

TEST_CASE("a key given twice is an error at the second one") {
    CHECK(loadErrors(R"(sendband: 1
metadata:
  authority: Testshire
  framework: Test banding
  authority: Otherton
  version: "1"
  effective_from: 2025-04-01
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:5:3: error: metadata.authority: duplicate key 'authority'"});
}

TEST_CASE("a word where a number belongs is an error quoting the word") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school, place_funding: ten thousand}
inputs:
  - {id: points, name: Points, max: lots}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{
        "inline.yaml:4:62: error: setting_types[0].place_funding: expected a number, got \"ten thousand\"",
        "inline.yaml:6:37: error: inputs[0].max: expected a number, got \"lots\""});
}

TEST_CASE("a missing required key is reported at the map that lacks it") {
    CHECK(loadErrors(R"(sendband: 1
metadata:
  authority: T
  framework: F
  effective_from: 2025-04-01
setting_types:
  - {id: mainstream}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:3:3: error: metadata: missing required key 'version'",
              "inline.yaml:7:5: error: setting_types[0]: missing required key 'name'"});
}

TEST_CASE("missing required keys in list items are each reported, without stopping the load") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream}
inputs:
  - {id: points, name: Points}
derived:
  - {id: total, name: Total}
banding:
  rules:
    - {when: points > 5}
  otherwise: A
bands:
  - {id: A, funding: none}
  - {id: B, name: Band B}
tariffs:
  - {id: fy25, from: 2025-04-01, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:4:5: error: setting_types[0]: missing required key 'name'",
              "inline.yaml:8:5: error: derived[0]: missing required key 'expr'",
              "inline.yaml:11:7: error: banding.rules[0]: missing required key 'band'",
              "inline.yaml:14:5: error: bands[0]: missing required key 'name'",
              "inline.yaml:17:5: error: tariffs[0]: missing required key 'to'"});
}

TEST_CASE("overlapping band ranges are an error at the later band's from") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 9}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:11:33: error: bands[1].from: band 'B' (9 and above) overlaps band 'A' (0 to 9)"});
}

TEST_CASE("a gap between band ranges names the scores that fall in no band") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 12}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:11:33: error: bands[1].from: scores 10 to 11 fall in no band: band 'A' ends at 9 and band 'B' starts at 12"});
}

TEST_CASE("bands listed out of order are checked in score order, and only the top band may be open-ended") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: B, name: Band B, from: 10}
  - {id: A, name: Band A, from: 0, funding: none}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:11:5: error: bands[1]: band 'A' has no 'to' but band 'B' starts above it; only the top band may be open-ended"});
}

TEST_CASE("a band priced by tariff with no amount in a period is an error naming band, period and settings") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: special, name: Special school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10, to: 19}
  - {id: C, name: Band C, from: 20}
tariffs:
  - id: fy25
    from: 2025-04-01
    to: 2026-03-31
    per: year
    amounts:
      B: {mainstream: 1000}
)") == Lines{
        "inline.yaml:15:5: error: tariffs[0]: band 'B' has no tariff in period 'fy25' for setting type(s): special (give an amount, list the band's settings, or mark it funding: none)",
        "inline.yaml:15:5: error: tariffs[0]: band 'C' has no tariff in period 'fy25' for setting type(s): mainstream, special (give an amount, list the band's settings, or mark it funding: none)"});
}

TEST_CASE("a band with funding none or entered takes no tariff") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10, funding: entered}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 5, B: 1000}}
)") == Lines{"inline.yaml:13:71: error: tariffs[0].amounts.A: band 'A' is funding: none and takes no tariff",
              "inline.yaml:13:77: error: tariffs[0].amounts.B: band 'B' is funding: entered and takes no tariff"});
}

TEST_CASE("an undefined name in an expression is reported at the name's own column") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
derived:
  - {id: total, name: Total, expr: "points + bonus"}
banding:
  score: total + extra * 2
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:8:46: error: derived[0].expr: undefined name 'bonus' in 'points + bonus'",
              "inline.yaml:10:18: error: banding.score: undefined name 'extra' in 'total + extra * 2'"});
}

TEST_CASE("an expression in a block scalar is reported on its own line and column") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
derived:
  - id: total
    name: Total
    expr: |
      points * 2 + extra
banding:
  score: >-
    total + bonus
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:11:20: error: derived[0].expr: undefined name 'extra' in 'points * 2 + extra\n'",
              "inline.yaml:14:13: error: banding.score: undefined name 'bonus' in 'total + bonus'"});
}

TEST_CASE("an expression of the wrong kind for its place is an error") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points > 3
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:8:10: error: banding.score: expected a number but 'points > 3' gives a condition (true/false)"});
}

TEST_CASE("a rule naming a band that does not exist is an error") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  rules:
    - {when: points > 5, band: Z}
    - {when: points > 2, band: B}
  otherwise: Q
bands:
  - {id: A, name: Band A, funding: none}
  - {id: B, name: Band B}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000, Y: 5}}
)") == Lines{"inline.yaml:9:32: error: banding.rules[0].band: 'Z' is not a band defined in bands",
              "inline.yaml:11:14: error: banding.otherwise: 'Q' is not a band defined in bands",
              "inline.yaml:16:80: error: tariffs[0].amounts.Y: 'Y' is not a band defined in bands"});
}

TEST_CASE("tariff periods that overlap are an error at the later period's from") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
  - {id: fy26, from: 2026-03-31, to: 2027-03-31, per: year, amounts: {B: 1100}}
)") == Lines{"inline.yaml:14:22: error: tariffs[1].from: tariff period 'fy26' overlaps 'fy25' (which runs to 2026-03-31)"});
}

TEST_CASE("a gap between tariff periods names the days with no tariff") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy26, from: 2026-04-02, to: 2027-03-31, per: year, amounts: {B: 1100}}
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)") == Lines{"inline.yaml:13:22: error: tariffs[0].from: tariff period 'fy26' starts on 2026-04-02 but 'fy25' ends on 2026-03-31: the days between have no tariff"});
}

TEST_CASE("every problem in a rule set is reported together, in file order") {
    const auto errors = loadErrors(R"(sendband: 1
metadata:
  authority: Test Council
  framework: Broken framework
  version: "1"
  effective_from: 2025-04-01
  colour: blue
setting_types:
  - {id: mainstream, name: Mainstream school}
domains:
  - id: need
    name: Need
    levels:
      - {level: 0, score: 0, descriptor: None}
      - {level: 1, score: five, descriptor: Some}
derived:
  - id: total
    name: Total
    expr: need + bonus
banding:
  score: total
bands:
  - {id: A, name: Band A, from: 0, to: 9}
  - {id: B, name: Band B, from: 8, to: 19}
  - {id: C, name: Band C, from: 25, to: 30}
tariffs:
  - id: fy2025-26
    from: 2025-04-01
    to: 2026-03-31
    per: year
    amounts: {A: 100, B: 200}
)");
    CHECK(errors.size() == 6);
    CHECK(errors == Lines{
        "inline.yaml:7:3: error: metadata.colour: unknown key 'colour' (expected one of: authority, framework, version, description, effective_from, effective_to, sources, assumptions)",
        "inline.yaml:15:27: error: domains[0].levels[1].score: expected a number, got \"five\"",
        "inline.yaml:19:18: error: derived[0].expr: undefined name 'bonus' in 'need + bonus'",
        "inline.yaml:24:33: error: bands[1].from: band 'B' (8 to 19) overlaps band 'A' (0 to 9)",
        "inline.yaml:25:33: error: bands[2].from: scores 20 to 24 fall in no band: band 'B' ends at 19 and band 'C' starts at 25",
        "inline.yaml:27:5: error: tariffs[0]: band 'C' has no tariff in period 'fy2025-26' for setting type(s): mainstream (give an amount, list the band's settings, or mark it funding: none)"});
}

TEST_CASE("an invalid rule set is never half loaded") {
    const auto load = RuleSetLoader::loadText(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: fortnight, amounts: {B: 1000}}
)", "inline.yaml");
    CHECK(load.ruleSet == nullptr);
    CHECK_FALSE(load.ok());
    REQUIRE(load.diagnostics.size() == 1);
    CHECK(load.diagnostics[0].format() ==
          "inline.yaml:13:55: error: tariffs[0].per: expected one of: year, term, month, week, hour; got \"fortnight\"");
    CHECK(load.diagnostics[0].line == 13);
    CHECK(load.diagnostics[0].column == 55);
}

TEST_CASE("a file that cannot be read is one diagnostic about the whole file") {
    const auto load = RuleSetLoader::loadFile("/nonexistent/rules.yaml");
    CHECK(load.ruleSet == nullptr);
    CHECK(formatAll(load.diagnostics) ==
          "/nonexistent/rules.yaml: error: cannot read the file (does it exist, and may this user read it?)\n");
}

TEST_CASE("the shipped example rule set loads") {
    const auto load = RuleSetLoader::loadFile(std::string(SENDBAND_SOURCE_DIR) + "/rules/example.yaml");
    INFO(formatAll(load.diagnostics));
    REQUIRE(load.ok());
    CHECK(load.ruleSet->bands.size() == 7);
    CHECK(load.ruleSet->tariffs.size() == 2);
    CHECK(load.ruleSet->tariffs[1].derivation == "fy2025-26 plus 2.5%");
}

TEST_CASE("comments, key order, flow style and whitespace do not change the hash, but a changed amount does") {
    const std::string a = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
)";
    const std::string b = R"(# The same rule set, written differently.
sendband: 1
metadata:
  framework: F          # key order changed
  authority: T
  effective_from: 2025-04-01
  version: '1'
bands:
  - id: A
    name: Band A
    from: 0
    to: 9
    funding: none
  - {name: Band B, id: B, from: 10}

setting_types: [{id: mainstream, name: Mainstream school}]
inputs:
  - {id: points,   name: Points}
tariffs:
  - id: fy25
    per: year
    from: 2025-04-01
    to: 2026-03-31
    amounts:
      B: 1000
banding: {score: points}
)";
    const std::string c = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1001}}
)";
    const auto ra = loadOk(a), rb = loadOk(b), rc = loadOk(c);
    CHECK(ra->hash == rb->hash);
    CHECK(ra->hash != rc->hash);
    CHECK(ra->shortHash() == ra->hash.substr(0, 12));
    CHECK(ra->yamlText == a);  // the exact text is kept so a store can re-load it
}

TEST_CASE("a type error or a misspelt code in a rule's condition is reported at the operator or the code") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
areas:
  - {id: semh, name: SEMH}
domains:
  - id: mood
    name: Mood
    area: semh
    levels:
      - {level: 0, score: 0, descriptor: None.}
banding:
  rules:
    - {when: primary_need == 3, band: B}
    - {when: primary_need == "ADS", band: B}
    - {when: 'setting in ["mainstream", "specail"]', band: B}
    - {when: 'sum(score where area == "sen") > 1', band: B}
  otherwise: A
bands:
  - {id: A, name: Band A, funding: none}
  - {id: B, name: Band B, funding: none}
)") == Lines{
        "inline.yaml:15:27: error: banding.rules[0].when: cannot compare text with a number in 'primary_need == 3'",
        "inline.yaml:16:30: error: banding.rules[1].when: \"ADS\" is not a primary need code (expected one of: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, DS, OTH, NSA) in 'primary_need == \"ADS\"'",
        "inline.yaml:17:41: error: banding.rules[2].when: \"specail\" is not a setting type (expected one of: mainstream) in 'setting in [\"mainstream\", \"specail\"]'",
        "inline.yaml:18:39: error: banding.rules[3].when: \"sen\" is not an area (expected one of: semh) in 'sum(score where area == \"sen\") > 1'"});
}

TEST_CASE("a name that is worked out later says why it cannot be used, not that it is undefined") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
derived:
  - {id: total, name: Total, expr: "points + bonus"}
  - {id: bonus, name: Bonus, expr: "annual_tariff / 100"}
  - {id: scaled, name: Scaled, expr: "score * 2"}
banding:
  rules:
    - {when: "top_up > 5000", band: B}
  otherwise: A
bands:
  - {id: A, name: Band A, funding: none}
  - {id: B, name: Band B}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {B: 1000}}
funding:
  top_up: annual_tariff + support
  other:
    - {id: support, name: Support, expr: "top_up / 10 + support"}
)") == Lines{
        "inline.yaml:8:46: error: derived[0].expr: 'bonus' is worked out after this line (derived values are worked out in the order they are listed), so it cannot be used in 'points + bonus'",
        "inline.yaml:9:37: error: derived[1].expr: 'annual_tariff' is known only once the band is chosen (funding lines may use it), so it cannot be used in 'annual_tariff / 100'",
        "inline.yaml:10:39: error: derived[2].expr: 'score' is the banding score, which this rule set does not have (it bands by rules, not by banding.score), so it cannot be used in 'score * 2'",
        "inline.yaml:13:15: error: banding.rules[0].when: 'top_up' is a funding line, worked out after the band is chosen, so it cannot be used in 'top_up > 5000'",
        "inline.yaml:21:27: error: funding.top_up: 'support' is worked out after this line (funding lines are worked out in order: top_up, place, then the other lines as listed), so it cannot be used in 'annual_tariff + support'",
        "inline.yaml:23:57: error: funding.other[0].expr: 'support' is this funding line itself, so it cannot be used in 'top_up / 10 + support'"});
}

TEST_CASE("the banding score cannot be used in derived values or in itself, and place funding is worked out before the other lines") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
derived:
  - {id: scaled, name: Scaled, expr: "score * 2"}
banding:
  score: points + score
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 1000}}
funding:
  place: place_funding + extra
  other:
    - {id: extra, name: Extra, expr: "place / 2"}
)") == Lines{
        "inline.yaml:8:39: error: derived[0].expr: 'score' is the banding score, worked out after the derived values, so it cannot be used in 'score * 2'",
        "inline.yaml:10:19: error: banding.score: 'score' is the banding score itself, so it cannot be used in 'points + score'",
        "inline.yaml:16:26: error: funding.place: 'extra' is worked out after this line (funding lines are worked out in order: top_up, place, then the other lines as listed), so it cannot be used in 'place_funding + extra'"});
}

TEST_CASE("a behaviour test file given as a rule set says what it is and how to run it") {
    const auto load = RuleSetLoader::loadText(R"(# Behaviour cases.
rules: ../fixtures/rules/prorata-days.yaml
as_of: 2024-09-01
cases:
  - name: The annual amount
    profile: {primary_need: ASD, setting: mainstream}
    expect: {band: D}
)", "cases.test.yaml");
    CHECK(load.ruleSet == nullptr);
    CHECK(formatAll(load.diagnostics) ==
          "cases.test.yaml:2:1: error: this is a behaviour test file (it has rules: and cases:), not a rule set: run it with sendband test cases.test.yaml\n");
}

TEST_CASE("published amounts for another unit (also_per) load beside the period's own amounts") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: special, name: Special school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: L, name: Lower, from: 0, to: 9}
  - {id: H, name: Higher, from: 10}
tariffs:
  - id: fy25
    from: 2025-04-01
    to: 2026-03-31
    per: term
    amounts: {L: {mainstream: 426, special: 900}, H: 850}
    also_per:
      year: {L: {mainstream: 1280}, H: 2550}
      month: {H: 213.75}
)");
    const TariffPeriod& t = rs->tariffs[0];
    REQUIRE(t.published.size() == 2);
    CHECK(t.figure(Per::Term, 0, 0) != nullptr);
    CHECK(*t.figure(Per::Term, 0, 0) == Num(426));
    CHECK(*t.figure(Per::Year, 0, 0) == Num(1280));
    CHECK(t.figure(Per::Year, 0, 1) == nullptr);  // converted: 3 x 900
    CHECK(*t.figure(Per::Year, 1, 1) == Num(2550));
    CHECK(*t.figure(Per::Month, 1, 0) == Num::ratio(855, 4));
    CHECK(t.figure(Per::Month, 0, 0) == nullptr);
    CHECK(t.hasPublished(0, 0));
    CHECK_FALSE(t.hasPublished(0, 1));
}

TEST_CASE("also_per is checked: its units, its bands, and an uplift that would drop it") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: special, name: Special school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: L, name: Lower, from: 0, to: 9, settings: [mainstream]}
  - {id: H, name: Higher, from: 10}
tariffs:
  - id: fy25
    from: 2025-04-01
    to: 2026-03-31
    per: term
    amounts: {L: 426, H: 850}
    also_per:
      term: {L: 430}
      week: {L: 30}
      year: {L: {special: 1280}, H: 2550}
  - id: fy26
    from: 2026-04-01
    to: 2027-03-31
    per: term
    uplift: {from: fy25, percent: 3}
  - id: fy27
    from: 2027-04-01
    to: 2028-03-31
    per: hour
    amounts: {L: 20, H: 30}
    also_per: {year: {L: 1000}}
funding:
  top_up: tariff * 100
)") == Lines{
        "inline.yaml:20:7: error: tariffs[0].also_per.term: this period's amounts are already per term; also_per gives the figures for the other units",
        "inline.yaml:21:7: error: tariffs[0].also_per.week: expected one of: year, term, month; got \"week\"",
        "inline.yaml:22:13: error: tariffs[0].also_per.year: band 'L' has an amount per year here but no amount per term in this period for setting type(s): special (also_per gives a second published figure beside amounts)",
        "inline.yaml:27:13: error: tariffs[1].uplift: 'fy25' also publishes amounts per year (band H in mainstream, H in special); an uplift does not carry them: give this period's also_per.year amounts",
        "inline.yaml:33:15: error: tariffs[2].also_per: amounts per hour are paid through the top-up formula; also_per is for a period priced per year, term, month or week"});
}

TEST_CASE("a funding line paid once is marked, a line paid every year cannot use it, and paid is yearly or once") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
banding:
  band: '"A"'
bands:
  - {id: A, name: Band A}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 1000}}
funding:
  other:
    - {id: award, name: Award, expr: "500", paid: once}
    - {id: bonus, name: Bonus, expr: "award / 10 + top_up / 100", paid: once}
    - {id: extra, name: Extra, expr: "top_up / 4", paid: yearly}
)");
    REQUIRE(rs->components.size() == 5);
    CHECK_FALSE(rs->components[0].once);
    CHECK_FALSE(rs->components[1].once);
    CHECK(rs->components[2].once);
    CHECK(rs->components[3].once);
    CHECK_FALSE(rs->components[4].once);
    CHECK(rs->hasOnceLines);

    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
banding:
  band: '"A"'
bands:
  - {id: A, name: Band A}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 1000}}
funding:
  other:
    - {id: award, name: Award, expr: "500", paid: once}
    - {id: total, name: Total, expr: "top_up + award"}
    - {id: extra, name: Extra, expr: "award / 2", paid: sometimes}
)") == Lines{
        "inline.yaml:14:48: error: funding.other[1].expr: 'award' is paid once (paid: once), so a line paid every year (this one) cannot use it in 'top_up + award'",
        "inline.yaml:15:57: error: funding.other[2].paid: expected one of: yearly, once; got \"sometimes\""});
}

TEST_CASE("a rule set that is not UTF-8, or holds a NUL byte, is refused at the byte's line and column") {
    // A Latin-1 authority name used to pass `rules check` and then break `band --format json`.
    CHECK(loadErrors("sendband: 1\nmetadata: {authority: Caf\xE9 Council}\n") ==
          std::vector<std::string>{"inline.yaml:2:26: error: invalid UTF-8 (byte 0xE9): save the file as UTF-8"});
    CHECK(loadErrors(std::string("sendband: 1\nmetadata: {authority: A\0B}\n", 37)) ==
          std::vector<std::string>{"inline.yaml:2:24: error: a NUL byte: text may not contain one"});
}

// A rule set used to load with days in its effective period that no tariff priced; a child's
// decision on one of them was the first anyone heard of it.
TEST_CASE("tariffs must price every day of the effective period, or say which days they do not and why") {
    const std::string head = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2026-03-31}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: special, name: Special school}
schools:
  - {id: oak, name: Oak School, setting_type: special}
  - {id: elm, name: Elm School, setting_type: special}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
)";
    CHECK(loadErrors(head + "  - {id: late, from: 2025-05-01, to: 2026-03-31, per: year, amounts: {A: 1000}}\n") ==
          std::vector<std::string>{"inline.yaml:16:22: error: tariffs[0].from: the first tariff period, 'late', starts on 2025-05-01 but the rule set is "
                                   "effective from 2025-04-01: the days between have no tariff (start a period on 2025-04-01, or make effective_from later)"});
    CHECK(loadErrors(head + "  - {id: short, from: 2025-04-01, to: 2025-12-31, per: year, amounts: {A: 1000}}\n") ==
          std::vector<std::string>{"inline.yaml:16:39: error: tariffs[0].to: the last tariff period, 'short', ends on 2025-12-31 but the rule set is "
                                   "effective to 2026-03-31: the days after have no tariff (add a period, marked `unpriced: WHY` if its amounts are "
                                   "not known yet, or make effective_to earlier)"});
    // Priced per school: every school listed in the setting type needs an amount.
    CHECK(loadErrors(head + "  - {id: fy, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: {mainstream: 900}}, schools: {A: {oak: 12000}}}\n") ==
          std::vector<std::string>{"inline.yaml:16:5: error: tariffs[0]: band 'A' is priced per school in period 'fy', but not for school(s) elm listed "
                                   "in its setting types (give each an amount, or an amount for the setting type)"});
    // A gap the council knows about is stated, with its reason, and holds no amounts.
    const auto rs = loadOk(head + "  - {id: h1, from: 2025-04-01, to: 2025-09-30, per: year, amounts: {A: 1000}}\n"
                                  "  - {id: h2, from: 2025-10-01, to: 2026-03-31, unpriced: \"October rates not yet agreed\"}\n");
    REQUIRE(rs->tariffs.size() == 2);
    CHECK(rs->tariffs[1].unpriced == "October rates not yet agreed");
    CHECK(loadErrors(head + "  - {id: h1, from: 2025-04-01, to: 2025-09-30, per: year, amounts: {A: 1000}}\n"
                            "  - {id: h2, from: 2025-10-01, to: 2026-03-31, unpriced: \"\"}\n") ==
          std::vector<std::string>{"inline.yaml:17:58: error: tariffs[1].unpriced: say why the period has no amounts (for example \"2025-26 rates not yet published\")"});
    CHECK(loadErrors(head + "  - {id: h1, from: 2025-04-01, to: 2026-03-31, per: year, unpriced: x, amounts: {A: 1000}}\n")[0] ==
          "inline.yaml:16:72: error: tariffs[0].amounts: unknown key 'amounts' (expected one of: id, from, to, per, unpriced)");
}

// Found by the bad-input corpus (tests/badinput): per-school prices and uplifted amounts were not
// bounded (a negative price paid a negative top-up), and a school given twice in an uplift loaded
// with the last value paid but the first hashed.
TEST_CASE("per-school prices and uplifted amounts are bounded like stated ones, and an uplift may not name a school twice") {
    const std::string head = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2024-04-01, effective_to: 2026-03-31}
setting_types:
  - {id: special, name: Special school}
schools:
  - {id: oak, name: Oak School, setting_type: special}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
)";
    CHECK(loadErrors(head + "  - {id: fy24, from: 2024-04-01, to: 2026-03-31, per: year, schools: {A: {oak: -11796}}}\n") ==
          std::vector<std::string>{"inline.yaml:14:80: error: tariffs[0].schools.A.oak: an amount cannot be negative, got \"-11796\""});
    CHECK(loadErrors(head + "  - {id: fy24, from: 2024-04-01, to: 2026-03-31, per: year, schools: {A: {oak: 10000000.01}}}\n") ==
          std::vector<std::string>{"inline.yaml:14:80: error: tariffs[0].schools.A.oak: an amount may be at most 10,000,000.00, got \"10000000.01\""});
    const std::string fy24 = "  - {id: fy24, from: 2024-04-01, to: 2025-03-31, per: year, amounts: {A: 500}, schools: {A: {oak: 12000}}}\n";
    CHECK(loadErrors(head + fy24 + "  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, uplift: {from: fy24, percent: -150}}\n") ==
          std::vector<std::string>{"inline.yaml:15:69: error: tariffs[1].uplift: the uplift from 'fy24' makes band 'A' in special -250.00: an amount cannot be negative"});
    CHECK(loadErrors(head + fy24 + "  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, uplift: {from: fy24, flat: 10000000}}\n") ==
          std::vector<std::string>{"inline.yaml:15:69: error: tariffs[1].uplift: the uplift from 'fy24' makes band 'A' in special 10,000,500.00: an amount may be at most 10,000,000.00"});
    CHECK(loadErrors(head + fy24 + "  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, uplift: {from: fy24, flat: 10, schools: {oak: -20000}}}\n") ==
          std::vector<std::string>{"inline.yaml:15:69: error: tariffs[1].uplift: the uplift from 'fy24' makes band 'A' at school oak -8,000.00: an amount cannot be negative"});
    CHECK(loadErrors(head + fy24 + "  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, uplift: {from: fy24, flat: 10, schools: {oak: 5, oak: 9}}}\n") ==
          std::vector<std::string>{"inline.yaml:15:110: error: tariffs[1].uplift.schools.oak: duplicate key 'oak'"});
}

// Found by the bad-input corpus: thresholds were read as any number, so a negative element 2
// threshold or approval threshold loaded.
TEST_CASE("thresholds and the entered-above minimum are amounts: not negative, within the per-plan maximum") {
    const auto errors = loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2026-03-31}
setting_types:
  - {id: mainstream, name: Mainstream school, element2_threshold: -6000}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9, funding: none}
  - {id: X, name: Exceptional, from: 10, funding: entered, entered_above: -1}
overrides:
  approval_threshold: 20000000
)");
    CHECK(errors == std::vector<std::string>{
                        "inline.yaml:4:67: error: setting_types[0].element2_threshold: an amount cannot be negative, got \"-6000\"",
                        "inline.yaml:11:75: error: bands[1].entered_above: an amount cannot be negative, got \"-1\"",
                        "inline.yaml:13:23: error: overrides.approval_threshold: an amount may be at most 10,000,000.00, got \"20000000\""});
}

// Found by the bad-input corpus: yaml-cpp read a CR-only file as one comment line, so a valid
// rule set saved with old Mac line ends was refused as empty.
TEST_CASE("a rule set with CR-only line ends loads as with LF, with the same hash and the same line numbers") {
    const std::string lf = *sendband::readFile(SENDBAND_SOURCE_DIR "/rules/example.yaml");
    std::string cr = lf;
    std::replace(cr.begin(), cr.end(), '\n', '\r');
    const auto a = RuleSetLoader::loadText(lf, "lf.yaml"), b = RuleSetLoader::loadText(cr, "cr.yaml");
    REQUIRE(a.ok());
    INFO(formatAll(b.diagnostics));
    REQUIRE(b.ok());
    CHECK(b.ruleSet->hash == a.ruleSet->hash);
    const auto errors = loadErrors("sendband: 1\rmetadata: {authority: T}\rbogus: 1\r");
    CHECK(std::count_if(errors.begin(), errors.end(), [](const std::string& e) { return e.rfind("inline.yaml:3:1: error: bogus: unknown key 'bogus'", 0) == 0; }) == 1);
}

// Found by the bad-input corpus: a missing metadata section gave a first message with no line.
TEST_CASE("a missing metadata section is named once, at the top of the file") {
    const auto errors = loadErrors("sendband: 1\nsetting_types: []\n");
    REQUIRE_FALSE(errors.empty());
    for (const auto& e : errors) CHECK(e.find("inline.yaml: error: metadata") == std::string::npos);
}

// Found by tests/fuzz (rule_set and profile harnesses): yaml-cpp's LoadAll never returned on a
// file holding a lone ',' (one empty document after another, memory growing until killed), so
// `rules check` and `band --profile` hung. Now a second document is looked for, two at most.
TEST_CASE("a stray ',' or a second document is refused at once, at the second document's line") {
    CHECK(loadErrors(",") ==
          std::vector<std::string>{"inline.yaml:1:1: error: a second YAML document starts here (after --- or a stray ','); expected exactly one document"});
    CHECK(loadErrors("sendband: 1\n---\nsendband: 1\n") ==
          std::vector<std::string>{"inline.yaml:2:1: error: a second YAML document starts here (after --- or a stray ','); expected exactly one document"});
}


// A negative tariff or place funding loaded and then paid negative money; an amount too large
// loaded and overflowed the report sums over a caseload.
TEST_CASE("a negative amount, or one above the per-plan maximum, is refused at its key path and line") {
    CHECK(loadErrors(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school, place_funding: -10}
  - {id: special, name: Special school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9}
  - {id: B, name: Band B, from: 10}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: {mainstream: -1500, special: 1}, B: 92233720368547758}}
)") == Lines{
        "inline.yaml:4:62: error: setting_types[0].place_funding: an amount cannot be negative, got \"-10\"",
        "inline.yaml:14:87: error: tariffs[0].amounts.A.mainstream: an amount cannot be negative, got \"-1500\"",
        "inline.yaml:14:110: error: tariffs[0].amounts.B: an amount may be at most 10,000,000.00, got \"92233720368547758\""});
}
