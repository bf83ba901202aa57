import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sendband.Ui

// The caseload: a sortable, filterable table of plans with a summary strip.
Item {
    id: screen
    required property AppController controller
    signal planChosen(var id)

    CaseloadFilterModel {
        id: filtered
        objectName: "caseloadFilter"  // found by sendband-app --bench
        sourceModel: screen.controller.caseload
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6

        RowLayout {
            spacing: 24
            Label { text: qsTr("Plans: %1").arg(screen.controller.caseload.planCount); font.bold: true }
            Label { text: qsTr("Annual top-up: £%1").arg(screen.controller.caseload.annualTopUp); font.bold: true }
            Label { text: qsTr("Awaiting approval: %1").arg(screen.controller.caseload.awaitingApproval); font.bold: true }
            Label { text: qsTr("Shown: %1").arg(filtered.shown) }
        }

        RowLayout {
            TextField {
                id: search
                objectName: "caseloadSearch"
                placeholderText: qsTr("Search by reference")
                Accessible.name: qsTr("Search by reference")
                Layout.preferredWidth: 240
                onTextChanged: filtered.search = text
                // Enter opens the first plan shown: a reference typed and Enter, without a mouse.
                onAccepted: if (filtered.shown > 0) screen.planChosen(filtered.planIdAt(0))
                focus: true
            }
            TextField {
                placeholderText: qsTr("Band")
                Accessible.name: qsTr("Filter by band")
                Layout.preferredWidth: 90
                onTextChanged: filtered.band = text
            }
            TextField {
                placeholderText: qsTr("Setting type")
                Accessible.name: qsTr("Filter by setting type")
                Layout.preferredWidth: 140
                onTextChanged: filtered.settingType = text
            }
            TextField {
                placeholderText: qsTr("Primary need")
                Accessible.name: qsTr("Filter by primary need")
                Layout.preferredWidth: 120
                onTextChanged: filtered.primaryNeed = text
            }
            CheckBox { text: qsTr("Overridden only"); onToggled: filtered.overriddenOnly = checked; Accessible.name: text }
            CheckBox { text: qsTr("Awaiting approval (the queue)"); onToggled: filtered.awaitingOnly = checked; Accessible.name: text }
        }

        HorizontalHeaderView {
            id: headerView
            syncView: table
            Layout.fillWidth: true
            delegate: Rectangle {
                id: head
                required property int index
                required property var display
                property bool ascending: true
                implicitHeight: 30
                color: "#dde3ea"
                border.color: "#c0c8d0"
                Label {
                    anchors.fill: parent
                    anchors.leftMargin: 6
                    verticalAlignment: Text.AlignVCenter
                    text: head.display
                    font.bold: true
                    elide: Text.ElideRight
                }
                TapHandler {
                    onTapped: { filtered.sortByColumn(head.index, head.ascending); head.ascending = !head.ascending }
                }
                Accessible.role: Accessible.ColumnHeader
                Accessible.name: qsTr("Sort by %1").arg(head.display)
            }
        }
        TableView {
            id: table
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: filtered
            // Keyboard: Tab into the table, Up/Down/Page Up/Page Down/Home/End move the current
            // row, Enter opens it.
            property int current: 0
            activeFocusOnTab: true
            Accessible.role: Accessible.Table
            Accessible.name: qsTr("Plans; Up and Down choose a plan, Enter opens it")
            function moveTo(row) {
                if (rows === 0) return
                current = Math.max(0, Math.min(rows - 1, row))
                positionViewAtRow(current, TableView.Contain)
            }
            Keys.onUpPressed: moveTo(current - 1)
            Keys.onDownPressed: moveTo(current + 1)
            Keys.onPressed: function(event) {
                const page = Math.max(1, Math.floor(height / 26) - 1)
                if (event.key === Qt.Key_PageDown) moveTo(current + page)
                else if (event.key === Qt.Key_PageUp) moveTo(current - page)
                else if (event.key === Qt.Key_Home) moveTo(0)
                else if (event.key === Qt.Key_End) moveTo(rows - 1)
                else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
                    if (rows > 0) screen.planChosen(filtered.planIdAt(current))
                } else return
                event.accepted = true
            }
            onRowsChanged: if (current >= rows) current = Math.max(0, rows - 1)
            // The columns share the width, down to 80% of their natural size (all of them still fit
            // a 1024-wide window, reference first); narrower than that, a scroll bar appears.
            // Scaled to the window, but never narrower than the column's heading ("Primary need",
            // "Review due" were cut at 1024 wide); what does not fit scrolls sideways.
            columnWidthProvider: function(c) {
                return Math.max([110, 56, 110, 160, 118, 110, 106, 100, 116][c], [130, 70, 170, 230, 110, 140, 100, 130, 130][c] * Math.max(0.8, table.width / 1230))
            }
            ScrollBar.vertical: ScrollBar {}
            ScrollBar.horizontal: ScrollBar { policy: table.contentWidth > table.width + 1 ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }
            delegate: Rectangle {
                id: cell
                required property int row
                required property var display
                implicitHeight: 26
                color: table.activeFocus && row === table.current ? "#cfe3ff" : (row % 2 ? "#f4f6f8" : "white")
                Label { anchors.fill: parent; anchors.leftMargin: 6; verticalAlignment: Text.AlignVCenter; text: cell.display; elide: Text.ElideRight }
                TapHandler {
                    onTapped: { table.current = cell.row; table.forceActiveFocus() }
                    onDoubleTapped: screen.planChosen(filtered.planIdAt(cell.row))
                }
            }
        }
    }
}
