#include "store/Columns.h"

namespace sendband::columns {

std::string Where::text() const {
    std::string out = column;
    if (rowKind) {
        out += " of ";
        out += rowKind;
        out += ' ';
        if (!rowName.empty()) out.append(rowName);
        else out += std::to_string(rowId);
    }
    return out;
}

Date date(const Statement& s, int column, const Where& where) {
    const std::string text = s.text(column);
    const auto d = parseDate(text);
    if (!d) throw StoreError(where.text() + " holds \"" + text + "\", which is not a date (YYYY-MM-DD): the database was edited or is damaged");
    return *d;
}

std::optional<Date> optionalDate(const Statement& s, int column, const Where& where) {
    if (s.isNull(column)) return std::nullopt;
    return date(s, column, where);
}

OverrideStatus overrideStatus(const Statement& s, int column, const Where& where) {
    const std::string text = s.text(column);
    const auto st = parseOverrideStatus(text);
    if (!st)
        throw StoreError(where.text() + " holds \"" + text + "\", which is not an override status (awaiting_approval, in_force, superseded)");
    return *st;
}

}  // namespace sendband::columns
