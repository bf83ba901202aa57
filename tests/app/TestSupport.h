// Helpers shared by the app's test programs: temporary databases made from the sample caseload
// through the engine (as `sendband import` makes them), independent SQL counts on a connection
// of their own, and the CLI run as a separate process for the figures the app must equal.
#pragma once
#include "workflows/CaseloadImport.h"
#include "store/CaseloadStore.h"
#include "core/Date.h"
#include "rules/RuleSetLoader.h"

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtTest>

#include <sqlite3.h>

#include <fstream>
#include <sstream>
#include <string>

namespace testsupport {

inline std::string readText(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline bool writeText(const QString& path, const std::string& text) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
    return static_cast<bool>(out);
}

// Imports `csv` into the database at `db` under the rule-set file `rules` as of `asOf`.
inline void importInto(const QString& db, const QString& csv, const char* asOf, const sendband::Actor& who,
                       const QString& rules = QStringLiteral(SENDBAND_SOURCE_DIR "/rules/example.yaml")) {
    auto load = sendband::RuleSetLoader::loadFile(rules.toStdString());
    QVERIFY2(load.ok(), sendband::formatAll(load.diagnostics).c_str());
    auto store = sendband::CaseloadStore::createSqlite(db.toStdString());
    const sendband::Banding banding(load.ruleSet);
    const auto r = sendband::importCaseload(*store, banding, readText(csv), csv.toStdString(), *sendband::parseDate(asOf), who);
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().format(csv.toStdString()).c_str());
}

// One integer from SQL run on its own connection: the tests' independent count (-1 on error).
inline qint64 sqlCount(const QString& db, const std::string& sql) {
    sqlite3* c = nullptr;
    qint64 n = -1;
    if (sqlite3_open_v2(db.toUtf8().constData(), &c, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(c, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(c);
    return n;
}

// One text value from SQL on its own connection (empty on error or NULL).
inline QString sqlText(const QString& db, const std::string& sql) {
    sqlite3* c = nullptr;
    QString out;
    if (sqlite3_open_v2(db.toUtf8().constData(), &c, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(c, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            out = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
        sqlite3_finalize(s);
    }
    sqlite3_close(c);
    return out;
}

inline bool sqlExec(const QString& db, const char* sql) {
    sqlite3* c = nullptr;
    bool ok = sqlite3_open(db.toUtf8().constData(), &c) == SQLITE_OK && sqlite3_exec(c, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(c);
    return ok;
}

#ifdef SENDBAND_CLI
// Runs the command-line calculator; `ok` is false when it did not exit 0.
struct CliRun {
    bool ok = false;
    QString out, err;
    QStringList lines() const { return out.split('\n'); }
};
// Runs the CLI as the login `login` when given: a second person is a second login, entered
// through a user namespace mapped to that system account (unshare, util-linux).
inline CliRun runCli(const QStringList& args, const QString& login = QString()) {
    QProcess p;
    if (login.isEmpty()) p.start(QStringLiteral(SENDBAND_CLI), args);
    else p.start(QStringLiteral("unshare"), QStringList{"--user", "--map-user=" + login, QStringLiteral(SENDBAND_CLI)} + args);
    CliRun r;
    if (!p.waitForFinished(60000)) return r;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    r.ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return r;
}
inline CliRun runCliAs(const QString& login, const QStringList& args) { return runCli(args, login); }
#endif

}  // namespace testsupport
