// Erasing a child's identifying data: what banding needs of the date of birth is kept as an age
// schedule, so that no figure changes; the erased plan is then left alone by every workflow, and
// an erasure undone behind the log's back is found.
#include "banding/AgeSchedule.h"
#include "banding/ProfileCodec.h"
#include "reports/Reports.h"
#include "store/CaseloadStore.h"
#include "store/CurrentPlans.h"
#include "store/Schema.h"
#include "store/SqliteDatabase.h"
#include "workflows/CaseloadImport.h"
#include "workflows/Consistency.h"
#include "workflows/Erasure.h"
#include "workflows/Overrides.h"
#include "workflows/PlanHistory.h"
#include "workflows/Reband.h"
#include "workflows/StateCheck.h"
#include "StoreTestSupport.h"
#include "TestSupport.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace sendband;
using sendband::test::day;
using sendband::test::memoryStore;
using sendband::test::readText;

namespace {

RuleSetPtr earlyYears(const std::string& more = "") {
    return test::loadOk(readText(fs::path(SENDBAND_SOURCE_DIR) / "rules/worcestershire-early-years.yaml") + more);
}

std::string erasureCsv() { return readText(fs::path(SENDBAND_TEST_DATA) / "fixtures/caseloads/erasure.csv"); }

std::string query(CaseloadStore& store, const std::string& sql) {
    auto s = store_internal::database(store).prepare(sql);
    REQUIRE(s->step());
    return s->isNull(0) ? std::string("NULL") : s->text(0);
}

const Actor kImporter{"A. Officer", "2024-09-15T09:00:00Z"};
const Actor kDpo{"D. Protection", "2025-09-01T10:00:00Z"};

void importOk(CaseloadStore& store, const RuleSetPtr& rs, const std::string& csv, const char* asOf = "2024-09-15") {
    const Banding banding(rs);
    const ImportResult r = importCaseload(store, banding, csv, "erasure.csv", day(asOf), kImporter);
    INFO((r.errors.empty() ? std::string() : r.errors.front().format("erasure.csv")));
    REQUIRE(r.ok());
}

// Every figure the store gives for a caseload: totals for the year by each breakdown, the
// consistency report and the export without identifying fields.
std::string figures(CaseloadStore& store, const char* fy) {
    std::string out;
    for (TotalsBy by : {TotalsBy::All, TotalsBy::Band, TotalsBy::Setting, TotalsBy::School, TotalsBy::Need})
        out += formatTotalsText(financialYearTotals(store, *parseFinancialYear(fy), by));
    out += formatConsistency(checkConsistency(store));
    out += caseloadCsv(loadCurrentPlans(store), false);
    return out;
}

}  // namespace

TEST_CASE("age schedule: pieces break on 1 September and on birthdays, 29 February counting as 1 March", "[erasure]") {
    const Date leapling = day("2020-02-29");
    CHECK(encodeAgeSchedule(makeAgeSchedule(leapling, day("2024-04-01"), day("2025-03-31"), true)) ==
          "2024-04-01,2024-08-31,-1,4;2024-09-01,2025-02-28,0,4;2025-03-01,2025-03-31,0,5");
    CHECK(encodeAgeSchedule(makeAgeSchedule(leapling, day("2027-09-01"), day("2028-08-31"), true)) ==
          "2027-09-01,2028-02-28,3,7;2028-02-29,2028-08-31,3,8");
    // Only the year group: no break at the birthday, and no age.
    CHECK(encodeAgeSchedule(makeAgeSchedule(leapling, day("2024-04-01"), day("2025-03-31"), false)) ==
          "2024-04-01,2024-08-31,-1,;2024-09-01,2025-03-31,0,");
    CHECK(encodeAgeSchedule(makeAgeSchedule(leapling, day("2024-06-01"), day("2024-06-01"), true)) == "2024-06-01,2024-06-01,-1,4");

    std::vector<AgePiece> back;
    REQUIRE(decodeAgeSchedule("2024-04-01,2024-08-31,-1,4;2024-09-01,2025-02-28,0,4;2025-03-01,2025-03-31,0,5", back) == "");
    REQUIRE(back.size() == 3);
    CHECK(encodeAgeSchedule(back) == "2024-04-01,2024-08-31,-1,4;2024-09-01,2025-02-28,0,4;2025-03-01,2025-03-31,0,5");
    CHECK(agePieceOn(back, dayNumber(day("2024-03-31"))) == nullptr);
    CHECK(agePieceOn(back, dayNumber(day("2024-04-01"))) == &back[0]);
    CHECK(agePieceOn(back, dayNumber(day("2025-02-28"))) == &back[1]);
    CHECK(agePieceOn(back, dayNumber(day("2025-03-31"))) == &back[2]);
    CHECK(agePieceOn(back, dayNumber(day("2025-04-01"))) == nullptr);
    REQUIRE(decodeAgeSchedule("", back) == "");
    CHECK(back.empty());
}

