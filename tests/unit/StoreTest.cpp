// The caseload store: import (all or nothing, idempotent), the audit log (append-only, hash
// chain, tampering behind the application's back), schema migrations, re-banding, overrides with
// approval and the consistency report.
#include "caseload/CaseloadBanding.h"
#include "workflows/CaseloadImport.h"
#include "store/CaseloadStore.h"
#include "workflows/Consistency.h"
#include "store/CurrentPlans.h"
#include "workflows/Overrides.h"
#include "workflows/Reband.h"
#include "workflows/StateCheck.h"
#include "store/Schema.h"
#include "store/SqliteDatabase.h"
#include "StoreTestSupport.h"
#include "TestSupport.h"

#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace sendband;
using sendband::test::day;
using sendband::test::memoryStore;
using sendband::test::readText;

namespace {

RuleSetPtr exampleRules() { return test::loadOk(readText(fs::path(SENDBAND_SOURCE_DIR) / "rules/example.yaml")); }

// The example rule set with some band ranges moved: scores 8-9 move up (B0 -> B1), scores 20-24
// and 30-34 move down (B2 -> B1, B3 -> B2).
std::string movedBandsYaml() {
    std::string y = readText(fs::path(SENDBAND_SOURCE_DIR) / "rules/example.yaml");
    auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = y.find(from);
        REQUIRE(at != std::string::npos);
        y.replace(at, from.size(), to);
    };
    replace("version: \"2025.1\"", "version: \"2025.2\"");
    replace("{id: B0, name: Universal and SEN support, from: 0, to: 9, funding: none}",
            "{id: B0, name: Universal and SEN support, from: 0, to: 7, funding: none}");
    replace("{id: B1, name: Band 1, from: 10, to: 19}", "{id: B1, name: Band 1, from: 8, to: 24}");
    replace("{id: B2, name: Band 2, from: 20, to: 29}", "{id: B2, name: Band 2, from: 25, to: 34}");
    replace("{id: B3, name: Band 3, from: 30, to: 39}", "{id: B3, name: Band 3, from: 35, to: 39}");
    return y;
}

const char* kHeader = "reference,upn,name,date_of_birth,primary_need,setting_type,school_urn,officer,level.communication,level.cognition,"
                      "level.semh,level.sensory_physical\n";

// 64 plans, every combination of levels 0-3 in three domains (never the individually costed band).
std::string caseloadCsv() {
    std::string csv = kHeader;
    int n = 0;
    for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b)
            for (int c = 0; c < 4; ++c) {
                ++n;
                char row[256];
                std::snprintf(row, sizeof row, "T-%03d,X%012d,Child %d,2015-03-0%d,ASD,mainstream,9100%02d,%s,%d,%d,%d,0\n", n, n, n, 1 + n % 9,
                              n % 7, n % 2 ? "A. Officer" : "C. Coordinator", a, b, c);
                csv += row;
            }
    return csv;
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "sendband-store-test-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

std::int64_t count(Database& db, const std::string& sql) {
    auto s = db.prepare(sql);
    REQUIRE(s->step());
    return s->int64(0);
}

std::string text(Database& db, const std::string& sql) {
    auto s = db.prepare(sql);
    REQUIRE(s->step());
    return s->text(0);
}

// Runs SQL on a database file through its own sqlite3 connection: behind the application's back.
std::string rawExec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    std::string msg;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) msg = err ? err : "error";
    sqlite3_free(err);
    sqlite3_close(db);
    return msg;
}

std::int64_t rawInt(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    const std::int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

std::string rawText(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    const std::string v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

const Actor kImporter{"Importer", "2026-01-15T09:00:00Z"};

// Overrides still counting although the plan has a newer decision than the one they override.
const char* const kStaleOverrides =
    "SELECT count(*) FROM overrides o WHERE o.status != 'superseded' AND o.decision_id != "
    "(SELECT max(id) FROM decisions d WHERE d.plan_id = o.plan_id)";

void importOk(CaseloadStore& store, const RuleSetPtr& rs, const std::string& csv, const char* asOf = "2026-01-15") {
    const Banding banding(rs);
    const ImportResult r = importCaseload(store, banding, csv, "test.csv", day(asOf), kImporter);
    INFO((r.errors.empty() ? std::string() : r.errors.front().format("test.csv")));
    REQUIRE(r.ok());
}

std::int64_t tableRows(Database& db) {
    std::int64_t n = 0;
    for (const char* t : {"rule_sets", "settings", "plans", "identities", "assessments", "decisions", "overrides", "audit_log"})
        n += count(db, std::string("SELECT count(*) FROM ") + t);
    return n;
}

}  // namespace

// ---------------------------------------------------------------------------------------- import

TEST_CASE("store: an import with one bad row in the middle stores nothing and names the row and column", "[store]") {
    auto store = memoryStore();
    std::string csv = caseloadCsv();
    const std::string good = "T-032,X000000000032,Child 32,2015-03-06,ASD,mainstream";
    const auto at = csv.find(good);
    REQUIRE(at != std::string::npos);
    csv.replace(at, good.size(), "T-032,X000000000032,Child 32,2015-03-06,ADS,mainstream");
    const Banding banding(exampleRules());
    const ImportResult r = importCaseload(*store, banding, csv, "test.csv", day("2026-01-15"), kImporter);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 33);
    CHECK(r.errors[0].column == "primary_need");
    CHECK(r.errors[0].format("test.csv").rfind("test.csv:33: column primary_need: \"ADS\" is not a SEN2 primary need code", 0) == 0);
    CHECK(tableRows(store_internal::database(*store)) == 0);
    CHECK(store->audit().verify().entries == 0);
}

TEST_CASE("store: importing the same file again changes nothing", "[store]") {
    auto store = memoryStore();
    const auto rs = exampleRules();
    importOk(*store, rs, caseloadCsv());
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM plans") == 64);
    const std::int64_t rows = tableRows(store_internal::database(*store));
    const auto head = store->audit().verify();
    REQUIRE(head.ok);
    CHECK(head.entries == 1 + 64 + 1);  // rule set, each plan, the import

    const Banding banding(rs);
    const ImportResult again = importCaseload(*store, banding, caseloadCsv(), "test.csv", day("2026-01-15"), kImporter);
    REQUIRE(again.ok());
    CHECK(again.added == 0);
    CHECK(again.changed == 0);
    CHECK(again.unchanged == 64);
    CHECK(tableRows(store_internal::database(*store)) == rows);
    const auto after = store->audit().verify();
    CHECK(after.entries == head.entries);
    CHECK(after.headHash == head.headHash);
}

// ------------------------------------------------------------------------------------- audit log

