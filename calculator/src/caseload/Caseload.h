// Caseload: plans read from a caseload CSV (one row per plan), checked all or nothing.
#pragma once
#include "core/Date.h"
#include "banding/Profile.h"

#include <optional>
#include <string>
#include <vector>

namespace sendband {

// One plan as a council records it: who, where, when, and the needs profile.
struct PlanRecord {
    int line = 0;                 // CSV line, for messages
    std::string reference;        // the council's local reference
    std::string upn;              // unique pupil number (identifying)
    std::string name;             // child's name (identifying)
    std::string schoolUrn, schoolName, phase, responsibleLa, officer;
    std::optional<Date> placementStart, placementEnd, assessedOn;
    Profile profile;              // reference, date of birth, need, setting type, school, levels...
};

struct CaseloadError {
    int line = 0;          // 0 for a problem with the whole file
    std::string column;    // empty when not about one column
    std::string message;
    // "FILE:LINE: column C: MESSAGE"
    std::string format(const std::string& file) const;
};

// The columns a caseload file may have for `rs`, in the documented order.
std::vector<std::string> caseloadColumns(const RuleSet& rs);

// Reads caseload rows one at a time into a reused PlanRecord, so that a whole caseload can be
// streamed (banded, stored) without holding every record. One parser per thread.
class CaseloadParser {
public:
    explicit CaseloadParser(const RuleSet& rs);
    // Binds the header's columns; appends file-level errors (line 1) and returns false on any.
    bool header(const std::vector<std::string_view>& fields, std::vector<CaseloadError>& errors);
    // Parses one data row into `rec`; appends that row's errors (at most up to `maxErrors` in
    // all) and returns false on any. Does not check for references repeated across rows.
    bool row(const std::vector<std::string_view>& fields, int line, PlanRecord& rec, std::vector<CaseloadError>& errors,
             std::size_t maxErrors = 1000);

private:
    enum class Col { Profile, Upn, Name, SchoolUrn, SchoolName, Phase, La, Start, End, Officer, AssessedOn };
    struct Binding {
        std::string name;
        Col kind = Col::Profile;
        ProfileBuilder::Field field;
    };
    const RuleSet& rs_;
    ProfileBuilder builder_;
    std::vector<Binding> cols_;
};

}  // namespace sendband
