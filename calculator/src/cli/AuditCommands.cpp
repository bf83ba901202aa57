// `sendband audit keygen`, `audit anchor` and `audit verify`: the audit log's chain, the tables
// against it, and signed anchors of its head kept outside the database (docs/audit.md).
#include "cli/CliSupport.h"
#include "cli/Settings.h"
#include "core/FileIo.h"
#include "core/Signing.h"
#include "workflows/Anchors.h"
#include "workflows/StateCheck.h"

#include <openssl/evp.h>

#include <sys/stat.h>

#include <cstdio>
#include <optional>
#include <tuple>

namespace sendband::cli {

namespace {

// Reads a key file. A private key must be readable by its owner alone, as ssh insists: one that
// others can read may already be copied, and then anchors prove nothing.
std::optional<Ed25519Key> readKey(const std::string& path, bool wantPrivate, Context& ctx) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        ctx.err << path << ": error: cannot read the key file (does it exist? `sendband audit keygen --key " << path << "` makes one)\n";
        return std::nullopt;
    }
    const auto text = readFile(path);
    if (!text) {
        ctx.err << path << ": error: cannot read the key file (may this user read it?)\n";
        return std::nullopt;
    }
    try {
        auto key = Ed25519Key::fromPem(*text);
        if (wantPrivate && !key.canSign()) {
            ctx.err << path << ": error: this is a public key; signing an anchor needs the private key\n";
            return std::nullopt;
        }
        if (key.canSign() && (st.st_mode & 077)) {
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
            ctx.err << path << ": error: the private key may be read by other users (mode " << mode << "); run chmod 600 " << path
                    << " (and if others may have copied it, make a new key)\n";
            return std::nullopt;
        }
        return key;
    } catch (const SigningError& e) {
        ctx.err << path << ": error: " << e.what() << "\n";
        return std::nullopt;
    }
}

std::optional<Settings> settingsOrReport(Context& ctx) {
    std::string error;
    auto s = readSettings(error);
    if (!s) ctx.err << error << "\n";
    return s;
}

// The option given, else the setting, else nothing (with a message saying how to give it).
std::optional<std::string> chosen(const std::string& option, const std::string& setting, const char* flag, const char* key,
                                  const Settings& settings, Context& ctx) {
    if (!option.empty()) return option;
    if (!setting.empty()) return setting;
    ctx.err << "sendband audit: give " << flag << " FILE, or set " << key << " under [anchors] in " << (settings.path.empty() ? "the settings file" : settings.path)
            << "\n";
    return std::nullopt;
}

}  // namespace

