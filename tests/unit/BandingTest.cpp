// Banding decisions: choosing the band and pricing it, as of one date.
#include "banding/Banding.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

using namespace sendband;
using sendband::test::day;
using sendband::test::loadOk;
using sendband::test::makeProfile;

namespace {

// Two domains scored by descriptor; bands by score; one year of tariffs by setting type.
const char* const kThresholds = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2026-03-31}
setting_types:
  - {id: mainstream, name: Mainstream school, element2_threshold: 6000}
  - {id: resourced, name: Resourced provision, place_funding: 6000}
  - {id: special, name: Special school, place_funding: 10000}
domains:
  - id: learning
    name: Learning
    levels:
      - {level: 0, score: 0, descriptor: None.}
      - {level: 1, score: 5, descriptor: Some.}
      - {level: 2, score: 10, descriptor: Much.}
      - {level: 3, score: 12.5, descriptor: Most.}
  - id: social
    name: Social
    levels:
      - {level: 0, score: 0, descriptor: None.}
      - {level: 1, score: 4, descriptor: Some.}
      - {level: 2, score: 7, descriptor: Much.}
      - {level: 3, score: 10, descriptor: Most.}
banding:
  score: learning + social
bands:
  - {id: N, name: No top-up, from: 0, to: 9, funding: none}
  - {id: L, name: Lower, from: 10, to: 19}
  - {id: H, name: Higher, from: 20}
tariffs:
  - id: fy25
    from: 2025-04-01
    to: 2026-03-31
    per: year
    amounts:
      L: {mainstream: 2000, resourced: 2500, special: 3000}
      H: {mainstream: 5000, resourced: 6000, special: 7500}
)";

struct Outcome {
    std::string band;
    std::string score;
    std::string topUp;
    std::string place;
};

Outcome bandOf(const RuleSetPtr& rs, const char* setting, const char* learning, const char* social, const char* asOf = "2025-09-01") {
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", setting}, {"level.learning", learning}, {"level.social", social}});
    Decision d;
    const bool ok = Banding(rs).decide(p, day(asOf), d);
    INFO(d.error);
    REQUIRE(ok);
    return {rs->bands[static_cast<std::size_t>(d.band)].id, d.score.toString(), d.topUp().format(), d.place().format()};
}

std::string errorOf(const RuleSetPtr& rs, const Profile& p, const char* asOf, std::string* field = nullptr) {
    Decision d;
    CHECK_FALSE(Banding(rs).decide(p, day(asOf), d));
    CHECK_FALSE(d.ok);
    if (field) *field = d.errorField;
    return d.error;
}

}  // namespace

TEST_CASE("a score exactly on a threshold falls into the higher band") {
    auto rs = loadOk(kThresholds);
    const Outcome at10 = bandOf(rs, "mainstream", "2", "0");
    CHECK(at10.band == "L");
    CHECK(at10.score == "10");
    const Outcome at20 = bandOf(rs, "mainstream", "2", "3");
    CHECK(at20.band == "H");
    CHECK(at20.score == "20");
    const Outcome at9 = bandOf(rs, "mainstream", "1", "1");
    CHECK(at9.band == "N");
    CHECK(at9.score == "9");
}

TEST_CASE("a fractional score belongs with its whole part") {
    auto rs = loadOk(kThresholds);
    const Outcome o = bandOf(rs, "special", "3", "2");  // 12.5 + 7
    CHECK(o.score == "19.5");
    CHECK(o.band == "L");
    CHECK(o.topUp == "3,000.00");
}

TEST_CASE("the top-up is the band's tariff for the setting type, and place funding follows the setting") {
    auto rs = loadOk(kThresholds);
    CHECK(bandOf(rs, "mainstream", "2", "3").topUp == "5,000.00");
    CHECK(bandOf(rs, "resourced", "2", "3").topUp == "6,000.00");
    CHECK(bandOf(rs, "special", "2", "3").topUp == "7,500.00");
    CHECK(bandOf(rs, "mainstream", "2", "3").place == "0.00");
    CHECK(bandOf(rs, "resourced", "2", "3").place == "6,000.00");
    CHECK(bandOf(rs, "special", "2", "3").place == "10,000.00");
}

