#include "CaseloadModel.h"

#include "core/Money.h"
#include "reports/Reports.h"  // naturalLess: B2 before B10

#include <algorithm>
#include <functional>

CaseloadModel::CaseloadModel(QObject* parent) : QAbstractTableModel(parent) {}

void CaseloadModel::setPlans(std::vector<sendband::CurrentPlan> plans) {
    beginResetModel();
    plans_ = std::move(plans);
    order_.resize(plans_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<std::uint32_t>(i);
    endResetModel();
    Q_EMIT summaryChanged();
}

void CaseloadModel::sortBy(int column, bool ascending) {
    using P = sendband::CurrentPlan;
    auto byText = [](auto key) {
        return [key](const P& a, const P& b) { return key(a) < key(b); };
    };
    std::function<bool(const P&, const P&)> less;
    switch (column) {
        case Reference: less = byText([](const P& p) -> const std::string& { return p.reference; }); break;
        case Band: less = [](const P& a, const P& b) { return sendband::naturalLess(a.effectiveBand(), b.effectiveBand()); }; break;
        case SettingType: less = byText([](const P& p) -> const std::string& { return p.settingType; }); break;
        case School: less = byText([](const P& p) -> const std::string& { return p.schoolName.empty() ? p.schoolUrn : p.schoolName; }); break;
        case PrimaryNeed: less = byText([](const P& p) -> const std::string& { return p.primaryNeed; }); break;
        case Officer: less = byText([](const P& p) -> const std::string& { return p.officer; }); break;
        case ReviewDue:
            less = [](const P& a, const P& b) { return a.reviewDue < b.reviewDue; };  // no date first
            break;
        case Overridden:
            less = [](const P& a, const P& b) {
                auto rank = [](const P& p) { return p.awaitingApproval() ? 2 : p.overrideInForce() ? 1 : 0; };
                return rank(a) < rank(b);
            };
            break;
        case TopUp: less = [](const P& a, const P& b) { return a.effectiveTopUp().pence() < b.effectiveTopUp().pence(); }; break;
        default: return;
    }
    beginResetModel();
    // Reference order first, so ties fall in reference order whichever way the column runs.
    // From reference order (how plans_ is held), so ties fall in reference order either way.
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<std::uint32_t>(i);
    const auto& v = plans_;
    if (ascending)
        std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return less(v[a], v[b]); });
    else
        std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return less(v[b], v[a]); });
    endResetModel();
}

const sendband::CurrentPlan* CaseloadModel::plan(int row) const {
    return row >= 0 && row < static_cast<int>(order_.size()) ? &plans_[order_[static_cast<std::size_t>(row)]] : nullptr;
}

int CaseloadModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(plans_.size()); }
int CaseloadModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CaseloadModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(plans_.size())) return {};
    const auto& p = plans_[order_[static_cast<std::size_t>(index.row())]];
    if (role == PlanIdRole) return QVariant::fromValue<qint64>(p.planId);
    if (role == SearchRole) return QString::fromStdString(p.reference);
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && !sort) return {};
    switch (index.column()) {
        case Reference: return QString::fromStdString(p.reference);
        case Band: return QString::fromStdString(p.effectiveBand());
        case SettingType: return QString::fromStdString(p.settingType);
        case School: return QString::fromStdString(p.schoolName.empty() ? p.schoolUrn : p.schoolName);
        case PrimaryNeed: return QString::fromStdString(p.primaryNeed);
        case Officer: return QString::fromStdString(p.officer);
        case ReviewDue: return p.reviewDue ? QString::fromStdString(sendband::formatDate(*p.reviewDue)) : QString();
        case Overridden:
            if (p.awaitingApproval()) return QStringLiteral("awaiting approval");
            return p.overrideInForce() ? QStringLiteral("yes") : QStringLiteral("no");
        case TopUp:
            if (sort) return QVariant::fromValue<qint64>(p.effectiveTopUp().pence());
            return QString::fromStdString(p.effectiveTopUp().format());
        default: return {};
    }
}

QVariant CaseloadModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Reference", "Band", "Setting type", "School", "Primary need", "Officer", "Review due", "Overridden", "Top-up a year"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

QHash<int, QByteArray> CaseloadModel::roleNames() const {
    auto r = QAbstractTableModel::roleNames();
    r[PlanIdRole] = "planId";
    return r;
}

QString CaseloadModel::annualTopUp() const {
    std::int64_t total = 0;
    for (const auto& p : plans_) total += p.effectiveTopUp().pence();
    return QString::fromStdString(sendband::Money::fromPence(total).format());
}

int CaseloadModel::awaitingApproval() const {
    int n = 0;
    for (const auto& p : plans_) n += p.awaitingApproval() ? 1 : 0;
    return n;
}