TEST_CASE("age schedule: stored text that is not a schedule is refused, naming the piece", "[erasure]") {
    std::vector<AgePiece> out;
    CHECK(decodeAgeSchedule("2024-04-01,2024-08-31,-1,4;2024-09-02,2025-03-31,0,4", out) ==
          "piece 2 (\"2024-09-02,2025-03-31,0,4\"): expected it to start the day after the piece before ends");
    CHECK(decodeAgeSchedule("2024-04-01,2024-08-31,-1", out) == "piece 1 (\"2024-04-01,2024-08-31,-1\"): expected FROM,TO,NC_YEAR,AGE");
    CHECK(decodeAgeSchedule("2024-04-01,2024-08-31,-1,4,5", out) == "piece 1 (\"2024-04-01,2024-08-31,-1,4,5\"): expected FROM,TO,NC_YEAR,AGE");
    CHECK(decodeAgeSchedule("2024-09-01,2024-08-31,0,4", out) ==
          "piece 1 (\"2024-09-01,2024-08-31,0,4\"): expected two dates, the first not after the second");
    CHECK(decodeAgeSchedule("2024-04-01,2024-08-31,x,4", out) == "piece 1 (\"2024-04-01,2024-08-31,x,4\"): expected a year group from -10 to 30");
    CHECK(decodeAgeSchedule("2024-04-01,2024-08-31,0,99", out) ==
          "piece 1 (\"2024-04-01,2024-08-31,0,99\"): expected an age from 0 to 40, or nothing");
    // The profile reader names the field.
    const RuleSetPtr rs = earlyYears();
    ProfileDecoder reader(*rs);
    const std::string profile = encodeProfile(*rs, test::makeProfile(*rs, {{"primary_need", "SLCN"}, {"setting", "early_years"},
                                                                          {"input.gr_level", "3"}, {"input.ehcp", "0"}, {"hours.nef", "15"}}));
    CHECK(reader.read("EY-1", profile, std::nullopt, "2024-04-01") == "age_schedule: piece 1 (\"2024-04-01\"): expected FROM,TO,NC_YEAR,AGE");
}

TEST_CASE("banding from an age schedule gives what the date of birth gave, and says which days it covers", "[erasure]") {
    const RuleSetPtr rs = earlyYears();
    const Banding banding(rs);
    // Turns 3 on 10 November 2024: the NEF rate for 3-4 year olds applies from then.
    Profile withDob = test::makeProfile(*rs, {{"primary_need", "SLCN"}, {"setting", "early_years"}, {"date_of_birth", "2021-11-10"},
                                              {"input.gr_level", "3"}, {"input.ehcp", "0"}, {"hours.nef", "15"}});
    Profile erased = withDob;
    erased.dateOfBirth.reset();
    erased.ageSchedule = makeAgeSchedule(day("2021-11-10"), day("2024-04-01"), day("2025-03-31"), true);
    Decision a, b;
    for (const char* on : {"2024-04-01", "2024-11-09", "2024-11-10", "2025-03-31"}) {
        INFO(on);
        REQUIRE(banding.decide(withDob, day(on), a));
        REQUIRE(banding.decide(erased, day(on), b));
        CHECK(a.band == b.band);
        REQUIRE(a.components.size() == b.components.size());
        for (std::size_t c = 0; c < a.components.size(); ++c) CHECK(a.components[c].exact == b.components[c].exact);
    }
    const PeriodAmount before = banding.amountFor(withDob, day("2024-04-01"), day("2025-03-31"));
    const PeriodAmount after = banding.amountFor(erased, day("2024-04-01"), day("2025-03-31"));
    REQUIRE(before.ok);
    REQUIRE(after.ok);
    REQUIRE(before.segments.size() == after.segments.size());
    for (std::size_t s = 0; s < before.segments.size(); ++s) {
        CHECK(before.segments[s].from == after.segments[s].from);
        CHECK(before.segments[s].to == after.segments[s].to);
    }
    REQUIRE(before.total.size() == after.total.size());
    for (std::size_t c = 0; c < before.total.size(); ++c) CHECK(before.total[c].pence() == after.total[c].pence());

    REQUIRE_FALSE(banding.decide(erased, day("2025-06-02"), b));
    CHECK(b.errorField == "date_of_birth");
    CHECK(b.error == "the child's date of birth was erased; their age was kept for 2024-04-01 to 2025-03-31, which does not include 2025-06-02");
    // This rule set reads age in years: a schedule of year groups alone cannot serve it.
    erased.ageSchedule = makeAgeSchedule(day("2021-11-10"), day("2024-04-01"), day("2025-03-31"), false);
    REQUIRE_FALSE(banding.decide(erased, day("2024-09-15"), b));
    CHECK(b.error == "the child's date of birth was erased and only their year group was kept; this rule set reads their age");
}

