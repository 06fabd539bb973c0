import QtQuick
import Kiosk

// The first frame, shown before the kiosk imports the SDK and opens the venue: the attract
// screen's shell (background, emblem, welcome) and what it says while the catalogue loads
// (the same strings, so their translations too). It lists no experience, since none is known
// yet, and has nothing to press. Main replaces it once Main has drawn its own first frame.
Window {
    id: root
    objectName: "startingWindow"
    width: 1080
    height: 1920
    color: Theme.background
    title: qsTr("Fanfare Kiosk")

    Binding {
        target: Theme
        property: "scale"
        value: Math.max(0.5, Math.min(root.width, root.height) / 1080)
    }

    Column {
        anchors.centerIn: parent
        spacing: Theme.px(40)
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Theme.px(174)
            height: width
            radius: width / 2
            color: Theme.primary
            KioskText {
                anchors.centerIn: parent
                text: "F"
                size: 120
                font.bold: true
            }
        }
        KioskText {
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTranslate("Attract", "Welcome")
            size: 76
            font.bold: true
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }
        KioskText {
            objectName: "startingText"
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTranslate("Attract", "Getting ready…")
            size: 44
            color: Theme.muted
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }
    }
}
