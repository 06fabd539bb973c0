import QtQuick
import QtQuick.Layouts
import Kiosk

// Leaving loses the place, so it asks once: "Leave?" then "Yes, leave" / "Stay".
ColumnLayout {
    id: leave
    property string text: qsTr("Leave")
    property string question: qsTr("Are you sure? You will lose your place.")
    property string confirmText: qsTr("Yes, leave")
    property bool confirming: false
    property bool busy: false // the leave is on its way: the Leave button spins
    signal confirmed()
    spacing: Theme.px(20)

    KioskButton {
        objectName: "leaveButton"
        busy: leave.busy
        Layout.fillWidth: true
        visible: !leave.confirming
        kind: "secondary"
        text: leave.text
        onClicked: leave.confirming = true
    }
    KioskText {
        Layout.fillWidth: true
        visible: leave.confirming
        text: leave.question
        horizontalAlignment: Text.AlignHCenter
        font.bold: true
    }
    RowLayout {
        Layout.fillWidth: true
        visible: leave.confirming
        spacing: Theme.px(24)
        KioskButton {
            objectName: "stayButton"
            Layout.fillWidth: true
            kind: "secondary"
            text: qsTr("Stay")
            onClicked: leave.confirming = false
        }
        KioskButton {
            objectName: "confirmLeaveButton"
            Layout.fillWidth: true
            kind: "danger"
            text: leave.confirmText
            onClicked: {
                leave.confirming = false;
                leave.confirmed();
            }
        }
    }
}
