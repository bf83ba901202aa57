#include "AuditLogModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>

AuditLogModel::AuditLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void AuditLogModel::setDatabase(sendband::Database* db) {
    db_ = db;
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
    exhausted_ = db_ == nullptr || filter_.noEntity;
    endResetModel();
    fetching_ = false;
    Q_EMIT loadedChanged();
    if (!exhausted_) fetchMore({});
}

namespace {

// An action names a family when it has no dot: "override" matches override.create and .approve.
bool isFamily(const std::string& action) { return action.find('.') == std::string::npos; }

}  // namespace

std::string AuditLogModel::where(bool paging) const {
    std::string w = " WHERE 1";
    if (!filter_.entities.empty()) {
        w += " AND entity IN (?";
        for (std::size_t i = 1; i < filter_.entities.size(); ++i) w += ", ?";
        w += ")";
    }
    if (!filter_.actor.empty()) w += " AND actor = ?";
    if (!filter_.action.empty()) w += isFamily(filter_.action) ? " AND (action = ? OR (action >= ? AND action < ?))" : " AND action = ?";
    if (!filter_.from.empty()) w += " AND at >= ?";
    if (!filter_.before.empty()) w += " AND at < ?";
    if (paging) w += " AND seq < ?";
    return w;
}

int AuditLogModel::bind(sendband::Statement& s, bool paging) const {
    int i = 0;
    for (const auto& e : filter_.entities) s.bind(++i, e);
    if (!filter_.actor.empty()) s.bind(++i, filter_.actor);
    if (!filter_.action.empty()) {
        s.bind(++i, filter_.action);
        if (isFamily(filter_.action)) {
            s.bind(++i, filter_.action + ".");
            s.bind(++i, filter_.action + "/");  // '/' follows '.': the end of the family's range
        }
    }
    if (!filter_.from.empty()) s.bind(++i, filter_.from);
    if (!filter_.before.empty()) s.bind(++i, filter_.before);
    if (paging) s.bind(++i, static_cast<std::int64_t>(rows_.back().seq));
    return i;
}

bool AuditLogModel::canFetchMore(const QModelIndex& parent) const { return !parent.isValid() && !exhausted_ && !fetching_; }

void AuditLogModel::fetchMore(const QModelIndex& parent) {
    // A view (or the model tester) may ask again from inside rowsInserted: one page at a time.
    if (parent.isValid() || exhausted_ || !db_ || fetching_) return;
    fetching_ = true;
    struct Done {
        bool& flag;
        ~Done() { flag = false; }
    } done{fetching_};
    std::vector<Row> page;
    try {
        const bool paging = !rows_.empty();
        auto s = db_->prepare("SELECT seq, at, actor, action, entity, coalesce(after, '') FROM audit_log" + where(paging) +
                              " ORDER BY seq DESC LIMIT " + std::to_string(pageSize_));
        bind(*s, paging);
        while (s->step()) {
            Row r;
            r.seq = s->int64(0);
            r.at = QString::fromStdString(s->text(1));
            r.actor = QString::fromStdString(s->text(2));
            r.action = QString::fromStdString(s->text(3));
            r.entity = QString::fromStdString(s->text(4));
            r.summary = summarise(s->text(5));
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
    if (!db_ || filter_.noEntity) return 0;
    auto s = db_->prepare("SELECT count(*) FROM audit_log" + where(false));
    bind(*s, false);
    return s->step() ? s->int64(0) : 0;
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
