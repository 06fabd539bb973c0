import QtQuick
import QtQuick.Layouts
import Kiosk

// error: an action failed. Friendly copy; the details are in the log.
ScreenFrame {
    id: screen
    objectName: "screen_error"
    title: qsTr("Something went wrong")
    subtitle: qsTr("That did not work. Please try again. If it keeps happening, a member of staff can help.")

    Emblem {
        Layout.alignment: Qt.AlignHCenter
        // Portrait has the height to spare: a larger emblem.
        Layout.preferredWidth: screen.wide ? implicitWidth : screen.heroSize * 0.85
        Layout.preferredHeight: Layout.preferredWidth
        Layout.topMargin: Theme.px(48)
        icon: "error"
        tone: Theme.warning
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
