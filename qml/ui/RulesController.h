// RulesController: the Rules screen. The active rule set (the one imports and re-banding use) in
// full; loading a new version, which changes nothing when it is invalid and shows why; and the
// impact of a proposed rule set on the stored caseload, as figures for a table and charts.
#pragma once
#include "AppController.h"
#include "reports/Reports.h"
#include "rules/RuleSet.h"

#include <QObject>
#include <memory>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class RulesController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* app READ app WRITE setApp NOTIFY appChanged)
    // The active rule set: from the app's rules file, or else the one behind the latest decision.
    Q_PROPERTY(bool activeLoaded READ activeLoaded NOTIFY activeChanged)
    Q_PROPERTY(QString activeTitle READ activeTitle NOTIFY activeChanged)
    Q_PROPERTY(QString activeOrigin READ activeOrigin NOTIFY activeChanged)
    Q_PROPERTY(QString activeEffective READ activeEffective NOTIFY activeChanged)
    Q_PROPERTY(QString activeHash READ activeHash NOTIFY activeChanged)
    Q_PROPERTY(QVariantList activeSources READ activeSources NOTIFY activeChanged)
    Q_PROPERTY(QVariantList activeBands READ activeBands NOTIFY activeChanged)
    Q_PROPERTY(QString activeSummary READ activeSummary NOTIFY activeChanged)
    // The problems found in the last file loaded (active or proposed); empty when it was valid.
    Q_PROPERTY(QString diagnostics READ diagnostics NOTIFY diagnosticsChanged)
    // The proposal and its impact.
    Q_PROPERTY(bool proposalLoaded READ proposalLoaded NOTIFY proposalChanged)
    Q_PROPERTY(QString proposalTitle READ proposalTitle NOTIFY proposalChanged)
    Q_PROPERTY(QString proposalPath READ proposalPath NOTIFY proposalChanged)
    Q_PROPERTY(bool impactReady READ impactReady NOTIFY impactChanged)
    Q_PROPERTY(QString impactHeadline READ impactHeadline NOTIFY impactChanged)
    Q_PROPERTY(QString impactText READ impactText NOTIFY impactChanged)
    Q_PROPERTY(QVariantList impactBands READ impactBands NOTIFY impactChanged)
    Q_PROPERTY(QVariantList impactSettings READ impactSettings NOTIFY impactChanged)
    // The table: one row per setting type, then the total (isTotal: true).
    Q_PROPERTY(QVariantList impactRows READ impactRows NOTIFY impactChanged)
    // What `sendband impact` has: like for like against the active rule set (its --from), the
    // tables by current band, setting type and school and the plans that move (one shown at a
    // time, sortable by any column, the total kept last), and an export of them all.
    Q_PROPERTY(bool impactLikeForLike READ impactLikeForLike WRITE setImpactLikeForLike NOTIFY impactOptionsChanged)
    Q_PROPERTY(QString impactComparedWith READ impactComparedWith NOTIFY impactChanged)
    Q_PROPERTY(QStringList impactViews READ impactViews NOTIFY impactChanged)
    Q_PROPERTY(int impactView READ impactView WRITE setImpactView NOTIFY impactTableChanged)
    Q_PROPERTY(QStringList impactColumns READ impactColumns NOTIFY impactTableChanged)
    Q_PROPERTY(int impactLeftColumns READ impactLeftColumns NOTIFY impactTableChanged)
    // Each column's longest text (its heading with a sort arrow, or a cell), for the screen to
    // measure in its own font, so that no figure is cut short.
    Q_PROPERTY(QStringList impactColumnWidest READ impactColumnWidest NOTIFY impactTableChanged)
    // Rows of the table shown: {cells: [text...], isTotal}.
    Q_PROPERTY(QVariantList impactTable READ impactTable NOTIFY impactTableChanged)
    Q_PROPERTY(int impactSortColumn READ impactSortColumn NOTIFY impactTableChanged)
    Q_PROPERTY(bool impactSortAscending READ impactSortAscending NOTIFY impactTableChanged)
    Q_PROPERTY(QString impactExportStatus READ impactExportStatus NOTIFY impactExportChanged)
    Q_PROPERTY(bool impactExportFailed READ impactExportFailed NOTIFY impactExportChanged)
    // Chart series, ready to bind: bands, up/down/same per band; setting names, change in pounds.
    Q_PROPERTY(QVariantMap impactChart READ impactChart NOTIFY impactChanged)
    Q_PROPERTY(double impactMaxPlans READ impactMaxPlans NOTIFY impactChanged)
    Q_PROPERTY(double impactMaxChange READ impactMaxChange NOTIFY impactChanged)
    // The cost-change axis starts at 0 when no setting's cost goes down, else at -impactMaxChange.
    Q_PROPERTY(double impactMinChange READ impactMinChange NOTIFY impactChanged)

