#include "FinanceController.h"

#include "store/CaseloadStore.h"
#include "core/Date.h"
#include "reports/Reports.h"

#include <QFileInfo>
#include <QPointer>

#include <memory>

namespace {

QString plainError(const std::exception& e) { return QString::fromStdString(e.what()); }

}  // namespace

const std::vector<sendband::TotalsBy>& FinanceController::groupingKinds() {
    static const std::vector<sendband::TotalsBy> kinds = {sendband::TotalsBy::Band, sendband::TotalsBy::Setting, sendband::TotalsBy::School,
                                                          sendband::TotalsBy::Need, sendband::TotalsBy::All};
    return kinds;
}

QStringList FinanceController::groupings() const {
    return {QStringLiteral("Band"), QStringLiteral("Setting type"), QStringLiteral("School"), QStringLiteral("Primary need"),
            QStringLiteral("No grouping (totals only)")};
}

FinanceController::FinanceController(QObject* parent) : QObject(parent) {}

void FinanceController::setApp(AppController* a) {
    if (a == app_) return;
    if (app_) {
        disconnect(app_, nullptr, this, nullptr);
        disconnect(app_->caseload(), nullptr, this, nullptr);
    }
    app_ = a;
    if (app_) {
        connect(app_, &AppController::databaseChanged, this, &FinanceController::databaseChanged);
        // The caseload is re-read whenever something was written (an import, a re-band, a save).
        connect(app_->caseload(), &QAbstractItemModel::modelReset, this, &FinanceController::dataChanged);
        // A job that held up ours has finished, or ours has: show what is now asked for.
        connect(app_, &AppController::jobFinished, this, [this](const QString&, bool) { maybeRefresh(); });
    }
    Q_EMIT appChanged();
    databaseChanged();
}

void FinanceController::setActive(bool a) {
    if (a == active_) return;
    active_ = a;
    Q_EMIT activeChanged();
    maybeRefresh();
}

void FinanceController::setYear(const QString& y) {
    if (y == year_) return;
    year_ = y;
    ++generation_;
    stale_ = true;
    Q_EMIT yearChanged();
    maybeRefresh();
}

void FinanceController::setGroupIndex(int i) {
    if (i == groupIndex_ || i < 0 || i >= static_cast<int>(groupingKinds().size())) return;
    groupIndex_ = i;
    ++generation_;
    stale_ = true;
    Q_EMIT groupIndexChanged();
    maybeRefresh();
}

bool FinanceController::canExport() const { return sendband::xlsxAvailable() && app_ && app_->databaseOpen(); }

QString FinanceController::financialYearOf(const QString& isoDate) {
    const auto d = sendband::parseDate(isoDate.left(10).toStdString());
    if (!d) return {};
    return QString::fromStdString(sendband::financialYearLabel(*d));
}

void FinanceController::databaseChanged() {
    model_.clear();
    exportStatus_.clear();  // it was about the other database's figures
    exportFailed_ = false;
    Q_EMIT exportStatusChanged();
    setResult({}, {});
    year_.clear();  // the new database's latest year is the default again
    dataChanged();
    Q_EMIT canExportChanged();
}

void FinanceController::dataChanged() {
    ++generation_;
    stale_ = true;
    readYears();
    maybeRefresh();
}

// The financial years around the stored decisions: from the year before the earliest decision's
// as-of date to the year after the latest, keeping only those the latest decision's rule set
// prices from 1 April to 31 March (a year it cannot price is not offered, rather than offered
// to fail for every plan); the default is the latest decision's year.
void FinanceController::readYears() {
    QStringList years;
    QString latest;
    if (app_ && app_->store()) {
        try {
            if (const auto range = app_->store()->decisions().asOfRange()) {
                const QString first = financialYearOf(QString::fromStdString(sendband::formatDate(range->first)));
                latest = financialYearOf(QString::fromStdString(sendband::formatDate(range->second)));
                if (!first.isEmpty() && !latest.isEmpty()) {
                    std::optional<sendband::StoredRuleSet> rs;
                    if (const auto id = app_->store()->decisions().latestRuleSetId()) rs = app_->store()->ruleSets().byId(*id);
                    const int from = first.left(4).toInt() - 1, to = latest.left(4).toInt() + 1;
                    for (int y = from; y <= to; ++y) {
                        const QString label = QStringLiteral("%1-%2").arg(y).arg((y + 1) % 100, 2, 10, QLatin1Char('0'));
                        const auto fy = sendband::parseFinancialYear(label.toStdString());
                        if (rs && fy &&
                            (sendband::dayNumber(fy->start) < sendband::dayNumber(rs->effectiveFrom) ||
                             (rs->effectiveTo && sendband::dayNumber(fy->end) > sendband::dayNumber(*rs->effectiveTo))))
                            continue;
                        years << label;
                    }
                    if (!years.contains(latest) && !years.isEmpty()) latest = years.last();
                }
            }
        } catch (const std::exception& e) {
            setResult({}, QStringLiteral("Could not read the decisions' dates: %1").arg(plainError(e)));
        }
    }
    if (years != years_) {
        years_ = years;
        Q_EMIT yearsChanged();
    }
    if (!years_.contains(year_)) {
        year_ = latest;
        Q_EMIT yearChanged();
    }
}

