import QtQuick
import QtQuick.Layouts
import Kiosk

// gated, bot check (or a requirement this kiosk does not know): generic copy only.
ScreenFrame {
    id: screen
    objectName: "screen_gated_bot_check"
    readonly property bool blocked: journey.gateStatus === "blocked"
    title: qsTr("Additional verification needed")
    subtitle: blocked ? qsTr("We cannot continue here right now. A member of staff can help.")
        : qsTr("We need to check one more thing before you continue. Try again, or ask a member of staff.")

    Emblem {
        Layout.alignment: Qt.AlignHCenter
        // Portrait has the height to spare: a larger emblem.
        Layout.preferredWidth: screen.wide ? implicitWidth : screen.heroSize * 0.85
        Layout.preferredHeight: Layout.preferredWidth
        Layout.topMargin: Theme.px(48)
        icon: "bot_check"
    }

    side: [
        KioskButton {
            objectName: "retryGateButton"
            busy: screen.journey.busyAction === "retry"
            Layout.fillWidth: true
            visible: !screen.blocked
            enabled: !screen.journey.busy
            text: qsTr("Try again")
            onClicked: screen.journey.retryGate()
        },
        KioskButton {
            objectName: "backButton"
            Layout.fillWidth: true
            kind: "secondary"
            text: qsTr("Start over")
            onClicked: screen.journey.done()
        }
    ]
}
