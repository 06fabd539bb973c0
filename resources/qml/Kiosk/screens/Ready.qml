import QtQuick
import QtQuick.Layouts
import Kiosk

// ready: the journey exists; the customer starts it.
ScreenFrame {
    id: screen
    objectName: "screen_ready"
    title: qsTr("Ready when you are")
    subtitle: qsTr("Tap Start to join. It only takes a moment, and you can leave at any time.")

    Emblem {
        Layout.alignment: Qt.AlignHCenter
        // Portrait has the height to spare: a larger emblem.
        Layout.preferredWidth: screen.wide ? implicitWidth : screen.heroSize * 0.85
        Layout.preferredHeight: Layout.preferredWidth
        Layout.topMargin: Theme.px(48)
        icon: Theme.mechanismIcon(screen.journey.mechanism)
        tone: Theme.primary
    }

    side: [
        KioskButton {
            objectName: "startButton"
            busy: screen.journey.busyAction === "start"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Start")
            onClicked: screen.journey.start()
        },
        // A draw: a customer who entered and walked away comes back with the entry's reference.
        KioskButton {
            objectName: "entryReferenceButton"
            Layout.fillWidth: true
            visible: screen.journey.acceptsEntryReference
            enabled: !screen.journey.busy
            kind: "secondary"
            text: qsTr("Have an entry reference?")
            onClicked: screen.journey.openCodeEntry()
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
