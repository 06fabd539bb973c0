import QtQuick
import Kiosk

// Body text: wraps, follows the large-text setting, mirrors with the layout.
Text {
    property int size: 36
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fs(size)
    color: Theme.text
    wrapMode: Text.WordWrap
    horizontalAlignment: Text.AlignLeft
    lineHeight: 1.1
}