TEST_CASE("a band with funding none gives no top-up but place funding is still paid") {
    auto rs = loadOk(kThresholds);
    const Outcome o = bandOf(rs, "special", "0", "1");
    CHECK(o.band == "N");
    CHECK(o.topUp == "0.00");
    CHECK(o.place == "10,000.00");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "special"}, {"level.learning", "0"}, {"level.social", "1"}});
    Decision d;
    REQUIRE(Banding(rs).decide(p, day("2025-09-01"), d));
    CHECK(d.tariffPeriod == nullptr);
    CHECK(d.components[0].exact == Num(0));
}

TEST_CASE("an as-of date outside the effective period is refused with the period named") {
    auto rs = loadOk(kThresholds);
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "special"}, {"level.learning", "2"}, {"level.social", "0"}});
    std::string field;
    CHECK(errorOf(rs, p, "2026-04-01", &field) ==
          "the as-of date 2026-04-01 is outside the rule set's effective period (2025-04-01 to 2026-03-31)");
    CHECK(field == "as_of");
    CHECK(errorOf(rs, p, "2025-03-31") ==
          "the as-of date 2025-03-31 is outside the rule set's effective period (2025-04-01 to 2026-03-31)");
    Decision d;
    CHECK(Banding(rs).decide(p, day("2025-04-01"), d));
    CHECK(Banding(rs).decide(p, day("2026-03-31"), d));
}

TEST_CASE("an open-ended rule set with tariffs is effective until its last tariff period ends, for every band") {
    // It used to band a child in a band without a tariff on any later date, and refuse one in a
    // priced band only when a decision hit the missing tariff.
    auto rs = loadOk(R"(sendband: 1
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
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "12"}});
    const Profile low = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "3"}});
    std::string field;
    CHECK(errorOf(rs, p, "2026-04-01", &field) == "the as-of date 2026-04-01 is outside the rule set's effective period (2025-04-01 to 2026-03-31)");
    CHECK(field == "as_of");
    CHECK(errorOf(rs, low, "2030-01-01") == "the as-of date 2030-01-01 is outside the rule set's effective period (2025-04-01 to 2026-03-31)");
    Decision d;
    CHECK(Banding(rs).decide(low, day("2026-03-31"), d));
    CHECK(d.topUp().format() == "0.00");
}

TEST_CASE("a decision in a period marked unpriced is refused with the rule set's reason; a band needing no tariff is decided") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01, effective_to: 2026-03-31}
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
  - {id: h1, from: 2025-04-01, to: 2025-09-30, per: year, amounts: {B: 1000}}
  - {id: h2, from: 2025-10-01, to: 2026-03-31, unpriced: "October rates not yet agreed"}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "12"}});
    CHECK(errorOf(rs, p, "2025-10-01") == "band B has no tariff on 2025-10-01: the rule set's period 'h2' (2025-10-01 to 2026-03-31) is unpriced: October rates not yet agreed");
    Decision d;
    CHECK(Banding(rs).decide(p, day("2025-09-30"), d));
    CHECK(d.topUp().format() == "1,000.00");
    const Profile low = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "3"}});
    CHECK(Banding(rs).decide(low, day("2025-10-01"), d));
}

TEST_CASE("banding rules: the first rule that holds gives the band, otherwise the otherwise band") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: special, name: Special school, place_funding: 10000}
domains:
  - id: learning
    name: Learning
    levels:
      - {level: 0, score: 0, descriptor: None.}
      - {level: 1, score: 5, descriptor: Some.}
      - {level: 2, score: 10, descriptor: Much.}
      - {level: 3, score: 15, descriptor: Most.}
banding:
  rules:
    - {when: primary_need == "PMLD" or level(learning) >= 3, band: H}
    - {when: learning >= 10 and setting != "mainstream", band: L}
    - {when: learning >= 5, band: H}
  otherwise: N
