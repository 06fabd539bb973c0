import QtQuick
import QtQuick.Layouts
import Kiosk

// "Have a code?" on a routed screen: a code may unlock a better way in (an upgrade offer).
Rectangle {
    id: entry
    required property JourneyViewModel journey
    objectName: "codeEntry"
    color: Theme.scrim

    MouseArea {
        anchors.fill: parent
        Accessible.role: Accessible.Pane
        Accessible.name: qsTr("Enter a code")
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.px(64), Theme.px(1100))
        height: column.implicitHeight + Theme.px(80)
        radius: Theme.px(36)
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.px(2)

        ColumnLayout {
            id: column
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.px(40)
            spacing: Theme.px(24)
            KioskText {
                Layout.fillWidth: true
                text: qsTr("Have a code?")
                size: 56
                font.bold: true
            }
            KioskText {
                Layout.fillWidth: true
                visible: entry.journey.codeFeedback !== "unchanged"
                text: qsTr("A code from the organiser may give you a better way in. Your current place is kept.")
                color: Theme.muted
            }
            Notice {
                objectName: "codeRefusedNotice"
                Layout.fillWidth: true
                visible: entry.journey.codeFeedback === "unchanged"
                tone: "warning"
                text: qsTr("That code did not work. Check it and try again.")
            }
            CodeDisplay {
                objectName: "offerCodeDisplay"
                Layout.fillWidth: true
                value: entry.journey.accessCode
                placeholder: qsTr("Type your code")
                error: entry.journey.codeFeedback === "unchanged"
            }
            Keypad {
                objectName: "offerKeypad"
                Layout.fillWidth: true
                Layout.preferredHeight: implicitHeight
                mode: "code"
                enabled: !entry.journey.busy
                onKeyPressed: key => entry.journey.typeKey(key)
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.px(24)
                KioskButton {
                    objectName: "closeCodeButton"
                    Layout.fillWidth: true
                    kind: "secondary"
                    text: qsTr("Cancel")
                    onClicked: entry.journey.closeCodeEntry()
                }
                KioskButton {
                    objectName: "submitOfferCodeButton"
                    busy: entry.journey.busyAction === "submit_access_code"
                    Layout.fillWidth: true
                    enabled: entry.journey.accessCode !== "" && !entry.journey.busy
                    text: qsTr("Use code")
                    onClicked: entry.journey.submitCode()
                }
            }
        }
    }
}