TEST_CASE("store: the audit log's triggers refuse UPDATE and DELETE", "[store][audit]") {
    auto store = memoryStore();
    importOk(*store, exampleRules(), caseloadCsv());
    auto refused = [&](const std::string& sql) {
        try {
            store_internal::database(*store).exec(sql);
        } catch (const StoreError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    CHECK(refused("UPDATE audit_log SET actor = 'Mallory' WHERE seq = 2") == "the audit log is append-only");
    CHECK(refused("DELETE FROM audit_log WHERE seq = 2") == "the audit log is append-only");
    CHECK(store->audit().verify().ok);
}

TEST_CASE("store: audit verify names the first entry edited, deleted, inserted or reordered behind the application's back",
          "[store][audit]") {
    TempDir dir;
    const std::string base = dir.file("base.db");
    {
        auto store = CaseloadStore::createSqlite(base);
        importOk(*store, exampleRules(), caseloadCsv());
        const auto v = store->audit().verify();
        REQUIRE(v.ok);
        REQUIRE(v.entries == 66);
    }
    const char* dropTriggers = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";
    auto tampered = [&](const std::string& name, const std::string& sql) {
        const std::string path = dir.file(name);
        fs::copy_file(base, path);
        REQUIRE(rawExec(path, std::string(dropTriggers) + sql) == "");
        auto store = CaseloadStore::openSqlite(path);
        return store->audit().verify();
    };

    SECTION("edited") {
        const auto v = tampered("edited.db", "UPDATE audit_log SET after = replace(after, '\"band\":\"B', '\"band\":\"X') WHERE seq = 5;");
        CHECK_FALSE(v.ok);
        CHECK(v.badSeq == 5);
        CHECK(v.problem == "entry 5 was changed after it was written: its content no longer matches its hash");
    }
    SECTION("deleted") {
        const auto v = tampered("deleted.db", "DELETE FROM audit_log WHERE seq = 7;");
        CHECK_FALSE(v.ok);
        CHECK(v.badSeq == 7);
        CHECK(v.problem == "entry 7 is missing: the log jumps from entry 6 to entry 8 (deleted?)");
    }
    SECTION("inserted, with a correctly computed hash of its own") {
        // Make room at 10 by renumbering 10.. upward, then insert a well-formed entry chained to 9.
        sqlite3* db = nullptr;
        const std::string path = dir.file("inserted.db");
        fs::copy_file(base, path);
        REQUIRE(rawExec(path, std::string(dropTriggers) +
                                  "UPDATE audit_log SET seq = -seq WHERE seq >= 10; UPDATE audit_log SET seq = 1 - seq WHERE seq < 0;") == "");
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        sqlite3_stmt* s = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "SELECT hash FROM audit_log WHERE seq = 9", -1, &s, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(s) == SQLITE_ROW);
        AuditEntry e;
        e.seq = 10;
        e.at = "2026-01-15T09:00:00Z";
        e.actor = "Mallory";
        e.action = "plan.import";
        e.entity = "plan:P9999999";
        e.after = "{\"band\":\"B5\"}";
        e.prevHash = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        e.hash = AuditLog::entryHash(e);
        const std::string insert = "INSERT INTO audit_log (seq, at, actor, action, entity, before, after, prev_hash, hash) VALUES (10, '" + e.at +
                                   "', '" + e.actor + "', '" + e.action + "', '" + e.entity + "', NULL, '" + e.after + "', '" + e.prevHash +
                                   "', '" + e.hash + "')";
        REQUIRE(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
        auto store = CaseloadStore::openSqlite(path);
        const auto v = store->audit().verify();
        CHECK_FALSE(v.ok);
        CHECK(v.badSeq == 11);
        CHECK(v.problem ==
              "entry 11 does not follow entry 10: its recorded previous hash differs from that entry's hash (inserted, deleted or reordered entries)");
    }
    SECTION("reordered") {
        const auto v = tampered("reordered.db",
                                "UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; "
                                "UPDATE audit_log SET seq = 4 WHERE seq = -1;");
        CHECK_FALSE(v.ok);
        CHECK(v.badSeq == 3);
        CHECK(v.problem ==
              "entry 3 does not follow entry 2: its recorded previous hash differs from that entry's hash (inserted, deleted or reordered entries)");
    }
}

// -------------------------------------------------------------------------------------- schema

TEST_CASE("store: a file that is not a sendband database is refused, byte for byte untouched; only create makes one", "[store][schema]") {
    TempDir dir;
    auto refusal = [&](const std::string& path) {
        const std::string before = readText(path);
        std::string message = "(opened)";
        try {
            CaseloadStore::openSqlite(path);
        } catch (const StoreError& e) {
            message = e.what();
        }
        CHECK(readText(path) == before);
        CHECK_FALSE(fs::exists(path + "-wal"));
        CHECK_FALSE(fs::exists(path + "-journal"));
        return message;
    };
    const std::string other = dir.file("other.db");
    REQUIRE(rawExec(other, "CREATE TABLE contacts (name); CREATE TABLE calls (at); INSERT INTO contacts VALUES ('x');") == "");
    CHECK(refusal(other) == "not a sendband database: the file holds another program's tables (calls, contacts); nothing was changed");
    const std::string tagged = dir.file("tagged.db");
    REQUIRE(rawExec(tagged, "PRAGMA application_id = 42; CREATE TABLE plans (x); CREATE TABLE meta (x); CREATE TABLE audit_log (x); "
                            "PRAGMA user_version = 1;") == "");
    CHECK(refusal(tagged) == "not a sendband database: the file belongs to another program (its SQLite application id is 42); nothing was changed");
    const std::string empty = dir.file("empty.db");
    std::ofstream(empty, std::ios::binary).close();
    CHECK(refusal(empty) ==
          "not a sendband database: the file is empty; a database is made by `sendband import` or the app's File > New; nothing was changed");
    CHECK(fs::file_size(empty) == 0);
    const std::string text = dir.file("notes.db");
    std::ofstream(text, std::ios::binary) << "reference,name\nEXA-1,Someone\n";
    CHECK(refusal(text) == "not a sendband database: the file is not an SQLite database at all; nothing was changed");
    try {
        CaseloadStore::openSqlite(dir.file("missing.db"));
        FAIL("a missing database was opened");
    } catch (const StoreError& e) {
        CHECK(std::string(e.what()) == "there is no database at " + dir.file("missing.db") + " (unable to open database file)");
    }
    CHECK_FALSE(fs::exists(dir.file("missing.db")));
    // Creating refuses another program's file as well, and marks its own.
    try {
        CaseloadStore::createSqlite(other);
        FAIL("another program's database was taken over");
    } catch (const StoreError& e) {
        CHECK(std::string(e.what()) == "not a sendband database: the file holds another program's tables (calls, contacts); nothing was changed");
    }
    const std::string made = dir.file("made.db");
    CaseloadStore::createSqlite(made);
    CHECK(rawInt(made, "PRAGMA application_id") == kSendbandApplicationId);
    CHECK_NOTHROW(CaseloadStore::openSqlite(made));
}

TEST_CASE("store: a database newer than the code is refused and left untouched", "[store][schema]") {
    TempDir dir;
    const std::string path = dir.file("newer.db");
    REQUIRE(rawExec(path, "CREATE TABLE keep (x); INSERT INTO keep VALUES (1); PRAGMA user_version = 99; PRAGMA application_id = 1396854340;") == "");
    try {
        CaseloadStore::openSqlite(path);
        FAIL("a newer database was opened");
    } catch (const StoreError& e) {
        CHECK(std::string(e.what()) == "the database has schema version 99, newer than this program understands (" +
                                           std::to_string(latestSchemaVersion()) + "); use a newer sendband");
    }
    CHECK(rawInt(path, "PRAGMA user_version") == 99);
    CHECK(rawInt(path, "SELECT count(*) FROM sqlite_master WHERE name != 'keep'") == 0);
    CHECK(rawInt(path, "SELECT count(*) FROM keep") == 1);
}

TEST_CASE("store: a database made with the first schema is upgraded with its data kept", "[store][schema]") {
    auto db = std::make_unique<SqliteDatabase>(":memory:");
    migrateTo(*db, 1);
    REQUIRE(db->schemaVersion() == 1);
    db->exec("INSERT INTO plans (id, reference, pseudonym, primary_need, setting_type, source_hash) VALUES (1, 'OLD-1', 'P0000001', 'ASD', 'special', 'h')");
    CHECK(migrate(*db) == 1);
    CHECK(db->schemaVersion() == latestSchemaVersion());
    CHECK(text(*db, "SELECT reference || '/' || pseudonym || '/' || primary_need || '/' || setting_type FROM plans") == "OLD-1/P0000001/ASD/special");
    CHECK(count(*db, "SELECT review_due IS NULL FROM plans WHERE id = 1") == 1);
    db->exec("UPDATE plans SET review_due = '2026-09-01' WHERE id = 1");
    CHECK(text(*db, "SELECT review_due FROM plans WHERE id = 1") == "2026-09-01");
}

TEST_CASE("store: the kept version-1 database (tests/fixtures/db/schema-v1.sql) upgrades and still verifies", "[store][schema]") {
    TempDir dir;
    const std::string path = dir.file("v1.db");
    REQUIRE(rawExec(path, readText(fs::path(SENDBAND_TEST_DATA) / "fixtures/db/schema-v1.sql")) == "");
    REQUIRE(rawInt(path, "PRAGMA user_version") == 1);
    auto store = CaseloadStore::openSqlite(path);
    CHECK(store_internal::database(*store).schemaVersion() == latestSchemaVersion());
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM plans") == 2);
    CHECK(text(store_internal::database(*store), "SELECT group_concat(reference || ':' || coalesce(review_due, '-'), ',') FROM plans") == "V1-0001:-,V1-0002:-");
    CHECK(text(store_internal::database(*store), "SELECT upn FROM identities WHERE plan_id = 2") == "X000000000002");
    CHECK(text(store_internal::database(*store), "SELECT band FROM decisions WHERE plan_id = 1") == "B1");
    CHECK(rawInt(path, "PRAGMA application_id") == kSendbandApplicationId);  // schema 4 marks the file
    // Schema 3: no plan of an old database is erased.
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM plans WHERE erased_on IS NULL AND age_schedule IS NULL") == 2);
    const auto v = store->audit().verify();
    CHECK(v.ok);
    CHECK(v.entries == 2);
}

// ------------------------------------------------------------------------------------ overrides

namespace {
const CurrentPlan& planOf(const std::vector<CurrentPlan>& plans, const std::string& ref) {
    for (const auto& p : plans)
        if (p.reference == ref) return p;
    FAIL("no plan " << ref);
    return plans.front();
}
}  // namespace

TEST_CASE("store: an override above the threshold counts only once someone else approves it", "[store][overrides]") {
    auto store = memoryStore();
    importOk(*store, exampleRules(), caseloadCsv());
    // T-002: levels 0,0,1 -> score 4 -> B0 (no top-up). B2 mainstream is 3,500.00 in 2025-26: above the 2,000 threshold.
    const CurrentPlan before = planOf(loadCurrentPlans(*store), "T-002");
    REQUIRE(before.band == "B0");
    const std::int64_t audit0 = store->audit().verify().entries;

    const Actor ann{"Ann Officer", "2026-01-16T10:00:00Z"}, bob{"Bob Manager", "2026-01-16T11:00:00Z"};
    SECTION("reason codes and bands come from the rule set, and bad requests store nothing") {
        auto o = createOverride(*store, {"T-002", "B2", "HUNCH", "because", std::nullopt}, ann);
        CHECK(o.error == "\"HUNCH\" is not an override reason of the plan's rule set (Example needs-led banding framework 2025.1); "
                         "expected one of: EVIDENCE, TRANSITION, PANEL");
        o = createOverride(*store, {"T-002", "B9", "EVIDENCE", "because", std::nullopt}, ann);
        CHECK(o.error == "\"B9\" is not a band of the plan's rule set (Example needs-led banding framework 2025.1); "
                         "expected one of: B0, B1, B2, B3, B4, B5, B6");
        o = createOverride(*store, {"T-002", "B6", "PANEL", "because", std::nullopt}, ann);
        CHECK(o.error == "band B6 (Exceptional (individually costed)) is individually costed: give its agreed amount a year with --amount");
        o = createOverride(*store, {"NOPE", "B2", "EVIDENCE", "because", std::nullopt}, ann);
        CHECK(o.error == "no plan with reference \"NOPE\" in this database");
        CHECK(count(store_internal::database(*store), "SELECT count(*) FROM overrides") == 0);
        CHECK(store->audit().verify().entries == audit0);
    }
    SECTION("awaiting approval until a different person approves") {
        const auto o = createOverride(*store, {"T-002", "B2", "EVIDENCE", "Speech and language report of 10 January", std::nullopt}, ann);
        REQUIRE(o.ok());
        CHECK(o.status == OverrideStatus::AwaitingApproval);
        CHECK(o.topUpPence == 350000);
        CHECK(o.effectPence == 350000);
        CHECK(o.thresholdPence == std::optional<std::int64_t>(200000));
        const CurrentPlan waiting = planOf(loadCurrentPlans(*store), "T-002");
        CHECK(waiting.awaitingApproval());
        CHECK(waiting.effectiveBand() == "B0");
        CHECK(waiting.effectiveTopUp().pence() == 0);

        const auto self = approveOverride(*store, "T-002", ann);
        CHECK(self.error == "override 1 on plan T-002 was made by Ann Officer; it must be approved by someone else");
        CHECK(planOf(loadCurrentPlans(*store), "T-002").effectiveBand() == "B0");
        CHECK(store->audit().verify().entries == audit0 + 1);

        const auto ok = approveOverride(*store, "T-002", bob);
        REQUIRE(ok.ok());
        const CurrentPlan approved = planOf(loadCurrentPlans(*store), "T-002");
        CHECK(approved.overrideInForce());
        CHECK(approved.effectiveBand() == "B2");
        CHECK(approved.effectiveTopUp().pence() == 350000);
        CHECK(text(store_internal::database(*store), "SELECT approver FROM overrides WHERE id = 1") == "Bob Manager");
        CHECK(approveOverride(*store, "T-002", bob).error == "plan T-002 has no override awaiting approval (its override 1 is already in force)");

        // The audit log names the plan by pseudonym only, with before and after.
        CHECK(text(store_internal::database(*store), "SELECT group_concat(action || ' ' || entity || ' ' || actor, '|') FROM audit_log WHERE seq > " +
                                    std::to_string(audit0)) ==
              "override.create plan:" + before.pseudonym + " Ann Officer|override.approve plan:" + before.pseudonym + " Bob Manager");
        CHECK(text(store_internal::database(*store), "SELECT after FROM audit_log WHERE action = 'override.approve'") ==
              "{\"override\":1,\"band\":\"B2\",\"top_up\":\"3500.00\",\"place\":\"0.00\",\"reason\":\"EVIDENCE\",\"officer\":\"Ann Officer\","
              "\"status\":\"in_force\",\"approver\":\"Bob Manager\"}");
        CHECK(count(store_internal::database(*store), "SELECT count(*) FROM audit_log WHERE before LIKE '%Child%' OR after LIKE '%Child%' OR after LIKE '%X0000%'") == 0);
        CHECK(store->audit().verify().ok);
    }
    SECTION("an override within the threshold is in force at once") {
        // T-005: levels 0,1,0 -> score 4 -> B0; B1 mainstream is 1,500.00, within 2,000.
        const auto o = createOverride(*store, {"T-005", "B1", "TRANSITION", "Moving to secondary in September", std::nullopt}, ann);
        REQUIRE(o.ok());
        CHECK(o.status == OverrideStatus::InForce);
        CHECK(o.effectPence == 150000);
        CHECK(planOf(loadCurrentPlans(*store), "T-005").effectiveBand() == "B1");
    }
}

TEST_CASE("store: two connections to one file take turns at the audit log, neither reusing the other's entry number",
          "[store][audit]") {
    // The app's window and its background jobs each open their own connection. Before the head of
    // the log was read inside each write transaction, the window chained its second override to
    // the entry it had written itself, not to the re-band's last one: "UNIQUE constraint failed".
    TempDir dir;
    const std::string path = dir.file("shared.db");
    importOk(*CaseloadStore::createSqlite(path), exampleRules(), caseloadCsv());
    auto window = CaseloadStore::openSqlite(path);
    auto job = CaseloadStore::openSqlite(path);
    const std::int64_t before = window->audit().verify().entries;
    const Actor ann{"Ann Officer", "2026-01-16T10:00:00Z"};

    const auto first = createOverride(*window, {"T-002", "B2", "EVIDENCE", "Speech and language report of 10 January", std::nullopt}, ann);
    REQUIRE(first.ok());
    const RebandResult r = rebandCaseload(*job, Banding(test::loadOk(movedBandsYaml())), day("2026-01-15"), kImporter);
    REQUIRE(r.ok());
    REQUIRE(r.recorded > 0);
    const auto second = createOverride(*window, {"T-005", "B2", "EVIDENCE", "Panel of 20 January", std::nullopt}, ann);
    INFO(second.error);
    REQUIRE(second.ok());
    const RebandResult back = rebandCaseload(*job, Banding(exampleRules()), day("2026-01-15"), kImporter);
    REQUIRE(back.ok());

    // override + (rule_set.load, a decision.reband per changed plan, caseload.reband) + override
    // + (a decision.reband per plan changed back, caseload.reband; that rule set is stored already)
    const AuditVerification v = window->audit().verify();
    CHECK(v.ok);
    CHECK(v.problem == "");
    CHECK(v.entries == before + 1 + static_cast<std::int64_t>(r.recorded) + 2 + 1 + static_cast<std::int64_t>(back.recorded) + 1);
    CHECK(rawInt(path, "SELECT count(*) FROM audit_log WHERE action = 'decision.reband'") ==
          static_cast<std::int64_t>(r.recorded + back.recorded));
    CHECK(rawInt(path, "SELECT count(*) FROM audit_log WHERE action = 'override.create'") == 2);
}

TEST_CASE("store: a connection opened during another's bulk write waits for it instead of failing at once", "[store][locking]") {
    // A bulk write (a large import) switches the file to a rollback journal until it ends, and
    // SQLite refuses a newcomer's switch back to WAL at once, whatever the busy timeout: an
    // override beside a long import failed with "database is locked" after 0.05 s.
    TempDir dir;
    const std::string path = dir.file("bulk.db");
    importOk(*CaseloadStore::createSqlite(path), exampleRules(), caseloadCsv());
    auto importer = CaseloadStore::openSqlite(path);
    auto tx = std::make_unique<CaseloadStore::WriteTransaction>(*importer, true);
    REQUIRE(rawText(path, "PRAGMA journal_mode") == "delete");  // the bulk write's journal
    std::atomic<bool> committed{false};
    auto officer = std::async(std::launch::async, [&] {
        auto store = CaseloadStore::openSqlite(path);  // waits here until the import is done
        const bool afterCommit = committed.load();
        const auto o = createOverride(*store, {"T-002", "B2", "EVIDENCE", "Report of 10 January", std::nullopt}, {"Ann Officer", "2026-01-16T10:00:00Z"});
        return std::pair{afterCommit, o.error};
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    committed = true;
    tx->commit();
    tx.reset();  // ends the bulk write: WAL again
    const auto [afterCommit, error] = officer.get();
    CHECK(error == "");
    CHECK(afterCommit);
    CHECK(rawText(path, "PRAGMA journal_mode") == "wal");
    CHECK(rawInt(path, "SELECT count(*) FROM overrides") == 1);
}

TEST_CASE("store: two approvals of one override at the same moment: exactly one succeeds, 20 rounds out of 20", "[store][overrides]") {
    // Each approval reads the override inside its own write transaction, so the second to take
    // the write lock sees the first's approval and is refused.
    TempDir dir;
    const std::string path = dir.file("race.db");
    importOk(*CaseloadStore::createSqlite(path), exampleRules(), caseloadCsv());
    const Actor ann{"Ann Officer", "2026-01-16T10:00:00Z"};
    const Actor bob{"Bob Manager", "2026-01-16T11:00:00Z"}, cat{"Cat Manager", "2026-01-16T11:00:00Z"};
    for (int round = 0; round < 20; ++round) {
        auto officer = CaseloadStore::openSqlite(path);
        // T-002 is B0; B2 and B3 alternate so that each round makes a new override above the threshold.
        const auto o = createOverride(*officer, {"T-002", round % 2 ? "B3" : "B2", "EVIDENCE", "Report", std::nullopt}, ann);
        REQUIRE(o.ok());
        REQUIRE(o.status == OverrideStatus::AwaitingApproval);
        auto first = CaseloadStore::openSqlite(path), second = CaseloadStore::openSqlite(path);
        ApprovalOutcome a, b;
        std::thread t([&] { a = approveOverride(*first, "T-002", bob); });
        b = approveOverride(*second, "T-002", cat);
        t.join();
        INFO("round " << round << ": " << a.error << " / " << b.error);
        CHECK(a.ok() != b.ok());
        const std::string refused = a.ok() ? b.error : a.error;
        CHECK(refused == "plan T-002 has no override awaiting approval (its override " + std::to_string(o.overrideId) + " is already in force)");
    }
    CHECK(rawInt(path, "SELECT count(*) FROM audit_log WHERE action = 'override.approve'") == 20);
    CHECK(rawInt(path, "SELECT count(*) FROM overrides WHERE status = 'in_force'") == 1);
    CHECK(CaseloadStore::openSqlite(path)->audit().verify().ok);
}

TEST_CASE("store: a rule set without an approval threshold makes every override need approval", "[store][overrides]") {
    std::string y = readText(fs::path(SENDBAND_SOURCE_DIR) / "rules/example.yaml");
    const std::string line = "  approval_threshold: 2000\n";
    REQUIRE(y.find(line) != std::string::npos);
    y.erase(y.find(line), line.size());
    auto store = memoryStore();
    importOk(*store, test::loadOk(y), caseloadCsv());
    const auto o = createOverride(*store, {"T-005", "B1", "TRANSITION", "small change", std::nullopt}, {"Ann Officer", "2026-01-16T10:00:00Z"});
    REQUIRE(o.ok());
    CHECK_FALSE(o.thresholdPence);
    CHECK(o.status == OverrideStatus::AwaitingApproval);
}

// ------------------------------------------------------------------------------------ re-banding

TEST_CASE("store: reband records decisions only for changed plans and counts up, down and same exactly", "[store][reband]") {
    auto store = memoryStore();
    const auto oldRules = exampleRules();
    const auto newRules = test::loadOk(movedBandsYaml());
    importOk(*store, oldRules, caseloadCsv());
    // An override on a plan that will move, which the new decision must supersede.
    const Actor ann{"Ann Officer", "2026-01-16T10:00:00Z"};

    // Expected, worked out independently from the profiles with the engine's own decoder.
    std::size_t up = 0, down = 0, same = 0, changed = 0;
    std::string movingRef;
    const Banding oldB(oldRules), newB(newRules);
    for (const CurrentPlan& p : loadCurrentPlans(*store)) {
        ProfileDecoder decoder(*newRules);
        REQUIRE(decoder.read(p.reference, p.profile, std::nullopt) == "");
        Decision d;
        REQUIRE(newB.decide(decoder.profile(), day("2026-01-15"), d));
        const int oldIndex = oldRules->bandIndex(p.band);
        if (d.band > oldIndex) ++up;
        else if (d.band < oldIndex) ++down;
        else ++same;
        if (newRules->bands[static_cast<std::size_t>(d.band)].id != p.band || d.topUp().pence() != p.topUp.pence()) {
            ++changed;
            if (movingRef.empty() && d.band < oldIndex && oldIndex >= 1) movingRef = p.reference;
        }
    }
    REQUIRE(up > 0);
    REQUIRE(down > 0);
    REQUIRE(same > 0);
    REQUIRE(changed == up + down);  // the tariffs are the same: only a band change changes the money here
    // The exact figures for this caseload (64 plans): pinned so that a change to either is seen.
    CHECK(up == 3);
    CHECK(down == 17);
    CHECK(same == 44);
    REQUIRE(!movingRef.empty());
    REQUIRE(createOverride(*store, {movingRef, "B5", "PANEL", "panel decision", std::nullopt}, ann).ok());

    const std::int64_t decisions0 = count(store_internal::database(*store), "SELECT count(*) FROM decisions");
    const std::int64_t audit0 = store->audit().verify().entries;
    const Actor rebander{"Finance Lead", "2026-01-20T09:00:00Z"};
    const RebandResult r = rebandCaseload(*store, newB, day("2026-01-15"), rebander);
    REQUIRE(r.ok());
    CHECK(r.plans == 64);
    CHECK(r.up == up);
    CHECK(r.down == down);
    CHECK(r.same == same);
    CHECK(r.recorded == changed);
    CHECK(r.sameBandNewAmounts == 0);
    CHECK(r.ruleSetAdded);
    CHECK(r.overridesSuperseded == std::vector<std::string>{movingRef});
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM decisions") == decisions0 + static_cast<std::int64_t>(changed));
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM decisions d JOIN rule_sets r ON r.id = d.rule_set_id WHERE r.version = '2025.2'") ==
          static_cast<std::int64_t>(changed));
    // New decisions keep the assessment of the decision they replace.
    CHECK(count(store_internal::database(*store), "SELECT count(DISTINCT assessment_id) FROM decisions") == 64);
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM audit_log WHERE action = 'decision.reband'") == static_cast<std::int64_t>(changed));
    CHECK(store->audit().verify().entries == audit0 + 1 /* rule set */ + static_cast<std::int64_t>(changed) + 1 /* caseload.reband */);
    CHECK(planOf(loadCurrentPlans(*store), movingRef).overrideId == std::nullopt);
    CHECK(text(store_internal::database(*store), "SELECT status FROM overrides") == "superseded");

    // The same again: nothing differs, so nothing at all is written.
    const std::int64_t rows = tableRows(store_internal::database(*store));
    const RebandResult again = rebandCaseload(*store, newB, day("2026-01-15"), rebander);
    REQUIRE(again.ok());
    CHECK(again.recorded == 0);
    CHECK(again.same == 64);
    CHECK(tableRows(store_internal::database(*store)) == rows);
    CHECK(store->audit().verify().ok);
}

TEST_CASE("store: reband is all or nothing when a plan cannot be banded", "[store][reband]") {
    auto store = memoryStore();
    importOk(*store, exampleRules(), caseloadCsv());
    store_internal::database(*store).exec("UPDATE assessments SET profile = replace(profile, 'level.semh=2', 'level.semh=9') WHERE plan_id IN (3, 7)");
    const std::int64_t rows = tableRows(store_internal::database(*store));
    const RebandResult r = rebandCaseload(*store, Banding(test::loadOk(movedBandsYaml())), day("2026-01-15"), kImporter);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].reference == "T-003");
    CHECK(r.problems[0].message == "level.semh: level \"9\" is out of range for Social, emotional and mental health (expected one of: 0, 1, 2, 3, 4)");
    CHECK(r.problems[1].reference == "T-007");
    CHECK(tableRows(store_internal::database(*store)) == rows);

    const RebandResult late = rebandCaseload(*store, Banding(exampleRules()), day("2027-06-01"), kImporter);
    CHECK(late.error == "the as-of date 2027-06-01 is outside the rule set's effective period (2025-04-01 to 2027-03-31)");
    CHECK(tableRows(store_internal::database(*store)) == rows);
}

// ----------------------------------------------------------------------------------- consistency

TEST_CASE("store: consistency finds a tampered decision, like needs with unlike bands, and override rates", "[store][consistency]") {
    auto store = memoryStore();
    importOk(*store, exampleRules(), caseloadCsv());
    ConsistencyReport clean = checkConsistency(*store);
    CHECK(clean.ok());
    CHECK(clean.decisionsChecked == 64);
    CHECK(clean.likeNeedsUnlikeBands.empty());

    SECTION("a decision changed behind the application's back") {
        store_internal::database(*store).exec("UPDATE decisions SET band = 'B5' WHERE plan_id = 2");
        const ConsistencyReport r = checkConsistency(*store);
        CHECK_FALSE(r.ok());
        REQUIRE(r.irreproducible.size() == 1);
        CHECK(r.irreproducible[0].reference == "T-002");
        CHECK(r.irreproducible[0].storedBand == "B5");
        CHECK(r.irreproducible[0].recomputedBand == "B0");
        CHECK(formatConsistency(r).find("  T-002 (P0000002) decision 2, rule set ") != std::string::npos);
        CHECK(formatConsistency(r).find(": stored B5 (top-up 0.00, place 0.00); recomputed B0 (top-up 0.00, place 0.00)\n") != std::string::npos);
    }
    SECTION("two plans with identical needs banded under two rule sets") {
        // A second file, one new plan with T-022's needs (levels 1,1,1,0, score 12), banded under rules where 12 is B0.
        std::string y = readText(fs::path(SENDBAND_SOURCE_DIR) / "rules/example.yaml");
        const std::string from = "{id: B0, name: Universal and SEN support, from: 0, to: 9, funding: none}";
        y.replace(y.find(from), from.size(), "{id: B0, name: Universal and SEN support, from: 0, to: 14, funding: none}");
        const std::string b1 = "{id: B1, name: Band 1, from: 10, to: 19}";
        y.replace(y.find(b1), b1.size(), "{id: B1, name: Band 1, from: 15, to: 19}");
        importOk(*store, test::loadOk(y), std::string(kHeader) + "U-001,,,,ASD,mainstream,910099,A. Officer,1,1,1,0\n");
        const ConsistencyReport r = checkConsistency(*store);
        CHECK(r.ok());  // each decision reproduces under its own rule set
        REQUIRE(r.likeNeedsUnlikeBands.size() == 1);
        const auto& g = r.likeNeedsUnlikeBands[0];
        CHECK(g.needs == "primary_need=ASD;setting_type=mainstream;level.communication=1;level.cognition=1;level.semh=1;level.sensory_physical=0");
        REQUIRE(g.members.size() == 2);
        CHECK(g.members[0].band == "B0");
        CHECK(g.members[0].reference == "U-001");
        CHECK(g.members[1].band == "B1");
        CHECK(g.members[1].reference == "T-022");
    }
    SECTION("override rates by officer and by reason") {
        const Actor ann{"A. Officer", "2026-01-16T10:00:00Z"};
        REQUIRE(createOverride(*store, {"T-002", "B2", "EVIDENCE", "n", std::nullopt}, ann).ok());
        REQUIRE(createOverride(*store, {"T-005", "B1", "TRANSITION", "n", std::nullopt}, ann).ok());
        REQUIRE(createOverride(*store, {"T-006", "B1", "TRANSITION", "n", std::nullopt}, {"Panel Chair", "2026-01-16T10:00:00Z"}).ok());
        const ConsistencyReport r = checkConsistency(*store);
        CHECK(r.overrides == 3);
        REQUIRE(r.byOfficer.size() == 2);
        CHECK(r.byOfficer[0].key == "A. Officer");
        CHECK(r.byOfficer[0].overrides == 2);
        CHECK(r.byOfficer[0].plans == 32);
        CHECK(r.byOfficer[0].awaiting == 1);
        CHECK(r.byOfficer[0].inForce == 1);
        CHECK(r.byOfficer[1].key == "Panel Chair");
        CHECK(r.byOfficer[1].plans == 0);
        REQUIRE(r.byReason.size() == 2);
        CHECK(r.byReason[0].key == "EVIDENCE");
        CHECK(r.byReason[1].key == "TRANSITION");
        CHECK(r.byReason[1].overrides == 2);
        const std::string out = formatConsistency(r);
        CHECK(out.find("    A. Officer: 2 made (1 in force, 1 awaiting approval, 0 superseded); 32 plan(s); rate 6.2%\n") != std::string::npos);
        CHECK(out.find("    TRANSITION: 2 (2 in force, 0 awaiting approval, 0 superseded); rate 3.1%\n") != std::string::npos);
    }
}

namespace {
std::string journalMode(Database& db) {
    auto s = db.prepare("PRAGMA journal_mode");
    REQUIRE(s->step());
    return s->text(0);
}
}  // namespace

TEST_CASE("store: a bulk write uses a rollback journal when the database is not shared, and WAL again after", "[store]") {
    TempDir dir;
    const std::string path = dir.file("bulk.db");
    SqliteDatabase db(path);
    migrate(db);  // a sendband database: the second connection below refuses any other file
    CHECK(journalMode(db) == "wal");
    db.bulkWrite(true);
    CHECK(journalMode(db) == "delete");
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    db.bulkWrite(false);
    CHECK(journalMode(db) == "wal");

    // Another connection open (the app beside the CLI): the switch is refused and WAL stays.
    SqliteDatabase other(path);
    CHECK(journalMode(other) == "wal");
    db.bulkWrite(true);
    CHECK(journalMode(db) == "wal");
    db.exec("INSERT INTO t VALUES (2)");
    db.bulkWrite(false);
    CHECK(journalMode(db) == "wal");
    CHECK(rawInt(path, "SELECT count(*) FROM t") == 2);
}

// ----------------------------------------------------------------- progress and cancellation (JobControl)

#include "core/JobControl.h"
#include "reports/Reports.h"
#include "core/Sha256.h"

namespace {

// `copies` times the 64 needs profiles of caseloadCsv(), as plans B-00001...: enough rows for
// several of a job's batches (import 1024 rows, reband 8192 read and 2048 written, impact,
// consistency and verify 8192).
std::string bigCaseloadCsv(int copies) {
    std::string csv = kHeader;
    int n = 0;
    for (int k = 0; k < copies; ++k)
        for (int a = 0; a < 4; ++a)
            for (int b = 0; b < 4; ++b)
                for (int c = 0; c < 4; ++c) {
                    ++n;
                    char row[256];
                    std::snprintf(row, sizeof row, "B-%05d,Y%012d,Child %d,2015-03-0%d,ASD,mainstream,9100%02d,%s,%d,%d,%d,0\n", n, n, n, 1 + n % 9,
                                  n % 7, n % 2 ? "A. Officer" : "C. Coordinator", a, b, c);
                    csv += row;
                }
    return csv;
}

constexpr int kCopies = 192;                   // 12,288 plans
constexpr std::size_t kBigPlans = 64 * kCopies;

// Everything stored, table by table and row by row, hashed: equal hashes mean equal content.
std::string contentHash(Database& db) {
    std::vector<std::string> tables;
    {
        auto t = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        while (t->step()) tables.push_back(t->text(0));
    }
    std::string all;
    for (const std::string& table : tables) {
        std::string row;
        auto c = db.prepare("SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid");
        while (c->step()) row += (row.empty() ? "quote(\"" : " || ',' || quote(\"") + c->text(0) + "\")";
        auto s = db.prepare("SELECT coalesce(group_concat(r, char(10)), '') FROM (SELECT " + row + " AS r FROM \"" + table + "\" ORDER BY rowid)");
        REQUIRE(s->step());
        all += table + "\n" + s->text(0) + "\n";
    }
    return sha256Hex(all);
}

struct StoreState {
    std::int64_t plans = 0, decisions = 0, audit = 0;
    std::string head, content;
};

StoreState stateOf(CaseloadStore& store) {
    StoreState s;
    s.plans = count(store_internal::database(store), "SELECT count(*) FROM plans");
    s.decisions = count(store_internal::database(store), "SELECT count(*) FROM decisions");
    s.audit = count(store_internal::database(store), "SELECT count(*) FROM audit_log");
    const AuditVerification v = store.audit().verify();
    REQUIRE(v.ok);
    s.head = v.headHash;
    s.content = contentHash(store_internal::database(store));
    return s;
}

void checkSame(CaseloadStore& store, const StoreState& before) {
    const StoreState now = stateOf(store);  // verifies the audit chain too
    CHECK(now.plans == before.plans);
    CHECK(now.decisions == before.decisions);
    CHECK(now.audit == before.audit);
    CHECK(now.head == before.head);
    CHECK(now.content == before.content);
}

// Cancels the job the first time it advances past zero within `stage`.
void cancelPartWay(JobControl& job, const std::string& stage) {
    job.onAdvance = [&job, stage](std::size_t done) {
        if (done > 0 && stage == job.stageName()) job.cancel();
    };
}

std::unique_ptr<CaseloadStore> bigStore() {
    auto store = memoryStore();
    importOk(*store, exampleRules(), bigCaseloadCsv(kCopies));
    return store;
}

}  // namespace

TEST_CASE("job: a cancelled import stores nothing, whether cancelled before it starts or part-way, and a finished one reports every row",
          "[store][job]") {
    auto store = memoryStore();
    const auto rs = exampleRules();
    importOk(*store, rs, caseloadCsv());  // something there already, which must stay exactly as it is
    const StoreState before = stateOf(*store);
    const Banding banding(rs);
    const std::string csv = bigCaseloadCsv(kCopies);

    {
        JobControl job;
        job.cancel();
        CHECK_THROWS_AS(importCaseload(*store, banding, csv, "big.csv", day("2026-01-15"), kImporter, &job), JobCancelled);
        CHECK(std::string(job.stageName()).empty());
        checkSame(*store, before);
    }
    {
        JobControl job;
        cancelPartWay(job, "Banding and storing");
        CHECK_THROWS_AS(importCaseload(*store, banding, csv, "big.csv", day("2026-01-15"), kImporter, &job), JobCancelled);
        CHECK(std::string(job.stageName()) == "Banding and storing");
        CHECK(job.total() == kBigPlans);
        CHECK(job.done() == 1024);  // stopped after the first batch
        checkSame(*store, before);
    }
    {
        // The same store afterwards: the audit chain continues from the entry really stored.
        JobControl job;
        const ImportResult r = importCaseload(*store, banding, csv, "big.csv", day("2026-01-15"), kImporter, &job);
        REQUIRE(r.ok());
        CHECK(r.added == kBigPlans);
        CHECK(std::string(job.stageName()) == "Banding and storing");
        CHECK(job.total() == kBigPlans);
        CHECK(job.done() == kBigPlans);
        const AuditVerification v = store->audit().verify();
        CHECK(v.ok);
        CHECK(v.entries == before.audit + static_cast<std::int64_t>(kBigPlans) + 1);
        CHECK(count(store_internal::database(*store), "SELECT count(*) FROM plans") == before.plans + static_cast<std::int64_t>(kBigPlans));
    }
    {
        // Importing it again changes nothing, and the progress still reaches the end.
        JobControl job;
        const ImportResult r = importCaseload(*store, banding, csv, "big.csv", day("2026-01-15"), kImporter, &job);
        REQUIRE(r.ok());
        CHECK(r.unchanged == kBigPlans);
        CHECK(job.done() == kBigPlans);
        CHECK(job.total() == kBigPlans);
    }
}

TEST_CASE("job: a cancelled reband writes nothing, in any stage, and a finished one reports every new decision", "[store][job][reband]") {
    auto store = bigStore();
    const StoreState before = stateOf(*store);
    const Banding moved(test::loadOk(movedBandsYaml()));
    const Actor rebander{"Finance Lead", "2026-01-20T09:00:00Z"};

    {
        JobControl job;
        job.cancel();
        CHECK_THROWS_AS(rebandCaseload(*store, moved, day("2026-01-15"), rebander, &job), JobCancelled);
        CHECK(std::string(job.stageName()).empty());
        checkSame(*store, before);
    }
    for (const char* stage : {"Reading plans", "Banding", "Writing"}) {
        INFO(stage);
        JobControl job;
        cancelPartWay(job, stage);
        CHECK_THROWS_AS(rebandCaseload(*store, moved, day("2026-01-15"), rebander, &job), JobCancelled);
        CHECK(std::string(job.stageName()) == stage);
        if (std::string(stage) == "Reading plans") {
            CHECK(job.total() == kBigPlans);
            CHECK(job.done() == 8192);
        } else if (std::string(stage) == "Writing") {
            CHECK(job.total() == 20 * static_cast<std::size_t>(kCopies));  // 3 up and 17 down in every 64
            CHECK(job.done() == 2048);                                  // stopped after the first batch
        } else {
            CHECK(job.total() == kBigPlans);
        }
        checkSame(*store, before);
    }

    // The same store afterwards: a reband runs to the end and the audit chain follows on.
    JobControl job;
    const RebandResult r = rebandCaseload(*store, moved, day("2026-01-15"), rebander, &job);
    REQUIRE(r.ok());
    CHECK(r.plans == kBigPlans);
    CHECK(r.up == 3 * static_cast<std::size_t>(kCopies));
    CHECK(r.down == 17 * static_cast<std::size_t>(kCopies));
    CHECK(r.recorded == 20 * static_cast<std::size_t>(kCopies));
    CHECK(std::string(job.stageName()) == "Writing");
    CHECK(job.total() == r.recorded);
    CHECK(job.done() == r.recorded);
    const AuditVerification v = store->audit().verify();
    CHECK(v.ok);
    CHECK(v.entries == before.audit + 1 /* rule set */ + static_cast<std::int64_t>(r.recorded) + 1 /* caseload.reband */);
}

TEST_CASE("job: an exception on a re-band's worker threads reaches the caller and nothing is stored", "[store][job][reband]") {
    auto store = memoryStore();
    importOk(*store, exampleRules(), caseloadCsv());
    const std::int64_t rows = tableRows(store_internal::database(*store));
    JobControl job;
    // advance() runs on the thread that did the work: a throw there is a throw on a worker.
    job.onAdvance = [&job](std::size_t) {
        if (std::string(job.stageName()) == "Banding") throw std::runtime_error("a worker failed");
    };
    CHECK_THROWS_WITH(rebandCaseload(*store, Banding(test::loadOk(movedBandsYaml())), day("2026-01-15"), kImporter, &job), "a worker failed");
    CHECK(tableRows(store_internal::database(*store)) == rows);
    CHECK(store->audit().verify().ok);
}

TEST_CASE("job: an exception while an import writes stops its preparing thread, reaches the caller, and nothing is stored", "[store][job][import]") {
    auto store = memoryStore();
    const std::int64_t rows = tableRows(store_internal::database(*store));
    JobControl job;
    job.onAdvance = [](std::size_t) { throw std::runtime_error("the writer failed"); };
    const Banding banding(exampleRules());
    CHECK_THROWS_WITH(importCaseload(*store, banding, caseloadCsv(), "test.csv", day("2026-01-15"), kImporter, &job), "the writer failed");
    CHECK(tableRows(store_internal::database(*store)) == rows);
    // The same store carries on: nothing cached from the rolled-back import lingers.
    importOk(*store, exampleRules(), caseloadCsv());
    CHECK(store->audit().verify().ok);
}

TEST_CASE("job: impact stops when cancelled and otherwise compares every plan, with the same figures as without a job",
          "[store][job]") {
    auto store = bigStore();
    const Banding moved(test::loadOk(movedBandsYaml()));
    const StoreState before = stateOf(*store);
    {
        JobControl job;
        job.cancel();
        CHECK_THROWS_AS(impactOf(*store, moved, nullptr, day("2026-01-15"), false, &job), JobCancelled);
    }
    {
        JobControl job;
        cancelPartWay(job, "Comparing plans");
        CHECK_THROWS_AS(impactOf(*store, moved, nullptr, day("2026-01-15"), false, &job), JobCancelled);
        CHECK(job.total() == kBigPlans);
        CHECK(job.done() == 8192);
    }
    JobControl job;
    const ImpactReport r = impactOf(*store, moved, nullptr, day("2026-01-15"), false, &job);
    REQUIRE(r.ok());
    CHECK(std::string(job.stageName()) == "Comparing plans");
    CHECK(job.total() == kBigPlans);
    CHECK(job.done() == kBigPlans);
    CHECK(r.plans == kBigPlans);
    CHECK(r.up == 3 * static_cast<std::size_t>(kCopies));
    CHECK(r.down == 17 * static_cast<std::size_t>(kCopies));
    const ImpactReport plain = impactOf(*store, moved, nullptr, day("2026-01-15"));
    CHECK(plain.total.currentPence == r.total.currentPence);
    CHECK(plain.total.proposedPence == r.total.proposedPence);
    checkSame(*store, before);
}

TEST_CASE("job: the consistency check stops when cancelled and otherwise re-runs every decision", "[store][job][consistency]") {
    auto store = bigStore();
    const StoreState before = stateOf(*store);
    {
        JobControl job;
        job.cancel();
        CHECK_THROWS_AS(checkConsistency(*store, &job), JobCancelled);
    }
    {
        JobControl job;
        cancelPartWay(job, "Re-running decisions");
        CHECK_THROWS_AS(checkConsistency(*store, &job), JobCancelled);
        CHECK(job.total() == kBigPlans);
        CHECK(job.done() == 8192);
    }
    JobControl job;
    const ConsistencyReport r = checkConsistency(*store, &job);
    CHECK(r.ok());
    CHECK(r.decisionsChecked == kBigPlans);
    CHECK(std::string(job.stageName()) == "Re-running decisions");
    CHECK(job.total() == kBigPlans);
    CHECK(job.done() == kBigPlans);
    checkSame(*store, before);
}

TEST_CASE("job: audit verify stops when cancelled and otherwise checks every entry", "[store][job][audit]") {
    auto store = bigStore();
    const std::size_t entries = 1 /* rule set */ + kBigPlans + 1 /* caseload.import */;
    {
        JobControl job;
        job.cancel();
        CHECK_THROWS_AS(store->audit().verify(&job), JobCancelled);
    }
    {
        JobControl job;
        cancelPartWay(job, "Verifying the audit log");
        CHECK_THROWS_AS(store->audit().verify(&job), JobCancelled);
        CHECK(job.total() == entries);
        CHECK(job.done() == 8192);
    }
    JobControl job;
    const AuditVerification v = store->audit().verify(&job);
    CHECK(v.ok);
    CHECK(v.entries == static_cast<std::int64_t>(entries));
    CHECK(std::string(job.stageName()) == "Verifying the audit log");
    CHECK(job.total() == entries);
    CHECK(job.done() == entries);
    CHECK(v.headHash == store->audit().verify().headHash);
}

TEST_CASE("job: after a cancelled import into an empty store, the same store imports the file whole (no stale school ids)",
          "[store][job]") {
    auto store = memoryStore();
    const auto rs = exampleRules();
    const Banding banding(rs);
    const std::string csv = bigCaseloadCsv(kCopies);
    {
        JobControl job;
        cancelPartWay(job, "Banding and storing");
        CHECK_THROWS_AS(importCaseload(*store, banding, csv, "big.csv", day("2026-01-15"), kImporter, &job), JobCancelled);
        CHECK(count(store_internal::database(*store), "SELECT count(*) FROM settings") == 0);
    }
    const ImportResult r = importCaseload(*store, banding, csv, "big.csv", day("2026-01-15"), kImporter);
    REQUIRE(r.ok());
    CHECK(r.added == kBigPlans);
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM plans p LEFT JOIN settings s ON s.id = p.setting_id "
                             "WHERE p.setting_id IS NOT NULL AND s.id IS NULL") == 0);
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM settings") > 0);
    CHECK(store->audit().verify().ok);
}

