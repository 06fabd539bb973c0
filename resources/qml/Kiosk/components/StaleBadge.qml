import QtQuick
import QtQuick.Layouts
import Kiosk

// Shown while the view is stale: what is on screen may be out of date.
Rectangle {
    id: badge
    objectName: "staleBadge"
    implicitHeight: row.implicitHeight + Theme.px(28)
    implicitWidth: row.implicitWidth + Theme.px(48)
    radius: height / 2
    color: Theme.highlight
    Accessible.role: Accessible.AlertMessage
    Accessible.name: label.text

    RowLayout {
        id: row
        anchors.centerIn: parent
        spacing: Theme.px(14)
        Rectangle {
            Layout.preferredWidth: Theme.px(20)
            Layout.preferredHeight: Theme.px(20)
            radius: Theme.px(10)
            color: Theme.textOnHighlight
        }
        KioskText {
            id: label
            text: qsTr("Updates paused – reconnecting")
            size: 30
            font.bold: true
            color: Theme.textOnHighlight
            wrapMode: Text.NoWrap
        }
    }
}