TEST_CASE("erasure: identifying data goes and every figure stays as it was, to the penny", "[erasure][store]") {
    auto store = memoryStore();
    importOk(*store, earlyYears(), erasureCsv());
    const std::string before = figures(*store, "2024-25");
    // The fixture was chosen so that age matters: EY-6 turns 3 inside the year and changes NEF rate.
    CHECK(before.find("Total            6  9,996.76           0.00  23,854.18  33,850.94") != std::string::npos);

    const ErasureOutcome o = eraseIdentity(*store, "EY-1", kDpo);
    REQUIRE(o.ok());
    CHECK(o.pseudonym == "P0000001");
    CHECK(formatDate(o.erasedOn) == "2025-09-01");
    CHECK(formatDate(*o.keptFrom) == "2024-04-01");
    CHECK(formatDate(*o.keptTo) == "2025-03-31");
    CHECK(o.pieces == 3);
    CHECK(o.ageInYears);
    CHECK(o.decisionsChecked == 1);
    for (const char* ref : {"EY-2", "EY-3", "EY-5", "EY-6"}) {
        INFO(ref);
        REQUIRE(eraseIdentity(*store, ref, kDpo).ok());
    }
    CHECK(figures(*store, "2024-25") == before);

    CHECK(query(*store, "SELECT count(*) FROM identities WHERE name IS NULL AND upn IS NULL AND date_of_birth IS NULL") == "5");
    CHECK(query(*store, "SELECT name || '/' || upn || '/' || date_of_birth FROM identities WHERE plan_id = 4") == "Child Four/A100000000004/2021-06-01");
    CHECK(query(*store, "SELECT age_schedule FROM plans WHERE reference = 'EY-1'") ==
          "2024-04-01,2024-08-31,-3,2;2024-09-01,2024-11-09,-2,2;2024-11-10,2025-03-31,-2,3");
    // No placement start: kept from the start of the rule set's period, where a year's totals begin.
    CHECK(query(*store, "SELECT age_schedule FROM plans WHERE reference = 'EY-6'") ==
          "2024-04-01,2024-08-31,-3,2;2024-09-01,2025-03-04,-2,2;2025-03-05,2025-03-31,-2,3");
    CHECK(query(*store, "SELECT group_concat(erased_on || ':' || source_hash, ' ') FROM plans WHERE erased_on IS NOT NULL") ==
          "2025-09-01:erased 2025-09-01:erased 2025-09-01:erased 2025-09-01:erased 2025-09-01:erased");
    CHECK(query(*store, "SELECT actor || ' ' || action || ' ' || entity || ' ' || after FROM audit_log WHERE action = 'plan.erase' ORDER BY seq LIMIT 1") ==
          "D. Protection plan.erase plan:P0000001 {\"erased_on\":\"2025-09-01\",\"age_kept\":{\"from\":\"2024-04-01\",\"to\":\"2025-03-31\","
          "\"age_in_years\":true},\"override_notes_cleared\":0}");
    CHECK(store->audit().verify().ok);
    const StateCheck state = checkStateAgainstLog(*store);
    CHECK(formatStateMismatches(state) == "");
    CHECK(state.erasuresChecked == 5);
    CHECK(state.plansChecked == 6);
}