// Old Mac exports end lines with a CR alone. Before CR was read as a line end everywhere, the
// up-front check saw one long header line and no rows, the writer saw every row, and a row that
// repeated another's reference overwrote that plan with the other child's data ("1 changed").
TEST_CASE("store: a caseload with CR-only line ends is read as LF is: checked the same, stored the same", "[store][import]") {
    auto store = memoryStore();
    importOk(*store, exampleRules(), caseloadCsv());
    const std::int64_t rows = tableRows(store_internal::database(*store));
    const std::string content = contentHash(store_internal::database(*store));
    auto crOnly = [](std::string csv) {
        for (char& c : csv)
            if (c == '\n') c = '\r';
        return csv;
    };
    const Banding banding(exampleRules());
    SECTION("a repeated reference is refused, naming both lines, and nothing changes") {
        std::string csv = kHeader;
        csv += "T-001,X000000000001,Child 1,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
        csv += "T-001,X000000000002,Child 2,2015-03-03,ASD,mainstream,910002,A. Officer,3,3,3,0\n";
        const ImportResult r = importCaseload(*store, banding, crOnly(csv), "cr.csv", day("2026-01-15"), kImporter);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].format("cr.csv") == "cr.csv:3: column reference: \"T-001\" already appears on line 2");
        CHECK(tableRows(store_internal::database(*store)) == rows);
        CHECK(contentHash(store_internal::database(*store)) == content);
    }
    SECTION("the same plans with CR line ends are the same plans: nothing new, nothing changed") {
        const ImportResult r = importCaseload(*store, banding, crOnly(caseloadCsv()), "cr.csv", day("2026-01-15"), kImporter);
        REQUIRE(r.ok());
        CHECK(r.added == 0);
        CHECK(r.changed == 0);
        CHECK(r.unchanged == 64);
        CHECK(contentHash(store_internal::database(*store)) == content);
    }
    SECTION("band --caseload bands every row of a CR-only file") {
        const CaseloadBandingRun run = bandCaseloadCsv(crOnly(caseloadCsv()), banding, day("2026-01-15"), day("2026-01-15"), day("2026-01-15"));
        CHECK(run.errors.empty());
        CHECK(run.plans == 64);
    }
}

