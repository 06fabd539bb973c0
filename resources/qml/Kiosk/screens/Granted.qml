import QtQuick
import QtQuick.Layouts
import Kiosk

// granted: the handoff, as the hero. What was won, the price owed, the reference with its QR
// code, how long it is held and what to do next. Never the grant.
ScreenFrame {
    id: screen
    objectName: "screen_granted"
    readonly property string kind: journey.handoffKind
    readonly property string mechanism: journey.mechanism
    readonly property bool owes: mechanism === "auction" && journey.yourBid !== ""
    title: mechanism === "draw" ? qsTr("You won the draw!")
        : mechanism === "auction" ? qsTr("It's yours!")
        : qsTr("It's your turn!")
    // The subtitle is the next step, one sentence per kind.
    subtitle: kind === "go_to" ? qsTr("Go to %1 and show your order number before the time runs out.").arg(journey.handoffLocation)
        : kind === "pending" ? qsTr("One moment: we are letting the staff know. Your reference appears here.")
        : kind === "failed" ? qsTr("Please see a member of staff. They can find you.")
        : owes ? qsTr("Pay %1 at the counter and show this reference to collect it.").arg(Format.money(journey.yourBid, journey.currency))
        : qsTr("Show this reference to a member of staff to complete your purchase.")

    // What was won: the product, and what is owed for it.
    // Landscape: the product moves beside, so the reference and its QR stay in view.
    StatCard {
        objectName: screen.wide ? "" : "productCard"
        valueObjectName: screen.wide ? "" : "productName"
        Layout.fillWidth: true
        visible: !screen.wide
        label: screen.mechanism === "draw" ? qsTr("You won") : screen.mechanism === "auction" ? qsTr("You bought") : qsTr("Your place for")
        value: screen.journey.experienceName
        valueSize: 48
    }
    ReferenceCard {
        objectName: "referenceCard"
        Layout.fillWidth: true
        visible: screen.journey.handoffReference !== ""
        label: screen.kind === "go_to" ? qsTr("Your order number") : qsTr("Your reference")
        reference: screen.journey.handoffReference
        qrRows: screen.journey.handoffQr
        hint: qsTr("Show this screen or scan the code at the counter.")
    }
    Spinner {
        Layout.alignment: Qt.AlignHCenter
        visible: screen.kind === "pending"
    }
    // Done on a live grant asks first: leaving wipes the reference the customer still needs.
    property bool confirmingDone: false
    readonly property bool asking: confirmingDone && journey.countdownSeconds > 0

    side: [
        StatCard {
            objectName: screen.wide ? "productCard" : ""
            valueObjectName: screen.wide ? "productName" : ""
            Layout.fillWidth: true
            visible: screen.wide
            label: screen.mechanism === "draw" ? qsTr("You won") : screen.mechanism === "auction" ? qsTr("You bought") : qsTr("Your place for")
            value: screen.journey.experienceName
            valueSize: 48
        },
        StatCard {
            objectName: "amountOwedCard"
            Layout.fillWidth: true
            visible: screen.owes
            label: qsTr("You pay")
            value: Format.money(screen.journey.yourBid, screen.journey.currency)
            valueSize: 56
        },
        Countdown {
            objectName: "expiresCountdown"
            Layout.fillWidth: true
            visible: screen.journey.countdownSeconds >= 0
            label: qsTr("Your spot is held for")
            seconds: screen.journey.countdownSeconds
            urgency: true
        },
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
