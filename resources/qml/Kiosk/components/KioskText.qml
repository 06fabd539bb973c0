import QtQuick
import Kiosk

// Body text: wraps, follows the large-text setting, mirrors with the layout. It is in the
// accessibility tree as what it says (a Text with no accessible role is not there at all:
// a screen reader would not hear it); headings set `Accessible.role: Accessible.Heading`.
Text {
    Accessible.role: Accessible.StaticText
    Accessible.name: text
    property int size: 36
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fs(size)
    color: Theme.text
    wrapMode: Text.WordWrap
    horizontalAlignment: Text.AlignLeft
    lineHeight: 1.1
}
