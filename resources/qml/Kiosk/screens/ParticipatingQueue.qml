import QtQuick
import QtQuick.Layouts
import Kiosk

// participating, queue: the place in line and the wait, live.
ScreenFrame {
    id: screen
    objectName: "screen_participating_queue"
    readonly property bool precise: journey.positionMode !== "qualitative" && journey.position > 0
    title: qsTr("You're in line")
    subtitle: qsTr("Stay nearby: this screen updates by itself and tells you when it's your turn.")

    Notice {
        objectName: "pausedNotice"
        Layout.fillWidth: true
        visible: screen.journey.paused
        tone: "warning"
        text: qsTr("The line is paused for a moment. You keep your place.")
    }
    Rectangle {
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: Theme.px(420)
        Layout.preferredHeight: Theme.px(420)
        radius: width / 2
        color: Theme.surface
        border.color: Theme.highlight
        border.width: Theme.px(8)
        Accessible.role: Accessible.StaticText
        Accessible.name: screen.precise ? qsTr("Your place in line: %1").arg(screen.journey.position) : qsTr("You are in line")
        ColumnLayout {
            anchors.centerIn: parent
            width: parent.width * 0.8
            spacing: 0
            KioskText {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Your place")
                size: 34
                color: Theme.muted
            }
            KioskText {
                objectName: "positionValue"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: screen.precise ? screen.journey.position : qsTr("In line")
                size: screen.precise ? 180 : 64
                font.bold: true
                wrapMode: Text.NoWrap
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Theme.fs(40)
            }
        }
    }
    StatCard {
        objectName: "etaCard"
        Layout.fillWidth: true
        label: qsTr("Estimated wait")
        value: screen.journey.etaSeconds >= 0 ? qsTr("About %1 min").arg(Format.minutes(screen.journey.etaSeconds)) : qsTr("Working it out…")
        valueSize: 60
    }

    side: [
        LeaveButton {
            busy: screen.journey.busyAction === "leave"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Leave the line")
            onConfirmed: screen.journey.leave()
        }
    ]
}
