#include "RulesController.h"

#include "ChartScale.h"

#include <QFileInfo>
#include <QPointer>
#include <QUrl>
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "banding/Banding.h"
#include "workflows/Reband.h"
#include "reports/Reports.h"
#include "rules/RuleSetLoader.h"
#include "core/Money.h"
#include "core/Text.h"
#include "rules/RuleSetSummary.h"

namespace {
QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
QString pounds(std::int64_t pence) {
    return qs(sendband::formatPence(pence));
}
}  // namespace

RulesController::RulesController(QObject* parent) : QObject(parent) {}

void RulesController::setApp(AppController* a) {
    if (a == app_) return;
    if (app_) disconnect(app_, nullptr, this, nullptr);
    app_ = a;
    if (app_) {
        connect(app_, &AppController::databaseChanged, this, &RulesController::refresh);
        connect(app_, &AppController::rulesPathChanged, this, &RulesController::refresh);
    }
    Q_EMIT appChanged();
    refresh();
}

sendband::RuleSetPtr RulesController::loadChecked(const QString& path, QString& shownPath) {
    const QUrl url(path);
    shownPath = url.isLocalFile() ? url.toLocalFile() : path;
    if (shownPath.isEmpty()) {
        setDiagnostics(tr("Choose a rule-set file first."));
        return nullptr;
    }
    auto load = sendband::RuleSetLoader::loadFile(shownPath.toStdString());
    if (!load.ok()) {
        setDiagnostics(tr("%1 was not loaded; nothing has changed. %n problem(s):\n", nullptr, static_cast<int>(load.diagnostics.size()))
                           .arg(QFileInfo(shownPath).fileName()) +
                       qs(sendband::formatAll(load.diagnostics)));
        return nullptr;
    }
    setDiagnostics({});
    return load.ruleSet;
}

void RulesController::setDiagnostics(const QString& d) {
    if (d == diagnostics_) return;
    diagnostics_ = d;
    Q_EMIT diagnosticsChanged();
}

void RulesController::refresh() {
    active_.reset();
    activeOrigin_.clear();
    activeSummary_.clear();
    if (app_ && !app_->rulesPath().isEmpty()) {
        auto load = sendband::RuleSetLoader::loadFile(app_->rulesPath().toStdString());
        if (load.ok()) {
            active_ = load.ruleSet;
            activeOrigin_ = tr("From %1").arg(app_->rulesPath());
        }
    }
    if (!active_ && app_ && app_->store()) {
        // No rules file chosen: the rule set behind the most recent decision in the store.
        try {
            if (const auto id = app_->store()->decisions().latestRuleSetId()) {
                const sendband::LoadedRuleSet& stored = app_->store()->storedRuleSets().get(*id);
                if (stored.banding) {
                    active_ = stored.banding->ruleSetPtr();
                    activeOrigin_ = tr("As stored with the latest decision (choose a file to make another version active)");
                }
            }
        } catch (const std::exception&) {
            // An unreadable store is reported by the app when it is opened.
        }
    }
    if (active_) activeSummary_ = qs(sendband::describeRuleSet(*active_));
    Q_EMIT activeChanged();
}

QString RulesController::activeTitle() const {
    if (!active_) return {};
    const auto& m = active_->metadata;
    return qs(m.authority + ": " + m.framework + ", version " + m.version);
}

QString RulesController::activeEffective() const {
    if (!active_) return {};
    const auto& m = active_->metadata;
    return qs(sendband::formatDate(m.effectiveFrom)) + tr(" to ") +
           (m.effectiveTo ? qs(sendband::formatDate(*m.effectiveTo)) : tr("(open-ended)"));
}

QString RulesController::activeHash() const {
    return active_ ? qs(active_->hash) : QString();
}

QVariantList RulesController::activeSources() const {
    QVariantList out;
    if (!active_) return out;
    for (const auto& s : active_->metadata.sources) {
        QVariantMap m;
        m["title"] = qs(s.title);
        m["url"] = qs(s.url);
        out.append(m);
    }
    return out;
}

