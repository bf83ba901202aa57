#include "AppController.h"

#include "banding/Banding.h"
#include "workflows/CaseloadImport.h"
#include "workflows/StateCheck.h"
#include "store/CurrentPlans.h"
#include "core/MappedFile.h"
#include "reports/Reports.h"
#include "rules/RuleSetLoader.h"

#include "core/Login.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSettings>
#include <QQuickWindow>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

AppController::AppController(QObject* parent) : QObject(parent), login_(sendband::loginName()) {
    QSettings s;
    user_ = s.value("user/name", QString::fromStdString(login_)).toString();
    recent_ = s.value("files/recent").toStringList();
    rulesPath_ = s.value("files/rules").toString();
    connect(&job_, &QFutureWatcher<JobResult>::finished, this, [this] {
        const JobResult r = job_.result();
        progressTimer_.stop();
        const QString title = jobTitle_;
        auto done = std::move(jobDone_);
        jobDone_ = nullptr;
        control_.reset();
        progress_ = -1;
        progressText_.clear();
        Q_EMIT progressChanged();
        setBusy(false);
        if (done) done(r);
        if (store_ && r.reload) reload();
        report(r.message, r.error);
        Q_EMIT jobFinished(title, r.error.isEmpty());
    });
    connect(&loader_, &QFutureWatcher<std::vector<sendband::CurrentPlan>>::finished, this, [this] {
        try {
            caseload_.setPlans(loader_.result());
        } catch (const std::exception& e) {
            report({}, QStringLiteral("Could not read the caseload: %1").arg(QString::fromStdString(e.what())));
        }
        loading_ = false;
        Q_EMIT loadingChanged();
    });
    progressTimer_.setInterval(100);
    connect(&progressTimer_, &QTimer::timeout, this, [this] {
        if (!control_) return;
        const std::size_t total = control_->total(), done = control_->done();
        progress_ = total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : -1;
        const QString stage = QString::fromUtf8(control_->stageName());
        progressText_ = total > 0 ? QStringLiteral("%1: %2 of %3").arg(stage).arg(done).arg(total) : stage;
        Q_EMIT progressChanged();
    });
}

AppController::~AppController() {
    if (control_) control_->cancel();
    job_.waitForFinished();
    loader_.waitForFinished();
}

bool AppController::startJob(const QString& title, std::function<JobResult(const std::string&, sendband::JobControl&)> work,
                             std::function<void(const JobResult&)> done) {
    if (busy_ || !store_) return false;
    control_ = std::make_shared<sendband::JobControl>();
    jobDone_ = std::move(done);
    jobTitle_ = title;
    progress_ = -1;
    progressText_.clear();
    Q_EMIT progressChanged();
    setBusy(true, title);
    progressTimer_.start();
    const std::string db = dbPath_.toStdString();
    auto control = control_;
    job_.setFuture(QtConcurrent::run([db, control, work = std::move(work)]() -> JobResult {
        try {
            return work(db, *control);
        } catch (const sendband::JobCancelled&) {
            return {QString(), QStringLiteral("Cancelled: nothing was changed."), false};
        } catch (const std::exception& e) {
            return {QString(), QStringLiteral("The job failed and nothing was changed: %1").arg(QString::fromStdString(e.what())), false};
        }
    }));
    return true;
}

void AppController::setUserName(const QString& name) {
    const QString n = name.trimmed();
    if (n.isEmpty() || n == user_) return;
    user_ = n;
    QSettings().setValue("user/name", user_);
    Q_EMIT userNameChanged();
}

void AppController::setRulesPath(const QString& p) {
    if (p == rulesPath_) return;
    rulesPath_ = p;
    QSettings().setValue("files/rules", p);
    Q_EMIT rulesPathChanged();
}

sendband::Actor AppController::actor() const {
    const QByteArray pinned = qgetenv("SENDBAND_NOW");
    const QString at = pinned.isEmpty() ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate) : QString::fromUtf8(pinned);
    // The person acting is the login, as in the CLI: the name in Settings is only shown beside it.
    return sendband::Actor{login_, at.toStdString()};
}

void AppController::report(const QString& message, const QString& error) {
    message_ = message;
    error_ = error;
    Q_EMIT messageChanged();
}

void AppController::clearMessage() { report({}, {}); }