bands:
  - {id: N, name: No top-up, funding: none}
  - {id: L, name: Lower}
  - {id: H, name: Higher}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {L: 2000, H: 5000}}
)");
    const Banding banding(rs);
    Decision d;
    auto decide = [&](const char* need, const char* setting, const char* level) {
        const Profile p = makeProfile(*rs, {{"primary_need", need}, {"setting", setting}, {"level.learning", level}});
        REQUIRE(banding.decide(p, day("2025-09-01"), d));
        return rs->bands[static_cast<std::size_t>(d.band)].id;
    };
    CHECK(decide("PMLD", "mainstream", "0") == "H");
    CHECK(d.matchedRule == 0);
    CHECK(decide("ASD", "special", "3") == "H");
    CHECK(d.matchedRule == 0);
    CHECK(decide("ASD", "special", "2") == "L");
    CHECK(d.matchedRule == 1);
    CHECK(d.topUp().format() == "2,000.00");
    CHECK(decide("ASD", "mainstream", "2") == "H");  // rule 2 is skipped in mainstream; rule 3 holds
    CHECK(d.matchedRule == 2);
    CHECK(decide("ASD", "mainstream", "0") == "N");
    CHECK(d.matchedRule == -1);
    CHECK(d.topUp().format() == "0.00");
}

TEST_CASE("banding by a look-up table chooses the band the table names") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: special, name: Special school, place_funding: 10000}
tables:
  - id: matrix
    keys: [text, text]
    value: text
    default: N
    rows:
      - [ASD, mainstream, L]
      - [ASD, special, H]
banding:
  band: lookup(matrix, primary_need, setting)
bands:
  - {id: N, name: No top-up, funding: none}
  - {id: L, name: Lower}
  - {id: H, name: Higher}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {L: 2000, H: 5000}}
)");
    const Banding banding(rs);
    Decision d;
    auto decide = [&](const char* need, const char* setting) {
        const Profile p = makeProfile(*rs, {{"primary_need", need}, {"setting", setting}});
        return banding.decide(p, day("2025-09-01"), d);
    };
    REQUIRE(decide("ASD", "special"));
    CHECK(rs->bands[static_cast<std::size_t>(d.band)].id == "H");
    CHECK(d.topUp().format() == "5,000.00");
    CHECK(d.place().format() == "10,000.00");
    REQUIRE(decide("ASD", "mainstream"));
    CHECK(rs->bands[static_cast<std::size_t>(d.band)].id == "L");
    REQUIRE(decide("SLCN", "mainstream"));  // no row: the table's default
    CHECK(rs->bands[static_cast<std::size_t>(d.band)].id == "N");
    CHECK(d.topUp().format() == "0.00");
}

namespace {
const char* const kEntered = R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: special, name: Special school, place_funding: 10000}
inputs:
  - {id: points, name: Points, min: 0, whole_number: true}
banding:
  score: points
bands:
  - {id: L, name: Lower, from: 0, to: 59}
  - id: X
    name: Exceptional
    from: 60
    funding: entered
    entered_above: 20000
    approval: true
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {L: 3000}}
)";
}  // namespace

TEST_CASE("an individually costed band needs the entered amount") {
    auto rs = loadOk(kEntered);
    const Profile p = makeProfile(*rs, {{"primary_need", "PMLD"}, {"setting", "special"}, {"input.points", "60"}});
    std::string field;
    CHECK(errorOf(rs, p, "2025-09-01", &field) ==
          "band X (Exceptional) is individually costed: give entered_amount, the agreed amount a year");
    CHECK(field == "entered_amount");
}

TEST_CASE("an entered amount must be above entered_above, not equal to it") {
    auto rs = loadOk(kEntered);
    const Profile equal = makeProfile(*rs, {{"primary_need", "PMLD"}, {"setting", "special"}, {"input.points", "75"}, {"entered_amount", "20000"}});
    std::string field;
    CHECK(errorOf(rs, equal, "2025-09-01", &field) == "band X needs an entered amount above 20,000.00; got 20,000.00");
    CHECK(field == "entered_amount");

    const Profile above = makeProfile(*rs, {{"primary_need", "PMLD"}, {"setting", "special"}, {"input.points", "75"}, {"entered_amount", "20000.01"}});
    Decision d;
    REQUIRE(Banding(rs).decide(above, day("2025-09-01"), d));
    CHECK(rs->bands[static_cast<std::size_t>(d.band)].id == "X");
    CHECK(d.topUp().format() == "20,000.01");
    CHECK(d.place().format() == "10,000.00");
    CHECK(d.needsApproval);
    CHECK(d.tariffPeriod == nullptr);
}

