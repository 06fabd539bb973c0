import QtQuick
import QtQuick.Layouts
import Kiosk

// enterable, draw: enter; winners are picked at random.
ScreenFrame {
    id: screen
    objectName: "screen_enterable_draw"
    title: qsTr("Enter the draw")
    subtitle: qsTr("Winners are picked at random when entries close. Entering early gives no advantage.")

    Countdown {
        objectName: "closesCountdown"
        Layout.fillWidth: true
        visible: screen.journey.countdownSeconds >= 0
        label: qsTr("Entries close in")
        seconds: screen.journey.countdownSeconds
    }

    Emblem {
        Layout.alignment: Qt.AlignHCenter
        // Portrait has the height to spare: a larger emblem.
        Layout.preferredWidth: screen.wide ? implicitWidth : screen.heroSize * 0.85
        Layout.preferredHeight: Layout.preferredWidth
        Layout.topMargin: Theme.px(24)
        icon: "draw"
    }

    side: [
        KioskButton {
            objectName: "enterButton"
            busy: screen.journey.busyAction === "enter"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Enter the draw")
            onClicked: screen.journey.enter()
        },
        KioskButton {
            objectName: "backButton"
            Layout.fillWidth: true
            kind: "secondary"
            text: qsTr("Back")
            onClicked: screen.journey.done()
        }
    ]
}
