#include "PlanController.h"

#include "banding/ProfileCodec.h"
#include "store/CurrentPlans.h"
#include "banding/Explanation.h"
#include "core/Money.h"
#include "workflows/Overrides.h"
#include "workflows/PlanHistory.h"
#include "rules/RuleSetLoader.h"

PlanController::PlanController(QObject* parent) : QObject(parent) {}

void PlanController::setApp(AppController* a) {
    if (a == app_) return;
    if (app_) disconnect(app_, nullptr, this, nullptr);
    app_ = a;
    // A plan opened while the caseload was still being read gets its override text once it is.
    if (app_)
        connect(app_, &AppController::loadingChanged, this, [this] {
            if (app_ && !app_->loading() && planId_ > 0 && !dirty_) reload();
        });
    Q_EMIT appChanged();
    reload();
}

void PlanController::setPlanId(qint64 id) {
    if (id == planId_) return;
    planId_ = id;
    reload();
}

void PlanController::reload() {
    banding_.reset();
    dirty_ = false;
    history_.clear();
    overrideStatus_.clear();
    overrideSummary_.clear();
    details_.clear();
    bandChoices_.clear();
    currentBandIndex_ = -1;
    inForceBand_.clear();
    inForceTopUp_.clear();
    inForcePlace_.clear();
    // Nothing of a previous plan may linger if this one does not load.
    error_.clear();
    reference_.clear();
    ruleSetName_.clear();
    band_.clear();
    topUp_.clear();
    place_.clear();
    reasons_.clear();
    formulas_.clear();
    if (!app_ || !app_->store() || planId_ <= 0) {
        Q_EMIT planChanged();
        Q_EMIT profileChanged();
        return;
    }
    try {
        auto detail = sendband::loadPlanDetail(*app_->store(), planId_);
        if (!detail) throw std::runtime_error("no such plan");
        if (!detail->banding) throw std::runtime_error(detail->ruleSetError);
        const sendband::RuleSetPtr& ruleSet = detail->banding->ruleSetPtr();
        sendband::ProfileDecoder decoder(*ruleSet);
        if (auto err = decoder.read(detail->reference, detail->profile, detail->dateOfBirth, detail->ageSchedule); !err.empty()) throw std::runtime_error(err);
        profile_ = decoder.profile();
        asOf_ = detail->asOf;
        banding_ = detail->banding;
        reference_ = QString::fromStdString(detail->reference);
        ruleSetName_ = QString::fromStdString(ruleSet->metadata.framework + " " + ruleSet->metadata.version);
        for (const auto& e : detail->history) {
            QVariantMap m;
            m["kind"] = QString::fromStdString(e.kind);
            m["when"] = QString::fromStdString(e.when);
            m["summary"] = QString::fromStdString(e.summary);
            history_.append(m);
        }
        // The plan as the caseload holds it: its details and any override, read in one pass.
        const sendband::CurrentPlan* current = nullptr;
        for (const auto& p : app_->caseload()->plansView())
            if (p.planId == planId_) {
                current = &p;
                break;
            }
        if (current) {
            const auto& p = *current;
            const sendband::SettingType* st = nullptr;
            for (const auto& s : ruleSet->settingTypes) if (s.id == p.settingType) st = &s;
            auto date = [](const std::optional<sendband::Date>& d) { return d ? QString::fromStdString(sendband::formatDate(*d)) : QString(); };
            QStringList parts;
            parts << tr("Need %1").arg(QString::fromStdString(p.primaryNeed));
            parts << (st ? QString::fromStdString(st->name) : QString::fromStdString(p.settingType));
            if (!p.schoolUrn.empty()) parts << tr("school %1 %2").arg(QString::fromStdString(p.schoolUrn), QString::fromStdString(p.schoolName)).trimmed();
            parts << tr("placement %1 to %2").arg(p.placementStart ? date(p.placementStart) : tr("(start not recorded)"),
                                                  p.placementEnd ? date(p.placementEnd) : tr("(no end date)"));
            if (p.reviewDue) parts << tr("review due %1").arg(date(p.reviewDue));
            details_ = parts.join(QStringLiteral(" · "));
            if (p.overrideInForce()) {
                inForceBand_ = QString::fromStdString(p.overrideBand);
                inForceTopUp_ = QString::fromStdString(p.overrideTopUp.format());
                inForcePlace_ = QString::fromStdString(p.overridePlace.format());
            }
            if (p.overrideId) {
                overrideStatus_ = QString::fromLatin1(sendband::storedText(*p.overrideStatus));
                const QString state = p.overrideInForce() ? tr("in force") : p.awaitingApproval() ? tr("awaiting approval by someone else; the computed band counts until then") : QString::fromLatin1(sendband::describe(*p.overrideStatus));
                overrideSummary_ = tr("Override to band %1 (%2, by %3): %4; top-up £%5 a year")
                                       .arg(QString::fromStdString(p.overrideBand), QString::fromStdString(p.overrideReason),
                                            QString::fromStdString(p.overrideOfficer), state,
                                            QString::fromStdString(p.overrideTopUp.format()));
            }
        }
        // The override dialog's bands, priced for this plan as of its decision.
        const auto& rs = *ruleSet;
        const std::string inForce = current && current->overrideInForce() ? current->overrideBand : std::string();
        sendband::Decision priced;
        if (banding_->decide(profile_, asOf_, priced)) {
            const std::string& computed = rs.bands[static_cast<std::size_t>(priced.band)].id;
            for (std::size_t b = 0; b < rs.bands.size(); ++b) {
                const auto& band = rs.bands[b];
                QString text = QString::fromStdString(band.id + " — " + band.name);
                if (band.funding == sendband::BandFunding::Entered) text += tr(" · individually costed: give the amount");
                else if (banding_->decideWithBand(profile_, asOf_, static_cast<int>(b), priced))
                    text += tr(" · top-up £%1 a year").arg(QString::fromStdString(priced.topUp().format()));
                QVariantMap m;
                m["id"] = QString::fromStdString(band.id);
                m["text"] = text;
                bandChoices_.append(m);
                if (band.id == (inForce.empty() ? computed : inForce)) currentBandIndex_ = static_cast<int>(b);
            }
        }
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
        banding_.reset();
    }
    Q_EMIT planChanged();
    recompute();
    Q_EMIT profileChanged();
}