TEST_CASE("an entered amount is ignored for a band priced by tariff") {
    auto rs = loadOk(kEntered);
    const Profile p = makeProfile(*rs, {{"primary_need", "PMLD"}, {"setting", "special"}, {"input.points", "59"}, {"entered_amount", "25000"}});
    Decision d;
    REQUIRE(Banding(rs).decide(p, day("2025-09-01"), d));
    CHECK(rs->bands[static_cast<std::size_t>(d.band)].id == "L");
    CHECK(d.topUp().format() == "3,000.00");
    CHECK_FALSE(d.needsApproval);
}

TEST_CASE("tariffs per term, month and week are turned into an annual amount") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2023-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9}
  - {id: B, name: Band B, from: 10}
weeks_per_year: 38
tariffs:
  - {id: y23, from: 2023-04-01, to: 2024-03-31, per: term, amounts: {A: 1044.85, B: 2000}}
  - {id: y24, from: 2024-04-01, to: 2025-03-31, per: month, amounts: {A: 100.01, B: 200}}
  - {id: y25, from: 2025-04-01, to: 2026-03-31, per: week, amounts: {A: 52.63, B: 100}}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "3"}});
    const Banding banding(rs);
    Decision d;
    REQUIRE(banding.decide(p, day("2023-09-01"), d));
    CHECK(d.tariffRate == *Num::parse("1044.85"));
    CHECK(d.topUp().format() == "3,134.55");  // 3 terms when the rule set lists none
    REQUIRE(banding.decide(p, day("2024-09-01"), d));
    CHECK(d.topUp().format() == "1,200.12");
    REQUIRE(banding.decide(p, day("2025-09-01"), d));
    CHECK(d.topUp().format() == "1,999.94");  // 38 x 52.63
}

TEST_CASE("a per-term tariff uses the number of terms the rule set lists") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
terms:
  - {name: Autumn 1, from: 09-01, to: 10-31}
  - {name: Autumn 2, from: 11-01, to: 12-31}
  - {name: Spring 1, from: 01-01, to: 02-15}
  - {name: Spring 2, from: 02-16, to: 04-15}
  - {name: Summer 1, from: 04-16, to: 05-31}
  - {name: Summer 2, from: 06-01, to: 08-31}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: term, amounts: {A: 500.50}}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "3"}});
    Decision d;
    REQUIRE(Banding(rs).decide(p, day("2025-09-01"), d));
    CHECK(d.topUp().format() == "3,003.00");
}

TEST_CASE("a tariff per hour is priced by the top-up formula over the provision hours") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: nursery, name: Nursery}
provision_types:
  - {id: support, name: One-to-one support}
  - {id: therapy, name: Therapy}
banding:
  score: hours()
bands:
  - {id: A, name: Band A, from: 0}
weeks_per_year: 38
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: hour, amounts: {A: 17.25}}
funding:
  top_up: tariff * hours("support") * weeks_per_year
)");
    ProfileBuilder b(*rs);
    for (auto [f, v] : {std::pair{"primary_need", "SLCN"}, {"setting", "nursery"}, {"hours.support", "10"}, {"hours.therapy", "2"}, {"hours.support", "2.5"}})
        REQUIRE(b.set(f, v) == "");
    REQUIRE(b.finish().empty());
    const Profile p = b.take();
    Decision d;
    REQUIRE(Banding(rs).decide(p, day("2025-09-01"), d));
    CHECK(d.score == Num::ratio(29, 2));
    CHECK(d.topUp().format() == "8,193.75");  // 17.25 x 12.5 x 38
}

TEST_CASE("a school's own tariff takes precedence over its setting type's") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: special, name: Special school, place_funding: 10000}
schools:
  - {id: "100001", name: Oak Tree School, setting_type: special}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9}
  - {id: B, name: Band B, from: 10}
