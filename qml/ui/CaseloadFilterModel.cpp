#include "CaseloadFilterModel.h"

#include "CaseloadModel.h"

#include <algorithm>
#include <string_view>

CaseloadFilterModel::CaseloadFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(CaseloadModel::SortRole);
    setDynamicSortFilter(false);  // re-sort on request, not on every change: smooth with 100,000 rows
    // The count shown follows every change of rows, not only filter changes (a reload, an import).
    connect(this, &QAbstractItemModel::modelReset, this, &CaseloadFilterModel::shownChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &CaseloadFilterModel::shownChanged);
    connect(this, &QAbstractItemModel::rowsInserted, this, &CaseloadFilterModel::shownChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &CaseloadFilterModel::shownChanged);
}

void CaseloadFilterModel::changed() {
    searchKey_ = search_.trimmed().toLower().toStdString();
    bandKey_ = band_.trimmed().toStdString();
    settingKey_ = setting_.trimmed().toStdString();
    needKey_ = need_.trimmed().toUpper().toStdString();
    invalidateFilter();
    Q_EMIT filterChanged();
    Q_EMIT shownChanged();
}

void CaseloadFilterModel::setSearch(const QString& s) {
    if (s == search_) return;
    search_ = s;
    changed();
}
void CaseloadFilterModel::setBand(const QString& b) {
    if (b == band_) return;
    band_ = b;
    changed();
}
void CaseloadFilterModel::setSettingType(const QString& s) {
    if (s == setting_) return;
    setting_ = s;
    changed();
}
void CaseloadFilterModel::setPrimaryNeed(const QString& n) {
    if (n == need_) return;
    need_ = n;
    changed();
}
void CaseloadFilterModel::setOverriddenOnly(bool o) {
    if (o == overriddenOnly_) return;
    overriddenOnly_ = o;
    changed();
}

void CaseloadFilterModel::setAwaitingOnly(bool a) {
    if (a == awaitingOnly_) return;
    awaitingOnly_ = a;
    changed();
}

void CaseloadFilterModel::sortByColumn(int column, bool ascending) {
    // The source sorts itself (typed, fast); this proxy keeps the source's order and filters.
    if (auto* m = qobject_cast<CaseloadModel*>(sourceModel())) m->sortBy(column, ascending);
}

qint64 CaseloadFilterModel::planIdAt(int row) const {
    return data(index(row, 0), CaseloadModel::PlanIdRole).toLongLong();
}

namespace {
// ASCII case-insensitive "contains": references are ASCII (the caseload CSV checks them).
bool containsNoCase(std::string_view text, std::string_view lowerNeedle) {
    if (lowerNeedle.empty()) return true;
    const auto it = std::search(text.begin(), text.end(), lowerNeedle.begin(), lowerNeedle.end(), [](char a, char b) {
        return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
    });
    return it != text.end();
}
}  // namespace

bool CaseloadFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const auto* m = qobject_cast<const CaseloadModel*>(sourceModel());
    if (!m) return true;
    const auto* p = m->plan(sourceRow);
    if (!p) return false;
    // Typed comparisons against filters converted once (changed()), not per row.
    if (!searchKey_.empty() && !containsNoCase(p->reference, searchKey_)) return false;
    if (!bandKey_.empty() && p->effectiveBand() != bandKey_) return false;
    if (!settingKey_.empty() && p->settingType != settingKey_) return false;
    if (!needKey_.empty() && p->primaryNeed != needKey_) return false;
    if (overriddenOnly_ && !p->overrideId) return false;
    if (awaitingOnly_ && !p->awaitingApproval()) return false;
    return true;
}
