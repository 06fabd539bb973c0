import QtQuick
import QtQuick.Layouts
import Kiosk

// granted: the handoff. What to do next and how long the spot is held. Never the grant.
ScreenFrame {
    id: screen
    objectName: "screen_granted"
    readonly property string kind: journey.handoffKind
    title: qsTr("It's your turn!")
    subtitle: kind === "go_to" ? qsTr("Go to %1.").arg(journey.handoffLocation)
        : kind === "pending" ? qsTr("One moment: we are letting the staff know.")
        : kind === "failed" ? qsTr("Please see a member of staff. They can find you.")
        : qsTr("Show this reference to a member of staff to complete your purchase.")

    StatCard {
        objectName: "referenceCard"
        Layout.fillWidth: true
        visible: screen.journey.handoffReference !== ""
        label: screen.kind === "go_to" ? qsTr("Your order number") : qsTr("Your reference")
        value: screen.journey.handoffReference
        valueSize: 120
        valueColor: Theme.highlight
    }
    Spinner {
        Layout.alignment: Qt.AlignHCenter
        visible: screen.kind === "pending"
    }
    Countdown {
        objectName: "expiresCountdown"
        Layout.fillWidth: true
        visible: screen.journey.countdownSeconds >= 0
        label: qsTr("Your spot is held for")
        seconds: screen.journey.countdownSeconds
        urgency: true
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
