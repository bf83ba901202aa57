// FinanceController: the Finance screen. Committed spend for a chosen financial year grouped by
// band, setting type, school or primary need (the engine's financialYearTotals, run off the GUI
// thread), and the caseload export to .xlsx.
#pragma once
#include "AppController.h"
#include "FinanceTableModel.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class FinanceController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* app READ app WRITE setApp NOTIFY appChanged)
    // True while the screen is showing: totals are recomputed only then (and only when stale),
    // so a hidden screen never holds up the user's own jobs.
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(QStringList years READ years NOTIFY yearsChanged)
    Q_PROPERTY(QString year READ year WRITE setYear NOTIFY yearChanged)
    Q_PROPERTY(QStringList groupings READ groupings CONSTANT)
    Q_PROPERTY(int groupIndex READ groupIndex WRITE setGroupIndex NOTIFY groupIndexChanged)
    Q_PROPERTY(FinanceTableModel* model READ model CONSTANT)
    Q_PROPERTY(QString summary READ summary NOTIFY resultChanged)
    Q_PROPERTY(QString error READ error NOTIFY resultChanged)
    Q_PROPERTY(QString exportStatus READ exportStatus NOTIFY exportStatusChanged)
    Q_PROPERTY(bool exportFailed READ exportFailed NOTIFY exportStatusChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(bool canExport READ canExport NOTIFY canExportChanged)

public:
    // The groupings offered, in the order of `groupings`.
    static const std::vector<sendband::TotalsBy>& groupingKinds();

    explicit FinanceController(QObject* parent = nullptr);

    AppController* app() const { return app_; }
    void setApp(AppController* a);
    bool active() const { return active_; }
    void setActive(bool a);
    QStringList years() const { return years_; }
    QString year() const { return year_; }
    void setYear(const QString& y);
    QStringList groupings() const;
    int groupIndex() const { return groupIndex_; }
    void setGroupIndex(int i);
    FinanceTableModel* model() { return &model_; }
    QString summary() const { return summary_; }
    QString error() const { return error_; }
    QString exportStatus() const { return exportStatus_; }
    bool exportFailed() const { return exportFailed_; }
    bool loading() const { return loading_; }
    bool canExport() const;

    // Recomputes the totals for the chosen year and grouping now (off the GUI thread); while
    // another job runs it waits for that job to finish.
    Q_INVOKABLE void refresh();
    // Writes the caseload (without identifying fields) to an .xlsx file, off the GUI thread.
    // `urlOrPath` may be a file dialog's URL; ".xlsx" is added when the name has no such suffix.
    Q_INVOKABLE bool exportXlsx(const QString& urlOrPath);
    // Writes the figures on screen to an .xlsx workbook, off the GUI thread: the chosen year and
    // grouping, pro rata as shown, with a "Band x setting" sheet of top-up, place funding and
    // total (sendband::writeTotalsXlsx, what `sendband totals --format xlsx` writes).
    Q_INVOKABLE bool exportFigures(const QString& urlOrPath);

    // The financial year ("2026-27") that contains an ISO date ("2026-01-15"); empty if malformed.
    static QString financialYearOf(const QString& isoDate);

Q_SIGNALS:
    void appChanged();
    void activeChanged();
    void yearsChanged();
    void yearChanged();
    void groupIndexChanged();
    void resultChanged();
    void exportStatusChanged();
    void loadingChanged();
    void canExportChanged();
    // A totals run finished and its figures (or its error) are showing.
    void refreshed();

private:
    void databaseChanged();
    void dataChanged();
    void readYears();
    void maybeRefresh();
    void setResult(const QString& summary, const QString& error);
    void setLoading(bool l);
    bool exportFailed(const QString& text);
    // The file an export writes: `urlOrPath` as a local path ending .xlsx in a folder that
    // exists; empty, with the reason shown, otherwise.
    QString exportPath(const QString& urlOrPath);
    // Runs an export job; its message or error becomes the export status.
    bool startExport(const QString& title, const QString& path,
                     std::function<AppController::JobResult(const std::string& dbPath, sendband::JobControl& job)> work);

    AppController* app_ = nullptr;
    FinanceTableModel model_;
    QStringList years_;
    QString year_, summary_, error_, exportStatus_, runningTitle_;
    int groupIndex_ = 0;
    bool active_ = false, stale_ = true, loading_ = false, exportFailed_ = false;
    quint64 generation_ = 0;  // bumped by every change of what to show; a job's result for an older one is dropped
};