bool PlanController::recompute() {
    if (!banding_) return false;
    const auto& rs = banding_->ruleSet();
    if (!banding_->decide(profile_, asOf_, decision_)) {
        error_ = QString::fromStdString(decision_.error);
        band_.clear();
        topUp_.clear();
        place_.clear();
        reasons_.clear();
        formulas_.clear();
        return false;
    }
    error_.clear();
    band_ = QString::fromStdString(rs.bands[static_cast<std::size_t>(decision_.band)].id + " — " + rs.bands[static_cast<std::size_t>(decision_.band)].name);
    topUp_ = QString::fromStdString(decision_.topUp().format());
    place_ = QString::fromStdString(decision_.place().format());
    reasons_.clear();
    formulas_.clear();
    for (const auto& r : sendband::explain(rs, profile_, decision_)) {
        reasons_.append(QString::fromStdString(r.text));
        formulas_.append(QString::fromStdString(r.formula));
    }
    return true;
}

QString PlanController::whyHtml() const {
    QString html;
    for (qsizetype i = 0; i < reasons_.size(); ++i) {
        html += QStringLiteral("<p>%1. %2").arg(i + 1).arg(reasons_[i].toHtmlEscaped());
        if (!formulas_[i].isEmpty())
            html += QStringLiteral("<br/><small style=\"color:#555555\">Formula: <code>%1</code></small>").arg(formulas_[i].toHtmlEscaped());
        html += QStringLiteral("</p>");
    }
    return html;
}

void PlanController::setLevel(int domain, int level) {
    if (!banding_ || domain < 0 || static_cast<std::size_t>(domain) >= profile_.levels.size()) return;
    if (profile_.levels[static_cast<std::size_t>(domain)] == level) return;
    profile_.levels[static_cast<std::size_t>(domain)] = level;
    dirty_ = true;
    recompute();
    Q_EMIT profileChanged();
}

