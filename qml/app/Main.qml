import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import Sendband.Ui

ApplicationWindow {
    id: window
    // 1280 x 800, or the screen's available size when smaller (a 1024 x 768 laptop).
    width: Math.min(1280, Screen.desktopAvailableWidth > 0 ? Screen.desktopAvailableWidth : 1280)
    height: Math.min(800, Screen.desktopAvailableHeight > 0 ? Screen.desktopAvailableHeight : 800)
    visible: true
    title: app.databaseOpen ? qsTr("sendband — %1").arg(app.databasePath) : qsTr("sendband")

    AppController { id: app }

    menuBar: MenuBar {
        Menu {
            title: qsTr("&File")
            Action { text: qsTr("&New database…"); shortcut: StandardKey.New; enabled: !app.busy; onTriggered: newDialog.open() }
            Action { text: qsTr("&Open database…"); shortcut: StandardKey.Open; enabled: !app.busy; onTriggered: openDialog.open() }
            Action { text: qsTr("&Import caseload CSV…"); shortcut: "Ctrl+I"; enabled: app.databaseOpen && !app.busy; onTriggered: importDialog.open() }
            Action { text: qsTr("&Export caseload to Excel…"); shortcut: "Ctrl+E"; enabled: app.databaseOpen && !app.busy; onTriggered: financeScreen.chooseExportFile() }
            MenuSeparator {}
            Action { text: qsTr("&Settings…"); shortcut: "Ctrl+,"; onTriggered: { userField.text = app.userName; settingsDialog.open() } }
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
                onCurrentIndexChanged: app.screenChanged()  // messages belong to the screen they are about
                TabButton { text: qsTr("Caseload"); Accessible.name: text }
                TabButton { text: qsTr("Plan"); Accessible.name: text }
                TabButton { text: qsTr("Rules"); Accessible.name: text }
                TabButton { text: qsTr("Finance"); Accessible.name: text }
                TabButton { text: qsTr("Audit"); Accessible.name: text }
            }
            Label {
                // Who acts is the login; the name from Settings is shown beside it when it differs.
                text: app.userName !== "" && app.userName !== app.login ? qsTr("User: %1 (login %2)").arg(app.userName).arg(app.login)
                                                                      : qsTr("User: %1").arg(app.login)
                rightPadding: 10
                // A fixed width, so the tabs do not move when the name changes; a long name elides.
                Layout.preferredWidth: Math.min(280, window.width * 0.25)
                Layout.maximumWidth: Math.min(280, window.width * 0.25)
                horizontalAlignment: Text.AlignRight
                elide: Text.ElideRight
                Accessible.name: text
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: tabs.currentIndex
        CaseloadScreen {
            controller: app
            onPlanChosen: function(id) { planScreen.openPlan(id); tabs.currentIndex = 1 }
        }
        PlanScreen { id: planScreen; controller: app }
        RulesScreen { id: rulesScreen; controller: app }
        FinanceScreen { id: financeScreen; controller: app }
        AuditScreen { id: auditScreen; controller: app }
    }

    footer: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.margins: 4
            BusyIndicator { running: app.busy && app.progress < 0; visible: running; implicitHeight: 24; implicitWidth: 24 }
            ProgressBar {
                visible: app.busy && app.progress >= 0
                value: app.progress
                Layout.preferredWidth: 200
                Accessible.name: qsTr("Progress")
            }
            Label {
                Layout.fillWidth: true
                text: app.busy ? (app.progressText !== "" ? app.busyText + " — " + app.progressText : app.busyText)
                               : (app.errorText !== "" ? app.errorText : app.message)
                color: app.errorText !== "" && !app.busy ? "#a00000" : palette.windowText
                elide: Text.ElideRight
                maximumLineCount: 2
                wrapMode: Text.Wrap
            }
            Button { text: qsTr("Cancel"); visible: app.busy; onClicked: app.cancel(); Accessible.name: qsTr("Cancel the running job") }
            Button {
                text: qsTr("Details…")
                visible: !app.busy && app.errorHasDetails
                Accessible.name: qsTr("Show the whole error")
                onClicked: detailsDialog.open()
            }
        }
    }

    Dialog {
        id: settingsDialog
        title: qsTr("Settings")
        modal: true
        anchors.centerIn: parent
        standardButtons: Dialog.Ok | Dialog.Cancel
        ColumnLayout {
            Label { text: qsTr("Your name, shown beside your login %1. Everything you do is recorded under the login,\nand an override you make must be approved by another login.").arg(app.login) }
            TextField { id: userField; Layout.preferredWidth: 360; Accessible.name: qsTr("Your name"); selectByMouse: true }
        }
        onAccepted: app.userName = userField.text
    }
    Dialog {
        id: detailsDialog
        title: qsTr("What went wrong")
        modal: true
        anchors.centerIn: parent
        width: Math.min(window.width - 80, 1000)
        height: Math.min(window.height - 80, 600)
        standardButtons: Dialog.Close
        Flickable {
            anchors.fill: parent
            clip: true
            ScrollBar.vertical: ScrollBar {}
            TextArea.flickable: TextArea {
                readOnly: true
                text: app.errorText
                font.family: "DejaVu Sans Mono"
                font.pixelSize: 12
                wrapMode: TextEdit.Wrap
                Accessible.name: qsTr("The whole error")
            }
        }
    }
    FileDialog {
        id: openDialog
        title: qsTr("Open a sendband database")
        nameFilters: [qsTr("sendband databases (*.db *.sqlite)"), qsTr("All files (*)")]
        onAccepted: app.openDatabase(app.localPath(selectedFile))
    }
    FileDialog {
        id: newDialog
        title: qsTr("Create a new sendband database")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("sendband databases (*.db)")]
        onAccepted: app.newDatabase(app.localPath(selectedFile))
    }
    FileDialog {
        id: importDialog
        title: qsTr("Import a caseload CSV")
        nameFilters: [qsTr("Caseload CSV (*.csv)"), qsTr("All files (*)")]
        onAccepted: {
            importAsOfDialog.csvPath = app.localPath(selectedFile)
            importAsOfField.text = app.today()
            importAsOfDialog.open()
        }
    }
    // Decisions are always made as of a stated date: the import asks for it (today, to confirm or change).
    Dialog {
        id: importAsOfDialog
        property string csvPath: ""
        title: qsTr("Band the caseload as of")
        modal: true
        anchors.centerIn: parent
        standardButtons: Dialog.Ok | Dialog.Cancel
        ColumnLayout {
            Label { text: qsTr("Every plan in %1 is banded as of this date (YYYY-MM-DD):").arg(importAsOfDialog.csvPath.split("/").pop()) }
            TextField {
                id: importAsOfField
                inputMask: "9999-99-99"
                selectByMouse: true
                Accessible.name: qsTr("Band the caseload as of (YYYY-MM-DD)")
                onAccepted: importAsOfDialog.accept()
            }
        }
        onAccepted: app.importCaseload(csvPath, importAsOfField.text)
    }

    // Shortcuts between the screens: Ctrl+1 to Ctrl+5.
    Repeater {
        model: 5
        Item {
            required property int index
            Shortcut { sequence: "Ctrl+" + (index + 1); onActivated: tabs.currentIndex = index }
        }
    }

    // --screenshot DIR: show each screen in turn and save it as DIR/NAME.png, then quit.
    property var shotNames: ["caseload", "plan", "rules", "finance", "audit"]
    property int shotIndex: -1
    Timer {
        id: shotTimer
        interval: 700
        onTriggered: {
            if (app.busy || app.loading) { shotTimer.start(); return }  // a job or the caseload read still working
            if (window.shotIndex >= 0) {
                const name = window.shotNames[window.shotIndex]
                if (screenshotDir !== "" && !app.saveWindowImage(window, screenshotDir + "/" + name + ".png")) {
                    console.error("could not save " + screenshotDir + "/" + name + ".png")
                    Qt.exit(1)
                    return
                }
                window.nextShot()
            } else {
                window.nextShot()
            }
        }
    }
    // --self-test, after the screens: every dialog the app has is opened and closed in turn, so a
    // dialog whose QML module is missing fails the test (it warns, or crashes) instead of a user.
    function everyDialog() {
        return [openDialog, newDialog, importDialog, importAsOfDialog, settingsDialog, detailsDialog]
            .concat(planScreen.dialogs(), rulesScreen.dialogs(), financeScreen.dialogs())
    }
    property int dialogIndex: -1
    property int dialogsOpened: 0
    property int dialogsTotal: everyDialog().length
    Timer {
        id: dialogTimer
        interval: 150
        onTriggered: {
            const dialogs = window.everyDialog()
            if (window.dialogIndex > 0) {
                const shown = dialogs[window.dialogIndex - 1]
                if (shown.visible) window.dialogsOpened += 1
                else console.error("self-test: dialog \"" + shown.title + "\" did not open")
                shown.close()
            }
            if (window.dialogIndex >= dialogs.length) { Qt.exit(0); return }
            dialogs[window.dialogIndex].open()
            window.dialogIndex += 1
            dialogTimer.start()
        }
    }

    // For --bench: show a screen by its tab index.
    function showTab(index) { tabs.currentIndex = index }

    function nextShot() {
        shotIndex += 1
        if (shotIndex >= shotNames.length) {
            if (selfTest) { dialogIndex = 0; dialogTimer.start(); return }
            Qt.exit(0)
            return
        }
        if (shotNames[shotIndex] === "plan" && app.caseload.planCount > 0)
            planScreen.openPlan(app.firstPlanId())
        if (shotNames[shotIndex] === "rules" && rulesScreen.rules.proposalLoaded)
            rulesScreen.rules.runImpact()
        if (shotNames[shotIndex] === "audit" && app.databaseOpen)
            Qt.callLater(app.verifyAudit)  // after the tab is shown, so its result box shows it
        tabs.currentIndex = shotIndex
        shotTimer.start()
    }

    Component.onCompleted: {
        if (startRules !== "") app.rulesPath = startRules
        app.loadInBackground = true
        if (startDatabase !== "") app.openDatabase(startDatabase)
        else if (app.recentFiles.length === 0 && !selfTest)
            app.openSample(sampleDatabase, sampleCaseload, sampleRules)  // first run
        if (startProposal !== "") rulesScreen.rules.loadProposal(startProposal)
        // --self-test visits every screen as --screenshot does, without saving; warnings fail it.
        if (selfTest || screenshotDir !== "") {
            shotTimer.interval = selfTest ? 150 : 700
            shotTimer.start()
        }
    }
}
