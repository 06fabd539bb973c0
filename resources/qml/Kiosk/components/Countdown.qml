import QtQuick
import QtQuick.Layouts
import Kiosk

// A countdown: a label and the time left (h:mm:ss or m:ss). `tone` turns warm under 5
// minutes and urgent under one, when `urgency` is on.
Rectangle {
    id: countdown
    property string label
    property int seconds: -1
    property bool urgency: false
    readonly property color tone: !urgency || seconds < 0 || seconds >= 300 ? Theme.text : (seconds < 60 ? "#fca5a5" : Theme.highlight)

    implicitHeight: column.implicitHeight + Theme.px(48)
    implicitWidth: Theme.px(420)
    radius: Theme.px(28)
    color: Theme.surface
    border.color: Theme.border
    border.width: Theme.px(2)
    Accessible.role: Accessible.StaticText
    Accessible.name: label + " " + Format.clock(seconds)

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.px(24)
        spacing: Theme.px(6)
        KioskText {
            Accessible.ignored: true // the countdown's own name says "label time"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: countdown.label
            size: 30
            color: Theme.muted
        }
        KioskText {
            objectName: "countdownValue"
            Accessible.ignored: true
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: Format.clock(countdown.seconds)
            size: 96
            font.bold: true
            color: countdown.tone
            wrapMode: Text.NoWrap
            LayoutMirroring.enabled: false
        }
    }
}
