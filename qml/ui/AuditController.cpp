#include "AuditController.h"

#include "store/CaseloadStore.h"
#include "workflows/Consistency.h"
#include "core/Date.h"

#include <QPointer>

#include <memory>

AuditController::AuditController(QObject* parent) : QObject(parent) {
    connect(&model_, &AuditLogModel::loadedChanged, this, &AuditController::shownChanged);
}

void AuditController::setApp(AppController* a) {
    if (a == app_) return;
    if (app_) {
        disconnect(app_, nullptr, this, nullptr);
        disconnect(app_->caseload(), nullptr, this, nullptr);
    }
    app_ = a;
    if (app_) {
        connect(app_, &AppController::databaseChanged, this, &AuditController::databaseChanged);
        connect(app_, &AppController::jobFinished, this, &AuditController::jobFinished);
        // The caseload is re-read after every write, and every write adds audit entries.
        connect(app_->caseload(), &QAbstractItemModel::modelReset, this, [this] {
            if (active_) model_.reload();
            else stale_ = true;
        });
    }
    Q_EMIT appChanged();
    databaseChanged();
}

void AuditController::setActive(bool a) {
    if (a == active_) return;
    active_ = a;
    Q_EMIT activeChanged();
    if (active_ && stale_) {
        stale_ = false;
        model_.reload();
    }
}

void AuditController::setFilterText(QString& member, const QString& v) {
    if (v == member) return;
    member = v;
    Q_EMIT filterTextChanged();
}
void AuditController::setPlan(const QString& v) { setFilterText(plan_, v); }
void AuditController::setActor(const QString& v) { setFilterText(actor_, v); }
void AuditController::setAction(const QString& v) { setFilterText(action_, v); }
void AuditController::setDateFrom(const QString& v) { setFilterText(from_, v); }
void AuditController::setDateTo(const QString& v) { setFilterText(to_, v); }

QStringList AuditController::actions() const {
    // What the engine writes, with the families (no dot) that match every action in them.
    return {QString(),
            QStringLiteral("assessment.save"),
            QStringLiteral("caseload"),
            QStringLiteral("caseload.import"),
            QStringLiteral("caseload.reband"),
            QStringLiteral("decision.reband"),
            QStringLiteral("override"),
            QStringLiteral("override.create"),
            QStringLiteral("override.approve"),
            QStringLiteral("plan"),
            QStringLiteral("plan.import"),
            QStringLiteral("plan.reimport"),
            QStringLiteral("rule_set.load")};
}

QStringList AuditController::actionLabels() const {
    QStringList out;
    for (const QString& a : actions()) {
        if (a.isEmpty()) out << QStringLiteral("Any action");
        else if (!a.contains(QLatin1Char('.'))) out << QStringLiteral("%1 (every %1 action)").arg(a);
        else out << a;
    }
    return out;
}

QString AuditController::shownText() const {
    if (!model_.error().isEmpty()) return model_.error();
    if (!app_ || !app_->store()) return QStringLiteral("Open a database to see its audit log.");
    const int n = model_.loaded();
    if (n == 0) return QStringLiteral("No audit entries match.");
    return model_.hasMore() ? QStringLiteral("Showing the newest %1 matching entries; scroll down for more.").arg(n)
                            : QStringLiteral("%1 matching entr%2, newest first.").arg(n).arg(n == 1 ? QStringLiteral("y") : QStringLiteral("ies"));
}

void AuditController::databaseChanged() {
    model_.setStore(app_ ? app_->store() : nullptr);
    stale_ = false;
    verifyTitle_.clear();
    setVerify({}, {});
    setConsistency({}, {});
    applyFilter();
}

