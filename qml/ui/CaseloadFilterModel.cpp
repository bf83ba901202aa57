#include "CaseloadFilterModel.h"

#include "CaseloadModel.h"

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

void CaseloadFilterModel::sortByColumn(int column, bool ascending) { sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder); }

qint64 CaseloadFilterModel::planIdAt(int row) const {
    return data(index(row, 0), CaseloadModel::PlanIdRole).toLongLong();
}

bool CaseloadFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const auto* m = qobject_cast<const CaseloadModel*>(sourceModel());
    if (!m) return true;
    const auto* p = m->plan(sourceRow);
    if (!p) return false;
    if (!search_.isEmpty() && !QString::fromStdString(p->reference).contains(search_, Qt::CaseInsensitive)) return false;
    if (!band_.isEmpty() && QString::fromStdString(p->effectiveBand()) != band_) return false;
    if (!setting_.isEmpty() && QString::fromStdString(p->settingType) != setting_) return false;
    if (!need_.isEmpty() && QString::fromStdString(p->primaryNeed) != need_) return false;
    if (overriddenOnly_ && !p->overrideId) return false;
    return true;
}
