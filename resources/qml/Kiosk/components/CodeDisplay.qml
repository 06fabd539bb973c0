import QtQuick
import Kiosk

// What the customer has typed so far, big, with a caret-like underline; or, with `reference`,
// a code the kiosk gives the customer to show or read out (read-only, never elided).
Rectangle {
    id: display
    property string value
    property string placeholder
    property bool masked: false
    property bool error: false
    property bool reference: false
    property alias valueObjectName: valueText.objectName

    implicitHeight: reference ? valueText.implicitHeight + Theme.px(48) : Theme.px(128)
    radius: Theme.px(20)
    color: Theme.surface
    border.width: Theme.px(3)
    border.color: error ? Theme.highlight : Theme.border
    Accessible.role: reference ? Accessible.StaticText : Accessible.EditableText
    Accessible.name: reference ? placeholder + ": " + value : placeholder
    Accessible.description: masked ? "" : value
    // A code reads left to right in every language.
    LayoutMirroring.enabled: reference

    KioskText {
        id: valueText
        anchors.fill: parent
        anchors.leftMargin: Theme.px(32)
        anchors.rightMargin: Theme.px(32)
        verticalAlignment: Text.AlignVCenter
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.NoWrap
        // Smaller before cut: a reference never loses a character; a very long typed entry
        // loses its start (the newest keys stay).
        fontSizeMode: Text.HorizontalFit
        minimumPixelSize: Math.max(12, Theme.px(28))
        elide: display.reference ? Text.ElideNone : Text.ElideLeft
        size: display.reference ? 104 : display.value === "" ? 36 : 60
        font.bold: display.value !== ""
        font.letterSpacing: display.value === "" ? 0 : Theme.px(6)
        color: display.value === "" ? Theme.muted : display.reference ? Theme.highlight : Theme.text
        text: display.value === "" ? display.placeholder : (display.masked ? "•".repeat(display.value.length) : display.value)
    }
}
