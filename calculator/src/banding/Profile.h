// Profile: one child's needs profile and attributes, checked against a rule set.
#pragma once
#include "core/Date.h"
#include "core/Diagnostic.h"
#include "core/Num.h"
#include "rules/RuleSet.h"

#include <climits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yaml_cpp_fwd {}
namespace YAML { class Node; }

namespace sendband {

struct ProvisionItem {
    int type = 0;  // index into RuleSet::provisionTypes
    Num hoursPerWeek;
};

// What banding keeps of a child's age once their date of birth is erased: for each stretch of
// days (inclusive day numbers), their year group and, where a rule set reads age in years, their
// age. See banding/AgeSchedule.h.
struct AgePiece {
    long fromDay = 0, toDay = 0;
    std::optional<int> age;  // kept only when a rule set of the plan reads `age`
    int ncYear = 0;
};

struct Profile {
    static constexpr int kUnset = INT_MIN;

    std::string reference;
    std::optional<Date> dateOfBirth;
    std::vector<AgePiece> ageSchedule;  // in day order; used only when dateOfBirth is not known
    std::optional<int> ncYear;
    std::string primaryNeed;  // SEN2 code
    std::string setting;      // setting type id
    std::string school;       // school identifier (URN)
    std::vector<int> levels;  // per domain of the rule set; kUnset where not given
    std::vector<std::optional<Num>> inputs;   // per input of the rule set
    std::vector<ProvisionItem> provision;
    std::optional<Num> enteredAmount;         // for bands whose amount is entered

    // Resolved against the rule set by ProfileBuilder, so banding does no string work.
    int settingIndex = -1;
    int primaryNeedText = -1;
    int settingText = -1;
    int schoolText = -1;
};

// Builds a Profile field by field, checking each value against the rule set. Used by the
// YAML profile reader and by caseload CSV readers, so both give the same messages.
class ProfileBuilder {
public:
    explicit ProfileBuilder(const RuleSet& rs);

    // A field resolved once (e.g. per CSV column), so that setting it per row does no name work.
    struct Field {
        enum Kind { Reference, DateOfBirth, NcYear, PrimaryNeed, Setting, School, EnteredAmount, Level, Input, Hours };
        Kind kind = Reference;
        int index = 0;  // domain, input or provision type
    };
    // Resolves a field name: reference, date_of_birth, nc_year, primary_need, setting, school,
    // entered_amount, level.<domain>, input.<input>, hours.<provision type>. On failure returns
    // nullopt and sets `error`.
    std::optional<Field> resolve(const std::string& name, std::string& error) const;

    // Sets one field; returns an empty string, or what was wrong and what was expected.
    std::string set(const Field& field, std::string_view value);
    std::string set(const std::string& field, const std::string& value);
    void setDateOfBirth(const Date& d) { p_.dateOfBirth = d; }
    // Checks completeness (every domain level and required input given, setting set).
    // Returns one message per missing field, each "field: message".
    std::vector<std::string> finish();
    const Profile& profile() const { return p_; }
    Profile take() { return std::move(p_); }
    void reset();

private:
    const RuleSet& rs_;
    Profile p_;
};

// Reads a profile from a YAML (or JSON) document. On failure returns nullopt with diagnostics.
std::optional<Profile> readProfileYaml(const YAML::Node& doc, const RuleSet& rs, const std::string& file,
                                       std::vector<Diagnostic>& diags);
std::optional<Profile> readProfileFile(const std::string& path, const RuleSet& rs, std::vector<Diagnostic>& diags);

}  // namespace sendband
