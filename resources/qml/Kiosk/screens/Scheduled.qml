import QtQuick
import QtQuick.Layouts
import Kiosk

// scheduled: not open yet. A countdown, and the waitlist when the sequence has one.
ScreenFrame {
    id: screen
    objectName: "screen_scheduled"
    readonly property string waitlist: journey.waitlistStatus
    title: waitlist === "notified" ? qsTr("It's open for you") : qsTr("Opening soon")
    subtitle: waitlist === "notified" ? qsTr("You were on the waitlist and your turn has come. Please see a member of staff.")
        : qsTr("This release has not opened yet. The countdown shows when it does.")

    Countdown {
        objectName: "opensCountdown"
        Layout.fillWidth: true
        visible: screen.journey.countdownSeconds >= 0
        label: qsTr("Opens in")
        seconds: screen.journey.countdownSeconds
    }
    Notice {
        objectName: "waitlistNotice"
        Layout.fillWidth: true
        visible: screen.waitlist === "waitlisted"
        tone: "success"
        text: screen.journey.waitlistPosition > 0 ? qsTr("You are on the waitlist: number %1.").arg(Format.number(screen.journey.waitlistPosition)) : qsTr("You are on the waitlist.")
    }
    KioskText {
        Layout.fillWidth: true
        visible: screen.waitlist === "not_waitlisted"
        color: Theme.muted
        text: qsTr("Join the waitlist to be let in when it opens.")
    }

    side: [
        KioskButton {
            objectName: "joinWaitlistButton"
            busy: screen.journey.busyAction === "join"
            Layout.fillWidth: true
            visible: screen.waitlist === "not_waitlisted"
            enabled: !screen.journey.busy
            text: qsTr("Join the waitlist")
            onClicked: screen.journey.joinWaitlist()
        },
        KioskButton {
            objectName: "leaveWaitlistButton"
            busy: screen.journey.busyAction === "leave_waitlist"
            Layout.fillWidth: true
            visible: screen.waitlist === "waitlisted" || screen.waitlist === "notified"
            enabled: !screen.journey.busy
            kind: "secondary"
            text: qsTr("Leave the waitlist")
            onClicked: screen.journey.leaveWaitlist()
        },
        KioskButton {
            objectName: "doneButton"
            Layout.fillWidth: true
            kind: "secondary"
            text: qsTr("Done")
            onClicked: screen.journey.done()
        }
    ]
}
