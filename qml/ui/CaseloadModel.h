// CaseloadModel: every plan as it stands, as a table for the Caseload screen.
#pragma once
#include "store/CurrentPlans.h"

#include <QAbstractTableModel>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <vector>

class CaseloadModel : public QAbstractTableModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int planCount READ planCount NOTIFY summaryChanged)
    Q_PROPERTY(QString annualTopUp READ annualTopUp NOTIFY summaryChanged)
    Q_PROPERTY(int awaitingApproval READ awaitingApproval NOTIFY summaryChanged)

public:
    enum Column { Reference, Band, SettingType, School, PrimaryNeed, Officer, ReviewDue, Overridden, TopUp, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, PlanIdRole, SearchRole };

    explicit CaseloadModel(QObject* parent = nullptr);

    void setPlans(std::vector<sendband::CurrentPlan> plans);
    // Sorts the plans themselves by a column (stable; ties keep reference order), comparing
    // typed values directly: sorting 100,000 plans takes milliseconds, where sorting through
    // QVariant data() in a proxy takes hundreds.
    void sortBy(int column, bool ascending);
    const sendband::CurrentPlan* plan(int row) const;
    // Every plan, in reference order (not the table's sort order).
    const std::vector<sendband::CurrentPlan>& plansView() const { return plans_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int planCount() const { return static_cast<int>(plans_.size()); }
    QString annualTopUp() const;
    int awaitingApproval() const;

Q_SIGNALS:
    void summaryChanged();

private:
    std::vector<sendband::CurrentPlan> plans_;  // as read (reference order)
    std::vector<std::uint32_t> order_;          // row -> index into plans_: sorting moves ints, not plans
};
