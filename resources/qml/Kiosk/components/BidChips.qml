pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Kiosk

// Quick bids: the minimum, then one and two steps above it.
RowLayout {
    id: chips
    required property JourneyViewModel journey
    spacing: Theme.px(20)

    Repeater {
        model: chips.journey.bidChips
        delegate: KioskButton {
            required property string modelData
            required property int index
            objectName: "bidChip_" + index
            Layout.fillWidth: true
            kind: "chip"
            selected: chips.journey.selectedBid === modelData
            enabled: !chips.journey.busy
            text: Format.money(modelData, chips.journey.currency)
            Accessible.name: (index === 0 ? qsTr("Minimum bid") : qsTr("Bid")) + " " + text
            onClicked: chips.journey.selectBid(modelData)
        }
    }
}
