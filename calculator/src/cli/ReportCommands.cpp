// `sendband totals`, `export` and `impact`: the finance reports over a caseload store. Thin: each
// parses its options, calls one engine function (Reports.h) and prints or writes the outcome.
#include "banding/Banding.h"
#include "store/CaseloadStore.h"
#include "cli/CliSupport.h"
#include "store/CurrentPlans.h"
#include "reports/Reports.h"
#include "rules/RuleSetLoader.h"

#include <algorithm>
#include <filesystem>

namespace sendband::cli {

namespace {

// A report over a caseload with problems has no figures; list at most this many, then a count.
constexpr std::size_t kProblemsShown = 50;

// Every plan failing for one reason (a year the rule set does not cover) is said once, with the
// first plan named; different reasons are listed plan by plan. `hint` says what to do.
void printProblems(Context& ctx, const std::vector<PlanProblem>& problems, const std::string& what, const std::string& hint) {
    const bool oneReason = problems.size() > 1 && std::all_of(problems.begin(), problems.end(), [&](const PlanProblem& p) {
                               return p.message == problems.front().message;
                           });
    if (oneReason) {
        ctx.err << problems.size() << " plan(s) " << what << ", every one for the same reason (the first is " << problems.front().reference
                << "): " << problems.front().message << "\n";
    } else {
        for (std::size_t i = 0; i < problems.size() && i < kProblemsShown; ++i) ctx.err << problems[i].reference << ": " << problems[i].message << "\n";
        if (problems.size() > kProblemsShown) ctx.err << "... and " << problems.size() - kProblemsShown << " more\n";
        ctx.err << problems.size() << " plan(s) " << what << "\n";
    }
    ctx.err << "No figures were produced. " << hint << "\n";
}

// A workbook's name ends .xlsx, so that a spreadsheet opens it as one.
bool xlsxName(const std::string& path, const char* command, Context& ctx) {
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".xlsx") == 0) return true;
    ctx.err << "sendband " << command << ": --out " << path << ": a workbook's name must end .xlsx\n";
    return false;
}

// A database must exist for a report: opening a missing path would create an empty one.
bool existingDb(const std::string& db, Context& ctx) {
    if (std::filesystem::exists(db)) return true;
    ctx.err << db << ": error: no such database (create one with 'sendband import')\n";
    return false;
}

}  // namespace