bool AuditController::applyFilter() {
    AuditLogModel::Filter f;
    QStringList said;
    auto refuse = [&](const QString& why) {
        f = {};
        f.noEntity = true;
        model_.setFilter(std::move(f));
        filterError_ = why;
        filterSummary_.clear();
        Q_EMIT filterApplied();
        return false;
    };

    const QString from = from_.trimmed(), to = to_.trimmed();
    std::optional<sendband::Date> fromDay, toDay;
    if (!from.isEmpty()) {
        fromDay = sendband::parseDate(from.toStdString());
        if (!fromDay) return refuse(QStringLiteral("The \"from\" date \"%1\" is not a date; write it as YYYY-MM-DD, such as 2026-01-15.").arg(from));
        f.from = sendband::formatDate(*fromDay);
        said << QStringLiteral("from %1").arg(from);
    }
    if (!to.isEmpty()) {
        toDay = sendband::parseDate(to.toStdString());
        if (!toDay) return refuse(QStringLiteral("The \"to\" date \"%1\" is not a date; write it as YYYY-MM-DD, such as 2026-01-31.").arg(to));
        f.before = sendband::formatDate(sendband::addDays(*toDay, 1));  // the whole of the "to" day
        said << QStringLiteral("to %1").arg(to);
    }
    if (fromDay && toDay && *toDay < *fromDay)
        return refuse(QStringLiteral("The \"to\" date (%1) is before the \"from\" date (%2).").arg(to, from));

    f.actor = actor_.trimmed().toStdString();
    if (!f.actor.empty()) said << QStringLiteral("by %1").arg(actor_.trimmed());
    f.action = action_.trimmed().toStdString();
    if (!f.action.empty()) said << QStringLiteral("action %1").arg(action_.trimmed());

    // A plan is named in the log by its pseudonym only; the reference is looked up to find it.
    const QString plan = plan_.trimmed();
    if (!plan.isEmpty()) {
        if (plan.contains(QLatin1Char(':'))) {
            f.entities.push_back(plan.toStdString());  // a whole entity name, as the log shows it
        } else if (app_ && app_->store()) {
            try {
                // Pseudonyms are written in capitals; references as the council writes them.
                for (const auto& pseudonym : app_->store()->plans().pseudonymsMatching(plan.toStdString(), plan.toUpper().toStdString()))
                    f.entities.push_back("plan:" + pseudonym);
            } catch (const std::exception& e) {
                return refuse(QStringLiteral("Could not look up the plan: %1").arg(QString::fromStdString(e.what())));
            }
            if (f.entities.empty())
                return refuse(QStringLiteral("No plan in this database has the reference or pseudonym \"%1\".").arg(plan));
        }
        QStringList names;
        for (const auto& e : f.entities) names << QString::fromStdString(e);
        said.prepend(names.join(QStringLiteral(" or ")));
    }
    model_.setFilter(std::move(f));
    filterError_.clear();
    filterSummary_ = said.isEmpty() ? QString() : QStringLiteral("Filter: %1").arg(said.join(QStringLiteral(", ")));
    Q_EMIT filterApplied();
    return true;
}

void AuditController::clearFilter() {
    plan_.clear();
    actor_.clear();
    action_.clear();
    from_.clear();
    to_.clear();
    Q_EMIT filterTextChanged();
    applyFilter();
}

bool AuditController::verify() {
    if (!app_ || !app_->store()) {
        setVerify(QStringLiteral("failed"), QStringLiteral("Open a database to verify its audit log."));
        return false;
    }
    if (app_->busy()) {
        setVerify(QStringLiteral("failed"), QStringLiteral("Another job is running (%1); verify when it has finished.").arg(app_->busyText()));
        return false;
    }
    app_->verifyAudit();
    if (!app_->busy()) {
        setVerify(QStringLiteral("failed"), QStringLiteral("The verification could not start."));
        return false;
    }
    verifyTitle_ = app_->busyText();
    setVerify(QStringLiteral("running"), QStringLiteral("Verifying every entry's hash…"));
    return true;
}

void AuditController::jobFinished(const QString& title, bool ok) {
    if (verifyTitle_.isEmpty() || title != verifyTitle_) return;
    verifyTitle_.clear();
    setVerify(ok ? QStringLiteral("ok") : QStringLiteral("failed"), ok ? app_->message() : app_->errorText());
}

bool AuditController::runConsistency() {
    if (!app_ || !app_->store()) {
        setConsistency(QStringLiteral("failed"), QStringLiteral("Open a database to check its consistency."));
        return false;
    }
    auto text = std::make_shared<QString>();
    QPointer<AuditController> self(this);
    const bool started = app_->startJob(
        QStringLiteral("Checking consistency"),
        [text](const std::string& db, sendband::JobControl& job) -> AppController::JobResult {
            job.stage("Re-running every stored decision", 0);
            auto store = sendband::CaseloadStore::openSqlite(db);
            const auto r = sendband::checkConsistency(*store);
            *text = QString::fromStdString(sendband::formatConsistency(r));
            if (!r.ok())
                return {QString(), QStringLiteral("Consistency: %1 of %2 stored decision(s) could not be reproduced; see the report.")
                                       .arg(r.irreproducible.size())
                                       .arg(r.decisionsChecked)};
            return {QStringLiteral("Consistency: all %1 stored decision(s) reproduced; %2 group(s) of like needs with unlike bands.")
                        .arg(r.decisionsChecked)
                        .arg(r.likeNeedsUnlikeBands.size()),
                    QString()};
        },
        [self, text](const AppController::JobResult& r) {
            if (!self) return;
            if (text->isEmpty()) self->setConsistency(QStringLiteral("failed"), r.error);  // it failed before a report
            else self->setConsistency(r.error.isEmpty() ? QStringLiteral("ok") : QStringLiteral("failed"), (r.error.isEmpty() ? r.message : r.error) + QStringLiteral("\n\n") + *text);
        });
    if (!started) {
        setConsistency(QStringLiteral("failed"), QStringLiteral("Another job is running (%1); run the report when it has finished.").arg(app_->busyText()));
        return false;
    }
    setConsistency(QStringLiteral("running"), QStringLiteral("Re-running every stored decision under its own rule set…"));
    return true;
}

void AuditController::setVerify(const QString& state, const QString& text) {
    verifyState_ = state;
    verifyText_ = text;
    Q_EMIT verifyChanged();
}

void AuditController::setConsistency(const QString& state, const QString& text) {
    consistencyState_ = state;
    consistencyText_ = text;
    Q_EMIT consistencyChanged();
}