void FinanceController::maybeRefresh() {
    if (active_ && stale_ && !loading_) refresh();
}

void FinanceController::refresh() {
    stale_ = true;
    if (!app_ || !app_->store()) {
        model_.clear();
        setResult({}, app_ ? QStringLiteral("Open a database to see committed spend.") : QString());
        stale_ = false;
        Q_EMIT refreshed();
        return;
    }
    if (loading_ || app_->busy()) return;  // runs again when the job in the way finishes (jobFinished)
    if (year_.isEmpty()) {
        model_.clear();
        setResult({}, QStringLiteral("There are no decisions in this database yet, so there is no spend to show."));
        stale_ = false;
        Q_EMIT refreshed();
        return;
    }
    const auto fy = sendband::parseFinancialYear(year_.toStdString());
    if (!fy) {
        model_.clear();
        setResult({}, QStringLiteral("\"%1\" is not a financial year; choose one such as 2026-27.").arg(year_));
        stale_ = false;
        Q_EMIT refreshed();
        return;
    }
    const sendband::TotalsBy by = groupingKinds()[static_cast<std::size_t>(groupIndex_)];
    const quint64 gen = generation_;
    auto report = std::make_shared<sendband::TotalsReport>();
    const QString label = year_;
    QPointer<FinanceController> self(this);
    const bool started = app_->startJob(
        QStringLiteral("Totalling committed spend for %1").arg(label),
        [report, fy = *fy, by, label](const std::string& db, sendband::JobControl& job) -> AppController::JobResult {
            job.stage("Pricing plans", 0);
            auto store = sendband::CaseloadStore::openSqlite(db);
            *report = sendband::financialYearTotals(*store, fy, by);
            if (!report->ok())
                return {QString(), QStringLiteral("%1 plan(s) cannot be priced for %2, so there are no figures.").arg(report->problems.size()).arg(label)};
            return {QStringLiteral("Committed spend for %1: £%2 over %3 plan(s)")
                        .arg(label, QString::fromStdString(sendband::formatPence(report->total.totalPence())))
                        .arg(report->total.plans),
                    QString()};
        },
        [self, report, gen](const AppController::JobResult& r) {
            if (!self) return;
            self->setLoading(false);
            if (gen != self->generation_) return;  // the year or grouping changed meanwhile: stale_ stays, it runs again
            self->stale_ = false;
            if (!r.error.isEmpty()) {
                self->model_.clear();
                QString text = r.error;
                bool oneReason = !report->problems.empty();
                for (const auto& p : report->problems) oneReason = oneReason && p.message == report->problems.front().message;
                if (oneReason && report->problems.size() > 1) {
                    text += QStringLiteral(" Every one for the same reason: %1").arg(QString::fromStdString(report->problems.front().message));
                } else if (!report->problems.empty()) {
                    text += QStringLiteral(" The first:");
                    for (std::size_t i = 0; i < report->problems.size() && i < 5; ++i)
                        text += QStringLiteral("\n%1: %2").arg(QString::fromStdString(report->problems[i].reference),
                                                               QString::fromStdString(report->problems[i].message));
                }
                self->setResult({}, text);
            } else {
                self->model_.setReport(*report);
                self->setResult(QStringLiteral("%1 (1 April %2 to 31 March %3). Plans in the store: %4; with a placement in the year: %5; outside the year: %6.")
                                    .arg(QString::fromStdString(report->year.label))
                                    .arg(static_cast<int>(report->year.start.year()))
                                    .arg(static_cast<int>(report->year.end.year()))
                                    .arg(report->plansInStore)
                                    .arg(report->total.plans)
                                    .arg(report->plansOutsideYear),
                                {});
            }
            Q_EMIT self->refreshed();
        });
    if (started) setLoading(true);
}