// References that look alike but differ (a space, a zero-width space, capitals) used to become
// new plans beside the real one; invalid UTF-8 and NUL bytes went into the store as they were.
TEST_CASE("store: a reference with a space or an invisible character, or a field that is not UTF-8, is refused with its line and column",
          "[store][import]") {
    auto store = memoryStore();
    const Banding banding(exampleRules());
    std::string csv = kHeader;
    csv += "T 001,X000000000001,Child 1,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
    csv += " T-002,X000000000002,Child 2,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
    csv += "T-\xE2\x80\x8B" "003,X000000000003,Child 3,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
    csv += "T-004,X000000000004,Ren\xE9,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
    csv += std::string("T-005,X000000000005,Child") + '\0' + " 5,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
    csv += "T-006,X000000000006,Child 6,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
    const ImportResult r = importCaseload(*store, banding, csv, "refs.csv", day("2026-01-15"), kImporter);
    std::vector<std::string> got;
    for (const auto& e : r.errors) got.push_back(e.format("refs.csv"));
    CHECK(got == std::vector<std::string>{
                     "refs.csv:2: column reference: expected a reference of letters, digits and - _ / . only (no spaces or other characters), got \"T 001\"",
                     "refs.csv:3: column reference: expected a reference of letters, digits and - _ / . only (no spaces or other characters), got \" T-002\"",
                     "refs.csv:4: column reference: expected a reference of letters, digits and - _ / . only (no spaces or other characters), got \"T-\xE2\x80\x8B" "003\"",
                     "refs.csv:5: column name: invalid UTF-8 (byte 0xE9 at character 4): save the file as UTF-8",
                     "refs.csv:6: column name: a NUL byte at character 6: text may not contain one"});
    CHECK(count(store_internal::database(*store), "SELECT count(*) FROM plans") == 0);
}

