import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sendband.Ui

// One plan: the needs profile with every descriptor, the band, money and reasons as levels
// change, the history, and override and approval.
Item {
    id: screen
    required property AppController controller
    readonly property alias planId: plan.planId
    // Opens another plan; with unsaved changes, asks first whether to save or discard them.
    function openPlan(id) {
        if (id === plan.planId) return
        if (plan.dirty) { leaveDialog.nextPlan = id; leaveDialog.open(); return }
        plan.planId = id
    }

    PlanController {
        id: plan
        objectName: "planController"  // found by sendband-app --bench
        app: screen.controller
        onActionFailed: function(message) { status.text = message; status.color = "#a00000" }
        onActionDone: function(message) { status.text = message; status.color = "#006000" }
        // A message is about the plan it was given for: another plan starts without it.
        property real shownPlan: -1
        onPlanChanged: if (planId !== shownPlan) { shownPlan = planId; status.text = "" }
    }

    Dialog {
        id: leaveDialog
        objectName: "leaveDialog"
        property real nextPlan: -1
        title: qsTr("Unsaved changes")
        modal: true
        anchors.centerIn: parent
        standardButtons: Dialog.Save | Dialog.Discard | Dialog.Cancel
        width: 480
        Label {
            width: leaveDialog.availableWidth
            text: qsTr("The levels of %1 were changed and not saved. Save them as a new assessment, or discard them?").arg(plan.reference)
            wrapMode: Text.WordWrap
        }
        onAccepted: { if (plan.save()) plan.planId = nextPlan }
        onDiscarded: { plan.planId = nextPlan; close() }
    }

    Label {
        anchors.centerIn: parent
        visible: !plan.loaded
        text: plan.error !== "" ? plan.error : qsTr("Choose a plan on the Caseload screen (double-click a row).")
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 12
        visible: plan.loaded

        // Left: the needs profile.
        ColumnLayout {
            Layout.fillHeight: true
            Layout.preferredWidth: parent.width * 0.55
            Label { text: qsTr("%1 — %2").arg(plan.reference).arg(plan.ruleSetName); font.bold: true; font.pixelSize: 16 }
            Label { objectName: "planDetails"; text: plan.details; wrapMode: Text.WordWrap; Layout.fillWidth: true; color: "#333333" }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                ListView {
                    id: domainList
                    model: plan.domains
                    spacing: 10
                    delegate: GroupBox {
                        id: domainBox
                        required property var modelData
                        width: domainList.width - 16
                        title: modelData.name
                        ColumnLayout {
                            anchors.fill: parent
                            ButtonGroup { id: levelGroup }
                            Repeater {
                                model: domainBox.modelData.levels
                                RadioButton {
                                    required property var modelData
                                    objectName: "level_" + domainBox.modelData.index + "_" + modelData.value
                                    Layout.fillWidth: true
                                    ButtonGroup.group: levelGroup
                                    checked: modelData.value === plan.levels[domainBox.modelData.index]
                                    text: qsTr("Level %1 %2 (score %3): %4").arg(modelData.value).arg(modelData.label).arg(modelData.score).arg(modelData.descriptor)
                                    Accessible.name: qsTr("%1 level %2").arg(domainBox.modelData.name).arg(modelData.value)
                                    contentItem: Label {
                                        leftPadding: parent.indicator.width + parent.spacing
                                        text: parent.text
                                        wrapMode: Text.WordWrap
                                        verticalAlignment: Text.AlignVCenter
                                    }
                                    onClicked: plan.setLevel(domainBox.modelData.index, modelData.value)
                                }
                            }
                        }
                    }
                }
            }
        }

        // Right: the result, actions and history. Its width is fixed by the window, not by its
        // longest line, so that at 1024 x 700 every line wraps inside it instead of running off.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: parent.width * 0.45
            Layout.maximumWidth: parent.width * 0.45
            Frame {
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        objectName: "bandLabel"
                        text: plan.showMoney ? qsTr("Band %1").arg(plan.headlineBand) : qsTr("Band hidden until the profile is saved (band-blind)")
                        font.bold: true
                        font.pixelSize: 18
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                    Label { visible: plan.showMoney; text: plan.headlineMoney; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    Label { objectName: "headlineNote"; visible: plan.showMoney && plan.headlineNote !== ""; text: plan.headlineNote; color: "#8a4b00"; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    RowLayout {
                        Label { text: qsTr("Priced as of") }
                        TextField {
                            id: asOfField
                            objectName: "asOfField"
                            text: plan.asOf
                            inputMask: "9999-99-99"
                            selectByMouse: true
                            Layout.preferredWidth: 120
                            Accessible.name: qsTr("Priced as of (YYYY-MM-DD); Save records the decision as of this date")
                            onEditingFinished: if (text !== plan.asOf) plan.asOf = text
                        }
                        Label { text: qsTr("(Save records the decision as of this date)"); color: "#555555"; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    }
                    Label { visible: plan.overrideSummary !== ""; text: plan.overrideSummary; color: "#555555"; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    Label { visible: plan.error !== ""; text: plan.error; color: "#a00000"; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                }
            }
            RowLayout {
                Button { text: qsTr("&Save assessment"); enabled: plan.dirty; onClicked: plan.save() }
                Button {
                    text: qsTr("&Override…")
                    enabled: !plan.dirty  // an override changes the saved decision: save or discard the edits first
                    onClicked: overrideDialog.open()
                    ToolTip.visible: hovered && plan.dirty
                    ToolTip.text: qsTr("Save or discard the changed levels first")
                }
                Button { text: qsTr("&Approve override"); enabled: plan.overrideStatus === "awaiting_approval"; onClicked: plan.approve() }
            }
            Label { id: status; Layout.fillWidth: true; wrapMode: Text.WordWrap }
            Label { text: qsTr("Why this band"); font.bold: true; visible: plan.showMoney }
            // The steps, selectable (to copy into a letter), with a scroll bar that is always there.
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 220
                clip: true
                visible: plan.showMoney
                ScrollBar.vertical.policy: ScrollBar.AlwaysOn
                TextArea {
                    objectName: "whyText"
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.Wrap
                    rightPadding: 14
                    textFormat: TextEdit.RichText  // each step in words, its formula under it in smaller type
                    text: plan.whyHtml
                    Accessible.name: qsTr("Why this band: every step, selectable")
                    background: null
                }
            }
            Label { text: qsTr("History"); font.bold: true; Layout.topMargin: 8 }
            ListView {
                Layout.fillWidth: true
                Layout.preferredHeight: 150
                clip: true
                model: plan.history
                delegate: Label {
                    required property var modelData
                    width: ListView.view.width
                    text: (modelData.when !== "" ? modelData.when + "  " : "") + modelData.summary
                    wrapMode: Text.WordWrap  // a long line wraps rather than losing its end
                    bottomPadding: 2
                }
                ScrollBar.vertical: ScrollBar {}
            }
        }
    }

    // For the self-test, which opens and closes every dialog of the app.
    function dialogs() { return [overrideDialog, leaveDialog] }

    Dialog {
        id: overrideDialog
        objectName: "overrideDialog"
        title: qsTr("Override the band of %1").arg(plan.reference)
        modal: true
        anchors.centerIn: parent
        width: Math.min(screen.width - 40, 720)
        standardButtons: Dialog.Ok | Dialog.Cancel  // Escape cancels (the popup's own close policy)
        onAboutToShow: {
            bandBox.currentIndex = plan.currentBandIndex  // the band in force, to change from
            reasonBox.currentIndex = 0
            noteField.text = ""
            amountField.text = ""
            noteField.forceActiveFocus()
        }
        GridLayout {
            width: overrideDialog.availableWidth
            columns: 2
            Label { text: qsTr("Band") }
            ComboBox {
                id: bandBox
                objectName: "overrideBand"
                model: plan.bandChoices
                textRole: "text"
                valueRole: "id"
                Layout.fillWidth: true
                Accessible.name: qsTr("Band")
            }
            Label { text: qsTr("Reason") }
            ComboBox {
                id: reasonBox
                objectName: "overrideReason"
                model: plan.overrideReasons
                textRole: "text"
                valueRole: "code"
                Layout.fillWidth: true
                Accessible.name: qsTr("Reason code")
                // Long reasons wrap in the list instead of being cut off.
                delegate: ItemDelegate {
                    required property var modelData
                    required property int index
                    width: reasonBox.popup.width
                    contentItem: Label { text: modelData.text; wrapMode: Text.WordWrap }
                    highlighted: reasonBox.highlightedIndex === index
                }
            }
            Label { text: qsTr("Note") }
            TextField {
                id: noteField
                placeholderText: qsTr("Why, in words (required)")
                Layout.fillWidth: true
                Accessible.name: qsTr("Note")
                onAccepted: overrideDialog.accept()  // Enter submits
            }
            Label { text: qsTr("Amount") }
            TextField {
                id: amountField
                placeholderText: qsTr("Pounds a year (individually costed bands only)")
                Layout.fillWidth: true
                Accessible.name: qsTr("Amount")
                onAccepted: overrideDialog.accept()
            }
            Label {
                objectName: "overridePreview"
                Layout.columnSpan: 2
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: overrideDialog.visible ? plan.overridePreview(bandBox.currentValue || "", reasonBox.currentValue || "", amountField.text) : ""
                color: text.indexOf("annual effect") >= 0 ? "#333333" : "#a00000"
            }
        }
        onAccepted: plan.requestOverride(bandBox.currentValue, reasonBox.currentValue, noteField.text, amountField.text)
    }
}
