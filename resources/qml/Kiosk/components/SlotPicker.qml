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
    Repeater {
        model: picker.journey.slots
        delegate: ColumnLayout {
            id: group
            required property var modelData
            objectName: "slotGroup_" + modelData.index
            Layout.fillWidth: true
            spacing: Theme.px(12)
            KioskText {
                objectName: "slotLocation_" + group.modelData.index
                Layout.fillWidth: true
                visible: text !== ""
                text: group.modelData.location
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            GridLayout {
                Layout.fillWidth: true
                columns: Math.max(2, Math.floor(width / Theme.px(230)))
                columnSpacing: Theme.px(16)
                rowSpacing: Theme.px(16)
                Repeater {
                    model: group.modelData.slots
                    delegate: KioskButton {
                        required property var modelData
                        readonly property string times: modelData.available ? qsTr("%1 to %2").arg(modelData.time).arg(modelData.end) : qsTr("%1, full").arg(modelData.time)
                        objectName: "slot_" + modelData.id
                        Layout.fillWidth: true
                        kind: "chip"
                        enabled: modelData.available && !picker.journey.busy
                        selected: picker.journey.selectedSlot === modelData.id
                        text: modelData.time
                        struck: !modelData.available
                        Accessible.name: modelData.location ? qsTr("%1 at %2").arg(times).arg(modelData.location) : times
                        onClicked: picker.journey.selectSlot(modelData.id)
                    }
                }
            }
        }
    }
    Notice {
        Layout.fillWidth: true
        visible: picker.journey.slots.length === 0
        text: qsTr("No times are available at this kiosk right now. A member of staff can help.")
    }
}
