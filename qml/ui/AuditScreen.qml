import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sendband.Ui

// Audit: the audit log (plans by pseudonym only), filtered by plan, actor, action and dates and
// read a page at a time; verifying the hash chain; the consistency report.
Item {
    id: screen
    required property AppController controller

    AuditController {
        id: audit
        app: screen.controller
        active: screen.visible
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6

        RowLayout {
            spacing: 6
            TextField {
                id: planField
                placeholderText: qsTr("Plan reference or pseudonym")
                Accessible.name: qsTr("Filter by plan: local reference or pseudonym such as P0000001")
                Layout.preferredWidth: 220
                text: audit.plan
                onTextEdited: audit.plan = text
                onAccepted: audit.applyFilter()
            }
            TextField {
                id: actorField
                placeholderText: qsTr("Actor")
                Accessible.name: qsTr("Filter by actor: the person who made the change")
                Layout.preferredWidth: 150
                text: audit.actor
                onTextEdited: audit.actor = text
                onAccepted: audit.applyFilter()
            }
            ComboBox {
                id: actionBox
                model: audit.actionLabels
                currentIndex: Math.max(0, audit.actions.indexOf(audit.action))
                Layout.preferredWidth: 230
                Accessible.name: qsTr("Filter by action")
                onActivated: function(index) { audit.action = audit.actions[index]; audit.applyFilter() }
            }
            TextField {
                id: fromField
                placeholderText: qsTr("From YYYY-MM-DD")
                Accessible.name: qsTr("Entries from this date, as YYYY-MM-DD")
                Layout.preferredWidth: 140
                inputMethodHints: Qt.ImhDate
                text: audit.dateFrom
                onTextEdited: audit.dateFrom = text
                onAccepted: audit.applyFilter()
            }
            TextField {
                id: toField
                placeholderText: qsTr("To YYYY-MM-DD")
                Accessible.name: qsTr("Entries up to and including this date, as YYYY-MM-DD")
                Layout.preferredWidth: 140
                inputMethodHints: Qt.ImhDate
                text: audit.dateTo
                onTextEdited: audit.dateTo = text
                onAccepted: audit.applyFilter()
            }
            Button {
                text: qsTr("Filter")
                enabled: screen.controller.databaseOpen
                Accessible.name: qsTr("Apply the filter")
                onClicked: audit.applyFilter()
            }
            Button {
                text: qsTr("Clear")
                enabled: screen.controller.databaseOpen
                Accessible.name: qsTr("Clear the filter and show every entry")
                onClicked: audit.clearFilter()
            }
            Item { Layout.fillWidth: true }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 16
            Label {
                text: audit.shownText
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                text: audit.filterSummary
                elide: Text.ElideRight
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
        }
        Label {
            Layout.fillWidth: true
            visible: text !== ""
            text: audit.filterError
            color: "#a00000"
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }

        HorizontalHeaderView {
            syncView: logTable
            Layout.fillWidth: true
            delegate: Rectangle {
                id: head
                required property var display
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
                Accessible.role: Accessible.ColumnHeader
                Accessible.name: head.display
            }
        }
        TableView {
            id: logTable
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 150
            clip: true
            model: audit.model
            columnWidthProvider: function(c) {
                const w = audit.model.columnWidth(c)
                // The summary takes whatever width is left.
                return c === 5 ? Math.max(w, logTable.width - 690) : w
            }
            ScrollBar.vertical: ScrollBar {}
            // A long summary runs past the window: the scroll bar is shown, not only on hover.
            ScrollBar.horizontal: ScrollBar { policy: logTable.contentWidth > logTable.width + 1 ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }
            Accessible.role: Accessible.Table
            Accessible.name: qsTr("Audit log entries, newest first")
            delegate: Rectangle {
                id: cell
                required property int row
                required property var display
                implicitHeight: 26
                color: cell.row % 2 ? "#f4f6f8" : "white"
                Label {
                    id: cellText
                    anchors.fill: parent
                    anchors.leftMargin: 6
                    anchors.rightMargin: 6
                    verticalAlignment: Text.AlignVCenter
                    text: cell.display
                    elide: Text.ElideRight
                }
                // The whole text of a cut-off cell (a long summary or file name) on hover.
                HoverHandler { id: hover }
                ToolTip.visible: hover.hovered && cellText.truncated
                ToolTip.text: cell.display
                ToolTip.delay: 500
                Accessible.role: Accessible.Cell
                Accessible.name: cell.display
            }
        }

        RowLayout {
            Layout.fillWidth: true
            // Held to the screen's width: laid out once while the screen was still 0 wide, the
            // row kept its first, wider width (Qt 6.4) and pushed the report past the edge.
            Layout.maximumWidth: screen.width - 16
            Layout.preferredHeight: 220
            Layout.maximumHeight: 220
            spacing: 12

            ColumnLayout {
                Layout.fillHeight: true
                Layout.fillWidth: false
                Layout.preferredWidth: 340
                Button {
                    text: qsTr("Verify the audit log")
                    enabled: screen.controller.databaseOpen && !screen.controller.busy
                    Accessible.name: qsTr("Verify the audit log's hash chain, and the decisions and overrides against it")
                    onClicked: audit.verify()
                }
                Rectangle {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    visible: audit.verifyState !== ""
                    radius: 4
                    color: audit.verifyState === "ok" ? "#e3f3e3" : audit.verifyState === "failed" ? "#f8e0e0" : "#eef1f4"
                    border.color: audit.verifyState === "ok" ? "#2e7d32" : audit.verifyState === "failed" ? "#a00000" : "#c0c8d0"
                    // A tampered database can list many differences: they scroll inside the box.
                    ScrollView {
                        id: verifyScroll
                        anchors.fill: parent
                        anchors.margins: 8
                        clip: true
                        Label {
                            width: verifyScroll.availableWidth
                            wrapMode: Text.Wrap  // at spaces; anywhere only inside the 64-digit hash
                            text: (audit.verifyState === "ok" ? qsTr("✔ Intact. ") : audit.verifyState === "failed" ? qsTr("✘ Problem. ") : "") + audit.verifyText
                            color: audit.verifyState === "failed" ? "#a00000" : palette.windowText
                            Accessible.role: audit.verifyState === "failed" ? Accessible.AlertMessage : Accessible.StaticText
                            Accessible.name: text
                        }
                    }
                }
                Item { Layout.fillHeight: audit.verifyState === "" }
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 200  // the rest of the row, whatever the report's longest line
                Layout.minimumWidth: 100
                RowLayout {
                    Button {
                        text: qsTr("Consistency report")
                        enabled: screen.controller.databaseOpen && !screen.controller.busy
                        Accessible.name: qsTr("Run the consistency report: every stored decision re-run under its own rule set")
                        onClicked: audit.runConsistency()
                    }
                    Label {
                        text: audit.consistencyState === "running" ? qsTr("Running…") : ""
                    }
                }
                ScrollView {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredWidth: 200  // the rest of the row, whatever the report's longest line
                    Layout.minimumWidth: 100
                    clip: true
                    TextArea {
                        id: consistencyArea
                        readOnly: true
                        selectByMouse: true
                        activeFocusOnTab: true
                        wrapMode: TextEdit.NoWrap
                        font.family: "monospace"
                        text: audit.consistencyText
                        color: audit.consistencyState === "failed" ? "#a00000" : palette.text
                        placeholderText: qsTr("The consistency report appears here.")
                        Accessible.name: qsTr("Consistency report")
                        Accessible.role: Accessible.EditableText
                        background: Rectangle { color: "white"; border.color: consistencyArea.activeFocus ? "#2f6fb0" : "#c0c8d0" }
                    }
                }
            }
        }
    }
}
