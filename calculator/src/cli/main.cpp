// sendband: the command line over the banding engine.
#include "cli/Commands.h"

static int run(int argc, char** argv) {
    using namespace sendband::cli;
    CLI::App app{"sendband: SEND needs banding and High Needs funding calculator.\n"
                 "Exit codes: 0 ok, 1 a check or test failed, 2 bad usage or bad input.",
                 "sendband"};
    app.require_subcommand(1);
    Context ctx;
    addRulesCommands(app, ctx);
    addBandCommand(app, ctx);
    addTestCommand(app, ctx);
    addBenchCommand(app, ctx);
    addGenerateCommand(app, ctx);
    addStoreCommands(app, ctx);
    addWorkflowCommands(app, ctx);
    addReportCommands(app, ctx);
    if (argc > 1 && argv[1][0] != '-') {
        bool known = false;
        for (const auto* sub : app.get_subcommands({})) known = known || sub->get_name() == argv[1];
        if (!known) {
            std::cerr << "sendband: unknown command '" << argv[1] << "' (expected one of: rules, band, test, bench, generate, import, reband, override, approve, audit, totals, export, impact)\n"
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
    } catch (const CLI::ParseError& e) {
        // Usage errors: CLI11's message plus a pointer to --help, exit 2.
        std::cerr << "sendband: " << e.what() << "\nRun 'sendband --help' (or 'sendband COMMAND --help') for usage.\n";
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
