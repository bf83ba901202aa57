#include "caseload/CaseloadBanding.h"

#include "core/Csv.h"
#include "core/Parallel.h"
#include "core/Text.h"

#include <algorithm>
#include <cstdint>
#include <deque>

namespace sendband {

namespace {

// A plan reference for the duplicate check. Sorting 64-bit hashes is far cheaper than sorting the
// strings; equal hashes are then compared as strings, so a collision can never hide or invent a
// duplicate.
struct RefKey {
    std::uint64_t hash;
    int line;
    std::string_view text;
    bool operator<(const RefKey& o) const { return hash != o.hash ? hash < o.hash : line < o.line; }
};

// FNV-1a over the reference with ASCII letters folded to lower case (references that differ only
// in capitals name the same plan): fixed across platforms and runs (std::hash is not), so the
// order of work never varies.
std::uint64_t refHash(std::string_view s) {
    std::uint64_t h = 14695981039346656037ull;
    for (const char ch : s) h = (h ^ static_cast<unsigned char>(foldAscii(ch))) * 1099511628211ull;
    return h;
}
bool sameReference(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return foldAscii(x) == foldAscii(y); });
}

struct Chunk {
    std::string_view text;
    int firstLine = 0;
    std::string out;
    std::vector<CaseloadError> errors;
    int lines = 0;           // newlines in `text`, counted by the chunk's own thread
    std::vector<RefKey> refs;  // sorted by (hash, line) at the end of the chunk
    std::deque<std::string> quotedRefs;  // storage for references that were quoted
    std::size_t plans = 0;
    bool quoteCut = false;  // a quoted field ran past the chunk's end: split again on one thread
    bool checkOnly = false; // parse and band, but compute no period amount and write nothing
};

// Parses, checks and bands one chunk. Runs on a worker thread of runParts: an exception reaches
// the caller of bandCaseloadCsv.
void bandChunk(Chunk& c, const std::vector<std::string_view>& header, std::size_t refCol, const Banding& banding,
               const Date& asOf, const Date& from, const Date& to, bool last, std::size_t maxErrors) {
    const RuleSet& rs = banding.ruleSet();
    CaseloadParser parser(rs);
    std::vector<CaseloadError> ignored;
    parser.header(header, ignored);  // already checked by the caller
    CsvReader csv(c.text, c.firstLine);
    std::vector<std::string_view> f;
    PlanRecord rec;
    Decision d, scratch;
    std::vector<Num> exact;
    std::vector<Money> amount;
    std::string error;
    const long fromDay = dayNumber(from), toDay = dayNumber(to);
    c.out.reserve(c.text.size() / 2);
    while (csv.next(f)) {
        const int line = csv.line();
        if (!csv.error().empty()) {
            if (!last && csv.error().find("not closed") != std::string::npos) c.quoteCut = true;
            if (c.errors.size() < maxErrors) c.errors.push_back({line, "", csv.error()});
            continue;
        }
        if (!parser.row(f, line, rec, c.errors, maxErrors)) continue;
        std::string_view ref = f[refCol];
        if (ref.data() < c.text.data() || ref.data() >= c.text.data() + c.text.size()) ref = c.quotedRefs.emplace_back(ref);
        c.refs.push_back({refHash(ref), line, ref});
        if (!banding.decide(rec.profile, asOf, d)) {
            if (c.errors.size() < maxErrors) c.errors.push_back({line, d.errorField, d.error});
            continue;
        }
        if (c.checkOnly) continue;
        long a = fromDay, b = toDay;
        if (rec.placementStart) a = std::max(a, dayNumber(*rec.placementStart));
        if (rec.placementEnd) b = std::min(b, dayNumber(*rec.placementEnd));
        Money total;
        if (a <= b) {
            // Lines paid once, as decided on the as-of date, are paid on the award date: the as-of
            // date, or the placement's first day when the placement starts later.
            const Date award = rec.placementStart && dayNumber(*rec.placementStart) > dayNumber(asOf) ? *rec.placementStart : asOf;
            if (!banding.amountTotals(rec.profile, fromDayNumber(a), fromDayNumber(b), scratch, exact, amount, error, -1, asOf, award)) {
                if (c.errors.size() < maxErrors) c.errors.push_back({line, "placement", error});
                continue;
            }
            for (const Money& m : amount) total += m;
        }
        if (!c.errors.empty()) continue;  // the output will be thrown away: save the work
        ++c.plans;
        csvField(c.out, rec.reference);
        c.out += ',';
        csvField(c.out, rs.bands[static_cast<std::size_t>(d.band)].id);
        c.out += d.needsApproval ? ",yes" : ",no";
        for (const auto& comp : d.components) (c.out += ',') += comp.annual.plain();
        if (a <= b) {
            ((c.out += ',') += formatDate(fromDayNumber(a))) += ',';
            (c.out += formatDate(fromDayNumber(b))) += ',';
        } else {
            c.out += ",,,";
        }
        c.out += total.plain();
        c.out += '\n';
    }
    std::sort(c.refs.begin(), c.refs.end());
    c.lines = static_cast<int>(std::count(c.text.begin(), c.text.end(), '\n'));
}

}  // namespace

