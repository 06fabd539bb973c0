pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Kiosk

// Quick bids: the minimum the venue states, then one and two steps above it; or an amount
// typed on the keypad ("Other amount" opens it, a chip closes it).
ColumnLayout {
    id: chips
    required property JourneyViewModel journey
    property bool typing: false
    // Why the venue refused the last bid, for the screen's notice ("" when it did not).
    readonly property string refusal: {
        const feedback = journey.bidFeedback;
        if (feedback === "too_low")
            return journey.bidChips.length > 0 ? qsTr("That bid was too low. The lowest bid now is %1.").arg(Format.money(journey.bidChips[0], journey.currency)) : qsTr("That bid was too low.");
        if (feedback === "closed")
            return qsTr("This auction has closed: bids are no longer taken.");
        if (feedback === "bought_one")
            return qsTr("You already bought one: each customer may buy one.");
        if (feedback === "rejected")
            return qsTr("That bid was not accepted. Please try again.");
        return "";
    }
    spacing: Theme.px(20)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.px(20)
        Repeater {
            model: chips.journey.bidChips
            delegate: KioskButton {
                required property string modelData
                required property int index
                objectName: "bidChip_" + index
                Layout.fillWidth: true
                kind: "chip"
                selected: !chips.typing && chips.journey.selectedBid === modelData
                enabled: !chips.journey.busy
                text: Format.money(modelData, chips.journey.currency)
                Accessible.name: (index === 0 ? qsTr("Minimum bid") : qsTr("Bid")) + " " + text
                onClicked: {
                    chips.typing = false;
                    chips.journey.selectBid(modelData);
                }
            }
        }
    }
    KioskButton {
        objectName: "otherAmountButton"
        Layout.fillWidth: true
        visible: !chips.typing
        kind: "secondary"
        enabled: !chips.journey.busy
        text: qsTr("Other amount")
        Accessible.name: text
        onClicked: {
            chips.typing = true;
            chips.journey.typeKey("clear");
        }
    }
    Keypad {
        objectName: "bidKeypad"
        Layout.fillWidth: true
        Layout.preferredHeight: implicitHeight
        visible: chips.typing
        mode: "digits"
        enabled: !chips.journey.busy
        onKeyPressed: key => chips.journey.typeKey(key)
    }
}
