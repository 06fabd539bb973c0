import QtQuick
import Kiosk

// A journey event, briefly: "Connection lost", "Connection restored", ...
Rectangle {
    id: toast
    required property KioskViewModel kiosk
    readonly property string key: kiosk.toastKey

    function message(key) {
        switch (key) {
        case "connection_lost":
            return qsTr("Connection lost. Showing your last update while we reconnect.");
        case "connection_restored":
            return qsTr("Connection restored.");
        case "sequence_changed":
            return qsTr("Your access has changed.");
        case "sequence_downgraded":
            return qsTr("Your access has changed. Please check the details.");
        case "grant_expired":
            return qsTr("Your time to check out has run out.");
        case "start_failed":
            return qsTr("We could not start. Please try again.");
        case "refresh_failed":
            return qsTr("We could not update this screen. Showing your last update.");
        case "notice_warning":
        case "notice_error":
            return qsTr("Please check the screen.");
        default:
            return qsTr("Updated.");
        }
    }

    objectName: "toast"
    visible: key !== ""
    width: Math.min(parent ? parent.width - Theme.px(96) : Theme.px(900), Theme.px(960))
    height: text.implicitHeight + Theme.px(48)
    radius: Theme.px(24)
    color: kiosk.toastSeverity === "error" ? Theme.danger : kiosk.toastSeverity === "warning" ? Theme.highlight : kiosk.toastSeverity === "success" ? Theme.success : Theme.surfaceRaised
    border.color: Theme.border
    border.width: Theme.px(2)
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text.text

    KioskText {
        id: text
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.px(32)
        horizontalAlignment: Text.AlignHCenter
        text: toast.message(toast.key)
        size: 32
        font.bold: true
        color: toast.kiosk.toastSeverity === "warning" ? Theme.textOnHighlight : Theme.text
    }
}