tariffs:
  - id: fy25
    from: 2025-04-01
    to: 2026-03-31
    per: year
    amounts: {A: 3000, B: 7500}
    schools:
      B: {"100001": 8200}
  - id: fy26
    from: 2026-04-01
    to: 2027-03-31
    per: year
    uplift: {from: fy25, flat: 336, schools: {"100001": 500}}
)");
    const Banding banding(rs);
    Decision d;
    auto topUp = [&](const char* school, const char* points, const char* asOf) {
        const Profile p = makeProfile(*rs, {{"primary_need", "SLD"}, {"setting", "special"}, {"school", school}, {"input.points", points}});
        REQUIRE(banding.decide(p, day(asOf), d));
        return d.topUp().format();
    };
    CHECK(topUp("100001", "12", "2025-09-01") == "8,200.00");
    CHECK(d.tariffFromSchool);
    CHECK(topUp("100002", "12", "2025-09-01") == "7,500.00");
    CHECK_FALSE(d.tariffFromSchool);
    CHECK(topUp("100001", "5", "2025-09-01") == "3,000.00");  // no school price for band A
    CHECK_FALSE(d.tariffFromSchool);
    CHECK(topUp("100001", "12", "2026-09-01") == "8,700.00");  // the school's own flat uplift
    CHECK(d.tariffFromSchool);
    CHECK(topUp("100002", "12", "2026-09-01") == "7,836.00");
    CHECK(topUp("100001", "5", "2026-09-01") == "3,336.00");
    CHECK(rs->tariffs[1].derivation == "fy25 plus 336.00 flat (1 school(s) with their own uplift)");
}

TEST_CASE("a band priced only per school needs the school") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: special, name: Special school}
schools:
  - {id: "100001", name: Oak Tree School, setting_type: special}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, schools: {A: {"100001": 8200}}}
)");
    std::string field;
    const Profile noSchool = makeProfile(*rs, {{"primary_need", "SLD"}, {"setting", "special"}, {"input.points", "1"}});
    CHECK(errorOf(rs, noSchool, "2025-09-01", &field) == "band A is priced per school in fy25: give the school");
    CHECK(field == "school");
    const Profile other = makeProfile(*rs, {{"primary_need", "SLD"}, {"setting", "special"}, {"school", "100009"}, {"input.points", "1"}});
    CHECK(errorOf(rs, other, "2025-09-01") == "band A has no tariff in fy25 for school 100009 or setting type special");
}

TEST_CASE("a band limited to some settings is refused in the others") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
  - {id: resourced, name: Resourced provision}
  - {id: special, name: Special school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9}
  - {id: S, name: Specialist, from: 10, settings: [resourced, special]}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 1000, S: 9000}}
)");
    const Profile mainstream = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "10"}});
    std::string field;
    CHECK(errorOf(rs, mainstream, "2025-09-01", &field) == "band S applies only in resourced, special, not in mainstream");
    CHECK(field == "setting");
    const Profile special = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "special"}, {"input.points", "10"}});
    Decision d;
    REQUIRE(Banding(rs).decide(special, day("2025-09-01"), d));
    CHECK(d.topUp().format() == "9,000.00");
}

TEST_CASE("a percentage uplift is kept exact and rounded once at the end") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 1044.85}}
  - {id: fy26, from: 2026-04-01, to: 2027-03-31, per: year, uplift: {from: fy25, percent: 2.5}}
  - {id: fy27, from: 2027-04-01, to: 2028-03-31, per: year, uplift: {from: fy26, percent: 2.5}}
)");
    const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "1"}});
    Decision d;
    REQUIRE(Banding(rs).decide(p, day("2027-09-01"), d));
    // 1044.85 x 1.025 x 1.025 = 1097.74553125 exactly: rounded once, not twice (1070.97 x 1.025 = 1097.74425).
    CHECK(d.components[0].exact == *Num::parse("1097.74553125"));
    CHECK(d.topUp().format() == "1,097.75");
    CHECK(rs->tariffs[2].derivation == "fy26 plus 2.5%");
}

TEST_CASE("the declared rounding applies to every funding line, and later lines may use earlier ones") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
rounding: {mode: down, to: pound}
setting_types:
  - {id: mainstream, name: Mainstream school, element2_threshold: 6000}
  - {id: special, name: Special school, place_funding: 10000.99}
inputs:
  - {id: points, name: Points}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: term, amounts: {A: 1044.85}}
