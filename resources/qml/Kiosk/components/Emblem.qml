import QtQuick
import Kiosk

// A large round symbol that says at a glance what kind of screen this is: an icon
// (resources/icons/), or a short glyph where no icon fits.
Rectangle {
    id: emblem
    property string icon
    property string glyph: "★"
    property color tone: Theme.surfaceRaised
    implicitWidth: Theme.px(240)
    implicitHeight: Theme.px(240)
    radius: width / 2
    color: tone
    border.color: Theme.border
    border.width: Theme.px(3)
    Accessible.ignored: true

    Icon {
        objectName: "emblemIcon"
        anchors.centerIn: parent
        width: parent.width * 0.55
        height: width
        name: emblem.icon
    }
    KioskText {
        Accessible.ignored: true // decorative: a screen reader would read the glyph out
        anchors.centerIn: parent
        visible: emblem.icon === ""
        text: emblem.glyph
        size: 120
        font.bold: true
        wrapMode: Text.NoWrap
    }
}
