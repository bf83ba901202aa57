#include "store/Columns.h"

namespace sendband::columns {

Date date(const Statement& s, int column, const std::string& where) {
    const std::string text = s.text(column);
    const auto d = parseDate(text);
    if (!d) throw StoreError(where + " holds \"" + text + "\", which is not a date (YYYY-MM-DD): the database was edited or is damaged");
    return *d;
}

std::optional<Date> optionalDate(const Statement& s, int column, const std::string& where) {
    if (s.isNull(column)) return std::nullopt;
    return date(s, column, where);
}

OverrideStatus overrideStatus(const Statement& s, int column, const std::string& where) {
    const std::string text = s.text(column);
    const auto st = parseOverrideStatus(text);
    if (!st)
        throw StoreError(where + " holds \"" + text + "\", which is not an override status (awaiting_approval, in_force, superseded)");
    return *st;
}

}  // namespace sendband::columns