TEST_CASE("store: references that differ only in capitals are one plan: repeated in a file or beside a stored one, they are refused",
          "[store][import]") {
    auto store = memoryStore();
    importOk(*store, exampleRules(), caseloadCsv());
    const std::string content = contentHash(store_internal::database(*store));
    const Banding banding(exampleRules());
    SECTION("in one file") {
        std::string csv = kHeader;
        csv += "X-001,X000000000001,Child 1,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
        csv += "x-001,X000000000002,Child 2,2015-03-02,ASD,mainstream,910001,A. Officer,1,1,1,0\n";
        const ImportResult r = importCaseload(*store, banding, csv, "case.csv", day("2026-01-15"), kImporter);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].format("case.csv") ==
              "case.csv:3: column reference: \"x-001\" already appears on line 2 as \"X-001\" (references that differ only in capitals name the same plan)");
    }
    SECTION("beside a stored plan: the other child's data never replaces it, and no second plan appears") {
        std::string csv = kHeader;
        csv += "T-099,X000000000099,Child 99,2015-03-02,ASD,mainstream,910001,A. Officer,0,0,0,0\n";
        csv += "t-001,X000000000002,Child 2,2015-03-02,ASD,mainstream,910001,A. Officer,3,3,3,0\n";
        const ImportResult r = importCaseload(*store, banding, csv, "case.csv", day("2026-01-15"), kImporter);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].format("case.csv") ==
              "case.csv:3: column reference: \"t-001\" is stored as \"T-001\" (references that differ only in capitals name the same plan): write it as stored");
        CHECK(r.added == 0);
    }
    CHECK(contentHash(store_internal::database(*store)) == content);
}

