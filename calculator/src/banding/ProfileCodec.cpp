#include "banding/ProfileCodec.h"

#include "banding/AgeSchedule.h"

namespace sendband {

namespace {

void putEscaped(std::string& out, std::string_view v) {
    for (char c : v) {
        if (c == ';' || c == '=' || c == '\\') out += '\\';
        out += c;
    }
}

// Reads the pair starting at `i` into key and value (unescaped); returns the index after it.
std::size_t nextPair(std::string_view text, std::size_t i, std::string& key, std::string& value) {
    key.clear();
    value.clear();
    while (i < text.size() && text[i] != '=') key += text[i++];
    ++i;
    while (i < text.size() && text[i] != ';') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i++];
    }
    return i + 1;
}

// The builder's name for a stored key (the store uses the caseload CSV's column names).
std::string builderName(const std::string& key) { return key == "setting_type" ? "setting" : key == "school_urn" ? "school" : key; }

}  // namespace

std::string encodeProfile(const RuleSet& rs, const Profile& p) {
    std::string out;
    auto put = [&](std::string_view k, std::string_view v) {
        if (!out.empty()) out += ';';
        out.append(k);
        out += '=';
        putEscaped(out, v);
    };
    put("primary_need", p.primaryNeed);
    put("setting_type", p.setting);
    if (!p.school.empty()) put("school_urn", p.school);
    if (p.ncYear) put("nc_year", std::to_string(*p.ncYear));
    for (std::size_t d = 0; d < rs.domains.size(); ++d)
        if (p.levels[d] != Profile::kUnset) put("level." + rs.domains[d].id, std::to_string(p.levels[d]));
    for (std::size_t i = 0; i < rs.inputs.size(); ++i)
        if (p.inputs[i]) put("input." + rs.inputs[i].id, p.inputs[i]->toString());
    std::vector<Num> hours(rs.provisionTypes.size(), Num(0));
    for (const auto& item : p.provision) hours[static_cast<std::size_t>(item.type)] += item.hoursPerWeek;
    for (std::size_t t = 0; t < hours.size(); ++t)
        if (hours[t] != Num(0)) put("hours." + rs.provisionTypes[t].id, hours[t].toString());
    if (p.enteredAmount) put("entered_amount", p.enteredAmount->toString());
    return out;
}

void forEachProfileField(std::string_view encoded, const std::function<void(std::string_view key, std::string_view value)>& f) {
    std::string key, value;
    for (std::size_t i = 0; i < encoded.size();) {
        i = nextPair(encoded, i, key, value);
        f(key, value);
    }
}

std::string needsKey(std::string_view encoded) {
    std::string out;
    out.reserve(encoded.size());
    std::size_t i = 0;
    while (i < encoded.size()) {
        std::size_t end = i;
        while (end < encoded.size() && encoded[end] != ';') {
            if (encoded[end] == '\\' && end + 1 < encoded.size()) ++end;
            ++end;
        }
        const std::string_view part = encoded.substr(i, end - i);
        if (part.rfind("school_urn=", 0) != 0) {
            if (!out.empty()) out += ';';
            out.append(part);
        }
        i = end + 1;
    }
    return out;
}

ProfileDecoder::ProfileDecoder(const RuleSet& rs) : rs_(&rs), builder_(rs) {}

std::string ProfileDecoder::read(std::string_view reference, std::string_view text, const std::optional<Date>& dateOfBirth,
                                 std::string_view ageSchedule) {
    builder_.reset();
    if (auto msg = builder_.set(ProfileBuilder::Field{ProfileBuilder::Field::Reference, 0}, reference); !msg.empty())
        return "reference: " + msg;
    for (std::size_t i = 0; i < text.size();) {
        i = nextPair(text, i, key_, value_);
        auto it = fields_.find(key_);
        if (it == fields_.end()) {
            Resolved r;
            r.field = builder_.resolve(builderName(key_), r.error);
            it = fields_.emplace(key_, std::move(r)).first;
        }
        if (!it->second.field) return key_ + ": " + it->second.error;
        if (auto msg = builder_.set(*it->second.field, value_); !msg.empty()) return key_ + ": " + msg;
    }
    if (dateOfBirth) builder_.setDateOfBirth(*dateOfBirth);
    if (!ageSchedule.empty())
        if (auto msg = decodeAgeSchedule(ageSchedule, mutableProfile().ageSchedule); !msg.empty()) return "age_schedule: " + msg;
    const auto missing = builder_.finish();
    if (!missing.empty()) return missing.front();
    return {};
}

}  // namespace sendband
