import QtQuick
import QtQuick.Layouts
import Kiosk

// participating, queue: the place in line and the wait, live.
ScreenFrame {
    id: screen
    objectName: "screen_participating_queue"
    readonly property bool precise: journey.positionMode !== "qualitative" && journey.position > 0
    // The place counts down to the new one (Theme.motion; at once with reduced motion).
    property real shownPosition: journey.position
    Behavior on shownPosition {
        NumberAnimation {
            duration: Theme.motion
            easing.type: Easing.OutCubic
        }
    }
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
        // The hero: as large as the screen's spare height allows.
        Layout.preferredWidth: screen.heroSize
        Layout.preferredHeight: screen.heroSize
        radius: width / 2
        color: Theme.surface
        border.color: Theme.highlight
        border.width: Theme.px(8)
        Accessible.role: Accessible.StaticText
        Accessible.name: screen.precise ? qsTr("Your place in line: %1").arg(Format.number(screen.journey.position)) : qsTr("You are in line")
        // Inside the circle's inscribed square: the number as large as fits, never past the rim.
        ColumnLayout {
            anchors.centerIn: parent
            width: parent.width * 0.7
            height: parent.height * 0.66
            spacing: 0
            KioskText {
                Accessible.ignored: true // the circle's own name says "Your place in line: N"
                Layout.fillWidth: true
                Layout.maximumHeight: parent.height * 0.3
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Your place")
                size: 34
                color: Theme.muted
                wrapMode: Text.NoWrap
                fontSizeMode: Text.Fit
                lineHeight: 1.0 // Fit sizes the glyphs to the box; extra leading would overflow it
                minimumPixelSize: Math.max(12, Theme.px(18))
            }
            KioskText {
                objectName: "positionValue"
                Accessible.ignored: true
                Layout.fillWidth: true
                Layout.fillHeight: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                text: screen.precise ? Format.number(Math.round(screen.shownPosition)) : qsTr("In line")
                size: screen.precise ? 240 : 64
                font.bold: true
                wrapMode: Text.NoWrap
                fontSizeMode: Text.Fit
                lineHeight: 1.0
                minimumPixelSize: Math.max(12, Theme.px(24))
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
