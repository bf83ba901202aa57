// `sendband import`, `reband` and `audit verify`: the caseload store from the command line.
#include "banding/Banding.h"
#include "workflows/CaseloadImport.h"
#include "store/CaseloadStore.h"
#include "cli/CliSupport.h"
#include "core/FileIo.h"
#include "core/Login.h"
#include "core/MappedFile.h"
#include "rules/RuleSetLoader.h"

#include <cerrno>
#include <csignal>
#include <filesystem>

#include <unistd.h>

#include <ctime>

namespace sendband::cli {

namespace {

// A first import killed part-way (power cut, kill -9) leaves its scratch file DB.importing-PID
// behind. The next first import of the same database removes those whose process is gone.
void removeAbandonedScratch(const std::string& db) {
    const std::filesystem::path path(db);
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const std::string prefix = path.filename().string() + ".importing-";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string pid = name.substr(prefix.size());
        if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
        if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), ec);
    }
}

}  // namespace

std::optional<Actor> currentActor(const std::string& by, const char* command, Context& ctx) {
    Actor a;
    a.name = loginName();
    if (!by.empty() && by != a.name) {
        ctx.err << "sendband " << command << ": --by " << by
                << ": the person acting is the login running the command (" << a.name
                << "), and that is what is recorded and compared for approval; to act as someone else, run it as their login\n";
        return std::nullopt;
    }
    // The time is read here, at the edge, and passed in: the engine never reads a clock.
    // SENDBAND_NOW pins it for reproducible tests and demonstrations.
    if (const char* now = std::getenv("SENDBAND_NOW"); now && *now) {
        a.at = now;
    } else {
        const std::time_t t = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
        a.at = buf;
    }
    return a;
}

std::unique_ptr<CaseloadStore> openStore(const std::string& path, Context& ctx) {
    try {
        return CaseloadStore::openSqlite(path);
    } catch (const StoreError& e) {
        ctx.err << path << ": error: " << e.what() << "\n";
        return nullptr;
    }
}

namespace {

RuleSetPtr loadRules(const std::string& path, Context& ctx) {
    auto load = RuleSetLoader::loadFile(path);
    if (!load.ok()) ctx.err << formatAll(load.diagnostics);
    return load.ruleSet;
}

}  // namespace

void addStoreCommands(CLI::App& app, Context& ctx) {
    {
        static std::string db, rules, file, asOf, by;
        auto* c = app.add_subcommand("import", "Import a caseload CSV into a database and band every plan; all or nothing");
        c->add_option("--db", db, "SQLite database file (created if missing)")->required();
        c->add_option("--rules", rules, "Rule-set YAML file")->required();
        c->add_option("CASELOAD", file, "Caseload CSV (see docs/caseload-csv.md)")->required();
        c->add_option("--as-of", asOf, "Date the decisions are made as of (required: decisions are always made as of a stated date)")
            ->type_name("DATE");
        c->add_option("--by", by, "Only your own login (the person acting is always the login running the command)");
        c->callback([&ctx] {
            ctx.exitCode = kBadInput;
            if (asOf.empty()) {
                ctx.err << "sendband import: give --as-of YYYY-MM-DD: decisions are always made as of a stated date\n";
                return;
            }
            const auto actor = currentActor(by, "import", ctx);
            if (!actor) return;
            const Actor& who = *actor;
            const RuleSetPtr rs = loadRules(rules, ctx);
            if (!rs) return;
            const auto date = parseDate(asOf);
            if (!date) {
                ctx.err << "sendband import: --as-of: expected a date as YYYY-MM-DD, got \"" << asOf << "\"\n";
                return;
            }
            MappedFile text;
            if (!text.open(file)) {
                ctx.err << file << ": error: cannot read the file (does it exist, and may this user read it?)\n";
                return;
            }
            // A first import builds the database in a private scratch file without a journal and
            // renames it into place at the end: fast, and a crash leaves no half-made database.
            const bool fresh = !std::filesystem::exists(db);
            // The scratch file is this process's own (two first imports at once each build their
            // own), and it is put in place only if the database is still new then.
            const std::string target = fresh ? db + ".importing-" + std::to_string(::getpid()) : db;
            if (fresh) {
                std::filesystem::remove(target);
                removeAbandonedScratch(db);
            }
            std::unique_ptr<CaseloadStore> store;
            try {
                store = fresh ? CaseloadStore::createSqlite(target, true) : CaseloadStore::openSqlite(target);
            } catch (const StoreError& e) {
                ctx.err << db << ": error: " << e.what() << "\n";
                return;
            }
            const Banding banding(rs);
            try {
                const ImportResult r = importCaseload(*store, banding, text.text(), file, *date, who);
                if (!r.ok()) {
                    store.reset();
                    if (fresh) std::filesystem::remove(target);
                    for (const auto& e : r.errors) ctx.err << e.format(file) << "\n";
                    ctx.err << file << ": " << r.errors.size() << (r.errors.size() >= 1000 ? "+" : "")
                            << " problem(s); nothing was imported\n";
                    return;
                }
                if (fresh) {
                    store->finishScratch();
                    store.reset();
                    bool existed = false;
                    if (const std::string error = publishNewFile(target, db, existed); !error.empty()) {
                        std::filesystem::remove(target);
                        if (existed) {
                            ctx.err << db << ": error: another command created this database while the import ran; nothing was "
                                           "imported (import again to add the file to it)\n";
                            return;
                        }
                        throw StoreError(error);
                    }
                }
                ctx.out << "Imported " << file << " as of " << formatDate(*date) << ": " << r.added << " new, " << r.changed
                        << " changed, " << r.unchanged << " unchanged\n";
                ctx.exitCode = kOk;
            } catch (const StoreError& e) {
                store.reset();
                if (fresh) std::filesystem::remove(target);
                ctx.err << db << ": error: " << e.what() << " (nothing was imported)\n";
            }
        });
    }
    {
        auto* audit = app.add_subcommand("audit", "Check the audit log, and anchor its head with a signature");
        audit->require_subcommand(1);
        addConsistencyCommand(*audit, ctx);
        addAuditCommands(*audit, ctx);
    }
}

}  // namespace sendband::cli
