import QtQuick
import QtQuick.Layouts
import Kiosk

// participating, timed release: in; access is being prepared.
ScreenFrame {
    id: screen
    objectName: "screen_participating_timed_release"
    title: qsTr("You're in")
    subtitle: qsTr("Your access is being prepared. Please stay on this screen.")

    Countdown {
        objectName: "closesCountdown"
        Layout.fillWidth: true
        visible: screen.journey.countdownSeconds >= 0
        label: qsTr("Release closes in")
        seconds: screen.journey.countdownSeconds
    }

    side: [
        LeaveButton {
            busy: screen.journey.busyAction === "leave"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Leave")
            onConfirmed: screen.journey.leave()
        }
    ]
}
