// Columns: typed reading of stored values, for the store's own queries. A stored value that is
// not what the schema promises (a date that is not a date, after an edit behind sendband's back)
// is corrupt data, reported as a StoreError naming the table, column, row and value.
#pragma once
#include "core/Date.h"
#include "core/Money.h"
#include "store/Database.h"
#include "store/OverrideStatus.h"

#include <optional>
#include <string>

namespace sendband::columns {

// `where` names the value for the message: "plans.placement_start of plan 12".
Date date(const Statement& s, int column, const std::string& where);
std::optional<Date> optionalDate(const Statement& s, int column, const std::string& where);
inline Money money(const Statement& s, int column) { return Money::fromPence(s.int64(column)); }
OverrideStatus overrideStatus(const Statement& s, int column, const std::string& where);
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
