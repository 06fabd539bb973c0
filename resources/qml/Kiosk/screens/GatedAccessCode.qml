import QtQuick
import QtQuick.Layouts
import Kiosk

// gated, access code: type the organiser's code.
ScreenFrame {
    id: screen
    objectName: "screen_gated_access_code"
    readonly property bool invalid: journey.codeFeedback === "invalid" || journey.gateStatus === "invalid"
    title: qsTr("Enter your access code")
    subtitle: qsTr("This release needs a code from the organiser.")

    Notice {
        objectName: "codeInvalidNotice"
        Layout.fillWidth: true
        visible: screen.invalid
        tone: "warning"
        text: qsTr("That code did not work. Check it and try again.")
    }

    CodeDisplay {
        objectName: "codeDisplay"
        Layout.fillWidth: true
        value: screen.journey.accessCode
        placeholder: qsTr("Type your code")
        error: screen.invalid
    }

    side: [
        Keypad {
            objectName: "codeKeypad"
            Layout.fillWidth: true
            Layout.preferredHeight: implicitHeight
            mode: "code"
            enabled: !screen.journey.busy
            onKeyPressed: key => screen.journey.typeKey(key)
        },
        KioskButton {
            objectName: "submitCodeButton"
            busy: screen.journey.busyAction === "reroute" || screen.journey.busyAction === "submit_access_code"
            Layout.fillWidth: true
            enabled: screen.journey.accessCode !== "" && !screen.journey.busy
            text: qsTr("Continue")
            onClicked: screen.journey.submitCode()
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
