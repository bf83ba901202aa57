// CaseloadBanding: bands every plan of a caseload, all or nothing, on several threads.
#pragma once
#include "banding/Banding.h"
#include "caseload/Caseload.h"

#include <optional>
#include <string>
#include <vector>

namespace sendband {

// The whole `sendband band --caseload` job, streamed: parses, checks and bands a caseload CSV
// held in memory, and formats the result CSV, on several threads without keeping the records.
// All or nothing: when any row is bad, `errors` lists every bad row and `csv` is empty.
struct CaseloadBandingRun {
    std::vector<std::string> csv;  // the result in parts (header, then one per thread), to write in order
    std::size_t plans = 0;
    std::vector<CaseloadError> errors;
    bool ok() const { return errors.empty(); }
};

// The result columns: reference, band, needs_approval, annual_<funding line>...,
// period_from, period_to, amount (all funding lines for the stretch of the period the
// placement covers).
CaseloadBandingRun bandCaseloadCsv(std::string_view text, const Banding& banding, const Date& asOf, const Date& from,
                                   const Date& to, unsigned threads = 0, std::size_t maxErrors = 1000);

// Every problem that would stop `text` being banded as of `asOf`: bad rows, repeated
// references, profiles the rule set cannot band. Empty when the whole caseload is good.
std::vector<CaseloadError> checkCaseloadCsv(std::string_view text, const Banding& banding, const Date& asOf, unsigned threads = 0,
                                            std::size_t maxErrors = 1000);

}  // namespace sendband
