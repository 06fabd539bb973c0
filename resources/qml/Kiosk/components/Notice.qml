import QtQuick
import Kiosk

// A highlighted line: feedback after an action, an outbid banner, a paused line.
Rectangle {
    id: notice
    property string text
    property string tone: "info" // info, warning, success, danger

    implicitHeight: line.implicitHeight + Theme.px(40)
    radius: Theme.px(20)
    color: tone === "warning" ? Theme.highlight : tone === "success" ? Theme.success : tone === "danger" ? Theme.danger : Theme.surfaceRaised
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    KioskText {
        id: line
        Accessible.ignored: true // the notice's own name says it (an alert)
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.px(28)
        text: notice.text
        size: 34
        font.bold: true
        color: notice.tone === "warning" ? Theme.textOnHighlight : Theme.text
    }
}
