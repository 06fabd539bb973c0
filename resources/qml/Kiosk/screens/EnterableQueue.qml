import QtQuick
import QtQuick.Layouts
import Kiosk

// enterable, queue: the line is open, or (the pre-queue) it opens soon and early arrivals
// get a random place when it does.
ScreenFrame {
    id: screen
    objectName: "screen_enterable_queue"
    readonly property bool early: journey.preQueue
    title: early ? qsTr("You're early") : qsTr("The line is open")
    subtitle: early ? qsTr("Join now and get a place when the line opens. Everyone who joins before it opens gets a fair random place.")
        : qsTr("Join now and watch your place move on this screen. Everyone is let in in order.")

    Notice {
        objectName: "codeAcceptedNotice"
        Layout.fillWidth: true
        visible: screen.journey.codeFeedback === "accepted"
        tone: "success"
        text: qsTr("Code accepted: you're in the VIP line.")
    }
    Countdown {
        objectName: "opensCountdown"
        Layout.fillWidth: true
        visible: screen.early && screen.journey.countdownSeconds >= 0
        label: qsTr("The line opens in")
        seconds: screen.journey.countdownSeconds
    }

    Emblem {
        Layout.alignment: Qt.AlignHCenter
        // Portrait has the height to spare: a larger emblem.
        Layout.preferredWidth: screen.wide ? implicitWidth : screen.heroSize * 0.85
        Layout.preferredHeight: Layout.preferredWidth
        Layout.topMargin: Theme.px(48)
        icon: "queue"
        tone: Theme.primary
    }

    side: [
        KioskButton {
            objectName: "enterButton"
            // "start": Start joins a plain line in the same step (the join is on its way).
            busy: screen.journey.busyAction === "enter" || screen.journey.busyAction === "start"
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