TEST_CASE("erasure: refused, with the reason, when the placement has not ended; nothing changes", "[erasure][store]") {
    auto store = memoryStore();
    importOk(*store, earlyYears(), erasureCsv());
    const std::string audit = query(*store, "SELECT count(*) || ' ' || max(hash) FROM audit_log");
    auto refused = [&](const std::string& ref, const Actor& who) {
        const ErasureOutcome o = eraseIdentity(*store, ref, who);
        CHECK_FALSE(o.ok());
        return o.error;
    };
    CHECK(refused("EY-4", kDpo) ==
          "plan EY-4 has no placement end date; a child's identifying data is erased only after their placement has ended "
          "(import the plan with its placement_end first)");
    CHECK(refused("EY-1", Actor{"D. Protection", "2025-03-30T10:00:00Z"}) ==
          "plan EY-1's placement ends on 2025-03-31, after today (2025-03-30); a child's identifying data is erased only after their placement has ended");
    CHECK(refused("EY-9", kDpo) == "no plan with reference \"EY-9\" in this database");
    CHECK(refused("EY-1", Actor{"", "2025-09-01T10:00:00Z"}) == "an erasure must name the person who makes it (--by)");
    CHECK(query(*store, "SELECT count(*) || ' ' || max(hash) FROM audit_log") == audit);
    CHECK(query(*store, "SELECT count(*) FROM plans WHERE erased_on IS NOT NULL") == "0");
    CHECK(query(*store, "SELECT count(*) FROM identities WHERE date_of_birth IS NULL") == "0");
    REQUIRE(eraseIdentity(*store, "EY-1", kDpo).ok());
    CHECK(refused("EY-1", kDpo) == "the identifying data of plan EY-1 was already erased on 2025-09-01");
}

TEST_CASE("erased plans: re-banding and impact leave them out; override, approval, re-assessment and import refuse", "[erasure][store]") {
    auto store = memoryStore();
    const RuleSetPtr rs = earlyYears("overrides:\n  reasons:\n    - {code: PANEL, description: Decision of the panel}\n  approval_threshold: 0\n");
    importOk(*store, rs, erasureCsv());
    // An override awaiting approval, with a note that names the child: erasure clears the note.
    const OverrideOutcome made =
        createOverride(*store, OverrideRequest{"EY-1", "GR4", "PANEL", "Child One's mother asked", std::nullopt}, kImporter);
    INFO(made.error);
    REQUIRE(made.ok());
    const ErasureOutcome o = eraseIdentity(*store, "EY-1", kDpo);
    REQUIRE(o.ok());
    CHECK(o.notesCleared == 1);
    CHECK(query(*store, "SELECT '[' || note || ']' FROM overrides") == "[]");

    const Banding banding(rs);
    const RebandResult r = rebandCaseload(*store, banding, day("2025-01-15"), kImporter);
    REQUIRE(r.ok());
    CHECK(r.plans == 6);
    CHECK(r.erased == 1);
    CHECK(r.up + r.down + r.same == 5);
    CHECK(query(*store, "SELECT count(*) FROM decisions WHERE plan_id = 1") == "1");
    const ImpactReport impact = impactOf(*store, banding, nullptr, day("2025-01-15"));
    REQUIRE(impact.ok());
    CHECK(impact.plans == 5);
    CHECK(impact.erased == 1);

    const std::string kept = "; an erased plan is kept for audit and its band cannot be changed";
    CHECK(createOverride(*store, OverrideRequest{"EY-1", "GR2-under-3", "PANEL", "n", std::nullopt}, kImporter).error ==
          "plan EY-1: the child's identifying data was erased on 2025-09-01" + kept);
    CHECK(approveOverride(*store, "EY-1", Actor{"B. Manager", "2025-09-02T10:00:00Z"}).error ==
          "plan EY-1: the child's identifying data was erased on 2025-09-01" + kept);
    const Profile again = test::makeProfile(*rs, {{"primary_need", "SLCN"}, {"setting", "early_years"}, {"date_of_birth", "2021-11-10"},
                                                  {"input.gr_level", "2"}, {"input.ehcp", "0"}, {"hours.nef", "15"}});
    CHECK(saveAssessment(*store, 1, banding, again, day("2024-10-01"), kImporter).error ==
          "plan P0000001: the child's identifying data was erased on 2025-09-01; an erased plan is kept for audit and cannot be re-assessed");
    const ImportResult imp = importCaseload(*store, banding, erasureCsv(), "erasure.csv", day("2024-09-15"), kImporter);
    REQUIRE(imp.errors.size() == 1);
    CHECK(imp.errors.front().format("erasure.csv") ==
          "erasure.csv:2: column reference: the identifying data of plan \"EY-1\" was erased, so it is not imported again "
          "(a child who returns needs a new reference)");
    CHECK(query(*store, "SELECT count(*) FROM identities WHERE date_of_birth IS NULL") == "1");
    CHECK(formatStateMismatches(checkStateAgainstLog(*store)) == "");
}

