// AppController: the open database, the current user, recent files, and long jobs run off the
// GUI thread with progress and cancel. One per window; screens bind to it.
#pragma once
#include "CaseloadModel.h"
#include "store/CaseloadStore.h"
#include "core/JobControl.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>

class AppController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString databasePath READ databasePath NOTIFY databaseChanged)
    Q_PROPERTY(bool databaseOpen READ databaseOpen NOTIFY databaseChanged)
    // A display name, shown beside the login; it is not who acts (see login).
    Q_PROPERTY(QString userName READ userName WRITE setUserName NOTIFY userNameChanged)
    // The operating-system login: who acts, what the audit log records and what approval compares.
    Q_PROPERTY(QString login READ login CONSTANT)
    Q_PROPERTY(QStringList recentFiles READ recentFiles NOTIFY recentFilesChanged)
    Q_PROPERTY(CaseloadModel* caseload READ caseload CONSTANT)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    // True while the caseload is being read in the background after a database is opened.
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(bool loadInBackground READ loadInBackground WRITE setLoadInBackground NOTIFY loadingChanged)
    Q_PROPERTY(QString busyText READ busyText NOTIFY busyChanged)
    // 0..1 while a job reports how far it is; -1 when it cannot tell (an indeterminate bar).
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY messageChanged)
    // The error has more than fits in the status line (a refused import's bad rows): offer it whole.
    Q_PROPERTY(bool errorHasDetails READ errorHasDetails NOTIFY messageChanged)
    Q_PROPERTY(QString rulesPath READ rulesPath WRITE setRulesPath NOTIFY rulesPathChanged)

public:
    explicit AppController(QObject* parent = nullptr);
    ~AppController() override;

    QString databasePath() const { return dbPath_; }
    bool databaseOpen() const { return store_ != nullptr; }
    QString userName() const { return user_; }
    QString login() const { return QString::fromStdString(login_); }
    void setUserName(const QString& name);
    QStringList recentFiles() const { return recent_; }
    CaseloadModel* caseload() { return &caseload_; }
    bool busy() const { return busy_; }
    bool loading() const { return loading_; }
    // The desktop app reads the caseload in the background when a database is opened, so the
    // window is shown and usable at once; tests leave this off and read synchronously.
    void setLoadInBackground(bool on) { loadInBackground_ = on; }
    bool loadInBackground() const { return loadInBackground_; }
    QString busyText() const { return busyText_; }
    double progress() const { return progress_; }
    QString progressText() const { return progressText_; }
    QString message() const { return message_; }
    QString errorText() const { return error_; }
    bool errorHasDetails() const { return error_.contains(QLatin1Char('\n')); }
    QString rulesPath() const { return rulesPath_; }
    void setRulesPath(const QString& p);

    // Opens (or creates) a database; errors appear in errorText, nothing is lost.
    Q_INVOKABLE bool openDatabase(const QString& path);
    Q_INVOKABLE bool newDatabase(const QString& path);
    // First run (no database given, none used before): opens the bundled sample database,
    // making it first from the sample caseload CSV under the sample rule set when it is missing.
    // The sample is dated as scripts/run imports it: as of 2026-01-15, its census date.
    Q_INVOKABLE void openSample(const QString& dbPath, const QString& csvPath, const QString& rulesPath);
    Q_INVOKABLE void reload();
    // Imports a caseload CSV under the rules file, off the GUI thread; a refusal lists the bad rows.
    // `asOf` (YYYY-MM-DD) dates the decisions; empty means today.
    // Imports a caseload CSV, every plan banded as of `asOf` (YYYY-MM-DD): always a stated date.
    Q_INVOKABLE void importCaseload(const QString& csvPath, const QString& asOf);
    // Today's date (YYYY-MM-DD) as the actor's time has it: what a date field offers to confirm.
    Q_INVOKABLE QString today() const;
    // Verifies the audit log off the GUI thread.
    Q_INVOKABLE void verifyAudit();
    Q_INVOKABLE void cancel();
    Q_INVOKABLE void clearMessage();
    // The officer moved to another screen: the status line's last message (or error) was about
    // the screen left, so it goes; a running job's progress stays, and so does its result when
    // it finishes.
    Q_INVOKABLE void screenChanged();
    Q_INVOKABLE qint64 firstPlanId() const;
    // A path from a file dialog's URL (file:///...), or the text unchanged when it is a path.
    Q_INVOKABLE QString localPath(const QString& urlOrPath) const;
    // The workbook an export writes: `urlOrPath` as a local path ending .xlsx, in a folder that
    // exists, with a database open and .xlsx support built in; else empty, with `error` saying why.
    QString xlsxExportPath(const QString& urlOrPath, QString& error) const;
    // The file an .xlsx export to `urlOrPath` writes (".xlsx" added as the export adds it), and
    // whether it is already there: the screens ask before replacing it.
    Q_INVOKABLE QString xlsxTarget(const QString& urlOrPath) const;
    Q_INVOKABLE bool xlsxExists(const QString& urlOrPath) const;
    // Saves the whole window (menu, tabs, status line) as a PNG: for --screenshot and the docs.
    Q_INVOKABLE bool saveWindowImage(QObject* window, const QString& path) const;

    sendband::CaseloadStore* store() { return store_.get(); }

    // What a long job returns: a message for the status line, or an error (plain English), and
    // whether the caseload must be re-read (it wrote to the store).
    struct JobResult {
        QString message, error;
        bool reload = false;
    };
    // Runs `work` off the GUI thread with progress and cancel, one job at a time (returns false,
    // and does nothing, while another runs or no database is open). `work` gets the database
    // path (open your own connection: SQLite connections are not shared between threads) and a
    // JobControl to report progress and to poll for cancellation; a job that sees cancel()
    // must leave the store as it was (the engine's jobs throw JobCancelled before committing).
    // `done`, when given, runs on the GUI thread with the result before it is reported.
    bool startJob(const QString& title, std::function<JobResult(const std::string& dbPath, sendband::JobControl& job)> work,
                  std::function<void(const JobResult&)> done = {});
    sendband::Actor actor() const;  // the login and the time now

Q_SIGNALS:
    void databaseChanged();
    void userNameChanged();
    void recentFilesChanged();
    void busyChanged();
    void progressChanged();
    void loadingChanged();
    // A job finished (after its `done` callback): screens refresh what they show.
    void jobFinished(const QString& title, bool ok);
    void messageChanged();
    void rulesPathChanged();

private:
    bool open(const QString& path, bool create);
    void setBusy(bool b, const QString& text = {});
    void remember(const QString& path);
    void report(const QString& message, const QString& error);

    std::unique_ptr<sendband::CaseloadStore> store_;
    CaseloadModel caseload_;
    QString dbPath_, user_, busyText_, message_, error_, rulesPath_;
    std::string login_;
    QStringList recent_;
    bool busy_ = false;
    double progress_ = -1;
    QString progressText_, jobTitle_;
    std::shared_ptr<sendband::JobControl> control_;
    std::function<void(const JobResult&)> jobDone_;
    QFutureWatcher<JobResult> job_;
    QTimer progressTimer_;
    bool loading_ = false, loadInBackground_ = false;
    QFutureWatcher<std::vector<sendband::CurrentPlan>> loader_;
};
