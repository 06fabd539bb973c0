import QtQuick
import QtQuick.Layouts
import Kiosk

// enterable, timed release: open for a limited time.
ScreenFrame {
    id: screen
    objectName: "screen_enterable_timed_release"
    title: qsTr("Available now")
    subtitle: qsTr("This release is open for a limited time.")

    Countdown {
        objectName: "closesCountdown"
        Layout.fillWidth: true
        visible: screen.journey.countdownSeconds >= 0
        label: qsTr("Closes in")
        seconds: screen.journey.countdownSeconds
        urgency: true
    }

    side: [
        KioskButton {
            objectName: "enterButton"
            busy: screen.journey.busyAction === "enter"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Get access")
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