TEST_CASE("erasure: a date of birth put back, or an erasure undone or added, behind the log is found", "[erasure][store]") {
    auto store = memoryStore();
    importOk(*store, earlyYears(), erasureCsv());
    REQUIRE(eraseIdentity(*store, "EY-1", kDpo).ok());
    REQUIRE(eraseIdentity(*store, "EY-2", kDpo).ok());
    Database& db = store_internal::database(*store);
    db.exec("UPDATE identities SET date_of_birth = '2021-11-10' WHERE plan_id = 1");
    db.exec("UPDATE plans SET erased_on = NULL WHERE id = 2");
    db.exec("UPDATE plans SET erased_on = '2025-09-01' WHERE id = 3");
    db.exec("UPDATE plans SET erased_on = '2025-08-01' WHERE id = 4");
    db.exec("INSERT INTO audit_log (seq, at, actor, action, entity, before, after, prev_hash, hash) SELECT 100, at, actor, action, 'plan:P0000004', "
            "before, after, prev_hash, hash FROM audit_log WHERE seq = 9");
    CHECK(formatStateMismatches(checkStateAgainstLog(*store)) ==
          "plan P0000001: identities.name, upn or date_of_birth is set, but the log (entry 9) says erased\n"
          "plan P0000002: plans.erased_on is not set, but the log (entry 10) says 2025-09-01\n"
          "plan P0000003: plans.erased_on is 2025-09-01, but the log records no erasure\n"
          "plan P0000004: plans.erased_on is 2025-08-01, but the log (entry 100) says 2025-09-01\n"
          "plan P0000004: identities.name, upn or date_of_birth is set, but the log (entry 100) says erased\n");
}

TEST_CASE("erasure: a rule set that reads only the year group keeps only the year group", "[erasure][store]") {
    const RuleSetPtr rs = test::loadOk(R"(sendband: 1
metadata: {authority: T, framework: F, version: "1", effective_from: 2025-04-01}
setting_types:
  - {id: school, name: School}
inputs:
  - {id: points, name: Points}
banding:
  rules:
    - {when: nc_year >= 7, band: S}
  otherwise: P
bands:
  - {id: P, name: Primary}
  - {id: S, name: Secondary}
tariffs:
  - {id: fy25, from: 2025-04-01, to: 2026-03-31, per: year, amounts: {P: 2000, S: 3000}}
)");
    auto store = memoryStore();
    // Year 6 until 31 August 2025, Year 7 from 1 September: 153 days at 2,000 and 212 at 3,000.
    importOk(*store, rs,
             "reference,name,date_of_birth,primary_need,setting_type,placement_start,placement_end,input.points\n"
             "N-1,Child N,2014-08-31,ASD,school,2025-04-01,2026-03-31,1\n",
             "2025-06-01");
    const std::string before = figures(*store, "2025-26");
    CHECK(before.find("Total      1  2,580.82           0.00  2,580.82") != std::string::npos);
    const ErasureOutcome o = eraseIdentity(*store, "N-1", Actor{"D. Protection", "2026-06-01T10:00:00Z"});
    REQUIRE(o.ok());
    CHECK_FALSE(o.ageInYears);
    CHECK(o.pieces == 2);
    CHECK(query(*store, "SELECT age_schedule FROM plans") == "2025-04-01,2025-08-31,6,;2025-09-01,2026-03-31,7,");
    CHECK(figures(*store, "2025-26") == before);
}
