pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Kiosk

// Appointment day tabs and the slot grid for the selected day.
ColumnLayout {
    id: picker
    required property JourneyViewModel journey
    required property KioskViewModel kiosk
    spacing: Theme.px(24)

    Flickable {
        Layout.fillWidth: true
        Layout.preferredHeight: Theme.px(96)
        contentWidth: days.implicitWidth
        clip: true
        flickableDirection: Flickable.HorizontalFlick
        boundsBehavior: Flickable.StopAtBounds
        RowLayout {
            id: days
            spacing: Theme.px(16)
            Repeater {
                model: picker.journey.days
                delegate: KioskButton {
                    required property var modelData
                    objectName: "day_" + modelData.index
                    kind: "quiet"
                    selected: picker.journey.selectedDay === modelData.index
                    text: Format.day(modelData.date, picker.kiosk.language)
                    onClicked: picker.journey.selectDay(modelData.index)
                }
            }
        }
    }
    GridLayout {
        id: grid
        Layout.fillWidth: true
        columns: Math.max(2, Math.floor(width / Theme.px(230)))
        columnSpacing: Theme.px(16)
        rowSpacing: Theme.px(16)
        Repeater {
            model: picker.journey.slots
            delegate: KioskButton {
                required property var modelData
                objectName: "slot_" + modelData.id
                Layout.fillWidth: true
                kind: "chip"
                enabled: modelData.available && !picker.journey.busy
                selected: picker.journey.selectedSlot === modelData.id
                text: modelData.time
                struck: !modelData.available
                Accessible.name: modelData.available ? qsTr("%1 to %2").arg(modelData.time).arg(modelData.end) : qsTr("%1, full").arg(modelData.time)
                onClicked: picker.journey.selectSlot(modelData.id)
            }
        }
    }
    Notice {
        Layout.fillWidth: true
        visible: picker.journey.slots.length === 0
        text: qsTr("No times are available at this kiosk right now. A member of staff can help.")
    }
}
