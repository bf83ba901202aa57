// PlanController: the Plan screen. One plan's needs profile with every descriptor, the band,
// money and reasons recomputed as levels change, the history, and override and approval.
#pragma once
#include "AppController.h"
#include "banding/Banding.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class PlanController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(qint64 planId READ planId WRITE setPlanId NOTIFY planChanged)
    Q_PROPERTY(bool loaded READ loaded NOTIFY planChanged)
    Q_PROPERTY(QString reference READ reference NOTIFY planChanged)
    Q_PROPERTY(QString ruleSetName READ ruleSetName NOTIFY planChanged)
    // Every domain with every level and descriptor: fixed for a plan's rule set, so the editor is
    // built once per plan, not on every edit.
    Q_PROPERTY(QVariantList domains READ domains NOTIFY planChanged)
    // The level chosen in each domain, by domain index: changes with every edit.
    Q_PROPERTY(QVariantList levels READ levels NOTIFY profileChanged)
    Q_PROPERTY(QStringList bandIds READ bandIds NOTIFY planChanged)
    // For the override dialog: every band as "B2 — Band 2 · top-up £3,500.00 a year" for this
    // plan as of its decision (id, text), and the index of the band in force, preselected.
    Q_PROPERTY(QVariantList bandChoices READ bandChoices NOTIFY planChanged)
    Q_PROPERTY(int currentBandIndex READ currentBandIndex NOTIFY planChanged)
    Q_PROPERTY(QVariantList overrideReasons READ overrideReasons NOTIFY planChanged)
    Q_PROPERTY(bool bandBlind READ bandBlind NOTIFY planChanged)
    Q_PROPERTY(bool dirty READ dirty NOTIFY profileChanged)
    Q_PROPERTY(bool showMoney READ showMoney NOTIFY profileChanged)
    // The band the rules give the profile as edited (and its money): the preview.
    Q_PROPERTY(QString band READ band NOTIFY profileChanged)
    Q_PROPERTY(QString topUp READ topUp NOTIFY profileChanged)
    Q_PROPERTY(QString place READ place NOTIFY profileChanged)
    // "Why this band": each step in words, the formula behind it (empty where none), and both
    // as one rich text, the formula in smaller type under its step.
    Q_PROPERTY(QStringList reasons READ reasons NOTIFY profileChanged)
    Q_PROPERTY(QStringList formulas READ formulas NOTIFY profileChanged)
    Q_PROPERTY(QString whyHtml READ whyHtml NOTIFY profileChanged)
    Q_PROPERTY(QString error READ error NOTIFY profileChanged)
    // The date the band and money are priced as of, YYYY-MM-DD: the latest decision's when the
    // plan is opened; Save records the decision as of this same date, so what is shown is saved.
    Q_PROPERTY(QString asOf READ asOf WRITE setAsOf NOTIFY profileChanged)
    Q_PROPERTY(QVariantList history READ history NOTIFY planChanged)
    Q_PROPERTY(QString overrideStatus READ overrideStatus NOTIFY planChanged)
    // The headline: the band in force (an override in force, else the rules' band) and its money,
    // with a note saying what the override overrides, or that saving replaces it.
    Q_PROPERTY(QString headlineBand READ headlineBand NOTIFY profileChanged)
    Q_PROPERTY(QString headlineMoney READ headlineMoney NOTIFY profileChanged)
    Q_PROPERTY(QString headlineNote READ headlineNote NOTIFY profileChanged)
    // Need, setting, school, placement and review date, in one line.
    Q_PROPERTY(QString details READ details NOTIFY planChanged)
    // The override in words: "Band B2 (EVIDENCE, by A. Officer): in force; top-up £3,500.00 a year".
    Q_PROPERTY(QString overrideSummary READ overrideSummary NOTIFY planChanged)

public:
    explicit PlanController(QObject* parent = nullptr);

    AppController* app() const { return app_; }
    void setApp(AppController* a);
    qint64 planId() const { return planId_; }
    void setPlanId(qint64 id);
    bool loaded() const { return banding_ != nullptr; }
    QString reference() const { return reference_; }
    QString ruleSetName() const { return ruleSetName_; }
    QVariantList domains() const;
    QVariantList levels() const;
    QStringList bandIds() const;
    QVariantList bandChoices() const { return bandChoices_; }
    int currentBandIndex() const { return currentBandIndex_; }
    QVariantList overrideReasons() const;
    bool bandBlind() const;
    bool dirty() const { return dirty_; }
    bool showMoney() const { return !bandBlind() || !dirty_; }
    QString band() const { return band_; }
    QString topUp() const { return topUp_; }
    QString place() const { return place_; }
    QStringList reasons() const { return reasons_; }
    QStringList formulas() const { return formulas_; }
    QString whyHtml() const;
    QString error() const { return error_; }
    QString asOf() const;
    void setAsOf(const QString& date);
    QVariantList history() const { return history_; }
    QString overrideStatus() const { return overrideStatus_; }
    QString overrideSummary() const { return overrideSummary_; }
    QString headlineBand() const;
    QString headlineMoney() const;
    QString headlineNote() const;
    QString details() const { return details_; }

    // Sets one domain's level and recomputes the band, money and reasons at once.
    Q_INVOKABLE void setLevel(int domain, int level);
    // Saves the profile as a new assessment and its decision, as of asOf: what the screen shows.
    Q_INVOKABLE bool save();
    // An override with a reason code and a note; large ones wait for another person's approval.
    Q_INVOKABLE bool requestOverride(const QString& band, const QString& reason, const QString& note, const QString& amount);
    Q_INVOKABLE bool approve();
    // What OK would record, before it is pressed: the money, the annual effect and whether it
    // needs another login's approval, or why it would be refused (the workflow's own preview).
    Q_INVOKABLE QString overridePreview(const QString& band, const QString& reason, const QString& amount) const;
    Q_INVOKABLE void reload();

    // For benchmarks: recompute without touching QML, returning false on a refusal.
    bool recompute();

Q_SIGNALS:
    void appChanged();
    void planChanged();
    void profileChanged();
    void actionFailed(const QString& message);
    void actionDone(const QString& message);

private:
    AppController* app_ = nullptr;
    qint64 planId_ = 0;
    std::shared_ptr<const sendband::Banding> banding_;
    sendband::Profile profile_;
    sendband::Decision decision_;
    sendband::Date asOf_{};
    QString reference_, ruleSetName_, band_, topUp_, place_, error_, overrideStatus_, overrideSummary_, details_;
    QString inForceBand_, inForceTopUp_, inForcePlace_;  // an override in force, when there is one
    QStringList reasons_;
    QStringList formulas_;
    QVariantList bandChoices_;
    int currentBandIndex_ = -1;
    QVariantList history_;
    bool dirty_ = false;
};
