pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Kiosk

// A large on-screen keyboard. `mode`: "digits" (phone numbers, codes, PINs), "code"
// (letters and digits) or "email" (adds @ . - _ +). Emits `keyPressed(key)` with one
// character, "backspace" or "clear".
Item {
    id: keypad
    property string mode: "code"
    // Digit keys in the language's digits (an amount, shown in them too); codes stay Latin.
    property bool localDigits: false
    signal keyPressed(string key)

    readonly property var rows: mode === "digits"
        ? [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["clear", "0", "backspace"]]
        : mode === "email"
            ? [["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
               ["Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"],
               ["A", "S", "D", "F", "G", "H", "J", "K", "L", "@"],
               ["Z", "X", "C", "V", "B", "N", "M", ".", "-", "_"],
               ["+", "clear", "backspace"]]
            : [["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
               ["Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"],
               ["A", "S", "D", "F", "G", "H", "J", "K", "L", "-"],
               ["Z", "X", "C", "V", "B", "N", "M", "clear", "backspace"]]
    readonly property int columns: mode === "digits" ? 3 : 10
    readonly property real gap: Theme.px(mode === "digits" ? 18 : 10)
    // A key is never smaller than 64 x 64 px, on any screen: the keypad asks its layout for
    // that much width (Layout.minimumWidth), and keeps it even if given less.
    readonly property real minimumKey: 64
    readonly property real keyWidth: Math.max(minimumKey, Math.min(Theme.px(mode === "digits" ? 200 : 104), (width - (columns - 1) * gap) / columns))
    readonly property real keyHeight: Math.max(Theme.px(mode === "digits" ? 108 : 92), minimumKey)

    implicitWidth: columns * Theme.px(mode === "digits" ? 200 : 104) + (columns - 1) * gap
    Layout.minimumWidth: columns * minimumKey + (columns - 1) * gap
    implicitHeight: rows.length * keyHeight + (rows.length - 1) * gap

    function label(key) {
        if (key === "backspace")
            return "⌫";
        if (key === "clear")
            return qsTr("Clear");
        return localDigits ? Format.digits(key) : key;
    }
    function spoken(key) {
        if (key === "backspace")
            return qsTr("Delete");
        if (key === "clear")
            return qsTr("Clear");
        return key;
    }

    Column {
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: keypad.gap
        Repeater {
            model: keypad.rows
            delegate: Row {
                id: keyRow
                required property var modelData
                anchors.horizontalCenter: parent ? parent.horizontalCenter : undefined
                spacing: keypad.gap
                LayoutMirroring.enabled: false
                Repeater {
                    model: keyRow.modelData
                    delegate: KioskButton {
                        required property string modelData
                        readonly property bool wideKey: modelData === "clear" || modelData === "backspace"
                        objectName: "key_" + modelData
                        kind: "secondary"
                        text: keypad.label(modelData)
                        Accessible.name: keypad.spoken(modelData)
                        width: keypad.mode !== "digits" && wideKey ? keypad.keyWidth * 1.5 + keypad.gap / 2 : keypad.keyWidth
                        height: keypad.keyHeight
                        implicitWidth: width
                        leftPadding: 0
                        rightPadding: 0
                        onClicked: keypad.keyPressed(modelData)
                    }
                }
            }
        }
    }
}
