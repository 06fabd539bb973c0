import QtQuick
import Kiosk

// One of the kiosk's icons (resources/icons/<name>.svg), drawn in one colour of the theme.
Item {
    id: icon
    property string name
    property color tint: Theme.text
    implicitWidth: Theme.px(48)
    implicitHeight: Theme.px(48)
    visible: name !== ""
    Accessible.ignored: true

    Image {
        objectName: "iconImage"
        anchors.fill: parent
        source: icon.name !== "" ? Theme.icon(icon.name, icon.tint) : ""
        sourceSize.width: Math.max(1, Math.round(icon.width))
        sourceSize.height: Math.max(1, Math.round(icon.height))
        fillMode: Image.PreserveAspectFit
    }
}
