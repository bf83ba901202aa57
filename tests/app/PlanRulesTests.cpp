// The Plan and Rules screens' controllers against real temporary databases made from the sample
// caseload: the band, money and reasons equal to what `sendband band` prints for the same
// profile; edits recompute at once; saving and overrides write exactly what they say (counted
// with SQL on a connection of their own) and leave the audit log intact; the approval rule; a
// band-blind rule set hides the money while the profile is unsaved; an invalid rule set changes
// nothing and says where it is wrong; the impact of a proposal equals `sendband impact`; a bad
// re-band date is refused; a cancelled re-band changes nothing, and a finished one records what
// `sendband reband` records.
#include "AppController.h"
#include "CaseloadModel.h"
#include "workflows/Overrides.h"
#include "PlanController.h"
#include "RulesController.h"
#include "TestSupport.h"
#include "core/Login.h"

#include <QGuiApplication>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QProcess>
#include <QUrl>
#include <QtTest>

#include <algorithm>
#include <memory>

using namespace testsupport;

namespace {

const sendband::Actor kImporter{"Importer", "2026-01-15T09:00:00Z"};
// Every write the controllers make is stamped with this time (AppController::actor()).
constexpr const char* kNow = "2026-02-10T09:00:00Z";
// Who acts is the login running the tests; a second person is a second system account.
QString login() { return QString::fromStdString(sendband::loginName()); }
const QString kOtherLogin = login() == QStringLiteral("daemon") ? QStringLiteral("bin") : QStringLiteral("daemon");
const QString kExampleRules = QStringLiteral(SENDBAND_SOURCE_DIR "/rules/example.yaml");
const QString kProposal = QStringLiteral(SENDBAND_SOURCE_DIR "/data/proposals/example-2026-proposed.yaml");

// What `sendband band` prints, read back into the controller's terms.
struct CliBand {
    QString band, topUp, place;  // "B1 — Band 1", "1,500.00", "0.00"
    QStringList reasons;         // "Why this band", without the numbers
    QStringList formulas;        // the "Formula:" line under each, "" where there is none
};

CliBand parseBand(const QString& out) {
    CliBand b;
    bool why = false;
    static const QRegularExpression bandLine(QStringLiteral("^Band:\\s+(\\S+) \\((.*)\\)$"));
    static const QRegularExpression moneyLine(QStringLiteral("^(Top-up \\(element 3\\)|Place funding):\\s+(\\S+) a year$"));
    static const QRegularExpression reasonLine(QStringLiteral("^\\s+\\d+\\. (.*)$"));
    static const QRegularExpression formulaLine(QStringLiteral("^\\s+Formula: (.*)$"));
    for (const QString& line : out.split('\n')) {
        if (why) {
            if (const auto f = formulaLine.match(line); f.hasMatch() && !b.formulas.isEmpty()) {
                b.formulas.last() = f.captured(1);
                continue;
            }
            const auto m = reasonLine.match(line);
            if (!m.hasMatch()) break;
            b.reasons << m.captured(1);
            b.formulas << QString();
        } else if (line == QLatin1String("Why this band:")) {
            why = true;
        } else if (const auto m = bandLine.match(line); m.hasMatch()) {
            b.band = m.captured(1) + QStringLiteral(" — ") + m.captured(2);
        } else if (const auto m = moneyLine.match(line); m.hasMatch()) {
            (m.captured(1).startsWith("Top") ? b.topUp : b.place) = m.captured(2);
        }
    }
    return b;
}

// EXA-000001 of the sample as a profile file for `sendband band`, with its four levels.
std::string profileYaml(int communication, int cognition, int semh, int sensory) {
    return "reference: EXA-000001\ndate_of_birth: 2021-07-28\nprimary_need: ASD\nsetting: mainstream\nschool: \"910046\"\nlevels:\n"
           "  communication: " + std::to_string(communication) + "\n  cognition: " + std::to_string(cognition) +
           "\n  semh: " + std::to_string(semh) + "\n  sensory_physical: " + std::to_string(sensory) + "\n";
}

// The rows of one table of `sendband impact`'s output: from the line after `heading`'s column
// names to its Total row, each split on runs of spaces (money cells have none).
QList<QStringList> impactTable(const QString& out, const QString& heading) {
    QList<QStringList> rows;
    const QStringList lines = out.split('\n');
    const qsizetype at = lines.indexOf(heading);
    if (at < 0) return rows;
    for (qsizetype i = at + 2; i < lines.size(); ++i) {
        const QStringList cells = lines[i].split(' ', Qt::SkipEmptyParts);
        if (cells.isEmpty()) break;
        rows << cells;
        if (cells.first() == QLatin1String("Total")) break;
    }
    return rows;
}

}  // namespace

