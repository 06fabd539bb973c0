import QtQuick
import Kiosk

// A large round symbol that says at a glance what kind of screen this is.
Rectangle {
    id: emblem
    property string glyph: "★"
    property color tone: Theme.surfaceRaised
    implicitWidth: Theme.px(240)
    implicitHeight: Theme.px(240)
    radius: width / 2
    color: tone
    border.color: Theme.border
    border.width: Theme.px(3)
    Accessible.ignored: true

    KioskText {
        Accessible.ignored: true // decorative: a screen reader would read the glyph out
        anchors.centerIn: parent
        text: emblem.glyph
        size: 120
        font.bold: true
        wrapMode: Text.NoWrap
    }
}
