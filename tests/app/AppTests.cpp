// The desktop app's models and controllers against real temporary databases: finance totals
// equal to the penny what `sendband totals` prints, the audit log's lazily read rows equal to
// SQL counts for each filter, verification and the consistency report through AppController's
// jobs, QAbstractItemModelTester on every table model, and both screens loaded offscreen with
// no QML warning.
#include "AppController.h"
#include "AuditController.h"
#include "AuditLogModel.h"
#include "CaseloadFilterModel.h"
#include "workflows/CaseloadImport.h"
#include "CaseloadModel.h"
#include "store/CaseloadStore.h"
#include "core/Date.h"
#include "FinanceController.h"
#include "FinanceTableModel.h"
#include "workflows/Overrides.h"
#include "reports/Reports.h"
#include "rules/RuleSetLoader.h"
#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QQmlComponent>
#include <QScopeGuard>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

#include <sqlite3.h>

#include <clocale>
#include <fstream>
#include <sstream>

Q_IMPORT_QML_PLUGIN(Sendband_UiPlugin)

using namespace testsupport;  // readText, importInto, sqlCount, sqlExec

namespace {

const sendband::Actor kImporter{"Importer", "2026-01-15T09:00:00Z"};
const sendband::Actor kSecond{"Second Officer", "2026-02-03T10:00:00Z"};
const sendband::Actor kAnn{"Ann Officer", "2026-02-04T11:00:00Z"};

QStringList rowText(const QAbstractItemModel& m, int row) {
    QStringList out;
    for (int c = 0; c < m.columnCount(); ++c) out << m.data(m.index(row, c)).toString();
    return out;
}

QStringList headers(const QAbstractItemModel& m) {
    QStringList out;
    for (int c = 0; c < m.columnCount(); ++c) out << m.headerData(c, Qt::Horizontal).toString();
    return out;
}

void fetchAll(QAbstractItemModel& m) {
    while (m.canFetchMore({})) m.fetchMore({});
}

// Collects warnings (and worse) printed while it lives, passing them on to QtTest's handler.
class WarningCatcher {
public:
    WarningCatcher() {
        caught().clear();
        previous() = qInstallMessageHandler(&WarningCatcher::handle);
    }
    ~WarningCatcher() { qInstallMessageHandler(previous()); }
    static QStringList& caught() {
        static QStringList c;
        return c;
    }

private:
    static QtMessageHandler& previous() {
        static QtMessageHandler p = nullptr;
        return p;
    }
    static void handle(QtMsgType type, const QMessageLogContext& ctx, const QString& msg) {
        // XDG_RUNTIME_DIR is the test machine's business, not the screens'.
        if (type != QtDebugMsg && type != QtInfoMsg && !msg.contains(QLatin1String("XDG_RUNTIME_DIR"))) caught() << msg;
        if (previous()) previous()(type, ctx, msg);
    }
};

}  // namespace