funding:
  other:
    - {id: inclusion, name: Inclusion supplement, expr: "if setting == \"mainstream\" then top_up / 3 else 0"}
    - {id: total, name: Total, expr: top_up + place + inclusion}
)");
    const Banding banding(rs);
    Decision d;
    const Profile m = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "1"}});
    REQUIRE(banding.decide(m, day("2025-09-01"), d));
    REQUIRE(d.components.size() == 4);
    CHECK(d.components[0].exact == *Num::parse("3134.55"));
    CHECK(d.components[0].annual.format() == "3,134.00");
    CHECK(d.components[2].exact == *Num::parse("1044.85"));
    CHECK(d.components[2].annual.format() == "1,044.00");
    CHECK(d.components[3].annual.format() == "4,179.00");  // 4,179.40 exactly, rounded down once
    const Profile s = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "special"}, {"input.points", "1"}});
    REQUIRE(banding.decide(s, day("2025-09-01"), d));
    CHECK(d.place().format() == "10,000.00");
    CHECK(d.components[2].annual.format() == "0.00");
    CHECK(d.components[3].annual.format() == "13,135.00");  // 3134.55 + 10000.99 = 13135.54
}

TEST_CASE("a rule set that reads age needs a date of birth or a year group") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: nursery, name: Nursery}
inputs:
  - {id: points, name: Points}
banding:
  rules:
    - {when: age < 5 and points > 3, band: E}
    - {when: nc_year >= 7, band: S}
  otherwise: P
bands:
  - {id: E, name: Early years}
  - {id: P, name: Primary}
  - {id: S, name: Secondary}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {E: 1000, P: 2000, S: 3000}}
)");
    const Banding banding(rs);
    Decision d;
    auto band = [&](const char* field, const char* value, const char* asOf) {
        const Profile p = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "nursery"}, {"input.points", "4"}, {field, value}});
        REQUIRE(banding.decide(p, day(asOf), d));
        return rs->bands[static_cast<std::size_t>(d.band)].id;
    };
    CHECK(band("date_of_birth", "2021-03-01", "2026-02-28") == "E");  // 4 the day before their birthday
    CHECK(band("date_of_birth", "2021-03-01", "2026-03-01") == "P");  // 5 on it
    CHECK(band("date_of_birth", "2014-08-31", "2025-09-01") == "S");  // Year 7
    CHECK(band("date_of_birth", "2014-09-01", "2025-09-01") == "P");  // Year 6
    CHECK(band("nc_year", "7", "2025-09-01") == "S");
    CHECK(band("nc_year", "0", "2025-09-01") == "E");  // Reception: without a date of birth, age is taken as 4 + nc_year
    CHECK(band("nc_year", "1", "2025-09-01") == "P");
    const Profile none = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "nursery"}, {"input.points", "4"}});
    std::string field;
    CHECK(errorOf(rs, none, "2025-09-01", &field) == "this rule set uses the child's age or year group: give date_of_birth or nc_year");
    CHECK(field == "date_of_birth");
}

TEST_CASE("a table look-up with no row and no default stops the decision, naming the rule and keys") {
    auto rs = loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: mainstream, name: Mainstream school}
inputs:
  - {id: points, name: Points}
tables:
  - id: weights
    keys: [text]
    value: number
    rows:
      - [ASD, 2]
derived:
  - id: weighted
    name: Weighted points
    expr: points * lookup(weights, primary_need)
banding:
  score: weighted
bands:
  - {id: A, name: Band A, from: 0}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {A: 1000}}
)");
    const Profile hi = makeProfile(*rs, {{"primary_need", "HI"}, {"setting", "mainstream"}, {"input.points", "4"}});
    std::string field;
    CHECK(errorOf(rs, hi, "2025-09-01", &field) == "Weighted points: table 'weights' has no entry for (\"HI\")");
    CHECK(field == "derived.weighted");
    const Profile asd = makeProfile(*rs, {{"primary_need", "ASD"}, {"setting", "mainstream"}, {"input.points", "4"}});
    Decision d;
    REQUIRE(Banding(rs).decide(asd, day("2025-09-01"), d));
    CHECK(d.score == Num(8));
}