// An officer's name or a school's name typed as a formula ran when finance opened the CSV export.
TEST_CASE("store: exported text that a spreadsheet would run as a formula is written as text", "[store][export]") {
    auto store = memoryStore();
    const char* header = "reference,upn,name,date_of_birth,primary_need,setting_type,school_urn,school_name,officer,level.communication,"
                         "level.cognition,level.semh,level.sensory_physical\n";
    const std::string csv = std::string(header) +
                            "F-001,-2+3,+SUM(1;2),2015-03-02,ASD,mainstream,910001,@cmd,\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",1,1,1,1\n";
    importOk(*store, exampleRules(), csv);
    TempDir dir;
    const std::string out = dir.file("export.csv");
    REQUIRE(exportCaseload(*store, ExportFormat::Csv, out, true).ok());
    std::ifstream in(out);
    std::string head, row;
    std::getline(in, head);
    std::getline(in, row);
    CHECK(row == "F-001,P0000001,'+SUM(1;2),'-2+3,2015-03-02,ASD,mainstream,910001,'@cmd,,,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\","
                 "B1,B1,none,1500.00,0.00");
    if (xlsxAvailable()) {
        const std::string book = dir.file("export.xlsx");
        REQUIRE(exportCaseload(*store, ExportFormat::Xlsx, book, true).ok());
        const std::string sheet = dir.file("sheet1.xml");
        REQUIRE(std::system(("unzip -p '" + book + "' xl/worksheets/sheet1.xml > '" + sheet + "'").c_str()) == 0);
        const std::string xml = readText(sheet);
        CHECK(xml.find("<f>") == std::string::npos);  // no cell is a formula
        CHECK(xml.find(">=HYPERLINK(\"http://x\",\"click\")<") != std::string::npos);  // the text, as written
    }
}