void AppController::screenChanged() {
    if (!busy_) clearMessage();
}

void AppController::setBusy(bool b, const QString& text) {
    busy_ = b;
    busyText_ = text;
    Q_EMIT busyChanged();
}

void AppController::remember(const QString& path) {
    recent_.removeAll(path);
    recent_.prepend(path);
    while (recent_.size() > 8) recent_.removeLast();
    QSettings().setValue("files/recent", recent_);
    Q_EMIT recentFilesChanged();
}

bool AppController::openDatabase(const QString& path) { return open(path, false); }
bool AppController::newDatabase(const QString& path) { return open(path, true); }

bool AppController::open(const QString& path, bool create) {
    if (busy_) return false;
    if (!create && !QFileInfo::exists(path)) {
        report({}, QStringLiteral("There is no database at %1.").arg(path));
        return false;
    }
    if (create && QFileInfo::exists(path)) {
        report({}, QStringLiteral("%1 already exists; open it instead, or choose a new name.").arg(path));
        return false;
    }
    try {
        auto store = create ? sendband::CaseloadStore::createSqlite(path.toStdString()) : sendband::CaseloadStore::openSqlite(path.toStdString());
        store_ = std::move(store);
    } catch (const std::exception& e) {
        report({}, QStringLiteral("Could not open %1: %2").arg(path, QString::fromStdString(e.what())));
        return false;
    }
    dbPath_ = path;
    remember(path);
    Q_EMIT databaseChanged();
    if (loadInBackground_) {
        // Its own connection on a worker thread; the table fills when the read is done.
        loader_.waitForFinished();
        caseload_.setPlans({});
        loading_ = true;
        Q_EMIT loadingChanged();
        const std::string db = path.toStdString();
        loader_.setFuture(QtConcurrent::run([db] {
            auto store = sendband::CaseloadStore::openSqlite(db);
            return sendband::loadCurrentPlans(*store);
        }));
    } else {
        reload();
    }
    report(QStringLiteral("Opened %1").arg(QFileInfo(path).fileName()), {});
    return true;
}

void AppController::openSample(const QString& dbPath, const QString& csvPath, const QString& rulesPath) {
    if (QFileInfo::exists(dbPath)) {
        openDatabase(dbPath);
        return;
    }
    if (!QFileInfo::exists(csvPath) || !QFileInfo::exists(rulesPath)) {
        report({}, QStringLiteral("The bundled sample was not found (%1); use File > Open database.").arg(csvPath));
        return;
    }
    if (!newDatabase(dbPath)) return;
    if (rulesPath_.isEmpty()) setRulesPath(rulesPath);
    const QString keepRules = rulesPath_;
    rulesPath_ = rulesPath;  // the sample is banded under the sample rule set, whatever else is chosen
    importCaseload(csvPath, QStringLiteral("2026-01-15"));
    rulesPath_ = keepRules;
}

void AppController::reload() {
    if (!store_) return;
    try {
        caseload_.setPlans(sendband::loadCurrentPlans(*store_));
    } catch (const std::exception& e) {
        report({}, QStringLiteral("Could not read the caseload: %1").arg(QString::fromStdString(e.what())));
    }
}

void AppController::cancel() {
    if (control_) control_->cancel();
}

QString AppController::localPath(const QString& urlOrPath) const {
    const QUrl url(urlOrPath);
    return url.isLocalFile() ? url.toLocalFile() : urlOrPath;
}

QString AppController::xlsxTarget(const QString& urlOrPath) const {
    QString path = localPath(urlOrPath.trimmed());
    if (!path.isEmpty() && !path.endsWith(QStringLiteral(".xlsx"), Qt::CaseInsensitive)) path += QStringLiteral(".xlsx");
    return path;
}

bool AppController::xlsxExists(const QString& urlOrPath) const {
    const QString path = xlsxTarget(urlOrPath);
    return !path.isEmpty() && QFileInfo::exists(path);
}

QString AppController::xlsxExportPath(const QString& urlOrPath, QString& error) const {
    error.clear();
    if (!store_) error = tr("Open a database before exporting.");
    else if (!sendband::xlsxAvailable()) error = tr("This copy of sendband was built without libxlsxwriter, so it cannot write .xlsx files.");
    const QString path = xlsxTarget(urlOrPath);
    if (error.isEmpty() && path.isEmpty()) error = tr("Choose a file to export to.");
    if (!error.isEmpty()) return {};
    if (!QFileInfo(QFileInfo(path).absolutePath()).isDir()) {
        error = tr("The folder %1 does not exist; choose another place to save the export.").arg(QFileInfo(path).absolutePath());
        return {};
    }
    return path;
}

