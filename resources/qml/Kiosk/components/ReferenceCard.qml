import QtQuick
import QtQuick.Layouts
import Kiosk

// The hero of a result screen: the reference, large, beside its QR code. Both read left to
// right in every language. The QR holds the reference only, never a grant.
Rectangle {
    id: card
    property string label
    property string reference
    property var qrRows: []
    property string hint

    implicitHeight: row.implicitHeight + Theme.px(48)
    radius: Theme.px(28)
    color: Theme.surface
    border.color: Theme.border
    border.width: Theme.px(2)
    LayoutMirroring.enabled: false
    LayoutMirroring.childrenInherit: true

    RowLayout {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.px(24)
        spacing: Theme.px(24)

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: Theme.px(8)
            KioskText {
                objectName: "referenceLabel"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: card.label
                size: 30
                color: Theme.muted
            }
            CodeDisplay {
                objectName: "referenceDisplay"
                valueObjectName: "referenceValue"
                Layout.fillWidth: true
                reference: true
                placeholder: card.label
                value: card.reference
                color: "transparent"
                border.width: 0
            }
            KioskText {
                objectName: "referenceHint"
                Layout.fillWidth: true
                visible: text !== ""
                horizontalAlignment: Text.AlignHCenter
                text: card.hint
                size: 28
                color: Theme.muted
            }
        }
        QrCode {
            objectName: "referenceQr"
            // Big enough for a phone across the counter: 300 px at 1080 on the short side.
            Layout.preferredWidth: Theme.px(300)
            Layout.preferredHeight: Theme.px(300)
            Layout.alignment: Qt.AlignVCenter
            rows: card.qrRows
            label: card.reference
        }
    }
}
