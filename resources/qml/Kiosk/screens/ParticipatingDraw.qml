import QtQuick
import QtQuick.Layouts
import Kiosk

// participating, draw: entered; the countdown to the draw.
ScreenFrame {
    id: screen
    objectName: "screen_participating_draw"
    title: qsTr("You're entered")
    subtitle: qsTr("Winners are picked at random when the draw runs. The result shows here.")

    Notice {
        objectName: "walkAwayNotice"
        Layout.fillWidth: true
        visible: screen.journey.resultTime !== "" && screen.journey.entryReference !== ""
        tone: "success"
        text: qsTr("You can walk away. Come back after %1 and enter this reference on any kiosk here to see your result.").arg(Format.time(screen.journey.resultTime))
    }
    // The entry's reference: typed on any kiosk here ("Have an entry reference?" on the
    // draw's first screen), it shows the result and claims a prize. The QR holds it alone.
    ReferenceCard {
        objectName: "entryReferenceCard"
        Layout.fillWidth: true
        visible: screen.journey.entryReference !== ""
        label: qsTr("Your entry reference")
        reference: screen.journey.entryReference
        qrRows: screen.journey.entryReferenceQr
        hint: qsTr("Take a photo of it or write it down.")
    }
    // A venue that gives no reference: the result shows on this screen only.
    KioskText {
        objectName: "resultHowTo"
        Layout.fillWidth: true
        visible: screen.journey.entryReference === ""
        text: qsTr("Only this screen shows the result: to claim a prize, be here when the draw runs. An entry cannot be looked up later.")
        size: 32
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }
    Countdown {
        objectName: "drawCountdown"
        Layout.fillWidth: true
        visible: screen.journey.countdownSeconds >= 0
        label: qsTr("Draw in")
        seconds: screen.journey.countdownSeconds
    }

    side: [
        KioskButton {
            objectName: "doneButton"
            Layout.fillWidth: true
            text: qsTr("Done")
            onClicked: screen.journey.done()
        },
        LeaveButton {
            busy: screen.journey.busyAction === "leave"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Withdraw my entry")
            question: qsTr("Withdraw from the draw? You can enter again while it is open.")
            confirmText: qsTr("Yes, withdraw")
            onConfirmed: screen.journey.leave()
        }
    ]
}
