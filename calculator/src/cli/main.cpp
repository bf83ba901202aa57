// sendband: the command line over the banding engine.
#include "cli/Commands.h"
#include "rules/RuleSetLoader.h"

#include <algorithm>
#include <map>
#include <set>

namespace {

// --help names what each option takes (FILE, DATE, ...), not the parser's TEXT or UINT.
void nameArguments(CLI::App& app) {
    static const std::map<std::string, std::string> names = {
        {"db", "FILE"},         {"rules", "FILE"},     {"profile", "FILE"},  {"caseload", "FILE"},  {"out", "FILE"},
        {"key", "FILE"},        {"anchors", "FILE"},   {"public-key", "FILE"}, {"data", "DIR"},     {"to", "FILE"},
        {"from", "FILE"},       {"as-of", "DATE"},     {"period", "FROM..TO"}, {"fy", "YYYY-YY"},   {"plan", "REF"},
        {"band", "BAND"},       {"reason", "CODE"},    {"note", "WORDS"},    {"by", "LOGIN"},       {"amount", "POUNDS"},
        {"threads", "N"},       {"plans", "N"},        {"seed", "N"},        {"profiles", "N"},     {"format", "FORMAT"},
        {"authority", "NAME"},  {"CASELOAD", "FILE"},  {"FILE", "FILE"},     {"files", "FILE"}};
    static const std::set<std::string> parserLabels = {"TEXT", "UINT", "INT", "FLOAT", "NUMBER", "ENUM"};
    for (CLI::Option* o : app.get_options()) {
        const std::string shown = o->get_type_name();
        const std::size_t colon = shown.find(':');  // "TEXT:{text,json}": a choice, listed after the name
        if (o->get_type_size_max() == 0 || !parserLabels.count(shown.substr(0, colon))) continue;  // flags; names already given
        const std::string key = !o->get_lnames().empty() ? o->get_lnames().front() : o->get_name();
        const auto it = names.find(key);
        if (colon != std::string::npos) o->type_name(key == "by" ? "GROUPING" : key == "format" ? "FORMAT" : "CHOICE");
        else o->type_name(it != names.end() ? it->second : "VALUE");
    }
    for (CLI::App* sub : app.get_subcommands({})) nameArguments(*sub);
}

std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// After a failed parse: an option the chosen command does not have, named, with the nearest one
// it does have ("did you mean --rules?"). Empty when every option was known.
std::string unknownOption(CLI::App& app, int argc, char** argv) {
    CLI::App* cmd = &app;
    int at = 1;
    for (; at < argc && argv[at][0] != '-'; ++at) {
        CLI::App* sub = nullptr;
        for (CLI::App* s : cmd->get_subcommands({})) if (s->get_name() == argv[at]) sub = s;
        if (!sub) break;
        cmd = sub;
    }
    std::vector<std::string> known;
    for (const CLI::Option* o : cmd->get_options())
        for (const std::string& l : o->get_lnames()) known.push_back("--" + l);
    for (int i = at; i < argc; ++i) {
        std::string given = argv[i];
        if (given.rfind("--", 0) != 0 || given == "--") continue;
        given = given.substr(0, given.find('='));
        if (std::find(known.begin(), known.end(), given) != known.end()) continue;
        std::string best;
        std::size_t bestDistance = 4;  // suggest only a near miss
        for (const std::string& k : known)
            if (const std::size_t d = editDistance(given, k); d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        const std::string command = cmd == &app ? std::string("sendband") : "sendband " + (cmd->get_parent() != &app ? cmd->get_parent()->get_name() + " " : std::string()) + cmd->get_name();
        return "unknown option " + given + " for '" + command + "'" + (best.empty() ? std::string() : "; did you mean " + best + "?");
    }
    return {};
}

}  // namespace

static int run(int argc, char** argv) {
    using namespace sendband::cli;
    CLI::App app{"sendband: SEND needs banding and High Needs funding calculator.\n"
                 "Exit codes: 0 ok, 1 a check or test failed, 2 bad usage or bad input.",
                 "sendband"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("sendband ") + SENDBAND_VERSION + " (reads rule-set format " +
                                          std::to_string(sendband::kRuleSetFormatVersion) + ")",
                         "Print the version and the rule-set format it reads, and exit");
    Context ctx;
    addRulesCommands(app, ctx);
    addBandCommand(app, ctx);
    addTestCommand(app, ctx);
    addBenchCommand(app, ctx);
    addGenerateCommand(app, ctx);
    addStoreCommands(app, ctx);
    addWorkflowCommands(app, ctx);
    addReportCommands(app, ctx);
    addForecastCommands(app, ctx);
    nameArguments(app);
    if (argc > 1 && argv[1][0] != '-') {
        bool known = false;
        for (const auto* sub : app.get_subcommands({})) known = known || sub->get_name() == argv[1];
        if (!known) {
            std::cerr << "sendband: unknown command '" << argv[1] << "' (expected one of: rules, band, test, bench, generate, import, reband, override, approve, erase, audit, totals, export, impact, forecast)\n"
                      << "Run 'sendband --help' for usage.\n";
            return kBadInput;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // Usage errors: CLI11's message (or, for a misspelt option, what was meant) plus a pointer to --help, exit 2.
        const std::string unknown = unknownOption(app, argc, argv);
        std::cerr << "sendband: " << (unknown.empty() ? std::string(e.what()) : unknown)
                  << "\nRun 'sendband --help' (or 'sendband COMMAND --help') for usage.\n";
        return kBadInput;
    }
    return ctx.exitCode;
}

int main(int argc, char** argv) {
    // Nothing may escape as a crash: an unexpected failure is reported plainly, exit 2.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "sendband: internal error: " << e.what() << " (please report this, with the command and files used)\n";
        return sendband::cli::kBadInput;
    }
}
