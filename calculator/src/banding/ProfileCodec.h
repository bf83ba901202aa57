// ProfileCodec: the one stored form of a needs profile, and the one reader of it.
//
// The stored format is a list of `key=value` pairs, each ended by `;` (the last `;` may be left
// off): `primary_need=ASD;setting_type=special;level.communication=3;`. Keys are the caseload
// CSV's column names (primary_need, setting_type, school_urn, nc_year, entered_amount,
// level.<domain>, input.<input>, hours.<provision type>), values are plain text, and a `;`,
// `=` or `\` inside a value is written with a `\` before it. Keys are written in a fixed order
// (need, setting, school, year, then the rule set's domains, inputs and provision types), so
// equal profiles encode alike. The date of birth is identifying and is never in this text: the
// store keeps it apart and passes it in when a profile is read back.
#pragma once
#include "banding/Profile.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sendband {

// The stored text of `p` under `rs`.
std::string encodeProfile(const RuleSet& rs, const Profile& p);

// Calls f(key, value) for each pair of an encoded profile, values unescaped, in order.
void forEachProfileField(std::string_view encoded, const std::function<void(std::string_view key, std::string_view value)>& f);

// The key under which two plans have the same needs: the encoded profile without the school.
std::string needsKey(std::string_view encoded);

// Reads stored profiles back against one rule set. Field names are resolved once per decoder,
// not per plan, so a whole caseload reads quickly. Not thread-safe: one decoder per thread.
class ProfileDecoder {
public:
    explicit ProfileDecoder(const RuleSet& rs);
    ProfileDecoder(ProfileDecoder&&) = default;
    // Returns empty on success (the profile is then profile(), valid until the next read), or the
    // first problem as "field: message". `dateOfBirth` is set when given; `ageSchedule` is the
    // stored text of what was kept of an erased date of birth (banding/AgeSchedule.h), if any.
    std::string read(std::string_view reference, std::string_view encoded, const std::optional<Date>& dateOfBirth,
                     std::string_view ageSchedule = {});
    const Profile& profile() const { return builder_.profile(); }
    Profile& mutableProfile() { return const_cast<Profile&>(builder_.profile()); }
    const RuleSet& ruleSet() const { return *rs_; }

private:
    const RuleSet* rs_;
    ProfileBuilder builder_;
    struct Resolved {
        std::optional<ProfileBuilder::Field> field;
        std::string error;
    };
    std::unordered_map<std::string, Resolved> fields_;
    std::string key_, value_;
};

}  // namespace sendband
