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
        visible: screen.journey.resultTime !== ""
        tone: "success"
        text: qsTr("You're in the draw. You can walk away: results at %1.").arg(Format.time(screen.journey.resultTime))
    }

    // What walking away means, honestly: the entry stays, but only this screen shows the
    // result and a prize is claimed here (the venue has no look-up of an entry by reference).
    KioskText {
        objectName: "resultHowTo"
        Layout.fillWidth: true
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
