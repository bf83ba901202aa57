#include "FinanceTableModel.h"

#include "ChartScale.h"

#include "core/Text.h"
#include "reports/Reports.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {

QString money(std::int64_t pence) { return QString::fromStdString(sendband::formatPence(pence)); }

// Pounds for the chart only: the table keeps the exact strings.
double pounds(std::int64_t pence) { return static_cast<double>(pence) / 100.0; }

QString groupText(const sendband::SpendLine& l, sendband::TotalsBy by) {
    if (!l.key.empty()) return QString::fromStdString(l.key);
    return by == sendband::TotalsBy::School ? QStringLiteral("(no school)") : QStringLiteral("(none)");
}

}  // namespace

FinanceTableModel::FinanceTableModel(QObject* parent) : QAbstractTableModel(parent) {
    columns_ = {Group, Plans, TopUp, Place, Total};
}

void FinanceTableModel::clear() {
    beginResetModel();
    rows_.clear();
    columns_ = {Group, Plans, TopUp, Place, Total};
    by_ = sendband::TotalsBy::All;
    endResetModel();
    chartLabels_.clear();
    chartTopUp_.clear();
    chartPlace_.clear();
    chartMax_ = 0;
    chartTitle_.clear();
    Q_EMIT reportChanged();
}

void FinanceTableModel::setReport(const sendband::TotalsReport& r) {
    beginResetModel();
    by_ = r.by;
    rows_.clear();
    auto row = [](const sendband::SpendLine& l, QString group, bool isTotal) {
        Row x;
        x.group = std::move(group);
        x.name = QString::fromStdString(l.name);
        x.plans = static_cast<qint64>(l.plans);
        x.topUp = money(l.topUpPence);
        x.place = money(l.placePence);
        x.other = money(l.otherPence);
        x.total = money(l.totalPence());
        x.topUpPence = l.topUpPence;
        x.placePence = l.placePence;
        x.otherPence = l.otherPence;
        x.totalPence = l.totalPence();
        x.isTotal = isTotal;
        return x;
    };
    for (const auto& l : r.lines) rows_.push_back(row(l, groupText(l, r.by), false));
    rows_.push_back(row(r.total, QStringLiteral("Total"), true));
    columns_ = {Group};
    if (r.by == sendband::TotalsBy::School) columns_.push_back(Name);
    columns_.insert(columns_.end(), {Plans, TopUp, Place});
    if (r.total.otherPence != 0) columns_.push_back(Other);
    columns_.push_back(Total);
    endResetModel();

    // The chart: every group, or the largest kChartGroups by total (kept in the table's order).
    std::vector<std::size_t> shown(r.lines.size());
    std::iota(shown.begin(), shown.end(), std::size_t{0});
    if (shown.size() > kChartGroups) {
        std::stable_sort(shown.begin(), shown.end(),
                         [&](std::size_t a, std::size_t b) { return r.lines[a].totalPence() > r.lines[b].totalPence(); });
        shown.resize(kChartGroups);
        std::sort(shown.begin(), shown.end());
    }
    chartLabels_.clear();
    chartTopUp_.clear();
    chartPlace_.clear();
    double top = 0;
    auto bar = [&](const sendband::SpendLine& l, const QString& label) {
        chartLabels_.append(label);
        chartTopUp_.append(pounds(l.topUpPence));
        chartPlace_.append(pounds(l.placePence));
        top = std::max({top, pounds(l.topUpPence), pounds(l.placePence)});
    };
    if (r.by == sendband::TotalsBy::All) bar(r.total, QStringLiteral("All plans"));
    for (std::size_t i : shown) bar(r.lines[i], groupText(r.lines[i], r.by));
    chartMax_ = chartscale::niceCeiling(top);
    const char* what = r.by == sendband::TotalsBy::Band      ? "band"
                       : r.by == sendband::TotalsBy::Setting ? "setting type"
                       : r.by == sendband::TotalsBy::School  ? "school"
                       : r.by == sendband::TotalsBy::Need    ? "primary need"
                                                             : "";
    chartTitle_ = QStringLiteral("Committed spend %1").arg(QString::fromStdString(r.year.label));
    if (*what) chartTitle_ += QStringLiteral(" by %1").arg(QLatin1String(what));
    if (r.lines.size() > shown.size())
        chartTitle_ += QStringLiteral(" (largest %1 of %2)").arg(shown.size()).arg(r.lines.size());
    Q_EMIT reportChanged();
}

int FinanceTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int FinanceTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(columns_.size()); }

int FinanceTableModel::columnKind(int section) const {
    return section >= 0 && section < static_cast<int>(columns_.size()) ? columns_[static_cast<std::size_t>(section)] : -1;
}

int FinanceTableModel::columnWidth(int section) const {
    switch (columnKind(section)) {
        case Group: return by_ == sendband::TotalsBy::Setting ? 150 : 110;
        case Name: return 190;
        case Plans: return 70;
        default: return 120;
    }
}

int FinanceTableModel::tableWidth() const {
    int w = 0;
    for (int c = 0; c < columnCount(); ++c) w += columnWidth(c);
    return w;
}

QVariant FinanceTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& x = rows_[static_cast<std::size_t>(index.row())];
    const int kind = columnKind(index.column());
    if (role == AlignRightRole) return kind != Group && kind != Name;
    if (role == IsTotalRole) return x.isTotal;
    if (role != Qt::DisplayRole) return {};
    switch (kind) {
        case Group: return x.group;
        case Name: return x.name;
        case Plans: return QString::number(x.plans);
        case TopUp: return x.topUp;
        case Place: return x.place;
        case Other: return x.other;
        case Total: return x.total;
        default: return {};
    }
}

QVariant FinanceTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (columnKind(section)) {
        case Group:
            switch (by_) {
                case sendband::TotalsBy::Band: return QStringLiteral("Band");
                case sendband::TotalsBy::Setting: return QStringLiteral("Setting type");
                case sendband::TotalsBy::School: return QStringLiteral("School URN");
                case sendband::TotalsBy::Need: return QStringLiteral("Primary need");
                default: return QStringLiteral("Group");
            }
        case Name: return QStringLiteral("School");
        case Plans: return QStringLiteral("Plans");
        case TopUp: return QStringLiteral("Top-up £");
        case Place: return QStringLiteral("Place funding £");
        case Other: return QStringLiteral("Other £");
        case Total: return QStringLiteral("Total £");
        default: return {};
    }
}

QHash<int, QByteArray> FinanceTableModel::roleNames() const {
    auto r = QAbstractTableModel::roleNames();
    r[AlignRightRole] = "alignRight";
    r[IsTotalRole] = "isTotal";
    return r;
}

void FinanceTableModel::sortByColumn(int section, bool ascending) {
    if (rows_.size() < 2 || section < 0 || static_cast<std::size_t>(section) >= columns_.size()) return;
    const Column kind = columns_[static_cast<std::size_t>(section)];
    auto key = [kind](const Row& r) -> std::int64_t {
        switch (kind) {
            case Plans: return r.plans;
            case TopUp: return r.topUpPence;
            case Place: return r.placePence;
            case Other: return r.otherPence;
            case Total: return r.totalPence;
            default: return 0;
        }
    };
    auto less = [&](const Row& a, const Row& b) {
        if (kind == Group) return sendband::naturalLess(a.group.toStdString(), b.group.toStdString());
        if (kind == Name) return a.name < b.name;
        return key(a) < key(b);
    };
    Q_EMIT layoutAboutToBeChanged();
    // The Total row is last in rows_ and stays there.
    std::stable_sort(rows_.begin(), rows_.end() - 1, [&](const Row& a, const Row& b) { return ascending ? less(a, b) : less(b, a); });
    Q_EMIT layoutChanged();
}
