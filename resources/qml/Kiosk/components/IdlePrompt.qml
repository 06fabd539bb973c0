import QtQuick
import QtQuick.Layouts
import Kiosk

// "Still there?": any touch answers it; no answer resets the kiosk.
Rectangle {
    id: prompt
    required property KioskViewModel kiosk
    objectName: "idlePrompt"
    color: Theme.scrim

    MouseArea {
        anchors.fill: parent
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("I'm still here")
        Accessible.onPressAction: prompt.kiosk.stillHere() // a MouseArea has no press of its own
        onClicked: prompt.kiosk.stillHere()
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.px(96), Theme.px(900))
        height: column.implicitHeight + Theme.px(96)
        radius: Theme.px(36)
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.px(2)

        ColumnLayout {
            id: column
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.px(48)
            spacing: Theme.px(28)
            KioskText {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: prompt.kiosk.idleKind === "presence" ? qsTr("Are you still waiting here?") : qsTr("Still there?")
                size: 60
                font.bold: true
            }
            KioskText {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: prompt.kiosk.idleKind === "presence"
                    ? qsTr("Tap the screen to keep your place. Otherwise this kiosk will give it up for the next customer.")
                    : qsTr("Tap the screen to continue. Otherwise we will start over for the next customer.")
                color: Theme.muted
            }
            KioskText {
                objectName: "idleSecondsLeft"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: Format.number(prompt.kiosk.idleSecondsLeft)
                size: 120
                font.bold: true
                color: Theme.highlight
            }
            KioskButton {
                objectName: "stillHereButton"
                Layout.fillWidth: true
                text: qsTr("I'm still here")
                onClicked: prompt.kiosk.stillHere()
            }
        }
    }
}
