import QtQuick
import QtQuick.Layouts
import Kiosk

// A label over a large value: position, time left, highest bid.
Rectangle {
    id: card
    property string label
    property string value
    property int valueSize: 72
    property color valueColor: Theme.text
    property alias valueObjectName: valueText.objectName

    implicitHeight: column.implicitHeight + Theme.px(56)
    implicitWidth: Theme.px(300)
    radius: Theme.px(28)
    color: Theme.surface
    border.color: Theme.border
    border.width: Theme.px(2)
    Accessible.role: Accessible.StaticText
    Accessible.name: label + ": " + value

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.px(28)
        spacing: Theme.px(8)
        KioskText {
            Accessible.ignored: true // the card's own name says "label: value"
            Layout.fillWidth: true
            text: card.label
            size: 30
            color: Theme.muted
        }
        KioskText {
            id: valueText
            Accessible.ignored: true
            Layout.fillWidth: true
            text: card.value
            size: card.valueSize
            font.bold: true
            color: card.valueColor
            wrapMode: Text.NoWrap
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.fs(24)
        }
    }
}
