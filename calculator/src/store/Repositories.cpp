#include "store/Repositories.h"

#include "store/Columns.h"

namespace sendband {

using columns::optionalText;
using columns::text;

// ---- rule sets
static StoredRuleSet readRuleSet(const Statement& s) {
    const std::int64_t id = s.int64(0);
    return StoredRuleSet{id, s.text(1), s.text(2), s.text(3), s.text(4), columns::date(s, 5, {"rule_sets.effective_from", "rule set", {}, id}),
                         columns::optionalDate(s, 6, {"rule_sets.effective_to", "rule set", {}, id}), s.text(7)};
}

std::optional<StoredRuleSet> RuleSetRepository::byHash(const std::string& hash) {
    auto s = db_.prepare("SELECT id, hash, authority, framework, version, effective_from, effective_to, yaml FROM rule_sets WHERE hash = ?");
    s->bind(1, hash);
    if (!s->step()) return std::nullopt;
    return readRuleSet(*s);
}

std::optional<StoredRuleSet> RuleSetRepository::byId(std::int64_t id) {
    auto s = db_.prepare("SELECT id, hash, authority, framework, version, effective_from, effective_to, yaml FROM rule_sets WHERE id = ?");
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return readRuleSet(*s);
}

std::int64_t RuleSetRepository::insert(const StoredRuleSet& r) {
    auto s = db_.prepare("INSERT INTO rule_sets (hash, authority, framework, version, effective_from, effective_to, yaml) VALUES (?,?,?,?,?,?,?)");
    s->bind(1, r.hash).bind(2, r.authority).bind(3, r.framework).bind(4, r.version).bind(5, formatDate(r.effectiveFrom)).bind(6, text(r.effectiveTo));
    s->bind(7, r.yaml);
    s->run();
    return db_.lastInsertId();
}

// ---- settings
std::int64_t SettingRepository::ensure(const SettingRow& r) {
    if (!db_.inTransaction() || cacheSerial_ != db_.transactionSerial()) {
        cache_.clear();
        cacheSerial_ = db_.transactionSerial();
    }
    if (auto it = cache_.find(r.urn); it != cache_.end()) return it->second;
    if (!find_) find_ = db_.prepare("SELECT id FROM settings WHERE urn = ?");
    find_->bind(1, r.urn);
    std::int64_t id = 0;
    if (find_->step()) {
        id = find_->int64(0);
        find_->reset();
    } else {
        find_->reset();
        if (!insert_) insert_ = db_.prepare("INSERT INTO settings (urn, name, setting_type, phase, local_authority) VALUES (?,?,?,?,?)");
        insert_->bind(1, r.urn).bind(2, r.name).bind(3, r.settingType).bind(4, r.phase).bind(5, r.localAuthority);
        insert_->run();
        id = db_.lastInsertId();
    }
    cache_[r.urn] = id;
    return id;
}

// ---- plans
std::optional<PlanRow> PlanRepository::byReference(const std::string& reference) {
    auto s = db_.prepare(
        "SELECT id, reference, pseudonym, primary_need, setting_type, setting_id, placement_start, placement_end, responsible_la, "
        "officer, source_hash, review_due, erased_on FROM plans WHERE reference = ?");
    s->bind(1, reference);
    if (!s->step()) return std::nullopt;
    PlanRow p;
    p.id = s->int64(0);
    p.reference = s->text(1);
    p.pseudonym = s->text(2);
    p.primaryNeed = s->text(3);
    p.settingType = s->text(4);
    if (!s->isNull(5)) p.settingId = s->int64(5);
    p.placementStart = columns::optionalDate(*s, 6, {"plans.placement_start", "plan", p.pseudonym});
    p.placementEnd = columns::optionalDate(*s, 7, {"plans.placement_end", "plan", p.pseudonym});
    p.responsibleLa = s->text(8);
    p.officer = s->text(9);
    p.sourceHash = s->text(10);
    p.reviewDue = columns::optionalDate(*s, 11, {"plans.review_due", "plan", p.pseudonym});
    p.erasedOn = columns::optionalDate(*s, 12, {"plans.erased_on", "plan", p.pseudonym});
    return p;
}

std::map<std::string, std::pair<std::int64_t, std::string>> PlanRepository::sourceHashes() {
    std::map<std::string, std::pair<std::int64_t, std::string>> out;
    auto s = db_.prepare("SELECT reference, id, source_hash FROM plans");
    while (s->step()) out.emplace(s->text(0), std::make_pair(s->int64(1), s->text(2)));
    return out;
}

std::int64_t PlanRepository::nextId() {
    auto s = db_.prepare("SELECT coalesce(max(id), 0) + 1 FROM plans");
    s->step();
    return s->int64(0);
}

static void bindPlan(Statement& s, const PlanRow& p, int first) {
    s.bind(first, p.primaryNeed).bind(first + 1, p.settingType);
    if (p.settingId) s.bind(first + 2, *p.settingId); else s.bindNull(first + 2);
    s.bind(first + 3, text(p.placementStart)).bind(first + 4, text(p.placementEnd)).bind(first + 5, p.responsibleLa).bind(first + 6, p.officer)
        .bind(first + 7, p.sourceHash).bind(first + 8, text(p.reviewDue));
}

void PlanRepository::insert(const PlanRow& p, const IdentityRow& who) {
    if (!insert_)
        insert_ = db_.prepare(
            "INSERT INTO plans (id, reference, pseudonym, primary_need, setting_type, setting_id, placement_start, placement_end, "
            "responsible_la, officer, source_hash, review_due) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    insert_->bind(1, p.id).bind(2, p.reference).bind(3, p.pseudonym);
    bindPlan(*insert_, p, 4);
    insert_->run();
    if (!insertWho_) insertWho_ = db_.prepare("INSERT INTO identities (plan_id, name, upn, date_of_birth) VALUES (?,?,?,?)");
    insertWho_->bind(1, p.id).bind(2, who.name).bind(3, who.upn).bind(4, text(who.dateOfBirth));
    insertWho_->run();
}

void PlanRepository::update(const PlanRow& p, const IdentityRow& who) {
    if (!update_)
        update_ = db_.prepare(
            "UPDATE plans SET primary_need = ?, setting_type = ?, setting_id = ?, placement_start = ?, placement_end = ?, "
            "responsible_la = ?, officer = ?, source_hash = ?, review_due = ? WHERE id = ?");
    bindPlan(*update_, p, 1);
    update_->bind(10, p.id);
    update_->run();
    if (!updateWho_) updateWho_ = db_.prepare("UPDATE identities SET name = ?, upn = ?, date_of_birth = ? WHERE plan_id = ?");
    updateWho_->bind(1, who.name).bind(2, who.upn).bind(3, text(who.dateOfBirth)).bind(4, p.id);
    updateWho_->run();
}

std::optional<IdentityRow> PlanRepository::identity(std::int64_t planId) {
    auto s = db_.prepare("SELECT name, upn, date_of_birth FROM identities WHERE plan_id = ?");
    s->bind(1, planId);
    if (!s->step()) return std::nullopt;
    return IdentityRow{optionalText(*s, 0), optionalText(*s, 1),
                       columns::optionalDate(*s, 2, {"identities.date_of_birth", "plan row", {}, planId})};
}

std::int64_t PlanRepository::erase(std::int64_t planId, const Date& on, const std::string& ageSchedule) {
    auto held = db_.prepare("SELECT count(*) FROM overrides WHERE plan_id = ? AND note != ''");
    held->bind(1, planId);
    held->step();
    const std::int64_t heldNotes = held->int64(0);
    auto who = db_.prepare("UPDATE identities SET name = NULL, upn = NULL, date_of_birth = NULL WHERE plan_id = ?");
    who->bind(1, planId);
    who->run();
    auto notes = db_.prepare("UPDATE overrides SET note = '' WHERE plan_id = ?");
    notes->bind(1, planId);
    notes->run();
    auto plan = db_.prepare("UPDATE plans SET erased_on = ?, age_schedule = ?, source_hash = ? WHERE id = ?");
    plan->bind(1, formatDate(on));
    if (ageSchedule.empty()) plan->bindNull(2); else plan->bind(2, ageSchedule);
    plan->bind(3, kErasedSourceHash).bind(4, planId);
    plan->run();
    return heldNotes;
}

std::vector<PlanRepository::Erased> PlanRepository::erasures() {
    std::vector<Erased> out;
    auto s = db_.prepare(
        "SELECT p.pseudonym, p.erased_on, i.name IS NOT NULL OR i.upn IS NOT NULL OR i.date_of_birth IS NOT NULL FROM plans p "
        "LEFT JOIN identities i ON i.plan_id = p.id WHERE p.erased_on IS NOT NULL ORDER BY p.id");
    while (s->step()) {
        Erased e;
        e.pseudonym = s->text(0);
        e.erasedOn = columns::optionalDate(*s, 1, {"plans.erased_on", "plan", e.pseudonym});
        e.identityHeld = s->int64(2) != 0;
        out.push_back(std::move(e));
    }
    return out;
}

// ---- assessments
std::int64_t AssessmentRepository::insert(std::int64_t planId, const std::optional<Date>& assessedOn, const std::string& officer,
                                          const std::string& encodedProfile) {
    if (!insert_) insert_ = db_.prepare("INSERT INTO assessments (plan_id, assessed_on, officer, profile) VALUES (?,?,?,?)");
    insert_->bind(1, planId).bind(2, text(assessedOn)).bind(3, officer).bind(4, encodedProfile);
    insert_->run();
    return db_.lastInsertId();
}

// ---- decisions
std::int64_t DecisionRepository::insert(const DecisionRow& d) {
    if (!insert_)
        insert_ = db_.prepare(
            "INSERT INTO decisions (plan_id, assessment_id, rule_set_id, as_of, band, top_up_pence, place_pence, other_pence, "
            "needs_approval, trace) VALUES (?,?,?,?,?,?,?,?,?,?)");
    insert_->bind(1, d.planId).bind(2, d.assessmentId).bind(3, d.ruleSetId).bind(4, formatDate(d.asOf)).bind(5, d.band).bind(6, d.topUp.pence())
        .bind(7, d.place.pence()).bind(8, d.other.pence()).bind(9, std::int64_t{d.needsApproval ? 1 : 0}).bind(10, d.trace);
    insert_->run();
    return db_.lastInsertId();
}

std::optional<DecisionRow> DecisionRepository::latestFor(std::int64_t planId) {
    auto s = db_.prepare(
        "SELECT id, plan_id, assessment_id, rule_set_id, as_of, band, top_up_pence, place_pence, other_pence, needs_approval, trace "
        "FROM decisions WHERE plan_id = ? ORDER BY id DESC LIMIT 1");
    s->bind(1, planId);
    if (!s->step()) return std::nullopt;
    return DecisionRow{s->int64(0), s->int64(1), s->int64(2), s->int64(3),
                       columns::date(*s, 4, {"decisions.as_of", "decision", {}, s->int64(0)}), s->text(5),
                       columns::money(*s, 6), columns::money(*s, 7), columns::money(*s, 8), s->int64(9) != 0, s->text(10)};
}

// ---- overrides
std::int64_t OverrideRepository::insert(const OverrideRow& o) {
    auto s = db_.prepare(
        "INSERT INTO overrides (plan_id, decision_id, band, top_up_pence, place_pence, reason_code, note, officer, status, approver) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)");
    s->bind(1, o.planId).bind(2, o.decisionId).bind(3, o.band).bind(4, o.topUp.pence()).bind(5, o.place.pence()).bind(6, o.reasonCode)
        .bind(7, o.note).bind(8, o.officer).bind(9, storedText(o.status)).bind(10, o.approver);
    s->run();
    return db_.lastInsertId();
}

std::optional<OverrideRow> OverrideRepository::latestFor(std::int64_t planId) {
    auto s = db_.prepare(
        "SELECT id, plan_id, decision_id, band, top_up_pence, place_pence, reason_code, note, officer, status, approver "
        "FROM overrides WHERE plan_id = ? AND status != 'superseded' ORDER BY id DESC LIMIT 1");
    s->bind(1, planId);
    if (!s->step()) return std::nullopt;
    OverrideRow o{s->int64(0), s->int64(1), s->int64(2), s->text(3), columns::money(*s, 4), columns::money(*s, 5),
                  s->text(6), s->text(7), s->text(8),
                  columns::overrideStatus(*s, 9, {"overrides.status", "override", {}, s->int64(0)}), optionalText(*s, 10)};
    return o;
}

void OverrideRepository::setStatus(std::int64_t id, OverrideStatus status, const std::optional<std::string>& approver) {
    auto s = db_.prepare("UPDATE overrides SET status = ?, approver = ? WHERE id = ?");
    s->bind(1, storedText(status)).bind(2, approver).bind(3, id);
    s->run();
}

void OverrideRepository::supersede(std::int64_t planId) {
    if (!supersede_) supersede_ = db_.prepare("UPDATE overrides SET status = 'superseded' WHERE plan_id = ? AND status != 'superseded'");
    supersede_->bind(1, planId);
    supersede_->run();
}

std::int64_t OverrideRepository::liveCount(std::int64_t planId) {
    auto c = db_.prepare("SELECT count(*) FROM overrides WHERE plan_id = ? AND status != 'superseded'");
    c->bind(1, planId);
    c->step();
    return c->int64(0);
}

std::vector<OverrideRepository::Summary> OverrideRepository::summaries() {
    std::vector<Summary> out;
    auto o = db_.prepare("SELECT officer, reason_code, status FROM overrides ORDER BY id");
    while (o->step()) out.push_back({o->text(0), o->text(1), columns::overrideStatus(*o, 2, {"overrides.status"})});
    return out;
}

// ---- counts and small reads

namespace {
std::int64_t countOf(Database& db, const char* sql) {
    auto c = db.prepare(sql);
    c->step();
    return c->int64(0);
}
}  // namespace

std::int64_t PlanRepository::count() { return countOf(db_, "SELECT count(*) FROM plans"); }

std::map<std::string, std::int64_t> PlanRepository::countByOfficer() {
    std::map<std::string, std::int64_t> out;
    auto p = db_.prepare("SELECT officer, count(*) FROM plans GROUP BY officer");
    while (p->step()) out[p->text(0)] = p->int64(1);
    return out;
}

std::vector<std::string> PlanRepository::pseudonymsMatching(const std::string& reference, const std::string& pseudonym) {
    std::vector<std::string> out;
    auto s = db_.prepare("SELECT pseudonym FROM plans WHERE reference = ? OR pseudonym = ? ORDER BY id");
    s->bind(1, reference).bind(2, pseudonym);
    while (s->step()) out.push_back(s->text(0));
    return out;
}

std::optional<std::string> AssessmentRepository::profile(std::int64_t assessmentId) {
    auto s = db_.prepare("SELECT profile FROM assessments WHERE id = ?");
    s->bind(1, assessmentId);
    if (!s->step()) return std::nullopt;
    return s->text(0);
}

std::int64_t DecisionRepository::count() { return countOf(db_, "SELECT count(*) FROM decisions"); }

std::optional<std::pair<Date, Date>> DecisionRepository::asOfRange() {
    auto s = db_.prepare("SELECT min(as_of), max(as_of) FROM decisions");
    if (!s->step() || s->isNull(0)) return std::nullopt;
    return std::pair{columns::date(*s, 0, {"decisions.as_of"}), columns::date(*s, 1, {"decisions.as_of"})};
}

std::optional<std::int64_t> DecisionRepository::latestRuleSetId() {
    auto q = db_.prepare("SELECT rule_set_id FROM decisions ORDER BY id DESC LIMIT 1");
    if (!q->step()) return std::nullopt;
    return q->int64(0);
}

}  // namespace sendband
