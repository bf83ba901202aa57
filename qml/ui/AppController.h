// AppController: the open database, the current user, recent files, and long jobs run off the
// GUI thread with progress and cancel. One per window; screens bind to it.
#pragma once
#include "CaseloadModel.h"
#include "CaseloadStore.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>

class AppController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString databasePath READ databasePath NOTIFY databaseChanged)
    Q_PROPERTY(bool databaseOpen READ databaseOpen NOTIFY databaseChanged)
    Q_PROPERTY(QString userName READ userName WRITE setUserName NOTIFY userNameChanged)
    Q_PROPERTY(QStringList recentFiles READ recentFiles NOTIFY recentFilesChanged)
    Q_PROPERTY(CaseloadModel* caseload READ caseload CONSTANT)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString busyText READ busyText NOTIFY busyChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY messageChanged)
    Q_PROPERTY(QString rulesPath READ rulesPath WRITE setRulesPath NOTIFY rulesPathChanged)

public:
    explicit AppController(QObject* parent = nullptr);
    ~AppController() override;

    QString databasePath() const { return dbPath_; }
    bool databaseOpen() const { return store_ != nullptr; }
    QString userName() const { return user_; }
    void setUserName(const QString& name);
    QStringList recentFiles() const { return recent_; }
    CaseloadModel* caseload() { return &caseload_; }
    bool busy() const { return busy_; }
    QString busyText() const { return busyText_; }
    QString message() const { return message_; }
    QString errorText() const { return error_; }
    QString rulesPath() const { return rulesPath_; }
    void setRulesPath(const QString& p);

    // Opens (or creates) a database; errors appear in errorText, nothing is lost.
    Q_INVOKABLE bool openDatabase(const QString& path);
    Q_INVOKABLE bool newDatabase(const QString& path);
    Q_INVOKABLE void reload();
    // Imports a caseload CSV under the rules file, off the GUI thread; a refusal lists the bad rows.
    Q_INVOKABLE void importCaseload(const QString& csvPath);
    // Verifies the audit log off the GUI thread.
    Q_INVOKABLE void verifyAudit();
    Q_INVOKABLE void cancel();
    Q_INVOKABLE void clearMessage();
    Q_INVOKABLE qint64 firstPlanId() const;

    sendband::CaseloadStore* store() { return store_.get(); }
    sendband::Actor actor() const;  // the current user and the time now

Q_SIGNALS:
    void databaseChanged();
    void userNameChanged();
    void recentFilesChanged();
    void busyChanged();
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
    QStringList recent_;
    bool busy_ = false;
    std::atomic<bool> cancel_{false};
    QFutureWatcher<QStringList> job_;
};