QVariantList RulesController::activeBands() const {
    QVariantList out;
    if (!active_) return out;
    // The tariff period in force today, else the nearest one (the first, or the last once all have ended).
    const auto today = app_ ? sendband::parseDate(app_->today().toStdString()) : std::nullopt;
    const sendband::TariffPeriod* period = today ? active_->tariffPeriodOn(*today) : nullptr;
    if (!period && !active_->tariffs.empty())
        period = today && sendband::dayNumber(*today) > active_->tariffs.back().toDay ? &active_->tariffs.back() : &active_->tariffs.front();
    for (std::size_t bi = 0; bi < active_->bands.size(); ++bi) {
        const auto& b = active_->bands[bi];
        QVariantMap m;
        m["id"] = qs(b.id);
        m["name"] = qs(b.name);
        QString range;
        if (b.from) range = tr("score %1").arg(qs(b.from->toString())) + (b.to ? tr(" to %1").arg(qs(b.to->toString())) : tr(" and above"));
        m["range"] = range;
        QString funding;
        switch (b.funding) {
            case sendband::BandFunding::None:
                funding = tr("no top-up (met from the school's budget)");
                break;
            case sendband::BandFunding::Formula:
                funding = tr("priced by the funding formulas");
                break;
            case sendband::BandFunding::Entered:
                funding = tr("amount entered for the child");
                break;
            case sendband::BandFunding::Tariff: {
                // Each setting type's amount in the period, e.g. "mainstream £1,500.00, special £9,500.00 a year (fy2025-26)".
                QStringList amounts;
                if (period && bi < period->amount.size())
                    for (std::size_t s = 0; s < active_->settingTypes.size() && s < period->amount[bi].size(); ++s)
                        if (const auto& a = period->amount[bi][s])
                            amounts << tr("%1 £%2").arg(qs(active_->settingTypes[s].id),
                                                        qs(sendband::Money::round(*a, active_->rounding).format()));
                funding = amounts.isEmpty() ? tr("tariff")
                                            : tr("%1 a %2 (%3, %4 to %5)")
                                                  .arg(amounts.join(QStringLiteral(", ")), QString::fromLatin1(sendband::perName(period->per)), qs(period->id),
                                                       qs(sendband::formatDate(period->from)), qs(sendband::formatDate(period->to)));
                if (period && !period->unpriced.empty()) funding = tr("not priced in %1: %2").arg(qs(period->id), qs(period->unpriced));
                break;
            }
        }
        if (b.needsApproval) funding += tr(", needs approval");
        m["funding"] = funding;
        out.append(m);
    }
    return out;
}

bool RulesController::loadActive(const QString& path) {
    QString shown;
    auto rs = loadChecked(path, shown);
    if (!rs || !app_) return false;
    app_->setRulesPath(shown);
    refresh();
    return true;
}

QString RulesController::proposalTitle() const {
    if (!proposal_) return {};
    const auto& m = proposal_->metadata;
    return qs(m.framework + ", version " + m.version + " (from " + sendband::formatDate(m.effectiveFrom) + ")");
}

void RulesController::clearImpact() {
    impactReady_ = false;
    impactHeadline_.clear();
    impactText_.clear();
    impactBands_.clear();
    impactSettings_.clear();
    impactRows_.clear();
    impactChart_.clear();
    impactMaxPlans_ = impactMaxChange_ = impactMinChange_ = 0;
    impact_.reset();
    impactComparedWith_.clear();
    tables_.clear();
    order_.clear();
    sortColumn_ = -1;
    exportStatus_.clear();
    exportFailed_ = false;
    Q_EMIT impactChanged();
    Q_EMIT impactTableChanged();
    Q_EMIT impactExportChanged();
}

bool RulesController::loadProposal(const QString& path) {
    QString shown;
    auto rs = loadChecked(path, shown);
    if (!rs) return false;
    proposal_ = rs;
    proposalPath_ = shown;
    Q_EMIT proposalChanged();
    clearImpact();
    return true;
}

