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

    // The venue's answer is awaited: the pressed action says so until it comes.
    readonly property bool sending: journey.busy && journey.authFeedback === "sending"
    readonly property bool checking: journey.busy && journey.authFeedback === "checking"
    readonly property string feedbackText: {
        switch (journey.authFeedback) {
        case "invalid":
            return qsTr("That code is not right. Try again.");
        case "expired":
            return qsTr("That code has expired. We can send a new one.");
        case "resent":
            return qsTr("We sent a new code. Use the newest one.");
        case "wait":
            return qsTr("You have asked for several codes. Wait a few minutes, then send a new one.");
        default:
            return "";
        }
    }

    Notice {
        objectName: "authFeedback"
        Layout.fillWidth: true
        visible: screen.available && screen.feedbackText !== ""
        tone: screen.journey.authFeedback === "resent" ? "info" : "warning"
        text: screen.feedbackText
    }
    CodeDisplay {
        objectName: "authDisplay"
        Layout.fillWidth: true
        visible: screen.available
        value: screen.codeStep ? screen.journey.authCode : screen.journey.authContact
        placeholder: screen.codeStep ? qsTr("One-time code") : qsTr("Phone number or email")
    }
    // Beside the code it replaces, under the notice that offers it.
    KioskButton {
        objectName: "authResendButton"
        busy: screen.journey.busyAction === "request_code"
        Layout.fillWidth: true
        visible: screen.available && screen.codeStep
        // Not while the venue says to wait before another code.
        enabled: !screen.journey.busy && screen.journey.authFeedback !== "wait"
        kind: screen.journey.authFeedback === "expired" ? "primary" : "secondary"
        text: screen.sending ? qsTr("Sending…") : qsTr("Send a new code")
        onClicked: screen.journey.sendAuthCode()
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
            busy: screen.journey.busyAction === (screen.codeStep ? "verify_code" : "request_code")
            Layout.fillWidth: true
            visible: screen.available
            enabled: !screen.journey.busy && (screen.codeStep ? screen.journey.authCode !== "" : screen.journey.authContact !== "")
            text: screen.checking ? qsTr("Checking…") : screen.codeStep ? qsTr("Confirm")
                : screen.sending ? qsTr("Sending…") : qsTr("Send code")
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