class AppTests : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString small_, sample_;

    // An AppController with `db` open; waits for nothing (opening is synchronous).
    static std::unique_ptr<AppController> openApp(const QString& db) {
        auto app = std::make_unique<AppController>();
        if (!app->openDatabase(db)) qWarning() << "could not open" << db << app->errorText();
        return app;
    }

    // Shows the finance table for `year` and grouping `group`, and waits for the figures.
    static void showTotals(FinanceController& fc, const QString& year, int group) {
        QSignalSpy done(&fc, &FinanceController::refreshed);
        fc.setGroupIndex(group);
        fc.setYear(year);
        fc.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(!fc.loading() && !done.isEmpty() && fc.year() == year && fc.groupIndex() == group, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!fc.app()->busy(), 30000);
        QVERIFY2(fc.error().isEmpty(), qPrintable(fc.error()));
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // AppController's QSettings go to a test location
        QApplication::setOrganizationName("sendband-tests");
        QApplication::setApplicationName("sendband_app_tests");
        QQuickStyle::setStyle("Basic");
        QVERIFY(dir_.isValid());
        // As tests/reports_cli_test.sh builds its database: the golden totals apply to this one.
        small_ = dir_.filePath("small.db");
        importInto(small_, SENDBAND_TEST_DATA "/fixtures/caseloads/small.csv", "2026-01-15", kImporter);
        // 3,000 plans, then a second officer's re-import and an override: several pages of audit
        // log with more than one actor, action and day.
        sample_ = dir_.filePath("sample.db");
        importInto(sample_, SENDBAND_SOURCE_DIR "/data/sample-caseload.csv", "2026-01-15", kImporter);
        {
            // The fixture with two plans' needs changed: a re-import that records two plans.
            std::string csv = readText(SENDBAND_TEST_DATA "/fixtures/caseloads/small.csv");
            for (auto [from, to] : {std::pair<std::string, std::string>{",1,2,1,0\n", ",2,2,1,0\n"}, {",0,1,2,0\n", ",1,1,2,0\n"}}) {
                const auto at = csv.find(from);
                QVERIFY(at != std::string::npos);
                csv.replace(at, from.size(), to);
            }
            std::ofstream(dir_.filePath("changed.csv").toStdString(), std::ios::binary) << csv;
        }
        importInto(sample_, dir_.filePath("changed.csv"), "2026-02-03", kSecond);
        {
            auto store = sendband::CaseloadStore::openSqlite(sample_.toStdString());
            const auto o = sendband::createOverride(*store, {"EXA-000002", "B2", "EVIDENCE", "test", std::nullopt}, kAnn);
            QVERIFY2(o.ok(), o.error.c_str());
        }
        QVERIFY(sqlCount(sample_, "SELECT count(*) FROM audit_log") > 3000);
    }

    // ---- Finance

    void financeOffersTheYearsAroundTheDecisions() {
        auto app = openApp(small_);
        FinanceController fc;
        fc.setApp(app.get());
        // Every decision is as of 2026-01-15, in 2025-26: that year by default, and one either side
        // that the rule set can price. The example runs from 2025-04-01 to 2027-03-31, so 2024-25
        // (which would fail for every plan) is not offered.
        QCOMPARE(fc.years(), QStringList({"2025-26", "2026-27"}));
        QCOMPARE(fc.year(), QStringLiteral("2025-26"));
        QCOMPARE(FinanceController::financialYearOf("2026-03-31"), QStringLiteral("2025-26"));
        QCOMPARE(FinanceController::financialYearOf("2026-04-01"), QStringLiteral("2026-27"));
        QVERIFY(FinanceController::financialYearOf("2026-13-01").isEmpty());
    }

    // Clicking a heading sorts the groups by that column, by value for figures and in natural
    // order for names; the Total row stays last whatever the order.
    void financeTableSortsByColumn() {
        auto app = openApp(small_);
        FinanceController fc;
        QAbstractItemModelTester tester(fc.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        fc.setApp(app.get());
        showTotals(fc, "2025-26", 0);  // by band
        if (QTest::currentTestFailed()) return;
        auto* m = fc.model();
        const int rows = m->rowCount();
        QVERIFY(rows >= 3);
        auto text = [&](int r, int c) { return m->data(m->index(r, c)).toString(); };
        auto pounds = [&](int r, int c) { return text(r, c).remove(',').toDouble(); };
        const int totalCol = m->columnCount() - 1;
        const QString totalRow = text(rows - 1, 0);
        QCOMPARE(totalRow, QStringLiteral("Total"));
        m->sortByColumn(totalCol, false);
        for (int r = 0; r + 2 < rows; ++r) QVERIFY2(pounds(r, totalCol) >= pounds(r + 1, totalCol), qPrintable(text(r, 0)));
        QVERIFY(pounds(0, totalCol) > pounds(rows - 2, totalCol));
        QCOMPARE(text(rows - 1, 0), QStringLiteral("Total"));
        m->sortByColumn(0, true);
        for (int r = 0; r + 2 < rows; ++r) QVERIFY2(text(r, 0) < text(r + 1, 0), qPrintable(text(r, 0)));
        QCOMPARE(text(0, 0), QStringLiteral("B0"));
        QCOMPARE(text(rows - 1, 0), QStringLiteral("Total"));
    }

    void financeTotalsByBandEqualTheCliToThePenny() {
        auto app = openApp(small_);
        FinanceController fc;
        QAbstractItemModelTester tester(fc.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        fc.setApp(app.get());
        showTotals(fc, "2025-26", 0);
        if (QTest::currentTestFailed()) return;
        // Worked by hand from tests/fixtures/caseloads/small.csv and rules/example.yaml (scores as
        // in PlanRulesTests::impactOnTheSmallCaseloadIsTheHandWorkedFigure):
        //   B0: EXA-6, no top-up.
        //   B1 mainstream, 1,500.00 a year: EXA-3 and EXA-8 placed all year (3,000.00); EXA-1, -2
        //       and -5 from 1 September 2025, 212 of 365 days: 1,500 x 212 / 365 = 871.232... =
        //       871.23 each (rounded per plan), 2,613.69; together 5,613.69.
        //   B3 special, 9,500.00 top-up and 10,000.00 place a year: EXA-4 and EXA-7 all year.
        const FinanceTableModel& m = *fc.model();
        QCOMPARE(headers(m), QStringList({"Band", "Plans", "Top-up £", "Place funding £", "Total £"}));
        QCOMPARE(m.rowCount(), 4);
        QCOMPARE(rowText(m, 0), QStringList({"B0", "1", "0.00", "0.00", "0.00"}));
        QCOMPARE(rowText(m, 1), QStringList({"B1", "5", "5,613.69", "0.00", "5,613.69"}));
        QCOMPARE(rowText(m, 2), QStringList({"B3", "2", "19,000.00", "20,000.00", "39,000.00"}));
        QCOMPARE(rowText(m, 3), QStringList({"Total", "8", "24,613.69", "20,000.00", "44,613.69"}));
        QCOMPARE(m.data(m.index(3, 0), FinanceTableModel::IsTotalRole).toBool(), true);
        QCOMPARE(fc.summary(), QStringLiteral("2025-26 (1 April 2025 to 31 March 2026). Plans in the store: 8; with a placement in the year: 8; outside the year: 0."));
        // The chart: the same groups, in pounds.
        QCOMPARE(m.chartLabels(), QStringList({"B0", "B1", "B3"}));
        QCOMPARE(m.chartTopUp(), QVariantList({0.0, 5613.69, 19000.0}));
        QCOMPARE(m.chartPlace(), QVariantList({0.0, 0.0, 20000.0}));
        QCOMPARE(m.chartMax(), 20000.0);
        QCOMPARE(m.chartTitle(), QStringLiteral("Committed spend 2025-26 by band"));
    }

    // The committed golden output of `sendband totals --fy 2026-27 --by band` for the same
    // database (tests/reports/totals-by-band.out), compared line by line with the table.
    void financeTotalsMatchTheCliGoldenFile() {
        auto app = openApp(small_);
        FinanceController fc;
        QAbstractItemModelTester tester(fc.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        fc.setApp(app.get());
        showTotals(fc, "2026-27", 0);
        if (QTest::currentTestFailed()) return;
        QFile golden(SENDBAND_TEST_DATA "/reports/totals-by-band.out");
        QVERIFY(golden.open(QIODevice::ReadOnly | QIODevice::Text));
        QStringList lines = QString::fromUtf8(golden.readAll()).split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 3);
        QCOMPARE(lines[0], QStringLiteral("Committed spend, financial year 2026-27 (1 April 2026 to 31 March 2027), by band"));
        lines = lines.mid(3);  // heading, counts, column names
        QCOMPARE(fc.model()->rowCount(), lines.size());
        for (int r = 0; r < lines.size(); ++r) {
            // Money cells have no spaces ("27,162.50"), so the columns split on runs of spaces.
            QCOMPARE(rowText(*fc.model(), r), lines[r].split(' ', Qt::SkipEmptyParts));
        }
    }

    void financeTotalsByNeedAndBySchool() {
        auto app = openApp(small_);
        FinanceController fc;
        QAbstractItemModelTester tester(fc.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        fc.setApp(app.get());
        QCOMPARE(fc.groupings().at(3), QStringLiteral("Primary need"));
        showTotals(fc, "2025-26", 3);
        if (QTest::currentTestFailed()) return;
        // `sendband totals --fy 2025-26 --by need`.
        const FinanceTableModel& m = *fc.model();
        QCOMPARE(headers(m).at(0), QStringLiteral("Primary need"));
        QCOMPARE(m.rowCount(), 5);
        QCOMPARE(rowText(m, 0), QStringList({"ASD", "3", "1,742.46", "0.00", "1,742.46"}));
        QCOMPARE(rowText(m, 1), QStringList({"MLD", "2", "11,000.00", "10,000.00", "21,000.00"}));
        QCOMPARE(rowText(m, 2), QStringList({"PD", "1", "871.23", "0.00", "871.23"}));
        QCOMPARE(rowText(m, 3), QStringList({"SEMH", "2", "11,000.00", "10,000.00", "21,000.00"}));
        QCOMPARE(rowText(m, 4), QStringList({"Total", "8", "24,613.69", "20,000.00", "44,613.69"}));

        // By school the name has its own column (tests/reports/totals-by-school.out).
        showTotals(fc, "2025-26", 2);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(headers(m), QStringList({"School URN", "School", "Plans", "Top-up £", "Place funding £", "Total £"}));
        QCOMPARE(m.rowCount(), 9);
        QCOMPARE(rowText(m, 2), QStringList({"910043", "Synthetic mainstream 44", "1", "871.23", "0.00", "871.23"}));
        QCOMPARE(rowText(m, 6), QStringList({"920000", "Synthetic special 1", "1", "9,500.00", "10,000.00", "19,500.00"}));
        QCOMPARE(rowText(m, 8), QStringList({"Total", "", "8", "24,613.69", "20,000.00", "44,613.69"}));

        // No grouping: the Total row alone.
        showTotals(fc, "2025-26", 4);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(rowText(m, 0), QStringList({"Total", "8", "24,613.69", "20,000.00", "44,613.69"}));
        QCOMPARE(m.chartLabels(), QStringList({"All plans"}));
    }

    // A year no plan can be priced for (not offered, but a stale choice can ask for it) gives one
    // line with the shared reason, not a wall of errors.
    void financeYearEveryPlanFailsForTheSameReasonIsOneLine() {
        auto app = openApp(small_);
        FinanceController fc;
        fc.setApp(app.get());
        QVERIFY(!fc.years().contains(QStringLiteral("2027-28")));  // the example rule set ends on 31 March 2027
        QSignalSpy done(&fc, &FinanceController::refreshed);
        fc.setYear(QStringLiteral("2027-28"));
        fc.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty() && !fc.loading(), 30000);
        QCOMPARE(fc.error(), QStringLiteral("8 plan(s) cannot be priced for 2027-28, so there are no figures. Every one for the same reason: "
                                            "2027-04-01: the as-of date 2027-04-01 is outside the rule set's effective period (2025-04-01 to 2027-03-31)"));
        QVERIFY(!fc.error().contains('\n'));
        QCOMPARE(fc.model()->rowCount(), 0);
    }

    void financeWithoutDecisionsSaysSo() {
        const QString empty = dir_.filePath("empty.db");
        auto app = std::make_unique<AppController>();
        QVERIFY(app->newDatabase(empty));
        FinanceController fc;
        fc.setApp(app.get());
        fc.setActive(true);
        QVERIFY(fc.years().isEmpty());
        QCOMPARE(fc.model()->rowCount(), 0);
        QCOMPARE(fc.error(), QStringLiteral("There are no decisions in this database yet, so there is no spend to show."));
    }

    void financeExportsXlsxOffTheGuiThread() {
        if (!sendband::xlsxAvailable()) QFAIL("this build has no libxlsxwriter; the export cannot be tested");
        auto app = openApp(small_);
        FinanceController fc;
        fc.setApp(app.get());
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        const QString out = dir_.filePath("caseload");  // ".xlsx" is added
        QVERIFY(fc.exportXlsx(QUrl::fromLocalFile(out).toString()));
        QVERIFY(app->busy());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QCOMPARE(fc.exportStatus(), QStringLiteral("Exported 8 plan(s) to %1.xlsx (without identifying fields).").arg(out));
        QCOMPARE(fc.exportFailed(), false);
        QFile f(out + ".xlsx");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(2), QByteArray("PK"));  // a zip: an .xlsx workbook

        QVERIFY(!fc.exportXlsx(dir_.filePath("no-such-folder/x.xlsx")));
        QCOMPARE(fc.exportStatus(), QStringLiteral("The folder %1 does not exist; choose another place to save the export.").arg(dir_.filePath("no-such-folder")));
        QCOMPARE(fc.exportFailed(), true);
    }

    // The Finance screen's "Export figures…" writes what is on screen: the chosen year and
    // grouping, pro rata as shown (871.23 is 1,500.00 x 212/365), and the band x setting sheet.
    void financeExportsTheFiguresOnScreen() {
        if (!sendband::xlsxAvailable()) QFAIL("this build has no libxlsxwriter; the export cannot be tested");
        auto app = openApp(small_);
        FinanceController fc;
        fc.setApp(app.get());
        showTotals(fc, "2025-26", 2);  // by school
        if (QTest::currentTestFailed()) return;
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        const QString out = dir_.filePath("figures");  // ".xlsx" is added
        // The screen asks before replacing a file: there is none yet.
        QCOMPARE(app->xlsxTarget(QUrl::fromLocalFile(out).toString()), out + ".xlsx");
        QVERIFY(!app->xlsxExists(QUrl::fromLocalFile(out).toString()));
        QVERIFY(fc.exportFigures(QUrl::fromLocalFile(out).toString()));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QCOMPARE(fc.exportStatus(), QStringLiteral("Exported the 2025-26 figures by school, with a band x setting sheet (8 plan(s), £44,613.69), to %1.xlsx.").arg(out));
        QCOMPARE(fc.exportFailed(), false);
        QVERIFY(app->xlsxExists(out));  // now there is: a second export would ask first
        auto part = [&](const char* name) {
            QProcess unzip;
            unzip.start(QStringLiteral("unzip"), {QStringLiteral("-p"), out + ".xlsx", QString::fromLatin1(name)});
            if (!unzip.waitForFinished(30000) || unzip.exitCode() != 0) return QByteArray("(unzip failed)");
            return unzip.readAllStandardOutput();
        };
        const QByteArray book = part("xl/workbook.xml");
        QVERIFY2(book.contains("<sheet name=\"Spend 2025-26\" sheetId=\"1\"") && book.contains("<sheet name=\"Band x setting\" sheetId=\"2\""), book.constData());
        const QByteArray strings = part("xl/sharedStrings.xml");
        QVERIFY(strings.contains("Committed spend, financial year 2025-26 (1 April 2025 to 31 March 2026), by school"));
        QVERIFY(strings.contains("Synthetic mainstream 44"));
        const QByteArray bySchool = part("xl/worksheets/sheet1.xml");
        QCOMPARE(bySchool.count("<v>871.23</v>"), 6);  // three schools' top-up and total
        QVERIFY(bySchool.contains("<v>24613.69</v>") && bySchool.contains("<v>44613.69</v>"));
        const QByteArray bandSetting = part("xl/worksheets/sheet2.xml");
        QVERIFY(bandSetting.contains("<v>44613.69</v>"));
        QVERIFY(bandSetting.contains("<v>20000</v>"));

        // A folder that does not exist: nothing is started, and the screen says why.
        QVERIFY(!fc.exportFigures(dir_.filePath("no-such-folder/x.xlsx")));
        QCOMPARE(fc.exportStatus(), QStringLiteral("The folder %1 does not exist; choose another place to save the export.").arg(dir_.filePath("no-such-folder")));
        QCOMPARE(fc.exportFailed(), true);
    }

    // Under a German desktop (Qt sets the process locale from LC_ALL/LANG), the export ran
    // libxlsxwriter in a locale with a decimal comma, and it wrote 1537,5 into the workbook. As
    // of 2026-04-01 the example rule set's band B1 mainstream top-up is 1,500.00 + 2.5% = 1,537.50.
    void financeExportUnderAGermanLocaleKeepsTheDecimalPoint() {
        const QByteArray was = std::setlocale(LC_ALL, nullptr);
        QVERIFY(std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr);  // generated by scripts/deps.sh
        auto restore = qScopeGuard([was] { std::setlocale(LC_ALL, was.constData()); });
        char probe[16];
        std::snprintf(probe, sizeof probe, "%.1f", 2.5);
        QCOMPARE(QByteArray(probe), QByteArray("2,5"));  // the comma is in force
        const QString db = dir_.filePath("april.db");
        importInto(db, SENDBAND_TEST_DATA "/fixtures/caseloads/small.csv", "2026-04-01", kImporter);
        QVERIFY(sqlCount(db, "SELECT count(*) FROM decisions WHERE top_up_pence = 153750") > 0);
        auto app = openApp(db);
        FinanceController fc;
        fc.setApp(app.get());
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        const QString out = dir_.filePath("german.xlsx");
        QVERIFY(fc.exportXlsx(QUrl::fromLocalFile(out).toString()));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QProcess unzip;
        unzip.start(QStringLiteral("unzip"), {QStringLiteral("-p"), out, QStringLiteral("xl/worksheets/sheet1.xml")});
        QVERIFY(unzip.waitForFinished(30000));
        QCOMPARE(unzip.exitCode(), 0);
        const QByteArray sheet = unzip.readAllStandardOutput();
        QVERIFY2(sheet.contains("<v>1537.5</v>"), sheet.left(400).constData());
        QVERIFY(!sheet.contains("1537,5"));
    }

    // ---- Audit log

    void auditModelReadsPagesAndMatchesSqlCounts() {
        auto app = openApp(sample_);
        const qint64 all = sqlCount(sample_, "SELECT count(*) FROM audit_log");
        {
            // One page at first, newest first; the rest only when asked for. (Without the model
            // tester, which fetches more itself whenever the rows change.)
            AuditController plain;
            plain.setApp(app.get());
            const AuditLogModel& m = *plain.model();
            QCOMPARE(m.rowCount(), 500);
            QVERIFY(m.canFetchMore({}));
            QCOMPARE(plain.shownText(), QStringLiteral("Showing the newest 500 matching entries; scroll down for more."));
            QCOMPARE(m.data(m.index(0, AuditLogModel::Seq)).toString(), QString::number(sqlCount(sample_, "SELECT max(seq) FROM audit_log")));
            QCOMPARE(m.data(m.index(0, AuditLogModel::Action)).toString(), QStringLiteral("override.create"));
            QCOMPARE(m.data(m.index(0, AuditLogModel::Entity)).toString(), QStringLiteral("plan:P0000002"));
            plain.model()->fetchMore({});
            QCOMPARE(m.rowCount(), 1000);
            QCOMPARE(m.data(m.index(999, AuditLogModel::Seq)).toLongLong(), m.data(m.index(0, AuditLogModel::Seq)).toLongLong() - 999);
        }
        AuditController ac;
        QAbstractItemModelTester tester(ac.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        ac.setApp(app.get());
        AuditLogModel& m = *ac.model();
        fetchAll(m);
        QCOMPARE(m.rowCount(), static_cast<int>(all));
        QVERIFY(!m.canFetchMore({}));
        QCOMPARE(m.data(m.index(m.rowCount() - 1, AuditLogModel::Seq)).toString(), QStringLiteral("1"));
        QCOMPARE(m.data(m.index(m.rowCount() - 1, AuditLogModel::Action)).toString(), QStringLiteral("rule_set.load"));
        QCOMPARE(ac.shownText(), QStringLiteral("%1 matching entries, newest first.").arg(all));
        // Nothing identifying: the sample's names ("Child 1") and UPNs ("X268604052169") never show.
        for (int r = 0; r < m.rowCount(); ++r)
            for (int c = 0; c < m.columnCount(); ++c) {
                const QString t = m.data(m.index(r, c)).toString();
                QVERIFY2(!t.contains("Child ") && !t.contains("X268604052169") && !t.contains("EXA-"), qPrintable(t));
            }

        // By actor.
        ac.setActor("Second Officer");
        QVERIFY(ac.applyFilter());
        fetchAll(m);
        const qint64 second = sqlCount(sample_, "SELECT count(*) FROM audit_log WHERE actor = 'Second Officer'");
        QCOMPARE(second, 3);  // two plan.reimport entries and the caseload.import
        QCOMPARE(m.rowCount(), static_cast<int>(second));
        QCOMPARE(m.countMatching(), second);

        // By action family: "plan" is plan.import and plan.reimport.
        ac.setActor("");
        ac.setAction("plan");
        QVERIFY(ac.applyFilter());
        fetchAll(m);
        QCOMPARE(m.rowCount(), static_cast<int>(sqlCount(sample_, "SELECT count(*) FROM audit_log WHERE action LIKE 'plan.%'")));
        ac.setAction("plan.reimport");
        QVERIFY(ac.applyFilter());
        fetchAll(m);
        QCOMPARE(m.rowCount(), static_cast<int>(sqlCount(sample_, "SELECT count(*) FROM audit_log WHERE action = 'plan.reimport'")));

        // By dates: the "to" day is included whole.
        ac.setAction("");
        ac.setDateFrom("2026-02-03");
        ac.setDateTo("2026-02-04");
        QVERIFY(ac.applyFilter());
        fetchAll(m);
        const qint64 feb = sqlCount(sample_, "SELECT count(*) FROM audit_log WHERE at >= '2026-02-03' AND at < '2026-02-05'");
        QCOMPARE(m.rowCount(), static_cast<int>(feb));
        QCOMPARE(feb, second + 1);  // the re-import and Ann's override
        ac.setDateFrom("2026-01-15");
        ac.setDateTo("2026-01-15");
        QVERIFY(ac.applyFilter());
        QCOMPARE(m.countMatching(), sqlCount(sample_, "SELECT count(*) FROM audit_log WHERE at LIKE '2026-01-15%'"));
    }

    void auditFiltersByPlanReferenceOrPseudonym() {
        auto app = openApp(sample_);
        AuditController ac;
        QAbstractItemModelTester tester(ac.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        ac.setApp(app.get());
        AuditLogModel& m = *ac.model();
        const qint64 forPlan2 = sqlCount(sample_,
                                         "SELECT count(*) FROM audit_log WHERE entity = "
                                         "(SELECT 'plan:' || pseudonym FROM plans WHERE reference = 'EXA-000002')");
        QVERIFY(forPlan2 >= 2);  // imported, and overridden (and perhaps re-imported)
        for (const char* asked : {"EXA-000002", "P0000002", "p0000002", "plan:P0000002"}) {
            ac.setPlan(asked);
            QVERIFY2(ac.applyFilter(), asked);
            fetchAll(m);
            QCOMPARE(m.rowCount(), static_cast<int>(forPlan2));
            for (int r = 0; r < m.rowCount(); ++r) QCOMPARE(m.data(m.index(r, AuditLogModel::Entity)).toString(), QStringLiteral("plan:P0000002"));
        }
        QCOMPARE(ac.filterSummary(), QStringLiteral("Filter: plan:P0000002"));
        // Plan and actor together.
        ac.setPlan("EXA-000002");
        ac.setActor("Ann Officer");
        QVERIFY(ac.applyFilter());
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.data(m.index(0, AuditLogModel::Action)).toString(), QStringLiteral("override.create"));
        QCOMPARE(m.data(m.index(0, AuditLogModel::Time)).toString(), QStringLiteral("2026-02-04T11:00:00Z"));
        QVERIFY(m.data(m.index(0, AuditLogModel::Summary)).toString().contains("band B2"));
        QVERIFY(m.data(m.index(0, AuditLogModel::Summary)).toString().contains("reason EVIDENCE"));
    }

    void auditFilterErrorsAreInPlainEnglishAndShowNothing() {
        auto app = openApp(sample_);
        AuditController ac;
        QAbstractItemModelTester tester(ac.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        ac.setApp(app.get());
        ac.setPlan("NOPE-1");
        QVERIFY(!ac.applyFilter());
        QCOMPARE(ac.filterError(), QStringLiteral("No plan in this database has the reference or pseudonym \"NOPE-1\"."));
        QCOMPARE(ac.model()->rowCount(), 0);
        QVERIFY(!ac.model()->canFetchMore({}));
        ac.setPlan("");
        ac.setDateFrom("15/01/2026");
        QVERIFY(!ac.applyFilter());
        QCOMPARE(ac.filterError(), QStringLiteral("The \"from\" date \"15/01/2026\" is not a date; write it as YYYY-MM-DD, such as 2026-01-15."));
        ac.setDateFrom("2026-02-01");
        ac.setDateTo("2026-01-01");
        QVERIFY(!ac.applyFilter());
        QCOMPARE(ac.filterError(), QStringLiteral("The \"to\" date (2026-01-01) is before the \"from\" date (2026-02-01)."));
        QCOMPARE(ac.model()->rowCount(), 0);
        QCOMPARE(ac.actionLabels().size(), ac.actions().size());
        QCOMPARE(ac.actionLabels().at(0), QStringLiteral("Any action"));
        ac.clearFilter();
        QVERIFY(ac.filterError().isEmpty());
        QCOMPARE(ac.model()->rowCount(), 500);
        QVERIFY(ac.model()->canFetchMore({}));
    }

    void auditSummaryReadsTheJson() {
        QCOMPARE(AuditLogModel::summarise(R"({"decision":1,"band":"B1","top_up":"1500.00","moved":true})"),
                 QStringLiteral("band B1; decision 1; moved yes; top_up 1500.00"));
        QCOMPARE(AuditLogModel::summarise(R"({"rule_set":"8c3d3b029d8aaad5e14ae83e5d66935cac2c2b467d4de5c0475dbcdc014f86cb"})"),
                 QStringLiteral("rule_set 8c3d3b029d8a"));
        QCOMPARE(AuditLogModel::summarise(""), QString());
    }

    void verifyShowsAnIntactLog() {
        auto app = openApp(small_);
        AuditController ac;
        ac.setApp(app.get());
        QVERIFY(ac.verify());
        QCOMPARE(ac.verifyState(), QStringLiteral("running"));
        QTRY_COMPARE_WITH_TIMEOUT(ac.verifyState(), QStringLiteral("ok"), 30000);
        QVERIFY2(ac.verifyText().startsWith("Audit log intact: 10 entries. Head hash "), qPrintable(ac.verifyText()));
        QVERIFY2(ac.verifyText().endsWith("\nDecisions and overrides match the log: 8 plan(s), 0 override(s) checked."), qPrintable(ac.verifyText()));
    }

    // The status line's message is about the screen it came from: moving to another screen
    // clears it, but never a running job's progress or that job's own result.
    void statusLineMessagesClearWhenTheScreenChanges() {
        auto app = openApp(small_);
        AuditController ac;
        ac.setApp(app.get());
        QSignalSpy finished(app.get(), &AppController::jobFinished);
        QVERIFY(ac.verify());
        QVERIFY(app->busy());
        app->screenChanged();  // while the job runs: nothing is cleared
        QVERIFY(finished.wait(30000));
        QVERIFY2(app->message().startsWith(QStringLiteral("Audit log intact")), qPrintable(app->message()));
        app->screenChanged();
        QCOMPARE(app->message(), QString());
        QCOMPARE(app->errorText(), QString());
    }

    // A copy of the small database edited with `sql` behind the app's back, verified from the Audit
    // screen's controller, which must report a failure: its text.
    QString verifyFailsOnEdited(const char* name, const char* sql) {
        const QString edited = dir_.filePath(name);
        if (!QFile::copy(small_, edited) || !sqlExec(edited, sql)) return QStringLiteral("(the copy could not be edited)");
        auto app = openApp(edited);
        AuditController ac;
        ac.setApp(app.get());
        if (!ac.verify()) return QStringLiteral("(verify did not start)");
        QTest::qWaitFor([&] { return ac.verifyState() != QStringLiteral("running"); }, 30000);
        return ac.verifyState() == QStringLiteral("failed") ? ac.verifyText() : QStringLiteral("(not failed: ") + ac.verifyState() + ")";
    }

    // The chain holds, but a decision was edited with the sqlite3 shell: the Audit screen says so.
    void verifyShowsATableEditedBehindTheLog() {
        const QStringList lines = verifyFailsOnEdited("edited.db", "UPDATE decisions SET band = 'B5' WHERE plan_id = 2;").split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[0].startsWith("Audit log intact: 10 entries. Head hash "), qPrintable(lines[0]));
        QCOMPARE(lines[1], QStringLiteral("But the tables were edited behind the log's back: 1 difference(s)"));
        QCOMPARE(lines[2], QStringLiteral("plan P0000002: decisions.band is B5, but the log (entry 3) says B1"));
    }

    // File > Open on another program's SQLite file: refused in plain words, the file untouched
    // (no sendband tables written into it, no -wal beside it), and nothing else is opened.
    void openRefusesAFileThatIsNotASendbandDatabase() {
        const QString other = dir_.filePath("contacts.db");
        QVERIFY(sqlExec(other, "CREATE TABLE contacts (name); INSERT INTO contacts VALUES ('someone');"));
        const std::string before = readText(other);
        AppController app;
        QVERIFY(!app.openDatabase(other));
        QCOMPARE(app.errorText(), QStringLiteral("Could not open %1: not a sendband database: the file holds another program's tables "
                                                 "(contacts); nothing was changed").arg(other));
        QVERIFY(!app.databaseOpen());
        QCOMPARE(readText(other), before);
        QVERIFY(!QFileInfo::exists(other + "-wal"));
    }

    void verifyShowsABrokenLog() {
        const QString text = verifyFailsOnEdited("broken.db", "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'Mallory' WHERE seq = 3;");
        QVERIFY2(text.startsWith("Audit log BROKEN at entry 3: "), qPrintable(text));
    }

    void consistencyReportRunsAsAJob() {
        auto app = openApp(small_);
        AuditController ac;
        ac.setApp(app.get());
        QVERIFY(ac.runConsistency());
        QCOMPARE(ac.consistencyState(), QStringLiteral("running"));
        QVERIFY(!ac.runConsistency());  // one job at a time, said plainly
        QVERIFY(ac.consistencyText().startsWith("Another job is running (Checking consistency)"));
        QTRY_VERIFY_WITH_TIMEOUT(!app->busy(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(ac.consistencyState(), QStringLiteral("ok"), 30000);
        const QStringList lines = ac.consistencyText().split('\n');
        QCOMPARE(lines.at(0), QStringLiteral("Consistency: all 8 stored decision(s) reproduced; 0 group(s) of like needs with unlike bands."));
        QCOMPARE(lines.at(2), QStringLiteral("(a) Stored decisions re-run under their own rule set and as-of date: 8 checked, 0 not reproduced"));
    }

    // ---- The caseload models under the model tester

    void caseloadModelsPassTheModelTester() {
        auto app = openApp(sample_);
        CaseloadModel& source = *app->caseload();
        QAbstractItemModelTester sourceTester(&source, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CaseloadFilterModel filtered;
        QAbstractItemModelTester filterTester(&filtered, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filtered.setSourceModel(&source);
        QCOMPARE(source.rowCount(), 3000);
        QCOMPARE(filtered.rowCount(), 3000);

        // Each filter shows exactly the plans it describes, counted from the source.
        auto count = [&](auto pred) {
            int n = 0;
            for (const auto& p : source.plansView()) n += pred(p) ? 1 : 0;
            return n;
        };
        filtered.setSearch("exa-00001");
        QCOMPARE(filtered.rowCount(), count([](const sendband::CurrentPlan& p) { return p.reference.find("EXA-00001") != std::string::npos; }));
        QCOMPARE(filtered.rowCount(), 10);  // EXA-000010 .. EXA-000019
        filtered.setSearch("");
        filtered.setBand("B2");
        const int b2 = count([](const sendband::CurrentPlan& p) { return p.effectiveBand() == "B2"; });
        QVERIFY(b2 > 0);
        QCOMPARE(filtered.rowCount(), b2);
        filtered.setSettingType("special");
        QCOMPARE(filtered.rowCount(), count([](const sendband::CurrentPlan& p) { return p.effectiveBand() == "B2" && p.settingType == "special"; }));
        filtered.setBand("");
        filtered.setSettingType("");
        filtered.setPrimaryNeed("asd");
        QCOMPARE(filtered.rowCount(), count([](const sendband::CurrentPlan& p) { return p.primaryNeed == "ASD"; }));
        filtered.setPrimaryNeed("");
        filtered.setOverriddenOnly(true);
        QCOMPARE(filtered.rowCount(), 1);  // Ann's override of EXA-000002
        QCOMPARE(filtered.data(filtered.index(0, CaseloadModel::Reference)).toString(), QStringLiteral("EXA-000002"));
        filtered.setOverriddenOnly(false);
        QCOMPARE(filtered.rowCount(), 3000);

        // Sorting: every column both ways, with a filter on, keeps the rows and orders them.
        filtered.setSettingType("mainstream");
        const int mainstream = filtered.rowCount();
        for (int c = 0; c < CaseloadModel::ColumnCount; ++c) {
            for (bool ascending : {true, false}) {
                filtered.sortByColumn(c, ascending);
                QCOMPARE(filtered.rowCount(), mainstream);
            }
        }
        filtered.sortByColumn(CaseloadModel::Reference, false);
        QCOMPARE(filtered.data(filtered.index(0, CaseloadModel::Reference)).toString() >
                     filtered.data(filtered.index(1, CaseloadModel::Reference)).toString(),
                 true);
        filtered.sortByColumn(CaseloadModel::TopUp, true);
        for (int r = 1; r < filtered.rowCount(); ++r)
            QVERIFY(filtered.data(filtered.index(r - 1, CaseloadModel::TopUp), CaseloadModel::SortRole).toLongLong() <=
                    filtered.data(filtered.index(r, CaseloadModel::TopUp), CaseloadModel::SortRole).toLongLong());
        // A reload (after any write) keeps the filter.
        app->reload();
        QCOMPARE(filtered.rowCount(), mainstream);
    }

    // ---- The screens load offscreen without a QML warning

    void screensLoadWithoutWarnings_data() {
        QTest::addColumn<QString>("screen");
        QTest::newRow("finance") << QStringLiteral("FinanceScreen");
        QTest::newRow("audit") << QStringLiteral("AuditScreen");
    }

    void screensLoadWithoutWarnings() {
        QFETCH(QString, screen);
        auto app = openApp(small_);
        WarningCatcher catcher;
        QQmlEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent component(&engine);
        component.setData(QStringLiteral("import Sendband.Ui\n%1 {}\n").arg(screen).toUtf8(), QUrl("qrc:/test/Screen.qml"));
        QVERIFY2(component.isReady(), qPrintable(component.errorString()));
        std::unique_ptr<QObject> object(component.createWithInitialProperties({{"controller", QVariant::fromValue(app.get())}}));
        QVERIFY2(object, qPrintable(component.errorString()));
        auto* item = qobject_cast<QQuickItem*>(object.get());
        QVERIFY(item);
        QQuickWindow window;
        window.resize(1280, 740);  // 1280x800 less the menu, tab and status bars
        item->setParentItem(window.contentItem());
        item->setSize(QSizeF(1280, 740));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QByteArray shots = qgetenv("SENDBAND_SCREENSHOT_DIR");  // for a person to look at
        if (auto* fc = item->findChild<FinanceController*>()) {
            QVERIFY(fc->active());
            QTRY_VERIFY_WITH_TIMEOUT(fc->model()->rowCount() == 4, 30000);
            // By school as well: a name column, and more bars with slanted labels.
            QTRY_VERIFY_WITH_TIMEOUT(!app->busy(), 30000);
            fc->setGroupIndex(2);
            QTRY_VERIFY_WITH_TIMEOUT(fc->model()->rowCount() == 9, 30000);
            QTest::qWait(200);
            if (!shots.isEmpty()) window.grabWindow().save(QString::fromLocal8Bit(shots) + "/" + screen + "-by-school.png");
            fc->setGroupIndex(0);
            QTRY_VERIFY_WITH_TIMEOUT(fc->model()->rowCount() == 4, 30000);
        }
        if (auto* ac = item->findChild<AuditController*>()) {
            QVERIFY(ac->active());
            QCOMPARE(ac->model()->rowCount(), 10);
            QVERIFY(ac->verify());
            QTRY_COMPARE_WITH_TIMEOUT(ac->verifyState(), QStringLiteral("ok"), 30000);
            QVERIFY(ac->runConsistency());
            QTRY_COMPARE_WITH_TIMEOUT(ac->consistencyState(), QStringLiteral("ok"), 30000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!app->busy(), 30000);
        QTest::qWait(200);  // let the views lay out and the chart draw
        if (!shots.isEmpty()) window.grabWindow().save(QString::fromLocal8Bit(shots) + "/" + screen + ".png");
        QVERIFY2(WarningCatcher::caught().isEmpty(), qPrintable(WarningCatcher::caught().join('\n')));
    }
};

QTEST_MAIN(AppTests)
#include "AppTests.moc"