TEST_CASE("store: an override's agreed amount above the per-plan maximum is refused and nothing is stored", "[store][overrides]") {
    auto store = memoryStore();
    importOk(*store, exampleRules(), caseloadCsv());
    const std::int64_t rows = tableRows(store_internal::database(*store));
    const auto o = createOverride(*store, {"T-002", "B6", "PANEL", "Panel of 9 February", std::string("922337203685477.58")},
                                  {"Ann Officer", "2026-01-16T10:00:00Z"});
    CHECK(o.error == "--amount: expected at most 10,000,000.00 a year, got \"922337203685477.58\"");
    CHECK(tableRows(store_internal::database(*store)) == rows);
}

// A re-band read the plans, then an override was made, then the re-band wrote: a new decision for
// the plan, and the override left in force on the decision it replaced.
TEST_CASE("store: an override and a re-band at the same moment: no override is left resting on a superseded decision, 20 rounds",
          "[store][overrides][reband]") {
    TempDir dir;
    const std::string path = dir.file("race.db");
    importOk(*CaseloadStore::createSqlite(path), exampleRules(), caseloadCsv());
    const RuleSetPtr moved = test::loadOk(movedBandsYaml()), example = exampleRules();
    const Actor ann{"Ann Officer", "2026-01-16T10:00:00Z"};
    for (int round = 0; round < 20; ++round) {
        // T-009 scores 8: B0 under the example, B1 with the moved bands, so every re-band moves it.
        auto officer = CaseloadStore::openSqlite(path), job = CaseloadStore::openSqlite(path);
        OverrideOutcome o;
        std::thread t([&] { o = createOverride(*officer, {"T-009", "B3", "PANEL", "Panel", std::nullopt}, ann); });
        const RebandResult r = rebandCaseload(*job, Banding(round % 2 ? example : moved), day("2026-01-15"), kImporter);
        t.join();
        INFO("round " << round << ": " << o.error << " " << r.error);
        REQUIRE(o.ok());
        REQUIRE(r.ok());
        CHECK(r.recorded > 0);
        CHECK(rawInt(path, kStaleOverrides) == 0);
    }
    CHECK(rawInt(path, "SELECT count(*) FROM audit_log WHERE action = 'override.create'") == 20);
    CHECK(rawInt(path, "SELECT count(*) FROM audit_log WHERE action = 'caseload.reband'") == 20);
    CHECK(CaseloadStore::openSqlite(path)->audit().verify().ok);
}

