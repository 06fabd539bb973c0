pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk

// One compact button (the language in use and "A+") that opens a small panel: the languages,
// each in its own language, and the large-text switch. Compact, so that a long experience
// name or large text never pushes the switch off the screen: large text can always be
// turned off again.
Item {
    id: bar
    required property KioskViewModel kiosk
    readonly property bool mirrored: button.mirrored
    objectName: "languageBar"
    implicitWidth: button.implicitWidth
    implicitHeight: button.implicitHeight
    // Nothing stays open behind the next screen, a prompt or the staff panel.
    onVisibleChanged: menu.close()

    function nativeName(code) {
        return ({"en": "English", "es": "Español", "ar": "العربية"})[code] || code;
    }

    Connections {
        target: bar.kiosk
        function onIdleKindChanged() {
            menu.close();
        }
        function onStaffPanelChanged() {
            menu.close();
        }
    }

    // The button's face: a globe, the language in use, and the text-size mark.
    component MenuLabel: RowLayout {
        id: label
        property bool selected
        property string language
        spacing: Theme.px(10)
        Icon {
            objectName: "languageIcon"
            Layout.preferredWidth: Theme.fs(34)
            Layout.preferredHeight: Theme.fs(34)
            name: "language"
            tint: label.selected ? Theme.textOnHighlight : Theme.text
        }
        Text {
            text: label.language
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fs(30)
            color: label.selected ? Theme.textOnHighlight : Theme.text
        }
        Icon {
            objectName: "textSizeIcon"
            Layout.preferredWidth: Theme.fs(34)
            Layout.preferredHeight: Theme.fs(34)
            name: "text_size"
            tint: label.selected ? Theme.textOnHighlight : Theme.text
        }
    }

    KioskButton {
        id: button
        objectName: "languageMenuButton"
        anchors.fill: parent
        kind: "quiet"
        selected: menu.opened
        text: bar.nativeName(bar.kiosk.language) + "  ·  A+\u200E" // LRM: "A+", not "+A", in Arabic
        Accessible.name: qsTr("Language and text size")
        onClicked: menu.open()
        contentItem: MenuLabel {
            selected: button.selected
            language: bar.nativeName(bar.kiosk.language)
        }
    }

    Popup {
        id: menu
        objectName: "languageMenu"
        // Under the button, its far edge in line with the button's (the start edge in Arabic).
        x: bar.mirrored ? 0 : bar.width - width
        y: bar.height + Theme.px(8)
        margins: Theme.px(16)
        padding: Theme.px(20)
        modal: true
        dim: false
        background: Rectangle {
            radius: Theme.corner(24)
            color: Theme.surface
            border.color: Theme.border
            border.width: Theme.px(3)
        }
        contentItem: ColumnLayout {
            LayoutMirroring.enabled: bar.mirrored
            LayoutMirroring.childrenInherit: true
            spacing: Theme.px(12)
            Repeater {
                model: bar.kiosk.languages
                delegate: KioskButton {
                    required property string modelData
                    objectName: "language_" + modelData
                    Layout.fillWidth: true
                    kind: "quiet"
                    selected: bar.kiosk.language === modelData
                    text: bar.nativeName(modelData)
                    Accessible.name: bar.nativeName(modelData)
                    onClicked: {
                        bar.kiosk.setLanguage(modelData);
                        menu.close();
                    }
                }
            }
            KioskButton {
                objectName: "largeTextButton"
                Layout.fillWidth: true
                kind: "quiet"
                selected: bar.kiosk.largeText
                text: "A+\u200E  " + (bar.kiosk.largeText ? qsTr("Normal text size") : qsTr("Larger text"))
                Accessible.name: bar.kiosk.largeText ? qsTr("Normal text size") : qsTr("Larger text")
                onClicked: bar.kiosk.setLargeText(!bar.kiosk.largeText)
            }
        }
    }
}