QVariantList PlanController::domains() const {
    QVariantList out;
    if (!banding_) return out;
    const auto& rs = banding_->ruleSet();
    for (std::size_t i = 0; i < rs.domains.size(); ++i) {
        const auto& d = rs.domains[i];
        QVariantList levels;
        for (const auto& l : d.levels) {
            QVariantMap m;
            m["value"] = l.value;
            m["label"] = QString::fromStdString(l.label);
            m["score"] = QString::fromStdString(l.score.toString());
            m["descriptor"] = QString::fromStdString(l.descriptor);
            levels.append(m);
        }
        QVariantMap dm;
        dm["index"] = static_cast<int>(i);
        dm["name"] = QString::fromStdString(d.name);
        dm["levels"] = levels;
        out.append(dm);
    }
    return out;
}

QVariantList PlanController::levels() const {
    QVariantList out;
    if (!banding_) return out;
    for (const int l : profile_.levels) out.append(l);
    return out;
}

QStringList PlanController::bandIds() const {
    QStringList out;
    if (banding_)
        for (const auto& b : banding_->ruleSet().bands) out.append(QString::fromStdString(b.id));
    return out;
}

QVariantList PlanController::overrideReasons() const {
    QVariantList out;
    if (banding_)
        for (const auto& r : banding_->ruleSet().overrideReasons) {
            QVariantMap m;
            m["code"] = QString::fromStdString(r.code);
            m["text"] = QString::fromStdString(r.code + " — " + r.description);
            out.append(m);
        }
    return out;
}

bool PlanController::bandBlind() const { return banding_ && banding_->ruleSet().bandBlind; }

QString PlanController::headlineBand() const {
    if (!banding_) return {};
    if (dirty_ || inForceBand_.isEmpty()) return band_;
    const auto& rs = banding_->ruleSet();
    const int b = rs.bandIndex(inForceBand_.toStdString());
    return b < 0 ? inForceBand_ : inForceBand_ + QStringLiteral(" — ") + QString::fromStdString(rs.bands[static_cast<std::size_t>(b)].name);
}

QString PlanController::headlineMoney() const {
    if (!banding_ || (band_.isEmpty() && (dirty_ || inForceBand_.isEmpty()))) return {};
    const bool override = !dirty_ && !inForceBand_.isEmpty();
    return tr("Top-up £%1 a year · place funding £%2 a year").arg(override ? inForceTopUp_ : topUp_, override ? inForcePlace_ : place_);
}

QString PlanController::headlineNote() const {
    if (!banding_ || inForceBand_.isEmpty() || band_.isEmpty()) return {};
    if (dirty_) return tr("Saving replaces the override to %1 now in force: the rules' band below counts from then.").arg(inForceBand_);
    return tr("Override of %1: the rules give %1, top-up £%2 a year.").arg(band_.section(QStringLiteral(" — "), 0, 0), topUp_);
}

QString PlanController::asOf() const { return banding_ ? QString::fromStdString(sendband::formatDate(asOf_)) : QString(); }

void PlanController::setAsOf(const QString& date) {
    if (!banding_) return;
    const auto d = sendband::parseDate(date.trimmed().toStdString());
    if (!d) {
        error_ = tr("The as-of date must be a date as YYYY-MM-DD, such as 2026-04-01; got \"%1\".").arg(date);
        band_.clear();
        topUp_.clear();
        place_.clear();
        reasons_.clear();
        formulas_.clear();
        Q_EMIT profileChanged();
        return;
    }
    if (sendband::dayNumber(*d) != sendband::dayNumber(asOf_)) dirty_ = true;  // a decision as of another date is a change to save
    asOf_ = *d;
    recompute();
    Q_EMIT profileChanged();
}