bool FinanceController::exportFailed(const QString& text) {
    exportStatus_ = text;
    exportFailed_ = true;
    Q_EMIT exportStatusChanged();
    return false;
}

QString FinanceController::exportPath(const QString& urlOrPath) {
    QString error;
    const QString path = app_ ? app_->xlsxExportPath(urlOrPath, error) : QString();
    if (path.isEmpty()) exportFailed(app_ ? error : QStringLiteral("Open a database before exporting."));
    return path;
}

bool FinanceController::startExport(const QString& title, const QString& path,
                                    std::function<AppController::JobResult(const std::string& dbPath, sendband::JobControl& job)> work) {
    QPointer<FinanceController> self(this);
    const bool started = app_->startJob(title, std::move(work), [self](const AppController::JobResult& r) {
        if (!self) return;
        self->exportStatus_ = r.error.isEmpty() ? r.message : r.error;
        self->exportFailed_ = !r.error.isEmpty();
        Q_EMIT self->exportStatusChanged();
    });
    if (!started) return exportFailed(QStringLiteral("Another job is running (%1); export when it has finished.").arg(app_->busyText()));
    exportStatus_ = QStringLiteral("Exporting to %1…").arg(path);
    exportFailed_ = false;
    Q_EMIT exportStatusChanged();
    return true;
}

bool FinanceController::exportXlsx(const QString& urlOrPath) {
    const QString path = exportPath(urlOrPath);
    if (path.isEmpty()) return false;
    const std::string out = path.toStdString();
    return startExport(QStringLiteral("Exporting the caseload to %1").arg(QFileInfo(path).fileName()), path,
                       [out, path](const std::string& db, sendband::JobControl&) -> AppController::JobResult {
                           auto store = sendband::CaseloadStore::openSqlite(db);
                           const auto r = sendband::exportCaseload(*store, sendband::ExportFormat::Xlsx, out, false);
                           if (!r.ok()) return {QString(), QStringLiteral("The export failed and no file was written: %1").arg(QString::fromStdString(r.error))};
                           return {QStringLiteral("Exported %1 plan(s) to %2 (without identifying fields).").arg(r.rows).arg(path), QString()};
                       });
}

bool FinanceController::exportFigures(const QString& urlOrPath) {
    const auto fy = sendband::parseFinancialYear(year_.toStdString());
    if (!fy) return exportFailed(QStringLiteral("Choose a financial year before exporting its figures."));
    const QString path = exportPath(urlOrPath);
    if (path.isEmpty()) return false;
    const std::string out = path.toStdString();
    const sendband::TotalsBy by = groupingKinds()[static_cast<std::size_t>(groupIndex_)];
    const QString what = groupIndex_ < groupings().size() - 1 ? QStringLiteral(" by %1").arg(groupings().at(groupIndex_).toLower()) : QString();
    return startExport(QStringLiteral("Exporting the %1 figures to %2").arg(year_, QFileInfo(path).fileName()), path,
                       [out, path, fy = *fy, by, what](const std::string& db, sendband::JobControl& job) -> AppController::JobResult {
                           job.stage("Pricing plans", 0);
                           auto store = sendband::CaseloadStore::openSqlite(db);
                           const auto r = sendband::financialYearTotals(*store, fy, by, true);
                           if (!r.ok())
                               return {QString(), QStringLiteral("%1 plan(s) cannot be priced for %2, so there are no figures to export.")
                                                      .arg(r.problems.size())
                                                      .arg(QString::fromStdString(fy.label))};
                           if (const std::string e = sendband::writeTotalsXlsx(r, out); !e.empty())
                               return {QString(), QStringLiteral("The export failed and no file was written: %1").arg(QString::fromStdString(e))};
                           return {QStringLiteral("Exported the %1 figures%2, with a band x setting sheet (%3 plan(s), £%4), to %5.")
                                       .arg(QString::fromStdString(fy.label), what)
                                       .arg(r.total.plans)
                                       .arg(QString::fromStdString(sendband::formatPence(r.total.totalPence())), path),
                                   QString()};
                       });
}

void FinanceController::setResult(const QString& summary, const QString& error) {
    summary_ = summary;
    error_ = error;
    Q_EMIT resultChanged();
}

void FinanceController::setLoading(bool l) {
    if (l == loading_) return;
    loading_ = l;
    Q_EMIT loadingChanged();
}
