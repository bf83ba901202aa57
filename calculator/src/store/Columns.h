// Columns: typed reading of stored values, for the store's own queries. A stored value that is
// not what the schema promises (a date that is not a date, after an edit behind sendband's back)
// is corrupt data, reported as a StoreError naming the table, column, row and value.
#pragma once
#include "core/Date.h"
#include "core/Money.h"
#include "store/Database.h"
#include "store/OverrideStatus.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sendband::columns {

// Names a stored value for the message, "plans.placement_start of plan P0000012": built only when
// the value is bad, so reading a row allocates nothing for it.
struct Where {
    const char* column;               // "plans.placement_start"
    const char* rowKind = nullptr;    // "plan", "decision", ... or none
    std::string_view rowName = {};    // a pseudonym, or empty when the row is named by id
    std::int64_t rowId = 0;
    std::string text() const;
};

Date date(const Statement& s, int column, const Where& where);
std::optional<Date> optionalDate(const Statement& s, int column, const Where& where);
inline Money money(const Statement& s, int column) { return Money::fromPence(s.int64(column)); }
OverrideStatus overrideStatus(const Statement& s, int column, const Where& where);
inline std::optional<std::string> optionalText(const Statement& s, int column) {
    if (s.isNull(column)) return std::nullopt;
    return s.text(column);
}

// The stored forms, for binding.
inline std::optional<std::string> text(const std::optional<Date>& d) {
    if (!d) return std::nullopt;
    return formatDate(*d);
}

}  // namespace sendband::columns
