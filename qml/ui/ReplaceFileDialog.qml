import QtQuick
import QtQuick.Controls
import Sendband.Ui

// Asks before an export replaces a file that is already there (the save dialog does not):
// ask(urlOrPath, write) calls write() at once for a new file, or after "Replace".
Dialog {
    id: dialog
    required property AppController controller
    property var pending: null
    property string shownPath: ""

    function ask(urlOrPath, write) {
        if (!controller.xlsxExists(urlOrPath)) {
            write()
            return
        }
        pending = write
        shownPath = controller.xlsxTarget(urlOrPath)
        open()
    }

    title: qsTr("Replace the file?")
    modal: true
    anchors.centerIn: parent
    Label {
        text: qsTr("%1 already exists. Replace it with this export?").arg(dialog.shownPath)
        wrapMode: Text.Wrap
        width: Math.min(520, dialog.parent ? dialog.parent.width - 80 : 520)
    }
    footer: DialogButtonBox {
        Button { text: qsTr("Replace"); DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole }
        Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
    }
    onAccepted: {
        const write = pending
        pending = null
        if (write) write()
    }
    onRejected: pending = null
}
