// AuditController: the Audit screen. The audit log filtered by plan (local reference or
// pseudonym), actor, action and dates; verifying the hash chain; the consistency report.
#pragma once
#include "AppController.h"
#include "AuditLogModel.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class AuditController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* app READ app WRITE setApp NOTIFY appChanged)
    // True while the screen is showing: new entries are read only then.
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(AuditLogModel* model READ model CONSTANT)
    // The filter as typed; applyFilter() puts it into effect.
    Q_PROPERTY(QString plan READ plan WRITE setPlan NOTIFY filterTextChanged)
    Q_PROPERTY(QString actor READ actor WRITE setActor NOTIFY filterTextChanged)
    Q_PROPERTY(QString action READ action WRITE setAction NOTIFY filterTextChanged)
    Q_PROPERTY(QString dateFrom READ dateFrom WRITE setDateFrom NOTIFY filterTextChanged)
    Q_PROPERTY(QString dateTo READ dateTo WRITE setDateTo NOTIFY filterTextChanged)
    // The actions to filter by ("" for any), and how the list shows them.
    Q_PROPERTY(QStringList actions READ actions CONSTANT)
    Q_PROPERTY(QStringList actionLabels READ actionLabels CONSTANT)
    Q_PROPERTY(QString filterError READ filterError NOTIFY filterApplied)
    Q_PROPERTY(QString filterSummary READ filterSummary NOTIFY filterApplied)
    Q_PROPERTY(QString shownText READ shownText NOTIFY shownChanged)
    // The last "Verify": "" (not run), "running", "ok" or "failed", and its text.
    Q_PROPERTY(QString verifyState READ verifyState NOTIFY verifyChanged)
    Q_PROPERTY(QString verifyText READ verifyText NOTIFY verifyChanged)
    Q_PROPERTY(QString consistencyText READ consistencyText NOTIFY consistencyChanged)
    Q_PROPERTY(QString consistencyState READ consistencyState NOTIFY consistencyChanged)

public:
    explicit AuditController(QObject* parent = nullptr);

    AppController* app() const { return app_; }
    void setApp(AppController* a);
    bool active() const { return active_; }
    void setActive(bool a);
    AuditLogModel* model() { return &model_; }
    QString plan() const { return plan_; }
    void setPlan(const QString& v);
    QString actor() const { return actor_; }
    void setActor(const QString& v);
    QString action() const { return action_; }
    void setAction(const QString& v);
    QString dateFrom() const { return from_; }
    void setDateFrom(const QString& v);
    QString dateTo() const { return to_; }
    void setDateTo(const QString& v);
    QStringList actions() const;
    QStringList actionLabels() const;
    QString filterError() const { return filterError_; }
    QString filterSummary() const { return filterSummary_; }
    QString shownText() const;
    QString verifyState() const { return verifyState_; }
    QString verifyText() const { return verifyText_; }
    QString consistencyText() const { return consistencyText_; }
    QString consistencyState() const { return consistencyState_; }

    // Puts the typed filter into effect; false (and filterError says why, showing nothing) when
    // a date is malformed, the dates are the wrong way round, or no plan has that reference.
    Q_INVOKABLE bool applyFilter();
    Q_INVOKABLE void clearFilter();
    // Verifies the hash chain through AppController::verifyAudit (off the GUI thread).
    Q_INVOKABLE bool verify();
    // Runs the engine's consistency checks off the GUI thread; the text lands in consistencyText.
    Q_INVOKABLE bool runConsistency();

Q_SIGNALS:
    void appChanged();
    void activeChanged();
    void filterTextChanged();
    void filterApplied();
    void shownChanged();
    void verifyChanged();
    void consistencyChanged();

private:
    void setFilterText(QString& member, const QString& v);
    void databaseChanged();
    void jobFinished(const QString& title, bool ok);
    void setVerify(const QString& state, const QString& text);
    void setConsistency(const QString& state, const QString& text);

    AppController* app_ = nullptr;
    AuditLogModel model_;
    QString plan_, actor_, action_, from_, to_;
    QString filterError_, filterSummary_;
    QString verifyState_, verifyText_, verifyTitle_;
    QString consistencyState_, consistencyText_;
    bool active_ = false, stale_ = false;
};
