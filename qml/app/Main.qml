import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sendband.Ui

ApplicationWindow {
    id: window
    width: 1280
    height: 800
    visible: true
    title: app.databaseOpen ? qsTr("sendband — %1").arg(app.databasePath) : qsTr("sendband")

    AppController { id: app }

    menuBar: MenuBar {
        Menu {
            title: qsTr("&File")
            Action { text: qsTr("&Open database…"); shortcut: StandardKey.Open; onTriggered: openDialog.open() }
            Action { text: qsTr("&Import caseload CSV…"); shortcut: "Ctrl+I"; enabled: app.databaseOpen && !app.busy; onTriggered: importDialog.open() }
            MenuSeparator {}
            Menu {
                title: qsTr("Recent files")
                Repeater {
                    model: app.recentFiles
                    MenuItem { required property string modelData; text: modelData; onTriggered: app.openDatabase(modelData) }
                }
            }
            MenuSeparator {}
            Action { text: qsTr("&Quit"); shortcut: StandardKey.Quit; onTriggered: Qt.quit() }
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            TabBar {
                id: tabs
                Layout.fillWidth: true
                TabButton { text: qsTr("Caseload"); Accessible.name: text }
                TabButton { text: qsTr("Plan"); Accessible.name: text }
            }
            Label { text: qsTr("User: %1").arg(app.userName) }
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: tabs.currentIndex
        CaseloadScreen {
            controller: app
            onPlanChosen: function(id) { planScreen.planId = id; tabs.currentIndex = 1 }
        }
        PlanScreen { id: planScreen; controller: app }
    }

    footer: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.margins: 4
            BusyIndicator { running: app.busy; visible: app.busy; implicitHeight: 24; implicitWidth: 24 }
            Label {
                Layout.fillWidth: true
                text: app.busy ? app.busyText : (app.errorText !== "" ? app.errorText : app.message)
                color: app.errorText !== "" && !app.busy ? "#a00000" : palette.windowText
                elide: Text.ElideRight
                maximumLineCount: 2
                wrapMode: Text.Wrap
            }
            Button { text: qsTr("Cancel"); visible: app.busy; onClicked: app.cancel() }
        }
    }

    // --screenshot DIR: show each screen in turn and save it as DIR/NAME.png, then quit.
    property var shotNames: ["caseload", "plan"]
    property int shotIndex: -1
    Timer {
        id: shotTimer
        interval: 700
        onTriggered: {
            if (window.shotIndex >= 0) {
                const name = window.shotNames[window.shotIndex]
                window.contentItem.grabToImage(function(result) {
                    result.saveToFile(screenshotDir + "/" + name + ".png")
                    window.nextShot()
                })
            } else {
                window.nextShot()
            }
        }
    }
    function nextShot() {
        shotIndex += 1
        if (shotIndex >= shotNames.length) { Qt.exit(0); return }
        if (shotNames[shotIndex] === "plan" && app.caseload.planCount > 0)
            planScreen.planId = app.firstPlanId()
        tabs.currentIndex = shotIndex
        shotTimer.start()
    }

    Component.onCompleted: {
        if (startRules !== "") app.rulesPath = startRules
        if (startDatabase !== "") app.openDatabase(startDatabase)
        if (selfTest) Qt.callLater(function() { Qt.exit(0) })
        if (screenshotDir !== "") shotTimer.start()
    }
}
