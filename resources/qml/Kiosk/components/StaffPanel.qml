import QtQuick
import QtQuick.Layouts
import Kiosk

// Staff only: a PIN, then settings (next customer, exit). Opened by a long press on the
// top corner; there is no other way out of a fullscreen kiosk.
Rectangle {
    id: panel
    required property KioskViewModel kiosk
    objectName: "staffPanel"
    color: Theme.scrim

    MouseArea {
        anchors.fill: parent
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("Close staff settings")
        onClicked: panel.kiosk.closeStaff()
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.px(96), Theme.px(820))
        height: column.implicitHeight + Theme.px(96)
        radius: Theme.px(36)
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.px(2)

        MouseArea {
            anchors.fill: parent
            Accessible.role: Accessible.Pane
            Accessible.name: qsTr("Staff settings")
        }

        ColumnLayout {
            id: column
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.px(48)
            spacing: Theme.px(28)

            KioskText {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: panel.kiosk.staffPanel === "settings" ? qsTr("Staff settings") : qsTr("Staff PIN")
                size: 56
                font.bold: true
            }
            KioskText {
                objectName: "pinFeedback"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                visible: panel.kiosk.staffPanel === "pin"
                text: panel.kiosk.pinFeedback === "locked"
                    ? qsTr("Too many wrong PINs. Try again in %1 s.").arg(Format.number(panel.kiosk.pinLockedSeconds))
                    : panel.kiosk.pinFeedback === "wrong" ? qsTr("That PIN is not right.") : qsTr("Enter the staff PIN.")
                color: panel.kiosk.pinFeedback === "" ? Theme.muted : Theme.highlight
            }
            CodeDisplay {
                objectName: "pinDisplay"
                Layout.fillWidth: true
                visible: panel.kiosk.staffPanel === "pin"
                masked: true
                value: "0".repeat(panel.kiosk.pinEntered)
                placeholder: qsTr("PIN")
            }
            Keypad {
                objectName: "pinKeypad"
                Layout.fillWidth: true
                Layout.preferredHeight: implicitHeight
                visible: panel.kiosk.staffPanel === "pin"
                mode: "digits"
                enabled: panel.kiosk.pinFeedback !== "locked"
                onKeyPressed: key => panel.kiosk.pinKey(key)
            }
            KioskButton {
                objectName: "staffNextCustomerButton"
                Layout.fillWidth: true
                visible: panel.kiosk.staffPanel === "settings"
                kind: "secondary"
                text: qsTr("Next customer (wipe this visit)")
                onClicked: panel.kiosk.nextCustomer()
            }
            KioskButton {
                objectName: "staffLargeTextButton"
                Layout.fillWidth: true
                visible: panel.kiosk.staffPanel === "settings"
                kind: "secondary"
                text: panel.kiosk.largeText ? qsTr("Normal text size") : qsTr("Larger text")
                onClicked: panel.kiosk.setLargeText(!panel.kiosk.largeText)
            }
            KioskText {
                objectName: "staffBuildInfo"
                Layout.fillWidth: true
                visible: panel.kiosk.staffPanel === "settings"
                color: Theme.muted
                size: 24
                text: panel.kiosk.buildInfo
            }
            KioskButton {
                objectName: "staffExitButton"
                Layout.fillWidth: true
                visible: panel.kiosk.staffPanel === "settings"
                kind: "danger"
                text: qsTr("Exit the kiosk")
                onClicked: panel.kiosk.staffExit()
            }
            KioskButton {
                objectName: "staffCloseButton"
                Layout.fillWidth: true
                kind: "quiet"
                text: qsTr("Close")
                onClicked: panel.kiosk.closeStaff()
            }
        }
    }
}
