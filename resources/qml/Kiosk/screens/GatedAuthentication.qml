import QtQuick
import QtQuick.Layouts
import Kiosk

// gated, authentication: a phone number or an email address, then the one-time code.
ScreenFrame {
    id: screen
    objectName: "screen_gated_authentication"
    readonly property bool available: journey.authAvailable && journey.authFeedback !== "unavailable"
    readonly property bool codeStep: journey.authStep === "code"
    title: !available ? qsTr("Sign-in needed") : codeStep ? qsTr("Enter the code we sent") : qsTr("Sign in with your phone or email")
    subtitle: !available ? qsTr("This release needs you to sign in, which this kiosk cannot do. A member of staff can help.")
        : codeStep ? qsTr("We sent a one-time code to %1.").arg(journey.authContact)
        : qsTr("We will send you a one-time code. We only use it to let you in.")

    Notice {
        objectName: "authFeedback"
        Layout.fillWidth: true
        visible: screen.available && screen.journey.authFeedback === "invalid"
        tone: "warning"
        text: qsTr("That code is not right. Try again.")
    }
    CodeDisplay {
        objectName: "authDisplay"
        Layout.fillWidth: true
        visible: screen.available
        value: screen.codeStep ? screen.journey.authCode : screen.journey.authContact
        placeholder: screen.codeStep ? qsTr("One-time code") : qsTr("Phone number or email")
    }

    side: [
        Keypad {
            objectName: "authKeypad"
            Layout.fillWidth: true
            Layout.preferredHeight: implicitHeight
            visible: screen.available
            mode: screen.codeStep ? "digits" : "email"
            enabled: !screen.journey.busy
            onKeyPressed: key => screen.journey.typeKey(key)
        },
        KioskButton {
            objectName: "authSubmitButton"
            Layout.fillWidth: true
            visible: screen.available
            enabled: !screen.journey.busy && (screen.codeStep ? screen.journey.authCode !== "" : screen.journey.authContact !== "")
            text: screen.codeStep ? qsTr("Confirm") : qsTr("Send code")
            onClicked: screen.codeStep ? screen.journey.verifyAuthCode() : screen.journey.sendAuthCode()
        },
        KioskButton {
            objectName: "authChangeButton"
            Layout.fillWidth: true
            visible: screen.available && screen.codeStep
            kind: "secondary"
            text: qsTr("Change phone or email")
            onClicked: screen.journey.setAuthStep("contact")
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
