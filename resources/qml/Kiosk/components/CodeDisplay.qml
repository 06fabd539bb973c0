import QtQuick
import Kiosk

// What the customer has typed so far, big, with a caret-like underline.
Rectangle {
    id: display
    property string value
    property string placeholder
    property bool masked: false
    property bool error: false

    implicitHeight: Theme.px(128)
    radius: Theme.px(20)
    color: Theme.surface
    border.width: Theme.px(3)
    border.color: error ? Theme.highlight : Theme.border
    Accessible.role: Accessible.EditableText
    Accessible.name: placeholder
    Accessible.description: masked ? "" : value

    KioskText {
        anchors.fill: parent
        anchors.leftMargin: Theme.px(32)
        anchors.rightMargin: Theme.px(32)
        verticalAlignment: Text.AlignVCenter
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.NoWrap
        // Smaller before cut: only a very long entry loses its start (the newest keys stay).
        fontSizeMode: Text.HorizontalFit
        minimumPixelSize: Math.max(12, Theme.px(28))
        elide: Text.ElideLeft
        size: display.value === "" ? 36 : 60
        font.bold: display.value !== ""
        font.letterSpacing: display.value === "" ? 0 : Theme.px(6)
        color: display.value === "" ? Theme.muted : Theme.text
        text: display.value === "" ? display.placeholder : (display.masked ? "•".repeat(display.value.length) : display.value)
    }
}