namespace {
CaseloadBandingRun runChunks(std::string_view text, const Banding& banding, const Date& asOf, const Date& from, const Date& to,
                             unsigned threads, std::size_t maxErrors, bool checkOnly) {
    const RuleSet& rs = banding.ruleSet();
    CaseloadBandingRun run;
    CsvReader head(text, 1);
    std::vector<std::string_view> header;
    if (!head.next(header)) {
        run.errors.push_back({0, "", "the file is empty: expected a header row naming the columns"});
        return run;
    }
    std::vector<std::string> headerCopy(header.begin(), header.end());  // views into the reader die with it
    header.assign(headerCopy.begin(), headerCopy.end());
    {
        CaseloadParser parser(rs);
        if (!parser.header(header, run.errors)) return run;
    }
    // Said once for the file, not once for every row.
    if (!rs.effectiveOn(asOf)) {
        run.errors.push_back({0, "", "the as-of date " + formatDate(asOf) + " is outside the rule set's effective period (" +
                                         rs.effectivePeriodText() +
                                         "): no plan can be banded as of it"});
        return run;
    }
    const auto refCol = static_cast<std::size_t>(std::find(headerCopy.begin(), headerCopy.end(), "reference") - headerCopy.begin());
    const std::size_t eol = text.find('\n');
    const std::size_t dataStart = eol == std::string_view::npos ? text.size() : eol + 1;
    const int headerLines = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(dataStart), '\n'));
    if (threads == 0) threads = workerThreads(text.size(), 1, 0, 64);
    const std::size_t dataSize = text.size() - dataStart;
    if (dataSize < 1 << 16) threads = 1;

    for (int attempt = 0; attempt < 2; ++attempt) {
        // Each chunk numbers its lines from 0 (the count before it is not known until every
        // chunk has counted its own, in parallel); the numbers are made absolute after the join.
        std::vector<Chunk> chunks(threads);
        std::size_t start = dataStart;
        for (unsigned k = 0; k < threads; ++k) {
            std::size_t end = text.size();
            if (k + 1 < threads) {
                const std::size_t target = dataStart + dataSize * (k + 1) / threads;
                const std::size_t nl = text.find('\n', std::max(target, start));
                end = nl == std::string_view::npos ? text.size() : nl + 1;
            }
            chunks[k].text = text.substr(start, end - start);
            chunks[k].checkOnly = checkOnly;
            chunks[k].firstLine = 0;
            start = end;
        }
        runParts(threads, [&](unsigned k) { bandChunk(chunks[k], header, refCol, banding, asOf, from, to, k + 1 == threads, maxErrors); });
        if (threads > 1 && std::any_of(chunks.begin(), chunks.end(), [](const Chunk& c) { return c.quoteCut; })) {
            threads = 1;  // a quoted field spans a split point: read it whole
            continue;
        }
        // Line numbers made absolute; references must be unique across the whole file.
        int offset = headerLines + 1;
        for (auto& c : chunks) {
            for (auto& e : c.errors) e.line += offset;
            for (auto& r : c.refs) r.line += offset;
            offset += c.lines;
            run.errors.insert(run.errors.end(), c.errors.begin(), c.errors.end());
        }
        // The duplicate check, split by hash range over the same threads; each range walks
        // the chunks' sorted lists side by side, so nothing is copied or merged.
        std::vector<std::vector<CaseloadError>> dupErrors(threads);
        auto checkRange = [&](unsigned part) {
            const auto bound = [&](unsigned p) -> std::uint64_t {
                return p == 0 ? 0 : p >= threads ? ~std::uint64_t{0} : (~std::uint64_t{0} / threads) * p;
            };
            const std::uint64_t lo = bound(part), hi = bound(part + 1);
            const bool last = part + 1 == threads;  // the last range includes the top hash value
            std::vector<const RefKey*> cur, end;
            for (const auto& c : chunks) {
                const auto first = std::lower_bound(c.refs.begin(), c.refs.end(), lo, [](const RefKey& r, std::uint64_t h) { return r.hash < h; });
                const auto stop = last ? c.refs.end()
                                       : std::lower_bound(first, c.refs.end(), hi, [](const RefKey& r, std::uint64_t h) { return r.hash < h; });
                cur.push_back(c.refs.data() + (first - c.refs.begin()));
                end.push_back(c.refs.data() + (stop - c.refs.begin()));
            }
            std::vector<const RefKey*> same;  // every entry with the current hash, in line order
            while (true) {
                std::uint64_t h = ~std::uint64_t{0};
                bool any = false;
                for (std::size_t k = 0; k < cur.size(); ++k)
                    if (cur[k] != end[k] && (!any || cur[k]->hash < h)) h = cur[k]->hash, any = true;
                if (!any) break;
                same.clear();
                for (std::size_t k = 0; k < cur.size(); ++k)
                    while (cur[k] != end[k] && cur[k]->hash == h) same.push_back(cur[k]++);
                if (same.size() < 2) continue;
                std::sort(same.begin(), same.end(), [](const RefKey* x, const RefKey* y) { return x->line < y->line; });
                for (std::size_t i = 1; i < same.size(); ++i)
                    for (std::size_t j = 0; j < i; ++j)
                        if (sameReference(same[j]->text, same[i]->text)) {
                            std::string msg = "\"" + std::string(same[i]->text) + "\" already appears on line " + std::to_string(same[j]->line);
                            if (same[j]->text != same[i]->text)
                                msg += " as \"" + std::string(same[j]->text) + "\" (references that differ only in capitals name the same plan)";
                            dupErrors[part].push_back({same[i]->line, "reference", std::move(msg)});
                            break;
                        }
            }
        };
        runParts(threads, checkRange);
        for (auto& d : dupErrors) run.errors.insert(run.errors.end(), d.begin(), d.end());
        std::sort(run.errors.begin(), run.errors.end(), [](const CaseloadError& x, const CaseloadError& y) { return x.line < y.line; });
        if (run.errors.size() > maxErrors) run.errors.resize(maxErrors);
        if (!run.errors.empty() || checkOnly) return run;
        std::string head = "reference,band,needs_approval";
        for (const auto& c : rs.components) head += ",annual_" + c.id;
        head += ",period_from,period_to,amount\n";
        run.csv.push_back(std::move(head));
        for (auto& c : chunks) {
            run.csv.push_back(std::move(c.out));
            run.plans += c.plans;
        }
        return run;
    }
    return run;
}

}  // namespace

CaseloadBandingRun bandCaseloadCsv(std::string_view text, const Banding& banding, const Date& asOf, const Date& from,
                                   const Date& to, unsigned threads, std::size_t maxErrors) {
    std::string storage;
    text = normaliseLineEnds(text, storage);
    return runChunks(text, banding, asOf, from, to, threads, maxErrors, false);
}

std::vector<CaseloadError> checkCaseloadCsv(std::string_view text, const Banding& banding, const Date& asOf, unsigned threads,
                                            std::size_t maxErrors) {
    std::string storage;
    text = normaliseLineEnds(text, storage);
    return runChunks(text, banding, asOf, asOf, asOf, threads, maxErrors, true).errors;
}

}  // namespace sendband
