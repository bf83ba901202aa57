// QtQuickTest runner for the screens' behaviour (tests/app/qml/tst_*.qml), offscreen. Before
// any QML runs it imports the sample caseload into a temporary database as of 2026-01-15 and
// adds overrides (two awaiting approval, one in force), then hands the QML the database's path
// and the plan ids it needs as context properties:
//   testDatabase   the database file (each test's AppController opens it; nothing saves to it)
//   testPlanIds    reference -> plan id for EXA-000001, EXA-000012, EXA-000020 and EXA-000030
// The Sendband.Ui module is static: its plugin is linked in and found under qrc:/.
#include "workflows/Overrides.h"
#include "TestSupport.h"

#include <QGuiApplication>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QVariantMap>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Sendband_UiPlugin)

class QmlSetup : public QObject {
    Q_OBJECT

public:
    QmlSetup() = default;

public Q_SLOTS:
    void applicationAvailable() {
        QStandardPaths::setTestModeEnabled(true);  // AppController's QSettings go to a test location
        QGuiApplication::setOrganizationName("sendband-tests");
        QGuiApplication::setApplicationName("sendband_qml_tests");
        QQuickStyle::setStyle("Basic");
        qputenv("SENDBAND_NOW", "2026-02-10T09:00:00Z");
        if (!dir_.isValid()) qFatal("no temporary directory");
        db_ = dir_.filePath("sample.db");
        const sendband::Actor importer{"Importer", "2026-01-15T09:00:00Z"};
        const sendband::Actor ann{"Ann Officer", "2026-02-04T11:00:00Z"};
        testsupport::importInto(db_, SENDBAND_SOURCE_DIR "/data/sample-caseload.csv", "2026-01-15", importer);
        if (testsupport::sqlCount(db_, "SELECT count(*) FROM decisions") != 3000) qFatal("the sample was not imported");
        auto store = sendband::CaseloadStore::openSqlite(db_.toStdString());
        // EXA-000001 and EXA-000020 wait for approval (over the 2,000 threshold); EXA-000030 is
        // in force (within it). Check the sample's bands still make that so.
        struct Want {
            const char* reference;
            const char* band;
            const char* status;
        };
        for (const Want& w : {Want{"EXA-000001", "B3", "awaiting_approval"}, Want{"EXA-000020", "B4", "awaiting_approval"},
                              Want{"EXA-000030", "B0", "in_force"}}) {
            const auto o = sendband::createOverride(*store, {w.reference, w.band, "PANEL", "QML test", std::nullopt}, ann);
            if (!o.ok() || sendband::storedText(o.status) != std::string(w.status))
                qFatal("override of %s to %s: %s (%s)", w.reference, w.band, o.error.c_str(), sendband::storedText(o.status));
        }
        for (const char* ref : {"EXA-000001", "EXA-000012", "EXA-000020", "EXA-000030"}) {
            const qint64 id = testsupport::sqlCount(db_, std::string("SELECT id FROM plans WHERE reference = '") + ref + "'");
            if (id <= 0) qFatal("no plan %s", ref);
            ids_.insert(QString::fromLatin1(ref), id);
        }
    }

    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/"));  // Qt 6.4 does not look in qrc:/ for modules
        engine->rootContext()->setContextProperty("testDatabase", db_);
        engine->rootContext()->setContextProperty("testPlanIds", ids_);
    }

private:
    QTemporaryDir dir_;
    QString db_;
    QVariantMap ids_;
};

QUICK_TEST_MAIN_WITH_SETUP(sendband_qml, QmlSetup)

#include "QmlTests.moc"
