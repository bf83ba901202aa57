// The `sendband` subcommands. Each registers itself on the CLI11 app and, when chosen, sets
// the process exit code: 0 ok, 1 a check or test failed, 2 bad usage or bad input.
#pragma once
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace sendband::cli {

enum Exit : int { kOk = 0, kFailed = 1, kBadInput = 2 };

struct Context {
    int exitCode = kOk;
    std::ostream& out = std::cout;
    std::ostream& err = std::cerr;
};

void addRulesCommands(CLI::App& app, Context& ctx);
void addBandCommand(CLI::App& app, Context& ctx);
void addTestCommand(CLI::App& app, Context& ctx);
void addBenchCommand(CLI::App& app, Context& ctx);
void addGenerateCommand(CLI::App& app, Context& ctx);
void addStoreCommands(CLI::App& app, Context& ctx);
void addWorkflowCommands(CLI::App& app, Context& ctx);     // reband, override, approve
void addConsistencyCommand(CLI::App& audit, Context& ctx);  // audit consistency
void addAuditCommands(CLI::App& audit, Context& ctx);       // audit keygen, anchor, verify
void addReportCommands(CLI::App& app, Context& ctx);       // totals, export, impact
void addForecastCommands(CLI::App& app, Context& ctx);     // forecast history

}  // namespace sendband::cli
