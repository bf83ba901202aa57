// AuditLogModel: the audit log as a table, newest first, read a page at a time (canFetchMore /
// fetchMore) with the filter applied by the store, so a log of millions of entries never loads whole.
#pragma once
#include "store/CaseloadStore.h"

#include <QAbstractTableModel>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

class AuditLogModel : public QAbstractTableModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AuditController owns the audit log table")
    Q_PROPERTY(int loaded READ loaded NOTIFY loadedChanged)
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY loadedChanged)
    Q_PROPERTY(QString error READ error NOTIFY loadedChanged)

public:
    enum Column { Seq, Time, Actor, Action, Entity, Summary, ColumnCount };

    // What to show (see sendband::AuditFilter); `noEntity`: a plan was asked for that does not
    // exist, so show nothing.
    struct Filter : sendband::AuditFilter {
        bool noEntity = false;
    };

    explicit AuditLogModel(QObject* parent = nullptr);

    // The store to read through (the GUI thread's connection); nullptr shows nothing.
    void setStore(sendband::CaseloadStore* store);
    void setFilter(Filter f);
    const Filter& filter() const { return filter_; }
    // Rows read per fetchMore (500 unless a test asks for fewer).
    void setPageSize(int n) { pageSize_ = n > 0 ? n : 1; }
    int pageSize() const { return pageSize_; }
    // Re-reads from the newest entry, keeping the filter.
    void reload();
    // How many entries match the filter, counted in SQL (for tests and a "how many" request).
    qint64 countMatching() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    Q_INVOKABLE int columnWidth(int section) const;
    int loaded() const { return static_cast<int>(rows_.size()); }
    bool hasMore() const { return !exhausted_; }
    QString error() const { return error_; }

    // A one-line reading of an entry's JSON: "band B1; top_up 1500.00"; long hashes cut to 12.
    static QString summarise(const std::string& json);

Q_SIGNALS:
    void loadedChanged();

private:
    struct Row {
        qint64 seq = 0;
        QString at, actor, action, entity, summary;
    };
    sendband::CaseloadStore* store_ = nullptr;
    Filter filter_;
    std::vector<Row> rows_;
    bool exhausted_ = true;
    bool fetching_ = false;
    int pageSize_ = 500;
    QString error_;
};
