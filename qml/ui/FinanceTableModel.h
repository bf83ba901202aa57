// FinanceTableModel: one financial year's committed spend as a table (a row per group and a
// Total row), with the money exactly as `sendband totals` prints it, and the same groups as
// plain pounds for the bar chart.
#pragma once
#include <QAbstractTableModel>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <vector>

// From Reports.h, which moc cannot parse (it reaches <concepts>).
namespace sendband {
struct TotalsReport;
enum class TotalsBy;
}  // namespace sendband

class FinanceTableModel : public QAbstractTableModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FinanceController owns the finance table")
    // The bar chart: at most kChartGroups groups (the largest by total when there are more),
    // in the table's order, with top-up and place funding in pounds.
    Q_PROPERTY(QStringList chartLabels READ chartLabels NOTIFY reportChanged)
    Q_PROPERTY(QVariantList chartTopUp READ chartTopUp NOTIFY reportChanged)
    Q_PROPERTY(QVariantList chartPlace READ chartPlace NOTIFY reportChanged)
    Q_PROPERTY(double chartMax READ chartMax NOTIFY reportChanged)
    Q_PROPERTY(QString chartTitle READ chartTitle NOTIFY reportChanged)
    Q_PROPERTY(bool hasFigures READ hasFigures NOTIFY reportChanged)
    // The sum of the column widths: the table's width, the chart takes the rest.
    Q_PROPERTY(int tableWidth READ tableWidth NOTIFY reportChanged)

public:
    enum Column { Group, Name, Plans, TopUp, Place, Other, Total };
    enum Role { AlignRightRole = Qt::UserRole + 1, IsTotalRole };
    static constexpr int kChartGroups = 20;

    explicit FinanceTableModel(QObject* parent = nullptr);

    // Shows `r` (which must be ok()); clear() shows nothing.
    void setReport(const sendband::TotalsReport& r);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The column kind (Column) shown at `section`: Name appears only by school, Other only when
    // some plan has other funding lines, as in the CLI.
    Q_INVOKABLE int columnKind(int section) const;
    // A preferred column width in pixels for the table view.
    Q_INVOKABLE int columnWidth(int section) const;
    // Sorts the groups by the column at `section` (names in natural order, figures by value); the
    // Total row stays last. The chart keeps the report's order.
    Q_INVOKABLE void sortByColumn(int section, bool ascending);

    QStringList chartLabels() const { return chartLabels_; }
    QVariantList chartTopUp() const { return chartTopUp_; }
    QVariantList chartPlace() const { return chartPlace_; }
    double chartMax() const { return chartMax_; }
    QString chartTitle() const { return chartTitle_; }
    bool hasFigures() const { return !rows_.empty(); }
    int tableWidth() const;

Q_SIGNALS:
    void reportChanged();

private:
    struct Row {
        QString group, name;
        qint64 plans = 0;
        QString topUp, place, other, total;
        std::int64_t topUpPence = 0, placePence = 0, otherPence = 0, totalPence = 0;  // for sorting
        bool isTotal = false;
    };
    std::vector<Row> rows_;
    std::vector<Column> columns_;
    sendband::TotalsBy by_{};  // TotalsBy::All
    QStringList chartLabels_;
    QVariantList chartTopUp_, chartPlace_;
    double chartMax_ = 0;
    QString chartTitle_;
};
