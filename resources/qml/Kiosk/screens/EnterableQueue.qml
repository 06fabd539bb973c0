import QtQuick
import QtQuick.Layouts
import Kiosk

// enterable, queue: the line is open.
ScreenFrame {
    id: screen
    objectName: "screen_enterable_queue"
    title: qsTr("The line is open")
    subtitle: qsTr("Join now and watch your place move on this screen. Everyone is let in in order.")

    Emblem {
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: Theme.px(48)
        glyph: screen.kiosk.rightToLeft ? "←" : "→"
        tone: Theme.primary
    }

    side: [
        KioskButton {
            objectName: "enterButton"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Join the line")
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
