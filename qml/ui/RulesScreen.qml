import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import QtCharts
import Sendband.Ui

// The Rules screen: the active rule set in full, loading a new version (its problems shown when
// it is invalid; nothing changes), re-banding, and the impact of a proposed rule set.
Item {
    id: root
    property AppController controller
    property alias rules: rulesController

    RulesController { id: rulesController; app: root.controller }
    // For the self-test, which opens and closes every dialog of the app.
    function dialogs() { return [activeDialog, proposalDialog, impactExportDialog, replaceImpactDialog] }

    ReplaceFileDialog { id: replaceImpactDialog; controller: root.controller }

    FileDialog {
        id: impactExportDialog
        title: qsTr("Export the impact to Excel")
        fileMode: FileDialog.SaveFile
        // Qt 6.4's own dialog says "Open" and keeps it greyed until a typed name is confirmed
        // with Enter: it is offered a name to start from, and says what it does.
        acceptLabel: qsTr("Export")
        function openWithName(name) { selectedFile = currentFolder + "/" + name; open() }
        defaultSuffix: "xlsx"
        nameFilters: [qsTr("Excel workbook (*.xlsx)")]
        onAccepted: replaceImpactDialog.ask(selectedFile, function() { rulesController.exportImpact(impactExportDialog.selectedFile) })
    }

    FileDialog {
        id: activeDialog
        title: qsTr("Choose the rule set to make active")
        nameFilters: [qsTr("Rule sets (*.yaml *.yml)")]
        onAccepted: rulesController.loadActive(selectedFile)
    }
    FileDialog {
        id: proposalDialog
        title: qsTr("Choose a proposed rule set")
        nameFilters: [qsTr("Rule sets (*.yaml *.yml)")]
        onAccepted: rulesController.loadProposal(selectedFile)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6

        // Problems with the last file loaded: shown until a valid one is loaded.
        Frame {
            Layout.fillWidth: true
            Layout.maximumHeight: 160
            visible: rulesController.diagnostics !== ""
            background: Rectangle { color: "#fff0f0"; border.color: "#a00000"; radius: 3 }
            ScrollView {
                anchors.fill: parent
                TextArea {
                    readOnly: true
                    text: rulesController.diagnostics
                    font.family: "DejaVu Sans Mono"
                    font.pixelSize: 12
                    color: "#700000"
                    wrapMode: TextEdit.Wrap
                    Accessible.name: qsTr("Problems found in the rule set")
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 10

            // ---- the active rule set
            ColumnLayout {
                Layout.fillHeight: true
                Layout.preferredWidth: root.width * 0.46
                Layout.maximumWidth: root.width * 0.46
                spacing: 4

                Label { text: qsTr("Active rule set"); font.bold: true; font.pixelSize: 16 }
                Label {
                    Layout.fillWidth: true
                    text: rulesController.activeLoaded ? rulesController.activeTitle : qsTr("No rule set yet: choose one, or import a caseload.")
                    wrapMode: Text.Wrap
                    font.bold: true
                }
                Label { Layout.fillWidth: true; text: rulesController.activeOrigin; wrapMode: Text.Wrap; color: "#555"; visible: text !== "" }
                GridLayout {
                    columns: 2
                    visible: rulesController.activeLoaded
                    Label { text: qsTr("Effective:") }
                    Label { text: rulesController.activeEffective }
                    Label { text: qsTr("SHA-256:") }
                    Label {
                        Layout.fillWidth: true
                        text: rulesController.activeHash
                        font.family: "DejaVu Sans Mono"
                        font.pixelSize: 11
                        elide: Text.ElideMiddle
                    }
                }
                Repeater {
                    model: rulesController.activeSources
                    Label {
                        required property var modelData
                        Layout.fillWidth: true
                        text: qsTr("Source: %1").arg(modelData.title) + (modelData.url !== "" ? " <" + modelData.url + ">" : "")
                        wrapMode: Text.Wrap
                        font.pixelSize: 11
                        color: "#333"
                    }
                }
                RowLayout {
                    Button {
                        text: qsTr("Load a new version…")
                        Accessible.name: qsTr("Load a new version of the rule set")
                        enabled: !root.controller.busy
                        onClicked: activeDialog.open()
                    }
                    Label { text: qsTr("Re-band all as of") }
                    TextField {
                        id: asOfField
                        placeholderText: "YYYY-MM-DD"
                        text: "2026-04-01"
                        Layout.preferredWidth: 100
                        Accessible.name: qsTr("Re-band as-of date")
                        selectByMouse: true
                    }
                    Button {
                        text: qsTr("Re-band")
                        Accessible.name: qsTr("Re-band every plan under the active rule set")
                        enabled: rulesController.activeLoaded && root.controller.databaseOpen && !root.controller.busy
                        onClicked: rulesController.rebandAll(asOfField.text)
                    }
                }
                Label { text: qsTr("Bands"); font.bold: true; Layout.topMargin: 4 }
                Repeater {
                    model: rulesController.activeBands
                    Label {
                        required property var modelData
                        Layout.fillWidth: true
                        text: "<b>" + modelData.id + "</b> " + modelData.name + (modelData.range !== "" ? " — " + modelData.range : "") + " — " + modelData.funding
                        textFormat: Text.StyledText
                        wrapMode: Text.Wrap
                    }
                }
                Label { text: qsTr("The whole rule set (domains, descriptors, tariffs)"); font.bold: true; Layout.topMargin: 4 }
                Flickable {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    ScrollBar.vertical: ScrollBar {}
                    TextArea.flickable: TextArea {
                        readOnly: true
                        text: rulesController.activeSummary
                        font.family: "DejaVu Sans Mono"
                        font.pixelSize: 11
                        wrapMode: TextEdit.Wrap
                        Accessible.name: qsTr("The active rule set in full")
                        background: Rectangle { color: "#fafafa"; border.color: "#ccc" }
                    }
                }
            }

            // ---- a proposal and its impact
            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: 4

                Label { text: qsTr("Impact of a proposed rule set"); font.bold: true; font.pixelSize: 16 }
                RowLayout {
                    Button {
                        text: qsTr("Choose proposal…")
                        Accessible.name: qsTr("Choose a proposed rule set")
                        onClicked: proposalDialog.open()
                    }
                    CheckBox {
                        objectName: "likeForLikeBox"
                        text: qsTr("Like for like")
                        checked: rulesController.impactLikeForLike
                        enabled: rulesController.activeLoaded
                        Accessible.name: qsTr("Compare like for like: every plan decided afresh under the active rule set as of the same date")
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Compare with every plan decided afresh under the active rule set as of the same date, not with each plan's stored decision")
                        onToggled: rulesController.impactLikeForLike = checked
                    }
                    Button {
                        text: qsTr("Run impact")
                        Accessible.name: qsTr("Run the impact of the proposed rule set")
                        enabled: rulesController.proposalLoaded && root.controller.databaseOpen && !root.controller.busy
                        onClicked: rulesController.runImpact()
                    }
                }
                Label {
                    Layout.fillWidth: true
                    text: rulesController.proposalLoaded ? qsTr("Proposal: %1").arg(rulesController.proposalTitle)
                                                         : qsTr("Choose a proposed rule set to see, before it goes live, how many plans move band and what it costs. Nothing is stored.")
                    wrapMode: Text.Wrap
                }
                // In a Column, not straight in the layout: two wrapped labels there overlapped when
                // the first grew to two lines (Qt 6.4 did not move the second).
                Column {
                    Layout.fillWidth: true
                    visible: rulesController.impactReady
                    spacing: 2
                    Label {
                        width: parent.width
                        text: rulesController.impactComparedWith
                        wrapMode: Text.Wrap
                    }
                    Label {
                        width: parent.width
                        text: rulesController.impactHeadline
                        wrapMode: Text.Wrap
                        font.bold: true
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    // Smaller on a short window, so that the table keeps room.
                    Layout.preferredHeight: Math.max(200, Math.min(300, root.height * 0.36))
                    Layout.maximumHeight: 300
                    visible: rulesController.impactReady
                    ChartView {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        title: qsTr("Plans by current band")
                        legend.alignment: Qt.AlignBottom
                        antialiasing: true
                        StackedBarSeries {
                            axisX: BarCategoryAxis { categories: rulesController.impactChart.bands || []; labelsFont.pixelSize: 10 }
                            axisY: ValueAxis { min: 0; max: Math.max(1, rulesController.impactMaxPlans); labelFormat: "%d" }
                            BarSet { label: qsTr("Stay"); color: "#9e9e9e"; values: rulesController.impactChart.same || [] }
                            BarSet { label: qsTr("Up"); color: "#c0392b"; values: rulesController.impactChart.up || [] }
                            BarSet { label: qsTr("Down"); color: "#2e86c1"; values: rulesController.impactChart.down || [] }
                        }
                    }
                    ChartView {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        title: qsTr("Annual cost change by setting (£)")
                        legend.visible: false
                        antialiasing: true
                        // Bars run sideways, so each setting type's name has the room to be read whole.
                        HorizontalBarSeries {
                            axisY: BarCategoryAxis { categories: rulesController.impactChart.settings || []; labelsFont.pixelSize: 10 }
                            axisX: ValueAxis {
                                min: rulesController.impactMinChange
                                max: Math.max(1, rulesController.impactMaxChange)
                                tickCount: 3
                                labelFormat: "%'.0f"  // thousands separators
                                labelsFont.pixelSize: 10
                            }
                            BarSet { label: qsTr("Change"); color: "#8e44ad"; values: rulesController.impactChart.change || [] }
                        }
                    }
                }
                // The figures behind the charts, exact to the penny: the table chosen, sortable.
                RowLayout {
                    Layout.fillWidth: true
                    visible: rulesController.impactReady
                    spacing: 8
                    Label { text: qsTr("Table"); Accessible.ignored: true }
                    ComboBox {
                        id: impactViewBox
                        objectName: "impactViewBox"
                        model: rulesController.impactViews
                        currentIndex: rulesController.impactView
                        Layout.preferredWidth: 280
                        Accessible.name: qsTr("Which impact table to show")
                        onActivated: function(index) { rulesController.impactView = index }
                    }
                    Item { Layout.fillWidth: true }
                    Button {
                        objectName: "exportImpactButton"
                        text: qsTr("Export impact…")
                        enabled: rulesController.impactReady && !root.controller.busy
                        Accessible.name: qsTr("Export every impact table, with the plans that move, to an Excel file")
                        onClicked: impactExportDialog.openWithName("sendband-impact.xlsx")
                    }
                }
                Label {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: rulesController.impactExportStatus
                    color: rulesController.impactExportFailed ? "#a00000" : "#006000"
                    wrapMode: Text.Wrap
                    Accessible.role: rulesController.impactExportFailed ? Accessible.AlertMessage : Accessible.StaticText
                    Accessible.name: text
                }
                ListView {
                    id: impactList
                    objectName: "impactList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.minimumHeight: 120
                    visible: rulesController.impactReady
                    clip: true
                    model: rulesController.impactTable
                    ScrollBar.vertical: ScrollBar {}
                    // Each column as wide as its widest text, measured in bold (the total row), so
                    // no figure is cut short; a wide table (by school, the plans that change)
                    // scrolls sideways, and starts at its left edge when another is chosen.
                    Item {
                        visible: false
                        Repeater {
                            id: widthProbe
                            model: rulesController.impactColumnWidest
                            delegate: Text { required property string modelData; text: modelData; font.bold: true }
                        }
                    }
                    function columnWidth(i) {
                        const probe = widthProbe.itemAt(i)
                        return probe ? Math.ceil(probe.implicitWidth) + 2 : 40
                    }
                    function tableWidth() {
                        let w = 8
                        for (let c = 0; c < rulesController.impactColumns.length; ++c) w += columnWidth(c) + 10
                        return w
                    }
                    onModelChanged: contentX = 0
                    bottomMargin: 14  // the total row clear of the sideways scroll bar
                    contentWidth: Math.max(width, tableWidth())
                    flickableDirection: Flickable.HorizontalAndVerticalFlick
                    ScrollBar.horizontal: ScrollBar { policy: impactList.contentWidth > impactList.width ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }
                    headerPositioning: ListView.OverlayHeader
                    header: Rectangle {
                        width: impactList.contentWidth
                        height: headRow.implicitHeight + 6
                        color: "#e8edf3"
                        z: 2
                        Row {
                            id: headRow
                            x: 4
                            y: 3
                            spacing: 10
                            Repeater {
                                model: rulesController.impactColumns
                                delegate: Label {
                                    required property string modelData
                                    required property int index
                                    width: impactList.columnWidth(index)
                                    text: modelData + (rulesController.impactSortColumn === index ? (rulesController.impactSortAscending ? " ▲" : " ▼") : "")
                                    font.bold: true
                                    elide: Text.ElideRight
                                    horizontalAlignment: index < rulesController.impactLeftColumns ? Text.AlignLeft : Text.AlignRight
                                    Accessible.role: Accessible.ColumnHeader
                                    Accessible.name: qsTr("Sort by %1").arg(modelData)
                                    MouseArea { anchors.fill: parent; cursorShape: Qt.PointingHandCursor; onClicked: rulesController.sortImpact(parent.index) }
                                }
                            }
                        }
                    }
                    delegate: Row {
                        required property var modelData
                        x: 4
                        spacing: 10
                        Repeater {
                            model: modelData.cells
                            delegate: Label {
                                required property string modelData
                                required property int index
                                width: impactList.columnWidth(index)
                                text: modelData
                                font.bold: parent.modelData.isTotal === true
                                elide: Text.ElideRight
                                horizontalAlignment: index < rulesController.impactLeftColumns ? Text.AlignLeft : Text.AlignRight
                            }
                        }
                    }
                }
                Item { Layout.fillHeight: true; visible: !rulesController.impactReady }
            }
        }
    }
}
