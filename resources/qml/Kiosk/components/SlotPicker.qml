pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk

// Appointment day tabs and the slot grid for the selected day.
ColumnLayout {
    id: picker
    required property JourneyViewModel journey
    required property KioskViewModel kiosk
    spacing: Theme.px(24)

    // What a screen reader says for a time: its span or that it is full, and where it is.
    function spoken(slot: var): string {
        const span = slot.available ? qsTr("%1 to %2").arg(Format.time(slot.time)).arg(Format.time(slot.end)) : qsTr("%1, full").arg(Format.time(slot.time));
        return slot.location ? qsTr("%1 at %2").arg(span).arg(slot.location) : span;
    }

    // The days wrap onto a second row rather than scroll out of sight (long names, large text).
    Flow {
        id: days
        objectName: "slotDays"
        Layout.fillWidth: true
        spacing: Theme.px(16)
        Repeater {
            model: picker.journey.days
            delegate: KioskButton {
                required property var modelData
                objectName: "day_" + modelData.index
                kind: "quiet"
                selected: picker.journey.selectedDay === modelData.index
                text: modelData.relative === "today" ? qsTr("Today") : modelData.relative === "tomorrow" ? qsTr("Tomorrow") : Format.day(modelData.date)
                onClicked: {
                    times.contentY = 0;
                    picker.journey.selectDay(modelData.index);
                }
            }
        }
    }
    // Every location, named up front; a tap brings its times into view.
    Flow {
        objectName: "slotLocations"
        Layout.fillWidth: true
        visible: picker.journey.slots.length > 1
        spacing: Theme.px(16)
        Repeater {
            model: picker.journey.slots
            delegate: KioskButton {
                required property var modelData
                objectName: "location_" + modelData.index
                kind: "quiet"
                text: modelData.location
                Accessible.name: qsTr("Times at %1").arg(modelData.location)
                onClicked: {
                    const header = groupRepeater.itemAt(modelData.index);
                    if (header)
                        times.contentY = Math.max(0, Math.min(header.y, times.contentHeight - times.height));
                }
            }
        }
    }
    // The day's times under each location's name; they scroll when they do not fit.
    Flickable {
        id: times
        objectName: "slotTimes"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.preferredHeight: groups.implicitHeight
        Layout.maximumHeight: groups.implicitHeight
        Layout.minimumHeight: Math.min(groups.implicitHeight, Theme.px(260))
        contentWidth: width
        contentHeight: groups.implicitHeight
        clip: true
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds
        // More times below: a scroll bar says so.
        ScrollBar.vertical: ScrollBar {
            objectName: "slotTimesScrollBar"
            policy: times.contentHeight > times.height + 1 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
        }
        ColumnLayout {
            id: groups
            width: times.width - (times.contentHeight > times.height + 1 ? Theme.px(24) : 0) // clear of the bar
            spacing: Theme.px(24)
            Repeater {
                id: groupRepeater
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
                        columns: Math.max(2, Math.floor(times.width / Theme.px(180)))
                        columnSpacing: Theme.px(16)
                        rowSpacing: Theme.px(16)
                        Repeater {
                            model: group.modelData.slots
                            delegate: KioskButton {
                                required property var modelData
                                objectName: "slot_" + modelData.id
                                Accessible.name: picker.spoken(modelData)
                                Layout.fillWidth: true
                                kind: "chip"
                                enabled: modelData.available && !picker.journey.busy
                                selected: picker.journey.selectedSlot === modelData.id
                                text: Format.time(modelData.time)
                                struck: !modelData.available
                                onClicked: picker.journey.selectSlot(modelData.id)
                            }
                        }
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
