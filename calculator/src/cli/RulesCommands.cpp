// `sendband rules check` and `sendband rules show`.
#include "cli/Commands.h"
#include "rules/RuleSetLoader.h"
#include "rules/RuleSetSummary.h"

namespace sendband::cli {
namespace {

int check(const std::vector<std::string>& files, Context& ctx) {
    int rc = kOk;
    for (const auto& f : files) {
        auto load = RuleSetLoader::loadFile(f);
        if (load.ok()) {
            ctx.out << f << ": ok (" << load.ruleSet->metadata.authority << ", " << load.ruleSet->metadata.framework
                    << " version " << load.ruleSet->metadata.version << "; sha256 " << load.ruleSet->hash << ")\n";
        } else {
            ctx.err << formatAll(load.diagnostics);
            ctx.err << f << ": " << load.diagnostics.size() << (load.diagnostics.size() == 1 ? " error\n" : " errors\n");
            rc = kFailed;
        }
    }
    return rc;
}

}  // namespace

void addRulesCommands(CLI::App& app, Context& ctx) {
    auto* rules = app.add_subcommand("rules", "Check or summarise rule-set files");
    rules->require_subcommand(1);

    auto* chk = rules->add_subcommand("check", "Validate rule sets. Exit 0 when all are valid; 1 with the diagnostics (FILE:LINE:COLUMN: error: ...) on stderr");
    static std::vector<std::string> files;
    chk->add_option("FILE", files, "Rule-set YAML files")->required();
    chk->callback([&ctx] { ctx.exitCode = check(files, ctx); });

    auto* sh = rules->add_subcommand("show", "Print a readable summary: domains, levels, bands, tariffs, effective dates");
    static std::string file;
    sh->add_option("FILE", file, "Rule-set YAML file")->required();
    sh->callback([&ctx] {
        auto load = RuleSetLoader::loadFile(file);
        if (!load.ok()) {
            ctx.err << formatAll(load.diagnostics);
            ctx.exitCode = kBadInput;
            return;
        }
        ctx.out << describeRuleSet(*load.ruleSet);
    });
}

}  // namespace sendband::cli
