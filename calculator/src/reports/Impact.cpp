// Impact: every plan banded under a proposed rule set beside its current band, in a shadow run.
#include "reports/Reports.h"

#include "core/Csv.h"
#include "core/FileIo.h"
#include "core/Parallel.h"
#include "core/Text.h"
#include "reports/ReportSupport.h"
#include "reports/TextTable.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <unordered_map>

namespace sendband {

using namespace report_support;

// ---- impact

namespace {

struct PlanImpact {
    std::string problem;
    int proposedBand = -1;
    std::string currentBand;  // when deciding under --from
    std::int64_t currentTopUp = 0, currentCost = 0, proposedTopUp = 0, proposedCost = 0;
};

std::int64_t annualCost(const Decision& d) {
    std::int64_t c = 0;
    for (const ComponentResult& r : d.components) c = Money::checkedAdd(c, r.annual.pence());
    return c;
}

}  // namespace

ImpactReport impactOf(CaseloadStore& store, const Banding& proposed, const Banding* current, const Date& asOf, bool listMoves,
                      JobControl* job) {
    ImpactReport r;
    checkCancelled(job);
    r.asOf = asOf;
    auto outside = [&](const RuleSet& rs, const char* which) {
        r.error = "the as-of date " + formatDate(asOf) + " is outside the " + which + " rule set's effective period (" +
                  rs.effectivePeriodText() + ")";
    };
    if (!proposed.ruleSet().effectiveOn(asOf)) {
        outside(proposed.ruleSet(), "proposed");
        return r;
    }
    if (current && !current->ruleSet().effectiveOn(asOf)) {
        outside(current->ruleSet(), "current");
        return r;
    }
    const RuleSet& prs = proposed.ruleSet();
    const unsigned threads = workerThreads(kBatch, 1024);
    struct Worker {
        ProfileDecoder to;
        std::optional<ProfileDecoder> from;
        Decision d;
    };
    std::vector<Worker> workers;
    workers.reserve(threads);
    for (std::size_t t = 0; t < threads; ++t) {
        workers.push_back(Worker{ProfileDecoder(prs), std::nullopt, Decision{}});
        if (current) workers.back().from.emplace(current->ruleSet());
    }
    std::vector<CurrentPlan> batch(kBatch);
    std::vector<PlanImpact> out(kBatch);
    std::size_t n = 0;

    auto compute = [&](std::size_t t, std::size_t from, std::size_t to) {
        Worker& w = workers[t];
        Decision& d = w.d;
        for (std::size_t i = from; i < to; ++i) {
            const CurrentPlan& p = batch[i];
            PlanImpact& o = out[i];
            if (current) {
                if (auto msg = w.from->read(p.reference, p.profile, p.dateOfBirth); !msg.empty()) {
                    o.problem = "under the current rule set: " + msg;
                    continue;
                }
                if (!current->decide(w.from->profile(), asOf, d)) {
                    o.problem = "under the current rule set: " + decisionError(d);
                    continue;
                }
                o.currentBand = current->ruleSet().bands[static_cast<std::size_t>(d.band)].id;
                o.currentTopUp = d.topUp().pence();
                o.currentCost = annualCost(d);
            } else {
                o.currentTopUp = p.effectiveTopUp().pence();
                // An override records top-up and place; any other funding line is the decision's.
                o.currentCost = p.effectiveTopUp().pence() + p.effectivePlace().pence() + p.other.pence();
            }
            if (auto msg = w.to.read(p.reference, p.profile, p.dateOfBirth); !msg.empty()) {
                o.problem = "under the proposal: " + msg;
                continue;
            }
            if (!proposed.decide(w.to.profile(), asOf, d)) {
                o.problem = "under the proposal: " + decisionError(d);
                continue;
            }
            o.proposedBand = d.band;
            o.proposedTopUp = d.topUp().pence();
            o.proposedCost = annualCost(d);
        }
    };

    std::unordered_map<std::string, std::size_t> bandIx, settingIx, schoolIx;
    auto costRow = [](std::vector<ImpactCostRow>& rows, std::unordered_map<std::string, std::size_t>& ix, const std::string& key,
                      const std::string& name) -> ImpactCostRow& {
        auto it = ix.find(key);
        if (it == ix.end()) {
            it = ix.emplace(key, rows.size()).first;
            ImpactCostRow row;
            row.key = key;
            row.name = name;
            rows.push_back(std::move(row));
        }
        return rows[it->second];
    };
    auto fold = [&] {
        for (std::size_t i = 0; i < n; ++i) {
            const CurrentPlan& p = batch[i];
            const PlanImpact& o = out[i];
            if (!o.problem.empty()) {
                r.problems.push_back({p.reference, o.problem});
                continue;
            }
            if (!r.problems.empty()) continue;  // no figures once any plan fails; keep finding problems
            const std::string& currentBand = current ? o.currentBand : p.effectiveBand();
            const int oldIndex = prs.bandIndex(currentBand);
            int direction;
            if (oldIndex >= 0) direction = o.proposedBand > oldIndex ? 1 : o.proposedBand < oldIndex ? -1 : 0;
            else direction = o.proposedTopUp > o.currentTopUp ? 1 : o.proposedTopUp < o.currentTopUp ? -1 : 0;

            auto it = bandIx.find(currentBand);
            if (it == bandIx.end()) {
                it = bandIx.emplace(currentBand, r.byBand.size()).first;
                ImpactBandRow row;
                row.band = currentBand;
                r.byBand.push_back(std::move(row));
            }
            ImpactBandRow& br = r.byBand[it->second];
            ++br.plans;
            (direction > 0 ? br.up : direction < 0 ? br.down : br.same)++;
            (direction > 0 ? r.up : direction < 0 ? r.down : r.same)++;
            br.currentPence = Money::checkedAdd(br.currentPence, o.currentCost);
            br.proposedPence = Money::checkedAdd(br.proposedPence, o.proposedCost);
            for (ImpactCostRow* row :
                 {&costRow(r.bySetting, settingIx, p.settingType, ""), &costRow(r.bySchool, schoolIx, p.schoolUrn, p.schoolName), &r.total}) {
                ++row->plans;
                row->currentPence = Money::checkedAdd(row->currentPence, o.currentCost);
                row->proposedPence = Money::checkedAdd(row->proposedPence, o.proposedCost);
            }
            if (listMoves)
                r.moves.push_back({p.reference, currentBand, prs.bands[static_cast<std::size_t>(o.proposedBand)].id, o.currentCost, o.proposedCost,
                                   direction});
        }
    };
    auto flush = [&] {
        parallelFor(n, n < 1024 ? 1 : threads, compute);
        fold();
        if (job) {  // between batches: progress, and a cancel stops here
            job->advance(n);
            checkCancelled(job);
        }
        n = 0;
    };
    if (job) {
        job->stage("Comparing plans", static_cast<std::size_t>(store.plans().count()));
    }
    forEachCurrentPlan(store, [&](const CurrentPlan& p) {
        if (p.erasedOn) {  // kept for audit: no proposal will apply to it
            ++r.erased;
            if (job) job->advance(1);
            return;
        }
        ++r.plans;
        batch[n] = p;
        out[n] = PlanImpact{};
        if (++n == kBatch) flush();
    });
    flush();
    if (!r.problems.empty()) {
        sortProblems(r.problems);
        r.byBand.clear();
        r.bySetting.clear();
        r.bySchool.clear();
        r.moves.clear();
        r.total = ImpactCostRow{};
        r.up = r.down = r.same = 0;
        return r;
    }
    std::sort(r.byBand.begin(), r.byBand.end(), [](const ImpactBandRow& a, const ImpactBandRow& b) { return naturalLess(a.band, b.band); });
    sortByKey(r.bySetting);
    sortByKey(r.bySchool);
    r.total.key = "Total";
    return r;
}

namespace {

// "+2.5%", "-0.3%", "0.0%"; "n/a" when the base is zero.
std::string percent(std::int64_t change, std::int64_t base) { return base == 0 ? "n/a" : formatPercent(change, base, true); }

}  // namespace

std::string ruleSetTitle(const RuleSet& rs) { return rs.metadata.framework + " " + rs.metadata.version + " (rule set " + rs.shortHash() + ")"; }

std::string impactComparedWith(const RuleSet* current, const Date& asOf) {
    return current ? ruleSetTitle(*current) + ", decided as of " + formatDate(asOf)
                   : "each plan's current decision as stored, at the rates of the date it was decided (an override in force counts)";
}

std::vector<std::string> impactHeading(const ImpactReport& r, const std::string& proposedName, const std::string& currentName) {
    return {"Impact of " + proposedName + " as of " + formatDate(r.asOf), "Compared with: " + currentName,
            "Plans: " + std::to_string(r.plans) + "; moved up " + std::to_string(r.up) + ", down " + std::to_string(r.down) + ", stayed " +
                std::to_string(r.same) + (r.erased ? "; erased plans left out: " + std::to_string(r.erased) : std::string())};
}

std::vector<ReportTable> impactTables(const ImpactReport& r) {
    using K = ReportCell::Kind;
    auto text = [](std::string t) { return ReportCell{std::move(t), K::Text, 0}; };
    auto count = [](std::size_t n) { return ReportCell{std::to_string(n), K::Count, static_cast<std::int64_t>(n)}; };
    auto money = [](std::int64_t p) { return ReportCell{formatPence(p), K::Pence, p}; };
    auto change = [](std::int64_t p) { return ReportCell{formatChange(p), K::Pence, p}; };
    std::vector<ReportTable> out;

    ReportTable band{"By current band", "By band", {"band", "plans", "up", "down", "same", "current annual", "proposed annual", "change"}, 1, {}};
    for (const ImpactBandRow& b : r.byBand)
        band.rows.push_back({text(b.band), count(b.plans), count(b.up), count(b.down), count(b.same), money(b.currentPence), money(b.proposedPence),
                             change(Money::checkedSub(b.proposedPence, b.currentPence))});
    band.rows.push_back({text("Total"), count(r.plans), count(r.up), count(r.down), count(r.same), money(r.total.currentPence),
                         money(r.total.proposedPence), change(r.total.changePence())});
    out.push_back(std::move(band));

    auto costTable = [&](const std::vector<ImpactCostRow>& v, bool school) {
        ReportTable t;
        t.title = school ? "Change in annual cost by school" : "Change in annual cost by setting type";
        t.sheet = school ? "By school" : "By setting type";
        t.headings = school ? std::vector<std::string>{"school", "name"} : std::vector<std::string>{"setting type"};
        t.leftColumns = school ? 2 : 1;
        for (const char* h : {"plans", "current annual", "proposed annual", "change", "change %"}) t.headings.push_back(h);
        auto row = [&](const ImpactCostRow& c, std::vector<ReportCell> keys) {
            for (ReportCell cell : {count(c.plans), money(c.currentPence), money(c.proposedPence), change(c.changePence()),
                                    text(percent(c.changePence(), c.currentPence))})
                keys.push_back(std::move(cell));
            t.rows.push_back(std::move(keys));
        };
        for (const ImpactCostRow& c : v) {
            std::vector<ReportCell> keys{text(c.key.empty() ? (school ? "(no school)" : "(none)") : c.key)};
            if (school) keys.push_back(text(c.name));
            row(c, std::move(keys));
        }
        std::vector<ReportCell> total{text("Total")};
        if (school) total.push_back(text(""));
        row(r.total, std::move(total));
        return t;
    };
    out.push_back(costTable(r.bySetting, false));
    out.push_back(costTable(r.bySchool, true));

    if (!r.moves.empty()) {
        ReportTable m{"Plans whose band or cost changes", "Plans that change",
                      {"reference", "current band", "proposed band", "move", "current annual", "proposed annual", "change"}, 4, {}};
        std::int64_t now = 0, then = 0;
        std::size_t n = 0;
        for (const ImpactMove& mv : r.moves) {
            if (mv.direction == 0 && mv.currentPence == mv.proposedPence) continue;
            ++n;
            now = Money::checkedAdd(now, mv.currentPence);
            then = Money::checkedAdd(then, mv.proposedPence);
            m.rows.push_back({text(mv.reference), text(mv.currentBand), text(mv.proposedBand),
                              text(mv.direction > 0 ? "up" : mv.direction < 0 ? "down" : "same band, new cost"), money(mv.currentPence),
                              money(mv.proposedPence), change(Money::checkedSub(mv.proposedPence, mv.currentPence))});
        }
        m.rows.push_back({text("Total"), text(""), text(""), text(std::to_string(n) + " plan(s)"), money(now), money(then), change(Money::checkedSub(then, now))});
        out.push_back(std::move(m));
    }
    return out;
}

std::string formatImpactText(const ImpactReport& r, const std::string& proposedName, const std::string& currentName) {
    std::string out;
    for (const std::string& line : impactHeading(r, proposedName, currentName)) out += line + "\n";
    for (const ReportTable& t : impactTables(r)) {
        std::vector<std::vector<std::string>> rows{t.headings};
        for (const auto& row : t.rows) {
            std::vector<std::string> cells;
            for (const ReportCell& c : row) cells.push_back(c.text);
            rows.push_back(std::move(cells));
        }
        out += "\n" + t.title + "\n" + textTable(rows, t.leftColumns);
    }
    out += "\nTotal annual cost: current " + formatPence(r.total.currentPence) + ", proposed " + formatPence(r.total.proposedPence) + ", change " +
           formatChange(r.total.changePence()) + " (" + percent(r.total.changePence(), r.total.currentPence) + ")\n";
    return out;
}

}  // namespace sendband
