pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Kiosk

// Language buttons, each in its own language, and the large-text switch.
RowLayout {
    id: bar
    required property KioskViewModel kiosk
    property bool showLargeText: true
    spacing: Theme.px(12)

    function nativeName(code) {
        return ({"en": "English", "es": "Español", "ar": "العربية"})[code] || code;
    }

    Repeater {
        model: bar.kiosk.languages
        delegate: KioskButton {
            required property string modelData
            objectName: "language_" + modelData
            kind: "quiet"
            selected: bar.kiosk.language === modelData
            text: bar.nativeName(modelData)
            Accessible.name: bar.nativeName(modelData)
            onClicked: bar.kiosk.setLanguage(modelData)
        }
    }
    KioskButton {
        objectName: "largeTextButton"
        visible: bar.showLargeText
        kind: "quiet"
        selected: bar.kiosk.largeText
        text: "A+"
        Accessible.name: bar.kiosk.largeText ? qsTr("Normal text size") : qsTr("Larger text")
        onClicked: bar.kiosk.setLargeText(!bar.kiosk.largeText)
    }
}
