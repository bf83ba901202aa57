#include "AuditLogModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>

AuditLogModel::AuditLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void AuditLogModel::setStore(sendband::CaseloadStore* store) {
    store_ = store;
    reload();
}

void AuditLogModel::setFilter(Filter f) {
    filter_ = std::move(f);
    reload();
}

void AuditLogModel::reload() {
    // No fetching while views hear of the reset (QAbstractItemModelTester fetches from its
    // modelReset handler, before it counts the reset as over); the first page follows it.
    fetching_ = true;
    beginResetModel();
    rows_.clear();
    error_.clear();
    exhausted_ = store_ == nullptr || filter_.noEntity;
    endResetModel();
    fetching_ = false;
    Q_EMIT loadedChanged();
    if (!exhausted_) fetchMore({});
}

bool AuditLogModel::canFetchMore(const QModelIndex& parent) const { return !parent.isValid() && !exhausted_ && !fetching_; }

void AuditLogModel::fetchMore(const QModelIndex& parent) {
    // A view (or the model tester) may ask again from inside rowsInserted: one page at a time.
    if (parent.isValid() || exhausted_ || !store_ || fetching_) return;
    fetching_ = true;
    struct Done {
        bool& flag;
        ~Done() { flag = false; }
    } done{fetching_};
    std::vector<Row> page;
    try {
        const std::optional<std::int64_t> olderThan = rows_.empty() ? std::nullopt : std::optional<std::int64_t>(rows_.back().seq);
        for (const sendband::AuditEntry& e : store_->audit().page(filter_, olderThan, pageSize_)) {
            Row r;
            r.seq = e.seq;
            r.at = QString::fromStdString(e.at);
            r.actor = QString::fromStdString(e.actor);
            r.action = QString::fromStdString(e.action);
            r.entity = QString::fromStdString(e.entity);
            r.summary = summarise(e.after);
            page.push_back(std::move(r));
        }
    } catch (const std::exception& e) {
        error_ = QStringLiteral("Could not read the audit log: %1").arg(QString::fromStdString(e.what()));
        exhausted_ = true;
        Q_EMIT loadedChanged();
        return;
    }
    if (static_cast<int>(page.size()) < pageSize_) exhausted_ = true;
    if (!page.empty()) {
        const int first = static_cast<int>(rows_.size());
        beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
        rows_.insert(rows_.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
        endInsertRows();
    }
    Q_EMIT loadedChanged();
}

qint64 AuditLogModel::countMatching() const {
    if (!store_ || filter_.noEntity) return 0;
    return store_->audit().count(filter_);
}

QString AuditLogModel::summarise(const std::string& json) {
    if (json.empty()) return {};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json));
    if (!doc.isObject()) return QString::fromStdString(json).simplified();
    QStringList parts;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isString()) text = v.toString();
        else if (v.isBool()) text = v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
        else if (v.isDouble()) text = QString::number(v.toDouble(), 'g', 15);
        else if (v.isNull()) text = QStringLiteral("none");
        else text = QString::fromUtf8((v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Compact));
        // A SHA-256 in full is noise in a table; 12 hex digits name it as the CLI does.
        static const QRegularExpression sha(QStringLiteral("^[0-9a-f]{64}$"));
        if (sha.match(text).hasMatch()) text = text.left(12);
        parts << it.key() + QLatin1Char(' ') + text;
    }
    return parts.join(QStringLiteral("; "));
}

int AuditLogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int AuditLogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AuditLogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    const Row& r = rows_[static_cast<std::size_t>(index.row())];
    switch (index.column()) {
        case Seq: return QString::number(r.seq);
        case Time: return r.at;
        case Actor: return r.actor;
        case Action: return r.action;
        case Entity: return r.entity;
        case Summary: return r.summary;
        default: return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Seq", "Time (UTC)", "Actor", "Action", "Entity", "Summary of the change"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

int AuditLogModel::columnWidth(int section) const {
    static const int widths[] = {70, 170, 140, 140, 170, 560};
    return section >= 0 && section < ColumnCount ? widths[section] : 100;
}