void addReportCommands(CLI::App& app, Context& ctx) {
    {
        static std::string db, fy, by, format = "text", outPath;
        auto* c = app.add_subcommand("totals", "Committed spend for a financial year: each plan's effective band paid pro rata for its placement");
        c->add_option("--db", db, "SQLite database file")->required();
        c->add_option("--fy", fy, "Financial year, 1 April to 31 March, as 2026-27")->required();
        c->add_option("--by", by, "Group by band, setting, school or need (default: totals only)")
            ->check(CLI::IsMember({"band", "setting", "school", "need"}));
        c->add_option("--format", format, "text (default), csv, or xlsx (a workbook, with a band x setting sheet; needs --out)")
            ->check(CLI::IsMember({"text", "csv", "xlsx"}));
        c->add_option("--out", outPath, "The workbook to write with --format xlsx (written whole, or not at all)");
        c->callback([&ctx] {
            ctx.exitCode = kBadInput;
            const auto year = parseFinancialYear(fy);
            if (!year) {
                ctx.err << "sendband totals: --fy: expected a financial year as YYYY-YY, such as 2026-27, got \"" << fy << "\"\n";
                return;
            }
            const bool xlsx = format == "xlsx";
            if (xlsx && outPath.empty()) {
                ctx.err << "sendband totals: --format xlsx needs --out FILE, the workbook to write\n";
                return;
            }
            if (!xlsx && !outPath.empty()) {
                ctx.err << "sendband totals: --out is for --format xlsx; text and csv are written to standard output\n";
                return;
            }
            if (xlsx && !xlsxName(outPath, "totals", ctx)) return;
            if (xlsx && !xlsxAvailable()) {
                ctx.err << "sendband totals: this sendband was built without libxlsxwriter, so it cannot write .xlsx; use --format csv\n";
                return;
            }
            if (!existingDb(db, ctx)) return;
            auto store = openStore(db, ctx);
            if (!store) return;
            TotalsReport r;
            try {
                r = financialYearTotals(*store, *year, by.empty() ? TotalsBy::All : *parseTotalsBy(by), xlsx);
            } catch (const StoreError& e) {
                ctx.err << db << ": error: " << e.what() << "\n";
                return;
            }
            if (!r.ok()) {
                printProblems(ctx, r.problems, "cannot be priced for " + year->label,
                              "Re-band the plans under a rule set that covers " + year->label + " first (sendband reband).");
                return;
            }
            if (xlsx) {
                if (const std::string e = writeTotalsXlsx(r, outPath); !e.empty()) {
                    ctx.err << "sendband totals: " << e << "\n";
                    return;
                }
                ctx.out << "Wrote " << totalsTitle(r.year, totalsByHeading(r.by)) << ", " << r.total.plans << " plan(s), to " << outPath << "\n";
                ctx.exitCode = kOk;
                return;
            }
            ctx.out << (format == "csv" ? formatTotalsCsv(r) : formatTotalsText(r));
            ctx.exitCode = kOk;
        });
    }
    {
        static std::string db, format, outPath;
        static bool identifiable = false;
        auto* c = app.add_subcommand("export", "Write the caseload with bands and amounts as CSV or XLSX");
        c->add_option("--db", db, "SQLite database file")->required();
        c->add_option("--format", format, "csv or xlsx")->required()->check(CLI::IsMember({"csv", "xlsx"}));
        c->add_option("--out", outPath, "Output file (written whole, or not at all)")->required();
        c->add_flag("--identifiable", identifiable, "Include name, UPN and date of birth (identifying: handle accordingly)");
        c->callback([&ctx] {
            ctx.exitCode = kBadInput;
            const ExportFormat f = format == "xlsx" ? ExportFormat::Xlsx : ExportFormat::Csv;
            if (f == ExportFormat::Xlsx && !xlsxAvailable()) {
                ctx.err << "sendband export: this sendband was built without libxlsxwriter, so it cannot write .xlsx; use --format csv\n";
                return;
            }
            if (!existingDb(db, ctx)) return;
            auto store = openStore(db, ctx);
            if (!store) return;
            ExportResult r;
            try {
                r = exportCaseload(*store, f, outPath, identifiable);
            } catch (const StoreError& e) {
                ctx.err << db << ": error: " << e.what() << " (nothing was written)\n";
                return;
            }
            if (!r.ok()) {
                ctx.err << "sendband export: " << r.error << "\n";
                return;
            }
            ctx.out << "Exported " << r.rows << " plan(s) to " << outPath << " (" << format
                    << (identifiable ? ", with identifying fields" : ", without identifying fields") << ")\n";
            ctx.exitCode = kOk;
        });
    }
    {
        static std::string db, to, from, asOf, format = "text", outPath;
        static bool moves = false;
        auto* c = app.add_subcommand("impact", "Shadow run: every plan re-banded under a proposed rule set, against where it stands now; writes nothing");
        c->add_option("--db", db, "SQLite database file")->required();
        c->add_option("--to", to, "The proposed rule-set YAML file")->required();
        c->add_option("--from", from, "Compare with this rule set instead of each plan's current decision");
        c->add_option("--as-of", asOf, "Date to band as of (default: the proposal's effective_from)");
        c->add_flag("--moves", moves, "Also list every plan that moves (a different band, or the same band at a different cost)");
        c->add_option("--format", format, "text (default), or xlsx (a workbook: a sheet per table, with the plans that move; needs --out)")
            ->check(CLI::IsMember({"text", "xlsx"}));
        c->add_option("--out", outPath, "The workbook to write with --format xlsx (written whole, or not at all)");
        c->callback([&ctx] {
            ctx.exitCode = kBadInput;
            const bool xlsx = format == "xlsx";
            if (xlsx && outPath.empty()) {
                ctx.err << "sendband impact: --format xlsx needs --out FILE, the workbook to write\n";
                return;
            }
            if (!xlsx && !outPath.empty()) {
                ctx.err << "sendband impact: --out is for --format xlsx; text is written to standard output\n";
                return;
            }
            if (xlsx && !xlsxName(outPath, "impact", ctx)) return;
            if (xlsx && !xlsxAvailable()) {
                ctx.err << "sendband impact: this sendband was built without libxlsxwriter, so it cannot write .xlsx\n";
                return;
            }
            auto proposal = RuleSetLoader::loadFile(to);
            if (!proposal.ok()) {
                ctx.err << formatAll(proposal.diagnostics);
                return;
            }
            RuleSetLoad current;
            if (!from.empty()) {
                current = RuleSetLoader::loadFile(from);
                if (!current.ok()) {
                    ctx.err << formatAll(current.diagnostics);
                    return;
                }
            }
            std::optional<Date> date = asOf.empty() ? std::optional<Date>(proposal.ruleSet->metadata.effectiveFrom) : parseDate(asOf);
            if (!date) {
                ctx.err << "sendband impact: --as-of: expected a date as YYYY-MM-DD, got \"" << asOf << "\"\n";
                return;
            }
            if (!existingDb(db, ctx)) return;
            auto store = openStore(db, ctx);
            if (!store) return;
            const Banding proposed(proposal.ruleSet);
            std::optional<Banding> currentBanding;
            if (current.ok()) currentBanding.emplace(current.ruleSet);
            ImpactReport r;
            try {
                r = impactOf(*store, proposed, currentBanding ? &*currentBanding : nullptr, *date, moves || xlsx);
            } catch (const StoreError& e) {
                ctx.err << db << ": error: " << e.what() << "\n";
                return;
            }
            if (!r.error.empty()) {
                ctx.err << "sendband impact: " << r.error << "\n";
                return;
            }
            if (!r.problems.empty()) {
                printProblems(ctx, r.problems, "cannot be banded", "The proposal must be able to band every plan; nothing was compared.");
                return;
            }
            const std::string currentName = impactComparedWith(currentBanding ? &currentBanding->ruleSet() : nullptr, *date);
            if (xlsx) {
                if (const std::string e = writeImpactXlsx(r, ruleSetTitle(proposed.ruleSet()), currentName, outPath); !e.empty()) {
                    ctx.err << "sendband impact: " << e << "\n";
                    return;
                }
                ctx.out << "Wrote the impact of " << ruleSetTitle(proposed.ruleSet()) << " on " << r.plans << " plan(s) to " << outPath << "\n";
                ctx.exitCode = kOk;
                return;
            }
            ctx.out << formatImpactText(r, ruleSetTitle(proposed.ruleSet()), currentName);
            ctx.exitCode = kOk;
        });
    }
}

}  // namespace sendband::cli