void addAuditCommands(CLI::App& audit, Context& ctx) {
    {
        static std::string keyPath;
        auto* k = audit.add_subcommand("keygen", "Make the authority's Ed25519 key for signing anchors: KEY (private, mode 0600) and KEY.pub");
        k->add_option("--key", keyPath, "Where to write the private key; the public key goes to KEY.pub. Neither may exist")->required();
        k->callback([&ctx] {
            EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");  // the system's random source
            if (!raw) {
                ctx.err << "sendband audit keygen: error: OpenSSL could not make an Ed25519 key\n";
                ctx.exitCode = kFailed;
                return;
            }
            const Ed25519Key key = Ed25519Key::adopt(raw);
            const std::string pubPath = keyPath + ".pub";
            bool existed = false;
            for (const auto& [path, text, mode] : {std::tuple{pubPath, key.publicPem(), 0644u}, std::tuple{keyPath, key.privatePem(), 0600u}}) {
                if (const std::string e = createNewFile(path, text, mode, existed); !e.empty()) {
                    ctx.err << path << ": error: " << (existed ? "already exists: a key file is never overwritten (choose another name)" : e) << "\n";
                    if (path == keyPath) std::remove(pubPath.c_str());  // never leave a public key without its private key
                    ctx.exitCode = kBadInput;
                    return;
                }
            }
            ctx.out << "Made an Ed25519 key, id " << key.keyId() << ".\n"
                    << "Private key: " << keyPath << " (signs anchors: keep it away from the server that holds the database, readable by you alone)\n"
                    << "Public key:  " << pubPath << " (checks anchors: give it to auditors)\n";
            ctx.exitCode = kOk;
        });
    }
    {
        static std::string db, keyPath, anchorsPath, by;
        auto* a = audit.add_subcommand("anchor", "Sign the audit log's head with the authority's key and append it to the anchors file; print a receipt");
        a->add_option("--db", db, "SQLite database file")->required()->check(CLI::ExistingFile);
        a->add_option("--key", keyPath, "The private key (default: key under [anchors] in the settings file)");
        a->add_option("--anchors", anchorsPath, "The anchors file to append to (default: file under [anchors])");
        a->add_option("--by", by, "Only your own login (the person acting is always the login running the command)");
        a->callback([&ctx] {
            ctx.exitCode = kBadInput;
            const auto settings = settingsOrReport(ctx);
            if (!settings) return;
            const auto kp = chosen(keyPath, settings->anchorKey, "--key", "key", *settings, ctx);
            const auto ap = chosen(anchorsPath, settings->anchorsFile, "--anchors", "file", *settings, ctx);
            if (!kp || !ap) return;
            const auto key = readKey(*kp, true, ctx);
            if (!key) return;
            const auto who = currentActor(by, "audit anchor", ctx);
            if (!who) return;
            auto store = openStore(db, ctx);
            if (!store) return;
            const AnchorOutcome o = makeAnchor(*store, *key, *who);
            if (!o.ok) {
                ctx.err << db << ": error: " << o.problem << "\n";
                ctx.exitCode = kFailed;
                return;
            }
            if (const std::string e = appendLine(*ap, o.anchor.line()); !e.empty()) {
                ctx.err << *ap << ": error: " << e << " (nothing was anchored)\n";
                ctx.exitCode = kFailed;
                return;
            }
            ctx.out << describeAnchor(o.anchor) << "; appended to " << *ap << ".\n"
                    << "Receipt (for the minutes; `sendband audit verify --anchors` checks it pasted into a file):\n"
                    << o.anchor.line() << "\n";
            ctx.exitCode = kOk;
        });
    }
    {
        static std::string db, anchorsPath, publicKeyPath;
        auto* v = audit.add_subcommand("verify",
                                       "Recompute the audit log's hash chain, check the decisions against it and, with --anchors, that the log still "
                                       "extends every signed anchor. Exit 0 when all hold; 1 naming what does not");
        v->add_option("--db", db, "SQLite database file")->required()->check(CLI::ExistingFile);
        v->add_option("--anchors", anchorsPath, "Also check the anchors in this file (from `audit anchor`)");
        v->add_option("--public-key", publicKeyPath,
                      "The key the anchors are checked with (default: public_key, else key, under [anchors] in the settings file)");
        v->callback([&ctx] {
            ctx.exitCode = kBadInput;
            std::optional<Ed25519Key> key;
            std::optional<std::string> anchorsText;
            if (!anchorsPath.empty()) {
                const auto settings = settingsOrReport(ctx);
                if (!settings) return;
                const auto kp = chosen(publicKeyPath, settings->anchorPublicKey.empty() ? settings->anchorKey : settings->anchorPublicKey,
                                       "--public-key", "public_key", *settings, ctx);
                if (!kp) return;
                key = readKey(*kp, false, ctx);
                if (!key) return;
                anchorsText = readFile(anchorsPath);
                if (!anchorsText) {
                    ctx.err << anchorsPath << ": error: cannot read the anchors file\n";
                    return;
                }
            } else if (!publicKeyPath.empty()) {
                ctx.err << "sendband audit verify: --public-key checks anchors: give --anchors FILE too\n";
                return;
            }
            auto store = openStore(db, ctx);
            if (!store) return;
            const AuditVerification r = store->audit().verify();
            if (!r.ok) {
                ctx.out << "Audit log BROKEN at entry " << r.badSeq << ": " << r.problem << "\n";
                ctx.exitCode = kFailed;
                return;
            }
            if (r.entries == 0)
                ctx.out << "Audit log empty: nothing has been recorded in this database yet, so there is no history to verify\n";
            else
                ctx.out << "Audit log intact: " << r.entries << " entries; head hash " << r.headHash << "\n";
            bool ok = true;
            // The chain proves the log unedited; the tables must also say what the log says.
            const StateCheck state = checkStateAgainstLog(*store);
            if (state.ok()) {
                ctx.out << "Decisions and overrides match the log: " << state.plansChecked << " plan(s), " << state.overridesChecked
                        << " override(s)";
                if (state.erasuresChecked) ctx.out << ", " << state.erasuresChecked << " erasure(s)";
                ctx.out << " checked\n";
            } else {
                ctx.out << "Tables edited behind the log's back: " << state.mismatches.size() << " difference(s)\n" << formatStateMismatches(state);
                ok = false;
            }
            // The chain cannot see its own end cut off, nor itself rebuilt from an edited entry on;
            // an anchor signed earlier can.
            if (anchorsText) {
                const AnchorCheck a = checkAnchors(*store, r, *anchorsText, anchorsPath, *key);
                if (a.ok() && a.anchors == 0) {
                    ctx.out << "Anchors: " << anchorsPath << " holds none yet (`sendband audit anchor` adds one)\n";
                } else if (a.ok()) {
                    ctx.out << "Anchors hold: " << a.anchors << " anchor(s) signed by key " << key->keyId() << "; the latest, of " << a.latest->at
                            << ", is entry " << a.latest->seq;
                    const std::int64_t since = r.entries - a.latest->seq;
                    ctx.out << (since == 0 ? " (the head: every entry is anchored)\n"
                                           : "; the " + std::to_string(since) + " entries after it are not yet anchored\n");
                } else {
                    ctx.out << "Anchors BROKEN: " << a.problems.size() << " of " << a.anchors << " anchor(s) do not hold\n";
                    for (const auto& p : a.problems) ctx.out << p << "\n";
                    ok = false;
                }
            }
            ctx.exitCode = ok ? kOk : kFailed;
        });
    }
}

}  // namespace sendband::cli