bool RulesController::runImpact() {
    if (!app_ || !proposal_) return false;
    if (likeForLike_ && !active_) {
        setDiagnostics(tr("Like for like compares with the active rule set, and none is loaded: load one, or untick Like for like."));
        return false;
    }
    const sendband::RuleSetPtr proposal = proposal_;
    // Like for like: every plan decided afresh under the active rule set as of the same date.
    const sendband::RuleSetPtr current = likeForLike_ ? active_ : nullptr;
    auto report = std::make_shared<sendband::ImpactReport>();
    const std::string proposedName = sendband::ruleSetTitle(*proposal);
    const std::string comparedWith = sendband::impactComparedWith(current.get(), proposal->metadata.effectiveFrom);
    return app_->startJob(
        tr("Impact of %1").arg(qs(proposal->metadata.framework + " " + proposal->metadata.version)),
        [proposal, current, report](const std::string& db, sendband::JobControl& job) -> AppController::JobResult {
            auto store = sendband::CaseloadStore::openSqlite(db);
            const sendband::Banding banding(proposal);
            std::optional<sendband::Banding> currentBanding;
            if (current) currentBanding.emplace(current);
            *report = sendband::impactOf(*store, banding, currentBanding ? &*currentBanding : nullptr, proposal->metadata.effectiveFrom, true, &job);
            if (!report->ok()) {
                QString text = qs(report->error);
                for (const auto& p : report->problems) text += "\n" + qs(p.reference + ": " + p.message);
                return {QString(), QObject::tr("The proposal cannot band every plan, so there are no figures:") + text};
            }
            return {QObject::tr("Impact ready: %1 plans re-banded under the proposal; nothing was stored.").arg(report->plans), QString()};
        },
        [self = QPointer<RulesController>(this), report, proposedName, comparedWith](const AppController::JobResult& r) {
            if (!self) return;
            self->applyImpact(report, proposedName, comparedWith, r.error.isEmpty());
        });
}

void RulesController::applyImpact(const std::shared_ptr<const sendband::ImpactReport>& report, const std::string& proposedName,
                                  const std::string& comparedWith, bool ok) {
    clearImpact();
    if (!ok) return;
    const sendband::ImpactReport& ir = *report;
    impact_ = report;
    impactProposedName_ = proposedName;
    impactComparedName_ = comparedWith;
    impactComparedWith_ = tr("Compared with %1.").arg(qs(comparedWith));
    tables_ = sendband::impactTables(ir);
    if (view_ < 0 || static_cast<std::size_t>(view_) >= tables_.size()) view_ = 1;
    order_.resize(tables_[static_cast<std::size_t>(view_)].rows.size() - 1);
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    impactText_ = qs(sendband::formatImpactText(ir, proposedName, comparedWith));
    impactHeadline_ =
        tr("%1 plans: %2 move up, %3 down, %4 stay. Annual cost £%5 → £%6 (%7).")
            .arg(ir.plans)
            .arg(ir.up)
            .arg(ir.down)
            .arg(ir.same)
            .arg(pounds(ir.total.currentPence), pounds(ir.total.proposedPence), qs(sendband::formatChange(ir.total.changePence())));
    for (const auto& b : ir.byBand) {
        QVariantMap m;
        m["band"] = qs(b.band);
        m["plans"] = static_cast<int>(b.plans);
        m["up"] = static_cast<int>(b.up);
        m["down"] = static_cast<int>(b.down);
        m["same"] = static_cast<int>(b.same);
        m["current"] = pounds(b.currentPence);
        m["proposed"] = pounds(b.proposedPence);
        m["change"] = qs(sendband::formatChange(sendband::Money::checkedSub(b.proposedPence, b.currentPence)));
        impactBands_.append(m);
        impactMaxPlans_ = std::max(impactMaxPlans_, static_cast<double>(b.plans));
    }
    for (const auto& s : ir.bySetting) {
        QVariantMap m;
        m["key"] = qs(s.key);
        m["name"] = qs(s.name.empty() ? s.key : s.name);
        m["plans"] = static_cast<int>(s.plans);
        m["current"] = pounds(s.currentPence);
        m["proposed"] = pounds(s.proposedPence);
        m["change"] = qs(sendband::formatChange(s.changePence()));
        // For the chart only: whole pounds as a number (the table shows the exact text).
        m["changePounds"] = static_cast<double>(s.changePence() / 100);
        impactSettings_.append(m);
        impactMaxChange_ = std::max(impactMaxChange_, static_cast<double>(std::llabs(s.changePence() / 100)));
    }
    // Axes that end on round figures, so their ticks do too.
    impactMaxPlans_ = chartscale::niceCeiling(impactMaxPlans_);
    impactMaxChange_ = chartscale::niceCeiling(impactMaxChange_);
    const bool anyDown = std::any_of(ir.bySetting.begin(), ir.bySetting.end(), [](const sendband::ImpactCostRow& c) { return c.changePence() < 0; });
    impactMinChange_ = anyDown ? -impactMaxChange_ : 0;
    {
        QVariantMap m;  // the total, as the table's last row (not charted)
        m["key"] = QString();
        m["name"] = tr("Total");
        m["plans"] = static_cast<int>(ir.total.plans);
        m["current"] = pounds(ir.total.currentPence);
        m["proposed"] = pounds(ir.total.proposedPence);
        m["change"] = qs(sendband::formatChange(ir.total.changePence()));
        m["isTotal"] = true;
        impactRows_ = impactSettings_;
        impactRows_.append(m);
    }
    QStringList bands, settings;
    QVariantList up, down, same, change;
    for (const auto& b : impactBands_) {
        const auto m = b.toMap();
        bands << m["band"].toString();
        up << m["up"];
        down << m["down"];
        same << m["same"];
    }
    for (const auto& s : impactSettings_) {
        const auto m = s.toMap();
        settings << m["key"].toString();
        change << m["changePounds"];
    }
    impactChart_ = QVariantMap{{"bands", bands}, {"up", up}, {"down", down}, {"same", same}, {"settings", settings}, {"change", change}};
    impactReady_ = true;
    Q_EMIT impactChanged();
    Q_EMIT impactTableChanged();
}

