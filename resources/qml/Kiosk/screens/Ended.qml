import QtQuick
import QtQuick.Layouts
import Kiosk

// ended: one message per outcome. Generic copy: no private reasons.
ScreenFrame {
    id: screen
    objectName: "screen_ended"
    readonly property string outcome: journey.outcome

    function heading(outcome) {
        switch (outcome) {
        case "won":
            return qsTr("You won!");
        case "lost":
            return qsTr("Not this time");
        case "completed":
            return qsTr("All done. Thank you!");
        case "denied":
            return qsTr("We can't continue this entry");
        case "left":
            return qsTr("You have left");
        case "expired":
            return qsTr("Your time ran out");
        case "closed":
            return qsTr("This release has closed");
        case "cancelled":
            return qsTr("Booking cancelled");
        case "no_show":
            return qsTr("The appointment time has passed");
        default:
            return qsTr("This has ended");
        }
    }
    function detail(outcome) {
        switch (outcome) {
        case "won":
            return qsTr("A member of staff will help you complete your purchase.");
        case "lost":
            return qsTr("You were not picked this time. Thank you for taking part.");
        case "completed":
            return qsTr("Your visit is complete. Enjoy your day.");
        case "denied":
            return qsTr("A member of staff can tell you more.");
        case "left":
            return qsTr("Your place has been given up. You are welcome to join again while it is open.");
        case "expired":
            return qsTr("Your spot was held for a limited time and has now been released.");
        case "closed":
            return qsTr("It is no longer possible to take part. Thank you for coming.");
        case "cancelled":
            return qsTr("Your booking is cancelled. You can book again while times are available.");
        case "no_show":
            return qsTr("A member of staff can help you find another time.");
        default:
            return qsTr("Thank you for coming.");
        }
    }

    title: heading(outcome)
    subtitle: detail(outcome)

    // Won with a reference: what was won and the reference to show, instead of the tick.
    readonly property bool hasReference: journey.handoffReference !== ""
    // Landscape: the product moves beside, so the reference and its QR stay in view.
    StatCard {
        objectName: screen.wide ? "" : "productCard"
        valueObjectName: screen.wide ? "" : "productName"
        Layout.fillWidth: true
        visible: screen.hasReference && !screen.wide
        label: qsTr("You won")
        value: screen.journey.experienceName
        valueSize: 48
    }
    ReferenceCard {
        // Named only when shown: a screen without a reference has no reference card at all.
        objectName: screen.hasReference ? "referenceCard" : ""
        Layout.fillWidth: true
        visible: screen.hasReference
        label: screen.journey.handoffKind === "go_to" ? qsTr("Your order number") : qsTr("Your reference")
        reference: screen.journey.handoffReference
        qrRows: screen.journey.handoffQr
        hint: qsTr("Show this screen or scan the code at the counter.")
    }
    Emblem {
        // A check for a good outcome, a closed circle for any other end (no reference shown).
        objectName: "outcomeEmblem"
        readonly property bool good: screen.outcome === "won" || screen.outcome === "completed"
        visible: !screen.hasReference
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: Theme.px(40)
        implicitWidth: Theme.px(260)
        implicitHeight: Theme.px(260)
        icon: good ? "granted" : "ended"
        tone: good ? Theme.success : Theme.surfaceRaised
    }

    side: [
        StatCard {
            objectName: screen.wide ? "productCard" : ""
            valueObjectName: screen.wide ? "productName" : ""
            Layout.fillWidth: true
            visible: screen.hasReference && screen.wide
            label: qsTr("You won")
            value: screen.journey.experienceName
            valueSize: 48
        },
        KioskButton {
            objectName: "againButton"
            Layout.fillWidth: true
            visible: screen.journey.canRejoin
            text: screen.journey.mechanism === "appointment" ? qsTr("Book again") : qsTr("Join again")
            onClicked: screen.journey.startAgain()
        },
        KioskButton {
            objectName: "doneButton"
            Layout.fillWidth: true
            kind: screen.journey.canRejoin ? "secondary" : "primary"
            text: qsTr("Done")
            onClicked: screen.journey.done()
        }
    ]
}
