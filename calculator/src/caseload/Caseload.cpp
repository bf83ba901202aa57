#include "core/FileIo.h"
#include "caseload/Caseload.h"

#include "core/Csv.h"
#include "core/Text.h"
#include "rules/RuleSetLoader.h"

#include <algorithm>

#include <unordered_map>

namespace sendband {

std::string CaseloadError::format(const std::string& file) const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
    if (!column.empty()) out += "column " + column + ": ";
    return out + message;
}

namespace {
const char* kPlainColumns[] = {"reference", "upn", "name", "date_of_birth", "nc_year", "primary_need", "setting_type",
                               "school_urn", "school_name", "phase", "responsible_la", "placement_start",
                               "placement_end", "officer", "assessed_on", "entered_amount"};
}

std::vector<std::string> caseloadColumns(const RuleSet& rs) {
    std::vector<std::string> cols(std::begin(kPlainColumns), std::end(kPlainColumns));
    for (const auto& d : rs.domains) cols.push_back("level." + d.id);
    for (const auto& i : rs.inputs) cols.push_back("input." + i.id);
    for (const auto& t : rs.provisionTypes) cols.push_back("hours." + t.id);
    return cols;
}

CaseloadParser::CaseloadParser(const RuleSet& rs) : rs_(rs), builder_(rs) {}

bool CaseloadParser::header(const std::vector<std::string_view>& f, std::vector<CaseloadError>& errors) {
    const std::size_t before = errors.size();
    auto fileError = [&](std::string column, std::string msg) { errors.push_back({1, std::move(column), std::move(msg)}); };
    cols_.clear();
    std::unordered_map<std::string, int> seen;
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (const auto bad = invalidUtf8At(f[i])) {
            fileError("", "column " + std::to_string(i + 1) + " of the header: " + describeInvalidUtf8(f[i], *bad));
            continue;
        }
        Binding b;
        b.name = std::string(f[i]);
        if (seen.count(b.name)) {
            fileError(b.name, "the column appears twice (columns " + std::to_string(seen[b.name] + 1) + " and " + std::to_string(i + 1) + ")");
            continue;
        }
        seen[b.name] = static_cast<int>(i);
        static const std::pair<const char*, Col> record[] = {
            {"upn", Col::Upn}, {"name", Col::Name}, {"school_name", Col::SchoolName}, {"phase", Col::Phase},
            {"responsible_la", Col::La}, {"placement_start", Col::Start}, {"placement_end", Col::End},
            {"officer", Col::Officer}, {"assessed_on", Col::AssessedOn}};
        bool matched = false;
        for (const auto& [n, k] : record)
            if (b.name == n) {
                b.kind = k;
                matched = true;
            }
        if (!matched) {
            // The CSV says setting_type and school_urn where the profile says setting and school.
            std::string profileName = b.name;
            if (b.name == "setting_type") profileName = "setting";
            else if (b.name == "school_urn") profileName = "school";
            else if (b.name == "setting" || b.name == "school") profileName.clear();
            std::string err;
            auto field = builder_.resolve(profileName, err);
            if (!field) {
                std::string list;
                for (const auto& c : caseloadColumns(rs_)) list += (list.empty() ? "" : ", ") + c;
                fileError(b.name, "unknown column (expected: " + list + ")");
                continue;
            }
            b.field = *field;
            if (b.name == "school_urn") b.kind = Col::SchoolUrn;
        }
        cols_.push_back(b);
    }
    for (const char* required : {"reference", "primary_need", "setting_type"})
        if (!seen.count(required)) fileError(required, "missing: every caseload needs this column");
    for (const auto& d : rs_.domains)
        if (!seen.count("level." + d.id)) fileError("level." + d.id, "missing: the rule set scores " + d.name + " for every plan");
    for (const auto& in : rs_.inputs)
        if (!in.fallback && !seen.count("input." + in.id)) fileError("input." + in.id, "missing: the rule set needs " + in.name + " for every plan");
    return errors.size() == before;
}

bool CaseloadParser::row(const std::vector<std::string_view>& f, int line, PlanRecord& rec, std::vector<CaseloadError>& errors,
                         std::size_t maxErrors) {
    bool ok = true;
    auto rowError = [&](const std::string& column, std::string msg) {
        ok = false;
        if (errors.size() < maxErrors) errors.push_back({line, column, std::move(msg)});
    };
    if (f.size() != cols_.size()) {
        rowError("", "expected " + std::to_string(cols_.size()) + " fields, as in the header, but found " + std::to_string(f.size()));
        return false;
    }
    for (std::size_t i = 0; i < cols_.size(); ++i)
        if (const auto bad = invalidUtf8At(f[i])) rowError(cols_[i].name, describeInvalidUtf8(f[i], *bad));
    if (!ok) return false;
    builder_.reset();
    rec.line = line;
    rec.upn.clear();
    rec.name.clear();
    rec.schoolUrn.clear();
    rec.schoolName.clear();
    rec.phase.clear();
    rec.responsibleLa.clear();
    rec.officer.clear();
    rec.placementStart.reset();
    rec.placementEnd.reset();
    rec.assessedOn.reset();
    for (std::size_t i = 0; i < cols_.size(); ++i) {
        const Binding& b = cols_[i];
        const std::string_view v = f[i];
        auto date = [&](std::optional<Date>& target) {
            if (v.empty()) return;
            target = parseDate(v);
            if (!target) rowError(b.name, "expected a date as YYYY-MM-DD, got \"" + std::string(v) + "\"");
        };
        switch (b.kind) {
            case Col::Upn: rec.upn = v; break;
            case Col::Name: rec.name = v; break;
            case Col::SchoolName: rec.schoolName = v; break;
            case Col::Phase: rec.phase = v; break;
            case Col::La: rec.responsibleLa = v; break;
            case Col::Officer: rec.officer = v; break;
            case Col::Start: date(rec.placementStart); break;
            case Col::End: date(rec.placementEnd); break;
            case Col::AssessedOn: date(rec.assessedOn); break;
            case Col::SchoolUrn:
            case Col::Profile: {
                using K = ProfileBuilder::Field;
                if (v.empty() && (b.field.kind == K::DateOfBirth || b.field.kind == K::NcYear || b.field.kind == K::School ||
                                  b.field.kind == K::Input || b.field.kind == K::Hours || b.field.kind == K::EnteredAmount))
                    break;  // optional values may be left blank
                auto msg = builder_.set(b.field, v);
                if (!msg.empty()) rowError(b.name, msg);
                if (b.kind == Col::SchoolUrn) rec.schoolUrn = v;
                break;
            }
        }
    }
    if (rec.placementStart && rec.placementEnd && dayNumber(*rec.placementEnd) < dayNumber(*rec.placementStart))
        rowError("placement_end", "the placement ends (" + formatDate(*rec.placementEnd) + ") before it starts (" + formatDate(*rec.placementStart) + ")");
    if (ok) {
        for (const auto& m : builder_.finish()) {
            const auto colon = m.find(':');
            std::string col = m.substr(0, colon);
            if (col.rfind("levels.", 0) == 0) col = "level." + col.substr(7);
            if (col.rfind("inputs.", 0) == 0) col = "input." + col.substr(7);
            if (col == "setting") col = "setting_type";
            rowError(col, colon == std::string::npos ? m : m.substr(colon + 2));
        }
    }
    rec.profile = builder_.take();
    rec.reference = rec.profile.reference;
    return ok;
}

}  // namespace sendband