void RulesController::setImpactLikeForLike(bool on) {
    if (on == likeForLike_) return;
    likeForLike_ = on;
    Q_EMIT impactOptionsChanged();
    clearImpact();  // the figures shown were for the other comparison
    if (app_) app_->screenChanged();  // and so was "Impact ready" on the status line
}

QStringList RulesController::impactViews() const {
    QStringList v;
    for (const auto& t : tables_) v << qs(t.title);
    return v;
}

const sendband::ReportTable* RulesController::shownTable() const {
    if (view_ < 0 || static_cast<std::size_t>(view_) >= tables_.size()) return nullptr;
    return &tables_[static_cast<std::size_t>(view_)];
}

void RulesController::setImpactView(int v) {
    if (v == view_ || v < 0 || static_cast<std::size_t>(v) >= tables_.size()) return;
    view_ = v;
    sortColumn_ = -1;
    sortAscending_ = true;
    order_.resize(tables_[static_cast<std::size_t>(v)].rows.size() - 1);
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    Q_EMIT impactTableChanged();
}

QStringList RulesController::impactColumns() const {
    QStringList c;
    if (const auto* t = shownTable())
        for (const auto& h : t->headings) c << qs(h);
    return c;
}

int RulesController::impactLeftColumns() const {
    const auto* t = shownTable();
    return t ? static_cast<int>(t->leftColumns) : 0;
}

QStringList RulesController::impactColumnWidest() const {
    QStringList widest;
    const auto* t = shownTable();
    if (!t) return widest;
    for (std::size_t c = 0; c < t->headings.size(); ++c) {
        QString w = qs(t->headings[c]) + QStringLiteral(" \u25B2");  // with room for the sort arrow
        for (const auto& row : t->rows)
            if (const QString cell = qs(row[c].text); cell.size() > w.size()) w = cell;
        widest << w;
    }
    return widest;
}

QVariantList RulesController::impactTable() const {
    QVariantList rows;
    const auto* t = shownTable();
    if (!t) return rows;
    auto row = [&](const std::vector<sendband::ReportCell>& cells, bool total) {
        QStringList texts;
        for (const auto& c : cells) texts << qs(c.text);
        rows.append(QVariantMap{{"cells", texts}, {"isTotal", total}});
    };
    for (std::size_t i : order_) row(t->rows[i], false);
    row(t->rows.back(), true);
    return rows;
}

