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
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.px(24)
        StatCard {
            objectName: "amountOwedCard"
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            visible: screen.journey.mechanism === "auction" && screen.journey.yourBid !== ""
            label: qsTr("You pay")
            value: Format.money(screen.journey.yourBid, screen.journey.currency)
            valueSize: 56
        }
        Countdown {
            objectName: "expiresCountdown"
            Layout.fillWidth: true
            visible: screen.journey.countdownSeconds >= 0
            label: qsTr("Your spot is held for")
            seconds: screen.journey.countdownSeconds
            urgency: true
        }
    }

    // Done on a live grant asks first: leaving wipes the reference the customer still needs.
    property bool confirmingDone: false
    readonly property bool asking: confirmingDone && journey.countdownSeconds > 0

    side: [
        KioskButton {
            objectName: "doneButton"
            Layout.fillWidth: true
            visible: !screen.asking
            text: qsTr("Done")
            onClicked: {
                if (screen.journey.countdownSeconds > 0)
                    screen.confirmingDone = true;
                else
                    screen.journey.done();
            }
        },
        KioskText {
            objectName: "doneQuestion"
            Layout.fillWidth: true
            visible: screen.asking
            text: qsTr("Your pass is still valid for %1. Leave this screen?").arg(Format.clock(screen.journey.countdownSeconds))
            horizontalAlignment: Text.AlignHCenter
            font.bold: true
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        },
        RowLayout {
            Layout.fillWidth: true
            visible: screen.asking
            spacing: Theme.px(24)
            KioskButton {
                objectName: "stayButton"
                Layout.fillWidth: true
                kind: "secondary"
                text: qsTr("Stay")
                onClicked: screen.confirmingDone = false
            }
            KioskButton {
                objectName: "confirmDoneButton"
                Layout.fillWidth: true
                kind: "danger"
                text: qsTr("Leave")
                onClicked: {
                    screen.confirmingDone = false;
                    screen.journey.done();
                }
            }
        }
    ]
}