class PlanRulesTests : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString base_;  // the sample caseload as of 2026-01-15: copied for each test that writes
    int copies_ = 0;

    // A copy of the base database of its own, so that each test starts from the import alone.
    QString freshCopy() {
        const QString path = dir_.filePath(QStringLiteral("copy-%1.db").arg(++copies_));
        if (!QFile::copy(base_, path)) qWarning() << "could not copy" << base_ << "to" << path;
        return path;
    }

    static std::unique_ptr<AppController> openApp(const QString& db, const QString& user = QStringLiteral("Test Officer")) {
        auto app = std::make_unique<AppController>();
        app->setUserName(user);
        app->setRulesPath(kExampleRules);
        if (!app->openDatabase(db)) qWarning() << "could not open" << db << app->errorText();
        return app;
    }

    static qint64 planIdOf(const QString& db, const char* reference) {
        return sqlCount(db, std::string("SELECT id FROM plans WHERE reference = '") + reference + "'");
    }

    // Verifies the audit log through the app's job, as the Audit screen does.
    static void expectAuditIntact(AppController& app, const QString& db) {
        QSignalSpy finished(&app, &AppController::jobFinished);
        app.verifyAudit();
        QVERIFY(app.busy());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        const QString expected = QStringLiteral("Audit log intact: %1 entries. Head hash ").arg(sqlCount(db, "SELECT count(*) FROM audit_log"));
        QVERIFY2(app.message().startsWith(expected), qPrintable(app.message()));
        QVERIFY(app.errorText().isEmpty());
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // AppController's QSettings go to a test location
        QGuiApplication::setOrganizationName("sendband-tests");
        QGuiApplication::setApplicationName("sendband_plan_rules_tests");
        qputenv("SENDBAND_NOW", kNow);
        QVERIFY(dir_.isValid());
        base_ = dir_.filePath("sample.db");
        importInto(base_, SENDBAND_SOURCE_DIR "/data/sample-caseload.csv", "2026-01-15", kImporter);
        QCOMPARE(sqlCount(base_, "SELECT count(*) FROM decisions"), 3000);
        QCOMPARE(sqlCount(base_, "SELECT count(*) FROM overrides"), 0);
    }

    // Any warning (a controller's qWarning, a Qt warning) fails the test that printed it.
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".?"))); }

    // ---- PlanController

    void planShowsWhatTheCliPrintsForTheSameProfile() {
        const QString db = freshCopy();
        auto app = openApp(db);
        PlanController pc;
        pc.setApp(app.get());
        pc.setPlanId(planIdOf(db, "EXA-000001"));
        QVERIFY(pc.loaded());
        QVERIFY2(pc.error().isEmpty(), qPrintable(pc.error()));
        QCOMPARE(pc.reference(), QStringLiteral("EXA-000001"));
        QCOMPARE(pc.ruleSetName(), QStringLiteral("Example needs-led banding framework 2025.1"));
        QCOMPARE(pc.levels(), QVariantList({1, 1, 1, 1}));
        QCOMPARE(pc.bandIds(), QStringList({"B0", "B1", "B2", "B3", "B4", "B5", "B6"}));
        QCOMPARE(pc.domains().size(), 4);
        QCOMPARE(pc.domains().at(0).toMap().value("name").toString(), QStringLiteral("Communication and interaction"));
        QCOMPARE(pc.domains().at(0).toMap().value("levels").toList().size(), 5);
        QCOMPARE(pc.overrideReasons().size(), 3);
        QCOMPARE(pc.overrideReasons().at(0).toMap().value("code").toString(), QStringLiteral("EVIDENCE"));
        QVERIFY(!pc.dirty());
        QVERIFY(!pc.bandBlind());
        QVERIFY(pc.showMoney());
        QVERIFY(pc.overrideStatus().isEmpty());
        QVERIFY(pc.overrideSummary().isEmpty());

        // Worked by hand from rules/example.yaml: levels 1, 1, 1, 1 score 4 + 4 + 3 + 3 = 14, in B1's
        // range 10 to 19; B1 in a mainstream school is 1,500.00 a year in 2025-26, and a mainstream
        // school has no place funding.
        QCOMPARE(pc.band(), QStringLiteral("B1 — Band 1"));
        QCOMPARE(pc.topUp(), QStringLiteral("1,500.00"));
        QCOMPARE(pc.place(), QStringLiteral("0.00"));
        QCOMPARE(pc.reasons().size(), 10);
        QCOMPARE(pc.reasons().at(0),
                 QStringLiteral("Communication and interaction: level 1 (Low), which scores 4. Descriptor: \"Mild difficulties with speech, "
                                "language or social communication that are met by differentiated classroom teaching and occasional "
                                "small-group work.\""));
        QCOMPARE(pc.reasons().at(6), QStringLiteral("The banding score, Total points, is 14, which is in band B1's range 10 to 19: band B1 (Band 1)."));
        QCOMPARE(pc.reasons().at(7),
                 QStringLiteral("Tariff period fy2025-26 (2025-04-01 to 2026-03-31): band B1 in Mainstream school is 1,500.00 a year."));
        QCOMPARE(pc.formulas().at(6), QStringLiteral("score = total_points"));
        QCOMPARE(pc.formulas().at(7), QString());
        // On screen, the formula follows its step in smaller type.
        QVERIFY2(pc.whyHtml().contains(QStringLiteral("<p>7. The banding score, Total points, is 14, which is in band B1's range 10 to 19: band B1 (Band 1).<br/>"
                                                      "<small style=\"color:#555555\">Formula: <code>score = total_points</code></small></p>")),
                 qPrintable(pc.whyHtml()));

        // And the whole of it equals the CLI's output, line for line.
        const QString profile = dir_.filePath("exa1.yaml");
        QVERIFY(writeText(profile, profileYaml(1, 1, 1, 1)));
        const CliRun run = runCli({"band", "--rules", kExampleRules, "--profile", profile, "--as-of", "2026-01-15"});
        QVERIFY2(run.ok, qPrintable(run.err));
        const CliBand cli = parseBand(run.out);
        QCOMPARE(cli.band, QStringLiteral("B1 — Band 1"));
        QCOMPARE(pc.band(), cli.band);
        QCOMPARE(pc.topUp(), cli.topUp);
        QCOMPARE(pc.place(), cli.place);
        QCOMPARE(pc.reasons(), cli.reasons);
        QCOMPARE(pc.formulas(), cli.formulas);
    }

    void planEditRecomputesAtOnceAndSaveStoresADecision() {
        const QString db = freshCopy();
        auto app = openApp(db);
        PlanController pc;
        pc.setApp(app.get());
        const qint64 id = planIdOf(db, "EXA-000001");
        pc.setPlanId(id);
        QVERIFY(pc.loaded());
        QSignalSpy profileChanged(&pc, &PlanController::profileChanged);

        // The same level again: nothing changes, nothing to save.
        pc.setLevel(0, 1);
        QCOMPARE(profileChanged.count(), 0);
        QVERIFY(!pc.dirty());

        // Communication 1 -> 3 (score 4 -> 14): 24 points, band B2. Synchronously, in one signal.
        pc.setLevel(0, 3);
        QCOMPARE(profileChanged.count(), 1);
        QVERIFY(pc.dirty());
        QVERIFY(pc.showMoney());  // not band-blind
        QCOMPARE(pc.levels(), QVariantList({3, 1, 1, 1}));
        QCOMPARE(pc.band(), QStringLiteral("B2 — Band 2"));
        QCOMPARE(pc.topUp(), QStringLiteral("3,500.00"));
        QCOMPARE(pc.place(), QStringLiteral("0.00"));
        QCOMPARE(pc.reasons().at(6), QStringLiteral("The banding score, Total points, is 24, which is in band B2's range 20 to 29: band B2 (Band 2)."));
        {
            const QString profile = dir_.filePath("exa1-edited.yaml");
            QVERIFY(writeText(profile, profileYaml(3, 1, 1, 1)));
            const CliRun run = runCli({"band", "--rules", kExampleRules, "--profile", profile, "--as-of", "2026-01-15"});
            QVERIFY2(run.ok, qPrintable(run.err));
            const CliBand cli = parseBand(run.out);
            QCOMPARE(pc.band(), cli.band);
            QCOMPARE(pc.topUp(), cli.topUp);
            QCOMPARE(pc.place(), cli.place);
            QCOMPARE(pc.reasons(), cli.reasons);
            QCOMPARE(pc.formulas(), cli.formulas);
        }
        // Nothing is written until Save.
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions"), 3000);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM assessments"), 3000);

        const qint64 auditBefore = sqlCount(db, "SELECT count(*) FROM audit_log");
        const qint64 historyBefore = pc.history().size();
        QSignalSpy done(&pc, &PlanController::actionDone);
        QSignalSpy failed(&pc, &PlanController::actionFailed);
        QVERIFY(pc.save());
        QCOMPARE(failed.count(), 0);
        QCOMPARE(done.count(), 1);
        QCOMPARE(done.first().at(0).toString(), QStringLiteral("Saved a new assessment and decision for EXA-000001"));
        QVERIFY(!pc.dirty());
        QVERIFY(pc.showMoney());
        QCOMPARE(pc.band(), QStringLiteral("B2 — Band 2"));
        QCOMPARE(pc.topUp(), QStringLiteral("3,500.00"));
        QCOMPARE(pc.levels(), QVariantList({3, 1, 1, 1}));  // read back from the store
        QCOMPARE(pc.history().size(), historyBefore + 2);   // an assessment and a decision more

        // One new assessment and one new decision for this plan, as of the pinned day.
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM assessments"), 3001);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions"), 3001);
        const std::string plan = std::to_string(id);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions WHERE plan_id = " + plan), 2);
        const std::string latest = "FROM decisions WHERE plan_id = " + plan + " ORDER BY id DESC LIMIT 1";
        QCOMPARE(sqlText(db, "SELECT band " + latest), QStringLiteral("B2"));
        QCOMPARE(sqlCount(db, "SELECT top_up_pence " + latest), 350000);
        QCOMPARE(sqlCount(db, "SELECT place_pence " + latest), 0);
        // As of the date the screen priced at (the plan's latest decision's), not the day of saving.
        QCOMPARE(sqlText(db, "SELECT as_of " + latest), QStringLiteral("2026-01-15"));
        QCOMPARE(sqlText(db, "SELECT officer FROM assessments WHERE plan_id = " + plan + " ORDER BY id DESC LIMIT 1"), login());
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM audit_log"), auditBefore + 1);
        QCOMPARE(sqlText(db, "SELECT action || ' ' || actor || ' ' || at FROM audit_log ORDER BY seq DESC LIMIT 1"),
                 QStringLiteral("assessment.save %1 2026-02-10T09:00:00Z").arg(login()));
        // The caseload shows it at once.
        bool found = false;
        for (const auto& p : app->caseload()->plansView())
            if (p.planId == id) {
                found = true;
                QCOMPARE(QString::fromStdString(p.band), QStringLiteral("B2"));
                QCOMPARE(p.topUp.pence(), 350000);
            }
        QVERIFY(found);
        expectAuditIntact(*app, db);
    }

    // The Plan screen prices as of a date the officer sees and may change; Save stores the decision
    // as of that same date, so the money saved is the money shown (it once saved as of today).
    void theSavedDecisionIsTheOneShownAsOfItsDate() {
        const QString db = freshCopy();
        auto app = openApp(db);
        PlanController pc;
        pc.setApp(app.get());
        const qint64 id = planIdOf(db, "EXA-000001");
        pc.setPlanId(id);
        QCOMPARE(pc.asOf(), QStringLiteral("2026-01-15"));
        pc.setLevel(0, 3);
        QCOMPARE(pc.topUp(), QStringLiteral("3,500.00"));
        pc.setAsOf(QStringLiteral("2026-04-01"));  // 2026-27 rates: 2.5% more
        QCOMPARE(pc.asOf(), QStringLiteral("2026-04-01"));
        QCOMPARE(pc.band(), QStringLiteral("B2 — Band 2"));
        QCOMPARE(pc.topUp(), QStringLiteral("3,587.50"));
        QVERIFY(pc.save());
        const std::string latest = "FROM decisions WHERE plan_id = " + std::to_string(id) + " ORDER BY id DESC LIMIT 1";
        QCOMPARE(sqlText(db, "SELECT as_of " + latest), QStringLiteral("2026-04-01"));
        QCOMPARE(sqlCount(db, "SELECT top_up_pence " + latest), 358750);
        QCOMPARE(pc.asOf(), QStringLiteral("2026-04-01"));
        QCOMPARE(pc.topUp(), QStringLiteral("3,587.50"));

        // A date that is not one, or outside the rule set's period, is said so, and is not saved.
        pc.setAsOf(QStringLiteral("2026-13-01"));
        QCOMPARE(pc.error(), QStringLiteral("The as-of date must be a date as YYYY-MM-DD, such as 2026-04-01; got \"2026-13-01\"."));
        QCOMPARE(pc.topUp(), QString());
        QSignalSpy failed(&pc, &PlanController::actionFailed);
        QVERIFY(!pc.save());
        QCOMPARE(failed.count(), 1);
        pc.setAsOf(QStringLiteral("2027-04-01"));
        QCOMPARE(pc.error(), QStringLiteral("the as-of date 2027-04-01 is outside the rule set's effective period (2025-04-01 to 2027-03-31)"));
        QVERIFY(!pc.save());
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions WHERE plan_id = " + std::to_string(id)), 2);
    }

    void overridesFollowTheApprovalThreshold() {
        const QString db = freshCopy();
        auto app = openApp(db, QStringLiteral("Test Officer"));
        PlanController pc;
        pc.setApp(app.get());
        const qint64 id = planIdOf(db, "EXA-000001");
        pc.setPlanId(id);
        QVERIFY(pc.loaded());
        QSignalSpy done(&pc, &PlanController::actionDone);
        QSignalSpy failed(&pc, &PlanController::actionFailed);
        const std::string plan = std::to_string(id);

        // B1 -> B2 in mainstream: 1,500.00 -> 3,500.00, an effect of exactly 2,000.00, which does
        // not exceed the rule set's approval_threshold (2000): in force at once.
        QVERIFY(pc.requestOverride("B2", "EVIDENCE", "Speech and language report of January", ""));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(done.takeFirst().at(0).toString(), QStringLiteral("Override recorded and in force"));
        QCOMPARE(pc.overrideStatus(), QStringLiteral("in_force"));
        QCOMPARE(pc.overrideSummary(), QStringLiteral("Override to band B2 (EVIDENCE, by %1): in force; top-up £3,500.00 a year").arg(login()));
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM overrides"), 1);
        QCOMPARE(sqlText(db, "SELECT band || ' ' || status || ' ' || reason_code || ' ' || officer || ' ' || top_up_pence FROM overrides"),
                 QStringLiteral("B2 in_force EVIDENCE %1 350000").arg(login()));
        QCOMPARE(app->caseload()->awaitingApproval(), 0);
        // The computed band is still shown as computed; the override is described beside it.
        QCOMPARE(pc.band(), QStringLiteral("B1 — Band 1"));

        // B1 -> B3: 6,000.00, an effect of 4,500.00 over the threshold: it waits for approval.
        QVERIFY(pc.requestOverride("B3", "PANEL", "Panel of 9 February", ""));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(done.takeFirst().at(0).toString(), QStringLiteral("Override recorded; it counts once someone else approves it"));
        QCOMPARE(pc.overrideStatus(), QStringLiteral("awaiting_approval"));
        QCOMPARE(pc.overrideSummary(),
                 QStringLiteral("Override to band B3 (PANEL, by %1): awaiting approval by someone else; the computed band counts "
                                "until then; top-up £6,000.00 a year").arg(login()));
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM overrides"), 2);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM overrides WHERE status = 'superseded' AND band = 'B2'"), 1);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM overrides WHERE status = 'awaiting_approval' AND band = 'B3' AND top_up_pence = 600000"), 1);
        QCOMPARE(app->caseload()->awaitingApproval(), 1);
        const qint64 overrideId = sqlCount(db, "SELECT id FROM overrides WHERE status = 'awaiting_approval'");

        // The same person cannot approve their own override.
        const qint64 auditBefore = sqlCount(db, "SELECT count(*) FROM audit_log");
        QVERIFY(!pc.approve());
        QCOMPARE(done.count(), 0);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.takeFirst().at(0).toString(),
                 QStringLiteral("override %1 on plan EXA-000001 was made by %2; it must be approved by someone else").arg(overrideId).arg(login()));
        QCOMPARE(pc.overrideStatus(), QStringLiteral("awaiting_approval"));
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM overrides WHERE status = 'awaiting_approval'"), 1);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM audit_log"), auditBefore);

        // Retyping the name in Settings does not make someone else: who acts is the login.
        app->setUserName("Second Officer");
        QVERIFY(!pc.approve());
        QCOMPARE(failed.takeFirst().at(0).toString(),
                 QStringLiteral("override %1 on plan EXA-000001 was made by %2; it must be approved by someone else").arg(overrideId).arg(login()));
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM audit_log"), auditBefore);

        // Another login can: here the CLI run as the system account `daemon` (a user namespace).
        const CliRun other = runCliAs(kOtherLogin, {"approve", "--db", db, "--plan", "EXA-000001"});
        QVERIFY2(other.ok, qPrintable(other.err));
        app->reload();
        pc.reload();
        QCOMPARE(pc.overrideStatus(), QStringLiteral("in_force"));
        QCOMPARE(pc.overrideSummary(), QStringLiteral("Override to band B3 (PANEL, by %1): in force; top-up £6,000.00 a year").arg(login()));
        QCOMPARE(sqlText(db, "SELECT status || ' ' || approver FROM overrides WHERE id = " + std::to_string(overrideId)),
                 QStringLiteral("in_force %1").arg(kOtherLogin));
        QCOMPARE(sqlText(db, "SELECT action || ' ' || actor FROM audit_log ORDER BY seq DESC LIMIT 1"), QStringLiteral("override.approve %1").arg(kOtherLogin));
        // The headline is the band in force, with what it overrides; the history dates each line.
        QCOMPARE(pc.headlineBand(), QStringLiteral("B3 — Band 3"));
        QCOMPARE(pc.headlineMoney(), QStringLiteral("Top-up £6,000.00 a year · place funding £0.00 a year"));
        QCOMPARE(pc.headlineNote(), QStringLiteral("Override of B1: the rules give B1, top-up £1,500.00 a year."));
        const QVariantMap last = pc.history().last().toMap();
        QCOMPARE(last["when"].toString(), QStringLiteral("2026-02-10"));
        QCOMPARE(last["summary"].toString(),
                 QStringLiteral("Override to band B3 (PANEL, top-up £6,000.00 a year) by %1: in force, approved by %2").arg(login(), kOtherLogin));
        QCOMPARE(app->caseload()->awaitingApproval(), 0);
        for (const auto& p : app->caseload()->plansView())
            if (p.planId == id) QCOMPARE(QString::fromStdString(p.effectiveBand()), QStringLiteral("B3"));

        // Nothing left to approve.
        QVERIFY(!pc.approve());
        QCOMPARE(failed.takeFirst().at(0).toString(),
                 QStringLiteral("plan EXA-000001 has no override awaiting approval (its override %1 is already in force)").arg(overrideId));
        expectAuditIntact(*app, db);
    }

    void overrideWithoutANoteOrReasonIsRefusedAndStoresNothing() {
        const QString db = freshCopy();
        auto app = openApp(db);
        PlanController pc;
        pc.setApp(app.get());
        pc.setPlanId(planIdOf(db, "EXA-000001"));
        QVERIFY(pc.loaded());
        QSignalSpy done(&pc, &PlanController::actionDone);
        QSignalSpy failed(&pc, &PlanController::actionFailed);
        const qint64 audit = sqlCount(db, "SELECT count(*) FROM audit_log");

        QVERIFY(!pc.requestOverride("B2", "EVIDENCE", "", ""));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.takeFirst().at(0).toString(), QStringLiteral("Write a note saying why the band is changed."));
        QVERIFY(!pc.requestOverride("B2", "EVIDENCE", "   ", ""));  // only spaces says nothing
        QCOMPARE(failed.takeFirst().at(0).toString(), QStringLiteral("Write a note saying why the band is changed."));

        QVERIFY(!pc.requestOverride("B2", "", "Further evidence", ""));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.takeFirst().at(0).toString(), QStringLiteral("Choose a reason code for the override."));

        QVERIFY(!pc.requestOverride("B2", "NOSUCH", "Further evidence", ""));
        QCOMPARE(failed.takeFirst().at(0).toString(),
                 QStringLiteral("\"NOSUCH\" is not an override reason of the plan's rule set (Example needs-led banding framework 2025.1); "
                                "expected one of: EVIDENCE, TRANSITION, PANEL"));

        QVERIFY(!pc.requestOverride("B1", "EVIDENCE", "Further evidence", ""));
        QCOMPARE(failed.takeFirst().at(0).toString(),
                 QStringLiteral("plan EXA-000001 is already in band B1; an override must change the band"));

        QCOMPARE(done.count(), 0);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM overrides"), 0);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM audit_log"), audit);
        QVERIFY(pc.overrideStatus().isEmpty());
        QVERIFY(pc.overrideSummary().isEmpty());
    }

    void aPlanThatDoesNotLoadShowsNothingOfThePreviousOne() {
        const QString db = freshCopy();
        auto app = openApp(db);
        PlanController pc;
        pc.setApp(app.get());
        pc.setPlanId(planIdOf(db, "EXA-000001"));
        QVERIFY(pc.loaded());
        QCOMPARE(pc.reference(), QStringLiteral("EXA-000001"));
        pc.setPlanId(999999);
        QVERIFY(!pc.loaded());
        QCOMPARE(pc.error(), QStringLiteral("no such plan"));
        QVERIFY(pc.reference().isEmpty());
        QVERIFY(pc.band().isEmpty());
        QVERIFY(pc.reasons().isEmpty());
        pc.setPlanId(0);
        QVERIFY(pc.error().isEmpty());
        QVERIFY(!pc.approve());  // nothing loaded: nothing to approve
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM overrides"), 0);
    }

    void bandBlindHidesTheMoneyUntilSaved() {
        // rules/example.yaml with band_blind: true (under overrides:), and the sample imported with it.
        std::string yaml = readText(kExampleRules);
        const std::string from = "  band_blind: false\n";
        const auto at = yaml.find(from);
        QVERIFY(at != std::string::npos);
        yaml.replace(at, from.size(), "  band_blind: true\n");
        const QString rules = dir_.filePath("band-blind.yaml");
        QVERIFY(writeText(rules, yaml));
        const QString db = dir_.filePath("band-blind.db");
        importInto(db, SENDBAND_SOURCE_DIR "/data/sample-caseload.csv", "2026-01-15", kImporter, rules);
        if (QTest::currentTestFailed()) return;

        auto app = openApp(db);
        PlanController pc;
        pc.setApp(app.get());
        pc.setPlanId(planIdOf(db, "EXA-000001"));
        QVERIFY(pc.loaded());
        QVERIFY(pc.bandBlind());
        QVERIFY(!pc.dirty());
        QVERIFY(pc.showMoney());  // a saved decision is shown
        QCOMPARE(pc.band(), QStringLiteral("B1 — Band 1"));

        pc.setLevel(0, 3);
        QVERIFY(pc.dirty());
        QVERIFY(!pc.showMoney());  // an unsaved profile's band and money are not shown

        QVERIFY(pc.save());
        QVERIFY(!pc.dirty());
        QVERIFY(pc.showMoney());
        QCOMPARE(pc.band(), QStringLiteral("B2 — Band 2"));
        QCOMPARE(pc.topUp(), QStringLiteral("3,500.00"));
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions"), 3001);
    }

    // ---- RulesController

    // The band list gives each band's amounts by setting type for the tariff period in force
    // today (SENDBAND_NOW is 2026-02-10: fy2025-26), not just the word "tariff".
    void bandListShowsTheAmountsInForce() {
        const QString db = freshCopy();
        auto app = openApp(db);
        RulesController rc;
        rc.setApp(app.get());
        const QVariantList bands = rc.activeBands();
        QCOMPARE(bands.size(), 7);
        QCOMPARE(bands[1].toMap()["funding"].toString(),
                 QStringLiteral("mainstream £1,500.00, resourced £2,500.00, special £3,000.00 a year (fy2025-26, 2025-04-01 to 2026-03-31)"));
        QCOMPARE(bands[0].toMap()["funding"].toString(), QStringLiteral("no top-up (met from the school's budget)"));
    }

    void invalidRuleSetChangesNothingAndSaysWhere() {
        const QString db = freshCopy();
        auto app = openApp(db);
        RulesController rc;
        rc.setApp(app.get());
        QVERIFY(rc.activeLoaded());
        const QString title = rc.activeTitle(), hash = rc.activeHash();
        QCOMPARE(title, QStringLiteral("Exampleshire County Council (fictional): Example needs-led banding framework, version 2025.1"));
        QCOMPARE(hash, QStringLiteral("8c3d3b029d8aaad5e14ae83e5d66935cac2c2b467d4de5c0475dbcdc014f86cb"));
        QCOMPARE(rc.activeOrigin(), QStringLiteral("From %1").arg(kExampleRules));

        // Line 203 of the example is "  approval_threshold: 2000"; the value starts in column 23.
        std::string yaml = readText(kExampleRules);
        const std::string from = "approval_threshold: 2000";
        const auto at = yaml.find(from);
        QVERIFY(at != std::string::npos);
        QCOMPARE(std::count(yaml.begin(), yaml.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1, 203);
        yaml.replace(at, from.size(), "approval_threshold: lots");
        const QString bad = dir_.filePath("broken-rules.yaml");
        QVERIFY(writeText(bad, yaml));

        QSignalSpy activeChanged(&rc, &RulesController::activeChanged);
        QVERIFY(!rc.loadActive(bad));
        QCOMPARE(rc.diagnostics(), QStringLiteral("broken-rules.yaml was not loaded; nothing has changed. 1 problem(s):\n"
                                                  "%1:203:23: error: overrides.approval_threshold: expected a number, got \"lots\"\n")
                                       .arg(bad));
        // `sendband rules check` says the same.
        const CliRun check = runCli({"rules", "check", bad});
        QVERIFY(!check.ok);
        QVERIFY2(check.err.startsWith(QStringLiteral("%1:203:23: error: overrides.approval_threshold: expected a number, got \"lots\"\n").arg(bad)),
                 qPrintable(check.err));
        QCOMPARE(activeChanged.count(), 0);
        QCOMPARE(rc.activeTitle(), title);
        QCOMPARE(rc.activeHash(), hash);
        QCOMPARE(app->rulesPath(), kExampleRules);

        // A file:// URL from a dialog works as a path; a valid file clears the problems.
        const QString copy = dir_.filePath("example copy.yaml");
        QVERIFY(QFile::copy(kExampleRules, copy));
        QVERIFY(rc.loadActive(QUrl::fromLocalFile(copy).toString()));
        QVERIFY(rc.diagnostics().isEmpty());
        QCOMPARE(app->rulesPath(), copy);
        QCOMPARE(rc.activeHash(), hash);
        // An invalid proposal is refused the same way and leaves no proposal loaded.
        QVERIFY(!rc.loadProposal(bad));
        QVERIFY(!rc.proposalLoaded());
        QVERIFY(rc.diagnostics().startsWith("broken-rules.yaml was not loaded; nothing has changed. 1 problem(s):\n"));
        app->setRulesPath(kExampleRules);
    }

    // The impact panel's figures against a hand-worked expectation (not the engine's own output
    // through another face). tests/fixtures/caseloads/small.csv under rules/example.yaml:
    //   scores (communication + cognition + SEMH + sensory, capped at 12):
    //     EXA-1 4+4+3+3=14 B1, EXA-2 4+4+0+3=11 B1, EXA-3 4+8+3+0=15 B1, EXA-5 4+4+7+3=18 B1,
    //     EXA-8 0+4+7+0=11 B1, EXA-6 4+0+0+3=7 B0 (all mainstream); EXA-4 8+14+7+6=35 B3 and
    //     EXA-7 8+4+12+6=30 B3 (special, place funding 10,000).
    //   current (as stored, 2025-26 rates): 5 x 1,500 + 2 x (9,500 + 10,000) = 46,500.00
    //   proposal as of 2026-04-01: rates +2.5%, and score 18 moves B1 -> B2 (EXA-5 only):
    //     4 x 1,537.50 + 3,587.50 + 2 x (9,737.50 + 10,000) = 49,212.50; change +2,712.50
    //   mainstream 7,500.00 -> 9,737.50 (+2,237.50); special 39,000.00 -> 39,475.00 (+475.00)
    void impactOnTheSmallCaseloadIsTheHandWorkedFigure() {
        const QString db = dir_.filePath("small-impact.db");
        importInto(db, SENDBAND_SOURCE_DIR "/tests/fixtures/caseloads/small.csv", "2026-01-15", kImporter);
        auto app = openApp(db);
        RulesController rc;
        rc.setApp(app.get());
        QVERIFY(rc.loadProposal(kProposal));
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        QVERIFY(rc.runImpact());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QCOMPARE(rc.impactHeadline(), QStringLiteral("8 plans: 1 move up, 0 down, 7 stay. Annual cost £46,500.00 → £49,212.50 (+2,712.50)."));
        const QVariantList rows = rc.impactRows();
        QCOMPARE(rows.size(), 3);  // mainstream, special, total
        auto row = [&](int i) {
            const QVariantMap m = rows.at(i).toMap();
            return QStringList({m.value("plans").toString(), m.value("current").toString(), m.value("proposed").toString(),
                                m.value("change").toString()});
        };
        QCOMPARE(row(0), QStringList({"6", "7,500.00", "9,737.50", "+2,237.50"}));
        QCOMPARE(row(1), QStringList({"2", "39,000.00", "39,475.00", "+475.00"}));
        QCOMPARE(row(2), QStringList({"8", "46,500.00", "49,212.50", "+2,712.50"}));
    }

    void impactEqualsTheCli() {
        const QString db = freshCopy();
        auto app = openApp(db);
        RulesController rc;
        rc.setApp(app.get());
        QVERIFY(rc.loadProposal(kProposal));
        QVERIFY(rc.proposalLoaded());
        QCOMPARE(rc.proposalTitle(), QStringLiteral("Example needs-led banding framework, version 2026.1 (proposed) (from 2026-04-01)"));
        QVERIFY(!rc.impactReady());

        QSignalSpy finished(app.get(), &AppController::jobFinished);
        QVERIFY(rc.runImpact());
        QVERIFY(app->busy());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("Impact of Example needs-led banding framework 2026.1 (proposed)"));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QVERIFY(rc.impactReady());
        QCOMPARE(app->message(), QStringLiteral("Impact ready: 3000 plans re-banded under the proposal; nothing was stored."));
        QCOMPARE(rc.impactHeadline(),
                 QStringLiteral("3000 plans: 181 move up, 0 down, 2819 stay. Annual cost £22,137,000.00 → £22,828,612.50 (+691,612.50)."));

        // `sendband impact --db DB --to data/proposals/example-2026-proposed.yaml` on this database.
        const CliRun run = runCli({"impact", "--db", db, "--to", kProposal});
        QVERIFY2(run.ok, qPrintable(run.err));
        QVERIFY2(run.out.contains("\nPlans: 3000; moved up 181, down 0, stayed 2819\n"), qPrintable(run.out));
        QVERIFY(run.out.contains("\nTotal annual cost: current 22,137,000.00, proposed 22,828,612.50, change +691,612.50 (+3.1%)\n"));

        // The table by setting type, row for row and string for string.
        const QList<QStringList> settings = impactTable(run.out, "Change in annual cost by setting type");
        QCOMPARE(settings.size(), 4);
        QCOMPARE(settings.at(0), QStringList({"mainstream", "1929", "2,242,000.00", "2,603,500.00", "+361,500.00", "+16.1%"}));
        const QVariantList rows = rc.impactRows();
        QCOMPARE(rows.size(), settings.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QVariantMap m = rows.at(i).toMap();
            const QStringList& c = settings.at(i);
            const bool total = i == rows.size() - 1;
            QCOMPARE(m.value("isTotal").toBool(), total);
            QCOMPARE(total ? m.value("name").toString() : m.value("key").toString(), c.at(0));
            QCOMPARE(m.value("plans").toString(), c.at(1));
            QCOMPARE(m.value("current").toString(), c.at(2));
            QCOMPARE(m.value("proposed").toString(), c.at(3));
            QCOMPARE(m.value("change").toString(), c.at(4));
        }
        QCOMPARE(rows.at(3).toMap().value("change").toString(), QStringLiteral("+691,612.50"));
        QCOMPARE(rows.at(1).toMap().value("name").toString(), QStringLiteral("resourced"));  // the impact report names settings by id

        // The table by current band, likewise (the Total row is the headline's).
        const QList<QStringList> bands = impactTable(run.out, "By current band");
        QCOMPARE(bands.size(), 7);
        const QVariantList byBand = rc.impactBands();
        QCOMPARE(byBand.size(), bands.size() - 1);
        for (qsizetype i = 0; i < byBand.size(); ++i) {
            const QVariantMap m = byBand.at(i).toMap();
            QCOMPARE(QStringList({m.value("band").toString(), m.value("plans").toString(), m.value("up").toString(), m.value("down").toString(),
                                  m.value("same").toString(), m.value("current").toString(), m.value("proposed").toString(),
                                  m.value("change").toString()}),
                     bands.at(i));
        }
        QCOMPARE(bands.at(1), QStringList({"B1", "1350", "181", "0", "1169", "2,600,500.00", "3,048,250.00", "+447,750.00"}));
        // The chart series follow the tables.
        QCOMPARE(rc.impactChart().value("bands").toStringList(), QStringList({"B0", "B1", "B2", "B3", "B4", "B5"}));
        QCOMPARE(rc.impactChart().value("settings").toStringList(), QStringList({"mainstream", "resourced", "special"}));
        // Axes end on round figures above the largest bar (1,350 plans; a change of 361,500.00).
        QCOMPARE(rc.impactMaxPlans(), 2000.0);
        QCOMPARE(rc.impactMaxChange(), 500000.0);
        // Nothing was written.
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions"), 3000);
    }

    // The panel has what `sendband impact` has: like for like against the active rule set
    // (--from), every table (by current band, setting type, school, the plans that move) row for
    // row, sorting by any column, and the export. On the small caseload, hand-checkable: like
    // for like, only EXA-000005 (score 18) moves, B1 -> B2, 1,537.50 -> 3,587.50.
    void impactPanelHasWhatTheCliHas() {
        const QString db = dir_.filePath("small-panel.db");
        importInto(db, SENDBAND_SOURCE_DIR "/tests/fixtures/caseloads/small.csv", "2026-01-15", kImporter);
        auto app = openApp(db);
        RulesController rc;
        rc.setApp(app.get());
        QVERIFY(rc.loadActive(kExampleRules));
        QVERIFY(rc.loadProposal(kProposal));
        rc.setImpactLikeForLike(true);
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        QVERIFY(rc.runImpact());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QVERIFY(rc.impactComparedWith().startsWith(QStringLiteral("Compared with Example needs-led banding framework 2025.1 (rule set ")));
        QVERIFY(rc.impactComparedWith().endsWith(QStringLiteral("), decided as of 2026-04-01.")));

        const CliRun run = runCli({"impact", "--db", db, "--to", kProposal, "--from", kExampleRules, "--moves"});
        QVERIFY2(run.ok, qPrintable(run.err));
        QCOMPARE(rc.impactViews(), QStringList({"By current band", "Change in annual cost by setting type", "Change in annual cost by school", "Plans whose band or cost changes"}));
        // Each table's rows as the CLI prints them, runs of spaces as one.
        auto cliRows = [&](const QString& title) {
            QStringList rows;
            const QStringList lines = run.out.split('\n');
            for (qsizetype i = lines.indexOf(title) + 1; i > 0 && i < lines.size() && !lines[i].isEmpty(); ++i)
                rows << lines[i].simplified();
            return rows;
        };
        auto panelRows = [&] {
            QStringList rows{rc.impactColumns().join(' ')};
            for (const QVariant& r : rc.impactTable()) rows << r.toMap().value("cells").toStringList().join(' ').simplified();
            return rows;
        };
        for (int v = 0; v < rc.impactViews().size(); ++v) {
            rc.setImpactView(v);
            QCOMPARE(panelRows(), cliRows(rc.impactViews().at(v)));
        }
        rc.setImpactView(3);
        QCOMPARE(panelRows(), QStringList({"reference current band proposed band move current annual proposed annual change",
                                           "EXA-000005 B1 B2 up 1,537.50 3,587.50 +2,050.00", "Total 1 plan(s) 1,537.50 3,587.50 +2,050.00"}));

        // Sorting by school, by change: largest first the second time; the total stays last.
        rc.setImpactView(2);
        rc.sortImpact(5);
        rc.sortImpact(5);
        QCOMPARE(rc.impactSortColumn(), 5);
        QCOMPARE(rc.impactSortAscending(), false);
        const QVariantList sorted = rc.impactTable();
        QCOMPARE(sorted.first().toMap().value("cells").toStringList().mid(0, 2), QStringList({"910072", "Synthetic mainstream 73"}));
        QCOMPARE(sorted.last().toMap().value("cells").toStringList().first(), QStringLiteral("Total"));
        QCOMPARE(sorted.last().toMap().value("isTotal").toBool(), true);
        rc.sortImpact(1);  // by name, natural order: "... 9" before "... 44"
        QCOMPARE(rc.impactTable().at(1).toMap().value("cells").toStringList().at(1), QStringLiteral("Synthetic mainstream 9"));

        // The export: every table, in the workbook `sendband impact --format xlsx` writes.
        finished.clear();
        const QString out = dir_.filePath("impact");
        QVERIFY(rc.exportImpact(QUrl::fromLocalFile(out).toString()));
        QVERIFY(finished.wait(30000));
        QCOMPARE(rc.impactExportStatus(), QStringLiteral("Exported the impact on 8 plan(s), with the plans that move, to %1.xlsx.").arg(out));
        QProcess unzip;
        unzip.start(QStringLiteral("unzip"), {QStringLiteral("-p"), out + ".xlsx", QStringLiteral("xl/workbook.xml")});
        QVERIFY(unzip.waitForFinished(30000));
        const QByteArray book = unzip.readAllStandardOutput();
        for (const char* sheet : {"By band", "By setting type", "By school", "Plans that change"})
            QVERIFY2(book.contains(QByteArray("<sheet name=\"") + sheet + "\""), book.constData());

        // Unticking like for like clears the figures: they were for the other comparison.
        rc.setImpactLikeForLike(false);
        QVERIFY(!rc.impactReady());
        QVERIFY(rc.impactTable().isEmpty());
    }

    void rebandRefusesABadDate() {
        const QString db = freshCopy();
        auto app = openApp(db);
        RulesController rc;
        rc.setApp(app.get());
        QVERIFY(rc.activeLoaded());
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        QVERIFY(!rc.rebandAll("not a date"));
        QCOMPARE(rc.diagnostics(), QStringLiteral("The as-of date \"not a date\" is not a date: expected YYYY-MM-DD, for example 2026-04-01."));
        QVERIFY(!app->busy());
        QVERIFY(!rc.rebandAll("2026-02-30"));
        QCOMPARE(rc.diagnostics(), QStringLiteral("The as-of date \"2026-02-30\" is not a date: expected YYYY-MM-DD, for example 2026-04-01."));
        QVERIFY(!app->busy());
        QTest::qWait(50);
        QCOMPARE(finished.count(), 0);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions"), 3000);
    }

    // The window writes through its own connection and a re-band job through another; both append
    // to the audit log. Before each write read the head of the log inside its transaction, the
    // window's second override reused an entry number ("UNIQUE constraint failed") and every
    // later write from the window failed until the app was restarted.
    void overrideThenRebandThenOverrideAllStoreAndTheLogStaysIntact() {
        const QString db = freshCopy();
        auto app = openApp(db);
        PlanController pc;
        pc.setApp(app.get());
        QSignalSpy failed(&pc, &PlanController::actionFailed);
        pc.setPlanId(planIdOf(db, "EXA-000001"));
        QVERIFY(pc.requestOverride("B2", "EVIDENCE", "Speech and language report of January", ""));

        RulesController rc;
        rc.setApp(app.get());
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        QVERIFY(rc.rebandAll("2026-04-01"));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);

        pc.setPlanId(planIdOf(db, "EXA-000002"));
        QVERIFY(pc.loaded());
        QVERIFY(pc.requestOverride("B3", "PANEL", "Panel of 9 February", ""));
        pc.setPlanId(planIdOf(db, "EXA-000003"));
        QVERIFY(pc.requestOverride("B4", "PANEL", "Panel of 9 February", ""));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM audit_log WHERE action = 'override.create'"), 3);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM audit_log WHERE action = 'caseload.reband'"), 1);
        expectAuditIntact(*app, db);
    }

    void cancelledRebandChangesNothingAndAFinishedOneEqualsTheCli() {
        const QString db = freshCopy();
        auto app = openApp(db);
        RulesController rc;
        rc.setApp(app.get());
        QVERIFY(rc.activeLoaded());
        const qint64 decisions = sqlCount(db, "SELECT count(*) FROM decisions");
        const qint64 audit = sqlCount(db, "SELECT count(*) FROM audit_log");

        // Deterministic: the job is queued behind a task holding the only pool thread, so the
        // cancel is always seen before it begins, however fast the machine.
        QThreadPool* pool = QThreadPool::globalInstance();
        const int threads = pool->maxThreadCount();
        pool->setMaxThreadCount(1);
        auto restore = qScopeGuard([pool, threads] { pool->setMaxThreadCount(threads); });
        QSemaphore running, gate;
        pool->start([&running, &gate] {
            running.release();
            gate.acquire();
        });
        running.acquire();
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        const bool started = rc.rebandAll("2026-04-01");
        app->cancel();
        gate.release();
        QVERIFY(started);
        QVERIFY(finished.wait(30000));
        restore.dismiss();
        pool->setMaxThreadCount(threads);
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("Re-banding every plan as of 2026-04-01"));
        QCOMPARE(finished.first().at(1).toBool(), false);
        QCOMPARE(app->errorText(), QStringLiteral("Cancelled: nothing was changed."));
        QVERIFY(!app->busy());
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions"), decisions);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM audit_log"), audit);

        // Not cancelled: as `sendband reband --rules rules/example.yaml --as-of 2026-04-01` on a
        // copy of the same database (the 2026-27 tariffs are 2.5% up: new amounts, same bands).
        const QString cliDb = freshCopy();
        const CliRun run = runCli({"reband", "--db", cliDb, "--rules", kExampleRules, "--as-of", "2026-04-01"});
        QVERIFY2(run.ok, qPrintable(run.err));
        QVERIFY2(run.out.contains("\n  moved up:   0\n  moved down: 0\n  stayed:     3000 (2440 in the same band with new amounts)\n"),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains("New decisions recorded: 2440"), qPrintable(run.out));
        finished.clear();
        QVERIFY(rc.rebandAll("2026-04-01"));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QCOMPARE(app->message(), QStringLiteral("Re-banded 3000 plans: 0 up, 0 down, 3000 stayed; 2440 new decisions recorded."));
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions"), decisions + 2440);
        QCOMPARE(sqlCount(db, "SELECT count(*) FROM decisions WHERE as_of = '2026-04-01'"),
                 sqlCount(cliDb, "SELECT count(*) FROM decisions WHERE as_of = '2026-04-01'"));
        QCOMPARE(sqlCount(db, "SELECT sum(top_up_pence) FROM decisions WHERE as_of = '2026-04-01'"),
                 sqlCount(cliDb, "SELECT sum(top_up_pence) FROM decisions WHERE as_of = '2026-04-01'"));
        // The caseload was re-read after the job.
        qint64 topUp = 0;
        for (const auto& p : app->caseload()->plansView()) topUp += p.topUp.pence();
        QCOMPARE(topUp, sqlCount(cliDb, "SELECT sum(top_up_pence) FROM decisions d WHERE id = (SELECT max(id) FROM decisions WHERE plan_id = d.plan_id)"));
        expectAuditIntact(*app, db);
    }
};

QTEST_MAIN(PlanRulesTests)
#include "PlanRulesTests.moc"
