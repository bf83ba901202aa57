// sendband-app: the desktop app. Parses options, loads the QML, and offers --self-test,
// --screenshot DIR and --bench for ctest, the docs and performance reports.
#include "Bench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Sendband_UiPlugin)

namespace {
// --self-test fails on any warning: a QML binding error or a missing type shows up as one.
int g_warnings = 0;
QtMessageHandler g_previous = nullptr;
void countingHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) ++g_warnings;
    if (g_previous) g_previous(type, context, message);
}
}  // namespace

int main(int argc, char* argv[]) {
    QElapsedTimer sinceStart;  // for --bench: start to window shown
    sinceStart.start();
    QApplication app(argc, argv);  // QApplication, not QGuiApplication: QtCharts needs it
    QApplication::setOrganizationName("sendband");
    QApplication::setApplicationName("sendband-app");
    QQuickStyle::setStyle("Basic");  // one explicit style: the app looks the same everywhere

    QCommandLineParser cli;
    cli.setApplicationDescription("sendband: SEND banding and High Needs funding");
    cli.addHelpOption();
    QCommandLineOption dbOpt("db", "Open this database.", "FILE");
    QCommandLineOption rulesOpt("rules", "Rule set used for imports and re-banding.", "FILE");
    QCommandLineOption proposalOpt("proposal", "Load this proposed rule set in the Rules screen.", "FILE");
    QCommandLineOption selfTest("self-test", "Load every screen offscreen and exit 0 when all load.");
    QCommandLineOption shots("screenshot", "Render each screen to DIR/NAME.png and exit.", "DIR");
    QCommandLineOption bench("bench", "Measure start-up, filtering and re-banding, print the figures and exit.");
    cli.addOptions({dbOpt, rulesOpt, proposalOpt, selfTest, shots, bench});
    cli.process(app);

    if (cli.isSet(selfTest)) g_previous = qInstallMessageHandler(countingHandler);

    QQmlApplicationEngine engine;
    engine.addImportPath("qrc:/");  // Qt 6.4 does not look in qrc:/ for modules
    engine.rootContext()->setContextProperty("startDatabase", cli.value(dbOpt));
    engine.rootContext()->setContextProperty("startRules", cli.value(rulesOpt));
    engine.rootContext()->setContextProperty("startProposal", cli.value(proposalOpt));
    // The bundled sample, opened on first run (made by scripts/run, or by the app itself).
    engine.rootContext()->setContextProperty("sampleDatabase", QStringLiteral(SENDBAND_SAMPLE_DB));
    engine.rootContext()->setContextProperty("sampleCaseload", QStringLiteral(SENDBAND_SAMPLE_CSV));
    engine.rootContext()->setContextProperty("sampleRules", QStringLiteral(SENDBAND_SAMPLE_RULES));
    engine.rootContext()->setContextProperty("screenshotDir", cli.value(shots));
    engine.rootContext()->setContextProperty("selfTest", cli.isSet(selfTest));
    engine.rootContext()->setContextProperty("benchMode", cli.isSet(bench));
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
                     Qt::QueuedConnection);
    engine.load(QUrl("qrc:/SendbandApp/app/Main.qml"));
    if (engine.rootObjects().isEmpty()) return 1;
    if (cli.isSet(bench)) runBench(engine, sinceStart);
    const int rc = app.exec();
    if (cli.isSet(selfTest)) {
        const QObject* root = engine.rootObjects().first();
        const int opened = root->property("dialogsOpened").toInt(), total = root->property("dialogsTotal").toInt();
        std::fprintf(stderr, "self-test: every screen shown; %d of %d dialogs opened and closed; %d warning(s)\n", opened, total, g_warnings);
        return rc != 0 ? rc : (g_warnings > 0 || opened != total || total == 0 ? 1 : 0);
    }
    return rc;
}