bool AppController::saveWindowImage(QObject* window, const QString& path) const {
    auto* w = qobject_cast<QQuickWindow*>(window);
    return w && w->grabWindow().save(path);
}

qint64 AppController::firstPlanId() const {
    const auto* p = caseload_.plan(0);
    return p ? p->planId : 0;
}

QString AppController::today() const { return QString::fromStdString(actor().at.substr(0, 10)); }

void AppController::importCaseload(const QString& csvPath, const QString& asOfText) {
    if (busy_ || !store_) return;
    if (rulesPath_.isEmpty()) {
        report({}, QStringLiteral("Choose the rule set to band the caseload with first (Rules screen)."));
        return;
    }
    const std::string rules = rulesPath_.toStdString(), csv = csvPath.toStdString();
    const sendband::Actor who = actor();
    const auto asOf = sendband::parseDate(asOfText.trimmed().toStdString());
    if (!asOf) {
        report({}, QStringLiteral("The as-of date \"%1\" is not a date: expected YYYY-MM-DD.").arg(asOfText));
        return;
    }
    startJob(QStringLiteral("Importing %1").arg(QFileInfo(csvPath).fileName()),
             [rules, csv, who, asOf = *asOf](const std::string& db, sendband::JobControl& job) -> JobResult {
                 // Its own connection: the GUI thread keeps reading while this one writes.
                 auto load = sendband::RuleSetLoader::loadFile(rules);
                 if (!load.ok()) return {QString(), QString::fromStdString(sendband::formatAll(load.diagnostics))};
                 sendband::MappedFile text;
                 if (!text.open(csv)) return {QString(), QStringLiteral("Cannot read %1").arg(QString::fromStdString(csv))};
                 auto store = sendband::CaseloadStore::openSqlite(db);
                 const sendband::Banding banding(load.ruleSet);
                 checkCancelled(&job);
                 const auto r = sendband::importCaseload(*store, banding, text.text(), csv, asOf, who, &job);
                 if (!r.ok()) {
                     QString list;
                     for (const auto& e : r.errors) list += QString::fromStdString(e.format(csv)) + "\n";
                     return {QString(), QStringLiteral("The caseload was refused; nothing was imported.\n") + list};
                 }
                 return {QStringLiteral("Imported: %1 new, %2 changed, %3 unchanged").arg(r.added).arg(r.changed).arg(r.unchanged), QString(), true};
             });
}

void AppController::verifyAudit() {
    startJob(QStringLiteral("Verifying the audit log"), [](const std::string& db, sendband::JobControl& job) -> JobResult {
        auto store = sendband::CaseloadStore::openSqlite(db);
        const auto v = store->audit().verify(&job);
        if (!v.ok) return {QString(), QStringLiteral("Audit log BROKEN at entry %1: %2").arg(v.badSeq).arg(QString::fromStdString(v.problem))};
        const QString chain = v.entries == 0
                                  ? QStringLiteral("Audit log empty: nothing has been recorded in this database yet, so there is no history to verify.")
                                  : QStringLiteral("Audit log intact: %1 entries. Head hash %2").arg(v.entries).arg(QString::fromStdString(v.headHash));
        // The chain proves the log unedited; the tables must also say what the log says.
        job.stage("Checking the tables against the log", 0);
        const auto state = sendband::checkStateAgainstLog(*store);
        if (!state.ok())
            return {QString(), chain + QStringLiteral("\nBut the tables were edited behind the log's back: %1 difference(s)\n").arg(state.mismatches.size()) +
                                   QString::fromStdString(sendband::formatStateMismatches(state)).trimmed()};
        QString checked = QStringLiteral("%1 plan(s), %2 override(s)").arg(state.plansChecked).arg(state.overridesChecked);
        if (state.erasuresChecked) checked += QStringLiteral(", %1 erasure(s)").arg(state.erasuresChecked);
        return {chain + QStringLiteral("\nDecisions and overrides match the log: %1 checked.").arg(checked), QString()};
    });
}