bool PlanController::save() {
    if (!banding_ || !app_ || !app_->store()) return false;
    if (!error_.isEmpty()) {
        Q_EMIT actionFailed(tr("Not saved: %1").arg(error_));
        return false;
    }
    const auto who = app_->actor();
    try {
        // As of the date the screen priced at, so the saved decision is the one shown.
        const auto r = sendband::saveAssessment(*app_->store(), planId_, *banding_, profile_, asOf_, who);
        if (!r.ok()) {
            Q_EMIT actionFailed(QString::fromStdString("Not saved: " + r.error));
            return false;
        }
    } catch (const std::exception& e) {
        Q_EMIT actionFailed(QString::fromStdString(std::string("Not saved: ") + e.what()));
        return false;
    }
    app_->reload();
    reload();
    Q_EMIT actionDone(QStringLiteral("Saved a new assessment and decision for %1").arg(reference_));
    return true;
}

bool PlanController::requestOverride(const QString& band, const QString& reason, const QString& note, const QString& amount) {
    if (!banding_ || !app_ || !app_->store()) return false;
    // Plain words in the window (the engine's own messages name the CLI's options).
    if (reason.trimmed().isEmpty()) {
        Q_EMIT actionFailed(tr("Choose a reason code for the override."));
        return false;
    }
    if (note.trimmed().isEmpty()) {
        Q_EMIT actionFailed(tr("Write a note saying why the band is changed."));
        return false;
    }
    sendband::OverrideRequest req;
    req.reference = reference_.toStdString();
    req.band = band.toStdString();
    req.reason = reason.toStdString();
    req.note = note.trimmed().toStdString();
    if (!amount.trimmed().isEmpty()) req.amount = amount.trimmed().toStdString();
    try {
        const auto r = sendband::createOverride(*app_->store(), req, app_->actor());
        if (!r.ok()) {
            Q_EMIT actionFailed(QString::fromStdString(r.error));
            return false;
        }
        app_->reload();
        reload();
        Q_EMIT actionDone(r.status == sendband::OverrideStatus::InForce ? QStringLiteral("Override recorded and in force")
                                                 : QStringLiteral("Override recorded; it counts once someone else approves it"));
        return true;
    } catch (const std::exception& e) {
        Q_EMIT actionFailed(QString::fromStdString(e.what()));
        return false;
    }
}

QString PlanController::overridePreview(const QString& band, const QString& reason, const QString& amount) const {
    if (!banding_ || !app_ || !app_->store() || band.isEmpty()) return {};
    if (dirty_) return tr("Save or discard the changed levels first: an override changes the saved decision.");
    sendband::OverrideRequest req;
    req.reference = reference_.toStdString();
    req.band = band.toStdString();
    req.reason = reason.toStdString();
    req.note = "preview";
    if (!amount.trimmed().isEmpty()) req.amount = amount.trimmed().toStdString();
    try {
        const auto o = sendband::previewOverride(*app_->store(), req, app_->actor());
        if (!o.ok()) return QString::fromStdString(o.error);
        auto money = [](std::int64_t pence) { return QString::fromStdString(sendband::Money::fromPence(pence).format()); };
        QString text = tr("Top-up £%1, place funding £%2 a year; annual effect £%3").arg(money(o.topUpPence), money(o.placePence), money(o.effectPence));
        if (o.thresholdPence) text += tr(" (approval threshold £%1)").arg(money(*o.thresholdPence));
        text += o.status == sendband::OverrideStatus::InForce ? tr(": in force at once.")
                                                              : tr(": it will need approval by another login before it counts.");
        return text;
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

bool PlanController::approve() {
    if (!banding_ || !app_ || !app_->store()) return false;  // no plan loaded
    try {
        const auto r = sendband::approveOverride(*app_->store(), reference_.toStdString(), app_->actor());
        if (!r.ok()) {
            Q_EMIT actionFailed(QString::fromStdString(r.error));
            return false;
        }
        app_->reload();
        reload();
        Q_EMIT actionDone(QStringLiteral("Override approved"));
        return true;
    } catch (const std::exception& e) {
        Q_EMIT actionFailed(QString::fromStdString(e.what()));
        return false;
    }
}
