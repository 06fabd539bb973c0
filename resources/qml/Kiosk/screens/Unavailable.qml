import QtQuick
import QtQuick.Layouts
import Kiosk

// unavailable: nothing to join right now (no private reasons).
ScreenFrame {
    id: screen
    objectName: "screen_unavailable"
    title: qsTr("Not available right now")
    subtitle: qsTr("There is nothing to join here at the moment. Please check back later, or ask a member of staff.")

    Emblem {
        Layout.alignment: Qt.AlignHCenter
        // Portrait has the height to spare: a larger emblem.
        Layout.preferredWidth: screen.wide ? implicitWidth : screen.heroSize * 0.85
        Layout.preferredHeight: Layout.preferredWidth
        Layout.topMargin: Theme.px(48)
        icon: "ended"
    }

    side: [
        KioskButton {
            objectName: "doneButton"
            Layout.fillWidth: true
            text: qsTr("Done")
            onClicked: screen.journey.done()
        }
    ]
}
