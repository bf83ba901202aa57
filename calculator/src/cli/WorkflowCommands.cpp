// `sendband reband`, `override`, `approve`, `erase` and `audit consistency`: the caseload workflows after
// import. Thin: each parses its options, calls one engine function and prints the outcome.
#include "banding/Banding.h"
#include "store/CaseloadStore.h"
#include "cli/CliSupport.h"
#include "workflows/Consistency.h"
#include "workflows/Erasure.h"
#include "workflows/Overrides.h"
#include "workflows/Reband.h"
#include "rules/RuleSetLoader.h"

namespace sendband::cli {

namespace {

std::string money(std::int64_t pence) { return Money::fromPence(pence).format(); }

}  // namespace

void addWorkflowCommands(CLI::App& app, Context& ctx) {
    {
        static std::string db, rules, asOf, by;
        auto* c = app.add_subcommand("reband", "Re-band every stored plan under a rule set; record a decision only where the result changed");
        c->add_option("--db", db, "SQLite database file")->required()->check(CLI::ExistingFile);
        c->add_option("--rules", rules, "Rule-set YAML file")->required();
        c->add_option("--as-of", asOf, "Date the decisions are made as of (required: decisions are always made as of a stated date)")
            ->type_name("DATE");
        c->add_option("--by", by, "Only your own login (the person acting is always the login running the command)");
        c->callback([&ctx] {
            ctx.exitCode = kBadInput;
            if (asOf.empty()) {
                ctx.err << "sendband reband: give --as-of YYYY-MM-DD: decisions are always made as of a stated date\n";
                return;
            }
            const auto actor = currentActor(by, "reband", ctx);
            if (!actor) return;
            const Actor& who = *actor;
            auto load = RuleSetLoader::loadFile(rules);
            if (!load.ok()) {
                ctx.err << formatAll(load.diagnostics);
                return;
            }
            const auto date = parseDate(asOf);
            if (!date) {
                ctx.err << "sendband reband: --as-of: expected a date as YYYY-MM-DD, got \"" << asOf << "\"\n";
                return;
            }
            auto store = openStore(db, ctx);
            if (!store) return;
            const Banding banding(load.ruleSet);
            const RuleSet& rs = banding.ruleSet();
            RebandResult r;
            try {
                r = rebandCaseload(*store, banding, *date, who);
            } catch (const StoreError& e) {
                ctx.err << db << ": error: " << e.what() << " (nothing was stored)\n";
                return;
            }
            if (!r.error.empty()) {
                ctx.err << "sendband reband: " << r.error << "; nothing was stored\n";
                return;
            }
            if (!r.problems.empty()) {
                for (const auto& p : r.problems) ctx.err << p.reference << ": " << p.message << "\n";
                ctx.err << r.problems.size() << " plan(s) cannot be banded under " << rules << "; nothing was stored\n";
                return;
            }
            ctx.out << "Re-banded " << r.plans << " plan(s) under " << rs.metadata.framework << " " << rs.metadata.version << " (rule set "
                    << rs.shortHash() << (r.ruleSetAdded ? ", newly stored" : "") << ") as of " << formatDate(*date) << "\n"
                    << "  moved up:   " << r.up << "\n"
                    << "  moved down: " << r.down << "\n"
                    << "  stayed:     " << r.same;
            if (r.sameBandNewAmounts) ctx.out << " (" << r.sameBandNewAmounts << " in the same band with new amounts)";
            if (r.erased) ctx.out << "\n  erased:     " << r.erased << " (identifying data erased: left as they were)";
            ctx.out << "\nNew decisions recorded: " << r.recorded << "\n";
            if (!r.overridesSuperseded.empty()) {
                ctx.out << "Overrides superseded by the new decisions: " << r.overridesSuperseded.size() << " plan(s):";
                for (const auto& ref : r.overridesSuperseded) ctx.out << " " << ref;
                ctx.out << "\n";
            }
            ctx.exitCode = kOk;
        });
    }
    {
        static std::string db, plan, band, reason, note, by, amount;
        auto* c = app.add_subcommand("override", "Set a different band for a plan, with a reason code from its rule set");
        c->add_option("--db", db, "SQLite database file")->required()->check(CLI::ExistingFile);
        c->add_option("--plan", plan, "The plan's local reference")->required();
        c->add_option("--band", band, "A band id of the plan's rule set")->required();
        c->add_option("--reason", reason, "A reason code from the rule set's overrides.reasons")->required();
        c->add_option("--note", note, "Why, in words")->required();
        c->add_option("--by", by, "Only your own login (the person acting is always the login running the command)");
        c->add_option("--amount", amount, "Pounds a year, for an individually costed band");
        c->callback([&ctx] {
            ctx.exitCode = kBadInput;
            const auto who = currentActor(by, "override", ctx);
            if (!who) return;
            auto store = openStore(db, ctx);
            if (!store) return;
            OverrideRequest req{plan, band, reason, note, amount.empty() ? std::nullopt : std::optional<std::string>(amount)};
            OverrideOutcome o;
            try {
                o = createOverride(*store, req, *who);
            } catch (const StoreError& e) {
                ctx.err << db << ": error: " << e.what() << " (nothing was stored)\n";
                return;
            }
            if (!o.ok()) {
                ctx.err << "sendband override: " << o.error << "\n";
                return;
            }
            ctx.out << "Override " << o.overrideId << " on plan " << plan << " (" << o.pseudonym << "): " << o.computedBand << " -> " << o.band
                    << "\n  computed: top-up " << money(o.computedTopUpPence) << ", place " << money(o.computedPlacePence)
                    << "\n  override: top-up " << money(o.topUpPence) << ", place " << money(o.placePence)
                    << "\n  annual effect: " << money(o.effectPence);
            if (o.thresholdPence) ctx.out << " (approval threshold " << money(*o.thresholdPence) << ")";
            else ctx.out << " (the rule set sets no approval threshold: every override needs approval)";
            ctx.out << "\n";
            if (o.superseded) ctx.out << "  supersedes " << o.superseded << " earlier override(s)\n";
            if (o.status == OverrideStatus::InForce) ctx.out << "Status: in force\n";
            else ctx.out << "Status: awaiting approval by someone other than " << who->name << "; the computed band counts until then\n";
            ctx.exitCode = kOk;
        });
    }
    {
        static std::string db, plan, by;
        auto* c = app.add_subcommand("approve", "Approve a plan's override awaiting approval (by someone other than its officer)");
        c->add_option("--db", db, "SQLite database file")->required()->check(CLI::ExistingFile);
        c->add_option("--plan", plan, "The plan's local reference")->required();
        c->add_option("--by", by, "Only your own login (the person acting is always the login running the command)");
        c->callback([&ctx] {
            ctx.exitCode = kBadInput;
            const auto who = currentActor(by, "approve", ctx);
            if (!who) return;
            auto store = openStore(db, ctx);
            if (!store) return;
            ApprovalOutcome o;
            try {
                o = approveOverride(*store, plan, *who);
            } catch (const StoreError& e) {
                ctx.err << db << ": error: " << e.what() << " (nothing was changed)\n";
                return;
            }
            if (!o.ok()) {
                ctx.err << "sendband approve: " << o.error << "\n";
                return;
            }
            ctx.out << "Override " << o.overrideId << " on plan " << plan << " (" << o.pseudonym << ") approved by " << who->name << ": band " << o.band
                    << " (top-up " << money(o.topUpPence) << ", place " << money(o.placePence) << ") is now in force\n";
            ctx.exitCode = kOk;
        });
    }
    {
        static std::string db, plan, by;
        auto* c = app.add_subcommand("erase",
                                     "Erase a child's identifying data at the end of retention (name, UPN, date of birth, override notes); "
                                     "every figure stays as it was");
        c->add_option("--db", db, "SQLite database file")->required()->check(CLI::ExistingFile);
        c->add_option("--plan", plan, "The plan's local reference")->required();
        c->add_option("--by", by, "Only your own login (the person acting is always the login running the command)");
        c->callback([&ctx] {
            ctx.exitCode = kBadInput;
            const auto who = currentActor(by, "erase", ctx);
            if (!who) return;
            auto store = openStore(db, ctx);
            if (!store) return;
            ErasureOutcome o;
            try {
                o = eraseIdentity(*store, plan, *who);
            } catch (const StoreError& e) {
                ctx.err << db << ": error: " << e.what() << " (nothing was erased)\n";
                ctx.exitCode = kFailed;
                return;
            }
            if (!o.ok()) {
                ctx.err << "sendband erase: " << o.error << "; nothing was erased\n";
                return;
            }
            ctx.out << "Erased the identifying data of plan " << plan << " (" << o.pseudonym << ") on " << formatDate(o.erasedOn)
                    << ": name, UPN, date of birth";
            if (o.notesCleared) ctx.out << " and " << o.notesCleared << " override note(s)";
            ctx.out << "\n  kept for banding: ";
            if (o.keptFrom)
                ctx.out << (o.ageInYears ? "age and year group" : "year group") << " from " << formatDate(*o.keptFrom) << " to "
                        << formatDate(*o.keptTo) << " (" << o.pieces << " piece(s))\n";
            else
                ctx.out << "nothing (no rule set of the plan reads age or year group, or no date of birth was held)\n";
            ctx.out << "  decisions re-run from what was kept: " << o.decisionsChecked << ", every one the same\n"
                    << "Logged as plan.erase; the plan keeps its reference, pseudonym, decisions and history\n";
            ctx.exitCode = kOk;
        });
    }
}

void addConsistencyCommand(CLI::App& audit, Context& ctx) {
    static std::string db;
    auto* c = audit.add_subcommand("consistency",
                                   "Re-run every stored decision; list like needs with unlike bands and override rates. "
                                   "Exit 0 when every decision reproduces; 1 when any does not");
    c->add_option("--db", db, "SQLite database file")->required()->check(CLI::ExistingFile);
    c->callback([&ctx] {
        auto store = openStore(db, ctx);
        if (!store) {
            ctx.exitCode = kBadInput;
            return;
        }
        ConsistencyReport r;
        try {
            r = checkConsistency(*store);
        } catch (const StoreError& e) {
            ctx.err << db << ": error: " << e.what() << "\n";
            ctx.exitCode = kBadInput;
            return;
        }
        ctx.out << formatConsistency(r);
        ctx.exitCode = r.ok() ? kOk : kFailed;
    });
}

}  // namespace sendband::cli