public:
    explicit RulesController(QObject* parent = nullptr);

    AppController* app() const { return app_; }
    void setApp(AppController* a);

    bool activeLoaded() const { return active_ != nullptr; }
    QString activeTitle() const;
    QString activeOrigin() const { return activeOrigin_; }
    QString activeEffective() const;
    QString activeHash() const;
    QVariantList activeSources() const;
    QVariantList activeBands() const;
    QString activeSummary() const { return activeSummary_; }
    QString diagnostics() const { return diagnostics_; }
    bool proposalLoaded() const { return proposal_ != nullptr; }
    QString proposalTitle() const;
    QString proposalPath() const { return proposalPath_; }
    bool impactReady() const { return impactReady_; }
    QString impactHeadline() const { return impactHeadline_; }
    QString impactText() const { return impactText_; }
    QVariantList impactBands() const { return impactBands_; }
    QVariantList impactSettings() const { return impactSettings_; }
    QVariantList impactRows() const { return impactRows_; }
    QVariantMap impactChart() const { return impactChart_; }
    double impactMaxPlans() const { return impactMaxPlans_; }
    double impactMaxChange() const { return impactMaxChange_; }
    double impactMinChange() const { return impactMinChange_; }
    bool impactLikeForLike() const { return likeForLike_; }
    void setImpactLikeForLike(bool on);
    QString impactComparedWith() const { return impactComparedWith_; }
    QStringList impactViews() const;
    int impactView() const { return view_; }
    void setImpactView(int v);
    QStringList impactColumns() const;
    int impactLeftColumns() const;
    QStringList impactColumnWidest() const;
    QVariantList impactTable() const;
    int impactSortColumn() const { return sortColumn_; }
    bool impactSortAscending() const { return sortAscending_; }
    QString impactExportStatus() const { return exportStatus_; }
    bool impactExportFailed() const { return exportFailed_; }
    // Sorts the table shown by `column`: by value for figures, in natural order for names;
    // the same column again reverses. The total row stays last.
    Q_INVOKABLE void sortImpact(int column);
    // Writes every table of the last impact to an .xlsx workbook (sendband::writeImpactXlsx,
    // what `sendband impact --format xlsx` writes), off the GUI thread.
    Q_INVOKABLE bool exportImpact(const QString& urlOrPath);

    // Makes `path` the active rule set when it is valid; when not, lists its problems and
    // changes nothing. Accepts a file path or a file:// URL (from a file dialog).
    Q_INVOKABLE bool loadActive(const QString& path);
    // Loads a proposed rule set for an impact run; invalid: problems listed, nothing changes.
    Q_INVOKABLE bool loadProposal(const QString& path);
    // The shadow run: every stored plan re-banded under the proposal as of its effective date,
    // against where each stands now. Off the GUI thread; writes nothing.
    Q_INVOKABLE bool runImpact();
    // Re-bands every stored plan under the active rule set as of `asOf` (YYYY-MM-DD).
    Q_INVOKABLE bool rebandAll(const QString& asOf);
    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void appChanged();
    void activeChanged();
    void diagnosticsChanged();
    void proposalChanged();
    void impactChanged();
    void impactOptionsChanged();
    void impactTableChanged();
    void impactExportChanged();

private:
    sendband::RuleSetPtr loadChecked(const QString& path, QString& shownPath);
    void setDiagnostics(const QString& d);
    void clearImpact();
    void applyImpact(const std::shared_ptr<const sendband::ImpactReport>& report, const std::string& proposedName,
                     const std::string& comparedWith, bool ok);
    const sendband::ReportTable* shownTable() const;
    bool setExportStatus(const QString& text, bool failed);

    AppController* app_ = nullptr;
    sendband::RuleSetPtr active_, proposal_;
    QString activeOrigin_, activeSummary_, diagnostics_, proposalPath_;
    bool impactReady_ = false;
    QString impactHeadline_, impactText_;
    QVariantList impactBands_, impactSettings_, impactRows_;
    QVariantMap impactChart_;
    double impactMaxPlans_ = 0, impactMaxChange_ = 0, impactMinChange_ = 0;
    bool likeForLike_ = false;
    std::shared_ptr<const sendband::ImpactReport> impact_;  // the last run's, for its export
    std::string impactProposedName_, impactComparedName_;
    QString impactComparedWith_;
    std::vector<sendband::ReportTable> tables_;
    int view_ = 1;  // by setting type, as before
    int sortColumn_ = -1;
    bool sortAscending_ = true;
    std::vector<std::size_t> order_;  // the shown table's rows (less the total) in sorted order
    QString exportStatus_;
    bool exportFailed_ = false;
};