TEST_CASE("store: a re-band that another re-band overtakes ends as the last one to commit left it, 20 rounds", "[store][reband]") {
    // Deterministic: the first re-band reads the plans, then waits (in its progress callback)
    // while the second one runs to the end; then it writes. Before the head of the log was checked
    // under the lock, it wrote from what it had read, and plans the second had moved stayed moved.
    TempDir dir;
    const std::string path = dir.file("race.db");
    importOk(*CaseloadStore::createSqlite(path), exampleRules(), caseloadCsv());
    const RuleSetPtr moved = test::loadOk(movedBandsYaml()), example = exampleRules();
    for (int round = 0; round < 20; ++round) {
        // The store stands under the example's bands; the second moves plans, the first moves them back.
        const RuleSetPtr& first = example;
        const RuleSetPtr& second = moved;
        auto a = CaseloadStore::openSqlite(path), b = CaseloadStore::openSqlite(path);
        std::promise<void> read, overtaken;
        std::atomic<bool> waited{false};
        JobControl job;
        job.onAdvance = [&](std::size_t) {
            if (std::string(job.stageName()) == "Banding" && !waited.exchange(true)) {
                read.set_value();
                overtaken.get_future().wait();
            }
        };
        RebandResult ra;
        std::thread t([&] { ra = rebandCaseload(*a, Banding(first), day("2026-01-15"), kImporter, &job); });
        read.get_future().wait();
        const RebandResult rb = rebandCaseload(*b, Banding(second), day("2026-01-15"), kImporter);
        overtaken.set_value();
        t.join();
        REQUIRE(rb.ok());
        REQUIRE(ra.ok());
        CHECK(rb.recorded > 0);
        CHECK(ra.recorded > 0);
        // Every plan stands as the first (the last to commit) left it: re-banding again under its
        // rule set finds nothing to record.
        CHECK(rebandCaseload(*a, Banding(first), day("2026-01-15"), kImporter).recorded == 0);
    }
    auto store = CaseloadStore::openSqlite(path);
    CHECK(store->audit().verify().ok);
    CHECK(checkConsistency(*store).irreproducible.empty());
}

TEST_CASE("store: an import and an override at the same moment: each sees the other's write or comes before it, 20 rounds",
          "[store][import][overrides]") {
    TempDir dir;
    const std::string path = dir.file("race.db");
    importOk(*CaseloadStore::createSqlite(path), exampleRules(), caseloadCsv());
    const Actor ann{"Ann Officer", "2026-01-16T10:00:00Z"};
    for (int round = 0; round < 20; ++round) {
        // Each round's file changes T-009's levels, so the import records a new decision for it.
        std::string csv = caseloadCsv();
        const std::string from = "T-009,X000000000009,Child 9,2015-03-01,ASD,mainstream,910002,A. Officer,0,2,0,0\n";
        const auto at = csv.find(from);
        REQUIRE(at != std::string::npos);
        csv.replace(at, from.size(), round % 2 ? from : "T-009,X000000000009,Child 9,2015-03-01,ASD,mainstream,910002,A. Officer,0,2,1,0\n");
        auto officer = CaseloadStore::openSqlite(path), importer = CaseloadStore::openSqlite(path);
        OverrideOutcome o;
        std::thread t([&] { o = createOverride(*officer, {"T-009", "B3", "PANEL", "Panel", std::nullopt}, ann); });
        const ImportResult r = importCaseload(*importer, Banding(exampleRules()), csv, "round.csv", day("2026-01-15"), kImporter);
        t.join();
        INFO("round " << round << ": " << o.error);
        REQUIRE(o.ok());
        REQUIRE(r.ok());
        CHECK(r.changed == 1);
        CHECK(rawInt(path, kStaleOverrides) == 0);
    }
    CHECK(rawInt(path, "SELECT count(*) FROM audit_log WHERE action = 'override.create'") == 20);
    CHECK(rawInt(path, "SELECT count(*) FROM audit_log WHERE action = 'plan.reimport'") == 20);
    CHECK(CaseloadStore::openSqlite(path)->audit().verify().ok);
}

// Editing the decisions table consistently, without touching the log, passed audit verify: the
// chain was intact. The tables are now checked against the log replayed.
TEST_CASE("store: a decision added or changed behind the log's back is named: plan, field, table value and logged value",
          "[store][audit]") {
    TempDir dir;
    const std::string path = dir.file("state.db");
    importOk(*CaseloadStore::createSqlite(path), exampleRules(), caseloadCsv());
    CHECK(checkStateAgainstLog(*CaseloadStore::openSqlite(path)).ok());
    CHECK(checkStateAgainstLog(*CaseloadStore::openSqlite(path)).plansChecked == 64);
    // Plan 3's decision copied as a new one with another band and top-up, as a careful tamperer would.
    REQUIRE(rawExec(path, "INSERT INTO decisions (plan_id, assessment_id, rule_set_id, as_of, band, top_up_pence, place_pence, other_pence, "
                          "needs_approval, trace) SELECT plan_id, assessment_id, rule_set_id, as_of, 'B3', 600000, place_pence, other_pence, "
                          "needs_approval, trace FROM decisions WHERE plan_id = 3") == "");
    REQUIRE(rawExec(path, "UPDATE decisions SET top_up_pence = 1 WHERE plan_id = 5") == "");
    const StateCheck check = checkStateAgainstLog(*CaseloadStore::openSqlite(path));
    CHECK(formatStateMismatches(check) ==
          "plan P0000003: decisions.id is 65, but the log (entry 4) says 3\n"
          "plan P0000003: decisions.band is B3, but the log (entry 4) says B0\n"
          "plan P0000003: decisions.top_up is 6000.00, but the log (entry 4) says 0.00\n"
          "plan P0000005: decisions.top_up is 0.01, but the log (entry 6) says 0.00\n");
    CHECK(CaseloadStore::openSqlite(path)->audit().verify().ok);  // the chain alone cannot see it
}