void RulesController::sortImpact(int column) {
    const auto* t = shownTable();
    if (!t || column < 0 || static_cast<std::size_t>(column) >= t->headings.size()) return;
    sortAscending_ = column == sortColumn_ ? !sortAscending_ : true;
    sortColumn_ = column;
    const auto c = static_cast<std::size_t>(column);
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
        const sendband::ReportCell &x = t->rows[a][c], &y = t->rows[b][c];
        const bool less = x.kind == sendband::ReportCell::Kind::Text ? sendband::naturalLess(x.text, y.text) : x.value < y.value;
        const bool more = x.kind == sendband::ReportCell::Kind::Text ? sendband::naturalLess(y.text, x.text) : y.value < x.value;
        return sortAscending_ ? less : more;
    });
    Q_EMIT impactTableChanged();
}

bool RulesController::setExportStatus(const QString& text, bool failed) {
    exportStatus_ = text;
    exportFailed_ = failed;
    Q_EMIT impactExportChanged();
    return !failed;
}

bool RulesController::exportImpact(const QString& urlOrPath) {
    if (!app_ || !impact_) return setExportStatus(tr("Run the impact before exporting it."), true);
    QString error;
    const QString path = app_->xlsxExportPath(urlOrPath, error);
    if (path.isEmpty()) return setExportStatus(error, true);
    const auto report = impact_;
    const std::string proposed = impactProposedName_, compared = impactComparedName_, out = path.toStdString();
    const bool started = app_->startJob(
        tr("Exporting the impact to %1").arg(QFileInfo(path).fileName()),
        [report, proposed, compared, out, path](const std::string&, sendband::JobControl&) -> AppController::JobResult {
            if (const std::string e = sendband::writeImpactXlsx(*report, proposed, compared, out); !e.empty())
                return {QString(), QObject::tr("The export failed and no file was written: %1").arg(qs(e))};
            return {QObject::tr("Exported the impact on %1 plan(s), with the plans that move, to %2.").arg(report->plans).arg(path), QString()};
        },
        [self = QPointer<RulesController>(this)](const AppController::JobResult& r) {
            if (self) self->setExportStatus(r.error.isEmpty() ? r.message : r.error, !r.error.isEmpty());
        });
    if (!started) return setExportStatus(tr("Another job is running (%1); export when it has finished.").arg(app_->busyText()), true);
    return setExportStatus(tr("Exporting to %1…").arg(path), false);
}

bool RulesController::rebandAll(const QString& asOfText) {
    if (!app_ || !active_) return false;
    const auto asOf = sendband::parseDate(asOfText.trimmed().toStdString());
    if (!asOf) {
        setDiagnostics(tr("The as-of date \"%1\" is not a date: expected YYYY-MM-DD, for example 2026-04-01.").arg(asOfText));
        return false;
    }
    setDiagnostics({});
    const sendband::RuleSetPtr rules = active_;
    const sendband::Actor who = app_->actor();
    return app_->startJob(tr("Re-banding every plan as of %1").arg(asOfText.trimmed()),
                          [rules, who, asOf](const std::string& db, sendband::JobControl& job) -> AppController::JobResult {
                              auto store = sendband::CaseloadStore::openSqlite(db);
                              const sendband::Banding banding(rules);
                              const auto r = sendband::rebandCaseload(*store, banding, *asOf, who, &job);
                              if (!r.ok()) {
                                  QString text = qs(r.error);
                                  for (const auto& p : r.problems) text += "\n" + qs(p.reference + ": " + p.message);
                                  return {QString(), QObject::tr("Nothing was re-banded:") + text};
                              }
                              QString text = QObject::tr("Re-banded %1 plans: %2 up, %3 down, %4 stayed; %5 new decisions recorded.")
                                                 .arg(r.plans)
                                                 .arg(r.up)
                                                 .arg(r.down)
                                                 .arg(r.same)
                                                 .arg(r.recorded);
                              if (r.erased) text += " " + QObject::tr("%1 erased plans were left as they were.").arg(r.erased);
                              return {text, QString(), true};
                          });
}
