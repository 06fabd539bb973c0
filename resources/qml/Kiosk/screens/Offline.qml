import QtQuick
import QtQuick.Layouts
import Kiosk

// offline: the venue cannot be reached. The kiosk keeps trying by itself.
ScreenFrame {
    id: screen
    objectName: "screen_offline"
    title: qsTr("We can't connect right now")
    subtitle: qsTr("This kiosk keeps trying by itself. If you were already in line, you keep your place.")

    Emblem {
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: Theme.px(24)
        // Beside the spinner: smaller than other emblems; portrait has height to spare.
        implicitWidth: Theme.px(160)
        implicitHeight: Theme.px(160)
        Layout.preferredWidth: screen.wide ? implicitWidth : screen.heroSize * 0.6
        Layout.preferredHeight: Layout.preferredWidth
        icon: "offline"
        tone: Theme.warning
    }
    Spinner {
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: Theme.px(24)
        running: screen.journey.busy
    }

    side: [
        KioskButton {
            objectName: "retryButton"
            busy: screen.journey.busyAction === "retry"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Try again")
            onClicked: screen.journey.retry()
        },
        KioskButton {
            objectName: "startOverButton"
            Layout.fillWidth: true
            kind: "secondary"
            text: qsTr("Start over")
            onClicked: screen.journey.done()
        }
    ]
}
