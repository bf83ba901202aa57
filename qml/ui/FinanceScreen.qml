import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import QtCharts
import Sendband.Ui

// Finance: committed spend for a financial year by band, setting type, school or primary need,
// as a table (money exactly as `sendband totals` prints it) and a bar chart; export to Excel.
Item {
    id: screen
    required property AppController controller

    FinanceController {
        id: finance
        app: screen.controller
        active: screen.visible
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6

        RowLayout {
            spacing: 8
            Label { text: qsTr("Financial year"); Accessible.ignored: true }
            ComboBox {
                id: yearBox
                model: finance.years
                currentIndex: finance.years.indexOf(finance.year)
                enabled: finance.years.length > 0
                Layout.preferredWidth: 110
                Accessible.name: qsTr("Financial year")
                onActivated: function(index) { finance.year = finance.years[index] }
            }
            Label { text: qsTr("Group by"); Accessible.ignored: true; Layout.leftMargin: 8 }
            ComboBox {
                id: groupBox
                model: finance.groupings
                currentIndex: finance.groupIndex
                Layout.preferredWidth: 220
                Accessible.name: qsTr("Group by")
                onActivated: function(index) { finance.groupIndex = index }
            }
            Button {
                text: qsTr("Refresh")
                enabled: screen.controller.databaseOpen && !screen.controller.busy
                Accessible.name: qsTr("Recompute the totals")
                onClicked: finance.refresh()
            }
            Item { Layout.fillWidth: true }
            Button {
                id: figuresButton
                objectName: "exportFiguresButton"
                text: qsTr("Export figures…")
                enabled: finance.canExport && finance.year !== "" && !screen.controller.busy
                Accessible.name: qsTr("Export the figures on screen, and band by setting type, to an Excel file")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("The chosen year and grouping, as shown, with a band x setting sheet")
                onClicked: figuresDialog.openWithName("sendband-figures-" + finance.year + ".xlsx")
            }
            Button {
                id: exportButton
                text: qsTr("Export caseload…")
                enabled: finance.canExport && !screen.controller.busy
                Accessible.name: qsTr("Export the caseload to an Excel file, without identifying fields")
                onClicked: exportDialog.openWithName("sendband-caseload.xlsx")
            }
        }

        Label {
            Layout.fillWidth: true
            visible: text !== ""
            text: finance.loading ? qsTr("Working out committed spend for %1…").arg(finance.year) : finance.summary
            wrapMode: Text.Wrap
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            visible: text !== ""
            text: finance.error
            color: "#a00000"
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            visible: text !== ""
            text: finance.exportStatus
            color: finance.exportFailed ? "#a00000" : "#006000"
            wrapMode: Text.Wrap
            Accessible.role: finance.exportFailed ? Accessible.AlertMessage : Accessible.StaticText
            Accessible.name: text
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 12

            ColumnLayout {
                Layout.fillHeight: true
                Layout.fillWidth: false
                Layout.preferredWidth: finance.model.tableWidth + 12
                spacing: 0

                HorizontalHeaderView {
                    syncView: table
                    Layout.fillWidth: true
                    delegate: Rectangle {
                        id: head
                        required property var display
                        required property int index
                        property bool ascending: true
                        implicitHeight: 30
                        color: "#dde3ea"
                        border.color: "#c0c8d0"
                        Label {
                            anchors.fill: parent
                            anchors.leftMargin: 6
                            anchors.rightMargin: 6
                            verticalAlignment: Text.AlignVCenter
                            text: head.display
                            font.bold: true
                            elide: Text.ElideRight
                        }
                        // Click a heading to sort by it; again for the other way. Total stays last.
                        TapHandler { onTapped: { finance.model.sortByColumn(head.index, head.ascending); head.ascending = !head.ascending } }
                        Accessible.role: Accessible.ColumnHeader
                        Accessible.name: qsTr("Sort by %1").arg(head.display)
                    }
                }
                TableView {
                    id: table
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: finance.model
                    columnWidthProvider: function(c) { return finance.model.columnWidth(c) }
                    ScrollBar.vertical: ScrollBar {}
                    ScrollBar.horizontal: ScrollBar {}
                    Accessible.role: Accessible.Table
                    Accessible.name: qsTr("Committed spend by %1").arg(finance.groupings[finance.groupIndex])
                    delegate: Rectangle {
                        id: cell
                        required property int row
                        required property var display
                        required property bool alignRight
                        required property bool isTotal
                        implicitHeight: 26
                        color: cell.isTotal ? "#e8edf2" : (cell.row % 2 ? "#f4f6f8" : "white")
                        Label {
                            anchors.fill: parent
                            anchors.leftMargin: 6
                            anchors.rightMargin: 6
                            verticalAlignment: Text.AlignVCenter
                            horizontalAlignment: cell.alignRight ? Text.AlignRight : Text.AlignLeft
                            text: cell.display
                            font.bold: cell.isTotal
                            elide: Text.ElideRight
                        }
                        Accessible.role: Accessible.Cell
                        Accessible.name: cell.display
                    }
                }
            }

            // Up to six groups, bars stand up; more (schools, needs), they run sideways, so that
            // each label (a URN, a need code) has the room to be read whole.
            ChartView {
                id: chart
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumWidth: 300
                title: finance.model.chartTitle
                antialiasing: true
                legend.alignment: Qt.AlignBottom
                visible: finance.model.hasFigures && finance.model.chartLabels.length <= 6
                Accessible.role: Accessible.Chart
                Accessible.name: qsTr("Bar chart of committed spend; the same figures are in the table")

                BarSeries {
                    id: bars
                    axisX: BarCategoryAxis { categories: finance.model.chartLabels }
                    axisY: ValueAxis {
                        min: 0
                        max: finance.model.chartMax
                        // Thousands separators (4,000,000); the £ is in the title, since QtCharts 6.4
                        // reads the format as Latin-1 and mangles a £ inside it.
                        labelFormat: "%'.0f"
                        titleText: qsTr("£ in the year")
                        tickCount: 6
                    }
                    BarSet { label: qsTr("Top-up"); values: finance.model.chartTopUp; color: "#2f6fb0" }
                    BarSet { label: qsTr("Place funding"); values: finance.model.chartPlace; color: "#e0a030" }
                }
            }
            ChartView {
                id: sidewaysChart
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumWidth: 300
                title: finance.model.chartTitle
                antialiasing: true
                legend.alignment: Qt.AlignBottom
                visible: finance.model.hasFigures && finance.model.chartLabels.length > 6
                Accessible.role: Accessible.Chart
                Accessible.name: qsTr("Bar chart of committed spend; the same figures are in the table")

                HorizontalBarSeries {
                    axisY: BarCategoryAxis { categories: finance.model.chartLabels; labelsFont.pixelSize: 10 }
                    axisX: ValueAxis {
                        min: 0
                        max: finance.model.chartMax
                        labelFormat: "%'.0f"
                        titleText: qsTr("£ in the year")
                        tickCount: 3
                        labelsFont.pixelSize: 10
                    }
                    BarSet { label: qsTr("Top-up"); values: finance.model.chartTopUp; color: "#2f6fb0" }
                    BarSet { label: qsTr("Place funding"); values: finance.model.chartPlace; color: "#e0a030" }
                }
            }
        }
    }

    // File > Export caseload… opens the same dialog.
    function chooseExportFile() { exportDialog.openWithName("sendband-caseload.xlsx") }
    // For the self-test, which opens and closes every dialog of the app.
    function dialogs() { return [exportDialog, figuresDialog, replaceDialog] }

    ReplaceFileDialog { id: replaceDialog; objectName: "replaceDialog"; controller: screen.controller }

    FileDialog {
        id: exportDialog
        title: qsTr("Export the caseload to Excel (no identifying fields)")
        fileMode: FileDialog.SaveFile
        // Qt 6.4's own dialog says "Open" and keeps it greyed until a typed name is confirmed
        // with Enter: it is offered a name to start from, and says what it does.
        acceptLabel: qsTr("Export")
        function openWithName(name) { selectedFile = currentFolder + "/" + name; open() }
        defaultSuffix: "xlsx"
        nameFilters: [qsTr("Excel workbook (*.xlsx)")]
        onAccepted: replaceDialog.ask(selectedFile, function() { finance.exportXlsx(exportDialog.selectedFile) })
    }

    FileDialog {
        id: figuresDialog
        objectName: "figuresDialog"
        title: qsTr("Export the %1 figures to Excel").arg(finance.year)
        fileMode: FileDialog.SaveFile
        // Qt 6.4's own dialog says "Open" and keeps it greyed until a typed name is confirmed
        // with Enter: it is offered a name to start from, and says what it does.
        acceptLabel: qsTr("Export")
        function openWithName(name) { selectedFile = currentFolder + "/" + name; open() }
        defaultSuffix: "xlsx"
        nameFilters: [qsTr("Excel workbook (*.xlsx)")]
        onAccepted: replaceDialog.ask(selectedFile, function() { finance.exportFigures(figuresDialog.selectedFile) })
    }
}
