// CaseloadFilterModel: sorting and filtering of the caseload table (reference search, band,
// setting type, need, overridden only), done in C++ so QML only binds.
#pragma once
#include <QSortFilterProxyModel>

#include <string>
#include <QtQml/qqmlregistration.h>

class CaseloadFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
    Q_PROPERTY(QString band READ band WRITE setBand NOTIFY filterChanged)
    Q_PROPERTY(QString settingType READ settingType WRITE setSettingType NOTIFY filterChanged)
    Q_PROPERTY(QString primaryNeed READ primaryNeed WRITE setPrimaryNeed NOTIFY filterChanged)
    Q_PROPERTY(bool overriddenOnly READ overriddenOnly WRITE setOverriddenOnly NOTIFY filterChanged)
    // The approvals queue: plans whose override waits for a second person.
    Q_PROPERTY(bool awaitingOnly READ awaitingOnly WRITE setAwaitingOnly NOTIFY filterChanged)
    Q_PROPERTY(int shown READ shown NOTIFY shownChanged)

public:
    explicit CaseloadFilterModel(QObject* parent = nullptr);

    QString search() const { return search_; }
    void setSearch(const QString& s);
    QString band() const { return band_; }
    void setBand(const QString& b);
    QString settingType() const { return setting_; }
    void setSettingType(const QString& s);
    QString primaryNeed() const { return need_; }
    void setPrimaryNeed(const QString& n);
    bool overriddenOnly() const { return overriddenOnly_; }
    void setOverriddenOnly(bool o);
    bool awaitingOnly() const { return awaitingOnly_; }
    void setAwaitingOnly(bool a);
    int shown() const { return rowCount(); }

    Q_INVOKABLE void sortByColumn(int column, bool ascending);
    Q_INVOKABLE qint64 planIdAt(int row) const;

Q_SIGNALS:
    void filterChanged();
    void shownChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void changed();
    QString search_, band_, setting_, need_;
    std::string searchKey_, bandKey_, settingKey_, needKey_;
    bool overriddenOnly_ = false, awaitingOnly_ = false;
};
