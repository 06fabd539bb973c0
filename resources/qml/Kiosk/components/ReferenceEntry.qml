import QtQuick
import QtQuick.Layouts
import Kiosk

// "Have an entry reference?" on a draw's Ready screen: the reference a customer got when
// entering resumes the entry on this kiosk and shows its result.
Rectangle {
    id: entry
    required property JourneyViewModel journey
    objectName: "referenceEntry"
    color: Theme.scrim

    MouseArea {
        anchors.fill: parent
        Accessible.role: Accessible.Pane
        Accessible.name: qsTr("Enter your entry reference")
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
            spacing: Theme.px(entry.height >= entry.width ? 24 : 16)
            KioskText {
                Layout.fillWidth: true
                text: qsTr("Have an entry reference?")
                size: entry.height >= entry.width ? 56 : 40
                font.bold: true
            }
            KioskText {
                Layout.fillWidth: true
                // Landscape has no height to spare: a refusal replaces the explanation.
                visible: entry.journey.codeFeedback === "" || entry.height >= entry.width
                text: qsTr("Type the 6-character reference you were given when you entered the draw.")
                color: Theme.muted
            }
            Notice {
                objectName: "referenceRefusedNotice"
                Layout.fillWidth: true
                visible: text !== ""
                tone: "warning"
                text: entry.journey.codeFeedback === "not_found" ? qsTr("That reference did not match an entry in this draw. Check it and try again.")
                    : entry.journey.codeFeedback === "rate_limited" ? qsTr("Too many tries. Wait a minute, then try again.")
                    : entry.journey.codeFeedback === "spent" ? qsTr("This entry's result has already been claimed or has expired.")
                    : ""
            }
            CodeDisplay {
                objectName: "referenceCodeDisplay"
                Layout.fillWidth: true
                value: entry.journey.accessCode
                placeholder: qsTr("Type your reference")
                error: entry.journey.codeFeedback !== ""
            }
            Keypad {
                objectName: "referenceKeypad"
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
                    objectName: "closeReferenceButton"
                    Layout.fillWidth: true
                    kind: "secondary"
                    text: qsTr("Cancel")
                    onClicked: entry.journey.closeCodeEntry()
                }
                KioskButton {
                    objectName: "submitReferenceButton"
                    busy: entry.journey.busyAction === "resume_entry"
                    Layout.fillWidth: true
                    enabled: entry.journey.accessCode !== "" && !entry.journey.busy
                    text: qsTr("See my result")
                    onClicked: entry.journey.submitCode()
                }
            }
        }
    }
}
