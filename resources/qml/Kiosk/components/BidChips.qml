pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Kiosk

// Quick bids: the minimum the venue states, then one and two steps above it; or an amount
// typed on the keypad ("Other amount" opens it, "Quick bids" or a refusal closes it).
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
    // A refused bid shows the chips again: they start at the venue's new minimum.
    onRefusalChanged: {
        if (refusal !== "")
            typing = false;
    }
    // A typed amount (not a chip) survives a screen change: its keypad opens with it.
    Component.onCompleted: typing = journey.selectedBid !== "" && journey.bidChips.indexOf(journey.selectedBid) < 0

    RowLayout {
        Layout.fillWidth: true
        visible: !chips.typing
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
    RowLayout {
        // While typing: the amount typed so far, as money, above the keys that type it, in
        // the chips' place (the keys keep their room); "Quick bids" brings the chips back.
        Layout.fillWidth: true
        visible: chips.typing
        spacing: Theme.px(20)
        Rectangle {
            objectName: "bidAmountDisplay"
            Layout.fillWidth: true
            Layout.preferredHeight: quickBids.implicitHeight
            radius: Theme.px(20)
            color: Theme.surface
            border.width: Theme.px(3)
            border.color: Theme.highlight
            Accessible.role: Accessible.EditableText
            Accessible.name: qsTr("Your amount")
            Accessible.description: amountText.text
            KioskText {
                id: amountText
                objectName: "bidAmountText"
                readonly property bool empty: chips.journey.selectedBid === ""
                anchors.fill: parent
                anchors.leftMargin: Theme.px(20)
                anchors.rightMargin: Theme.px(20)
                verticalAlignment: Text.AlignVCenter
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.NoWrap
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Theme.fs(20)
                text: empty ? qsTr("Type an amount") : Format.money(chips.journey.selectedBid, chips.journey.currency)
                size: empty ? 30 : 46
                font.bold: !empty
                color: empty ? Theme.muted : Theme.text
            }
        }
        KioskButton {
            id: quickBids
            objectName: "quickBidsButton"
            Layout.preferredWidth: Math.round(chips.width * 0.4)
            leftPadding: Theme.px(12)
            rightPadding: Theme.px(12)
            kind: "chip"
            enabled: !chips.journey.busy
            text: qsTr("Quick bids")
            onClicked: chips.typing = false
        }
    }
    Keypad {
        objectName: "bidKeypad"
        Layout.fillWidth: true
        Layout.preferredHeight: implicitHeight
        visible: chips.typing
        mode: "digits"
        localDigits: true
        enabled: !chips.journey.busy
        onKeyPressed: key => chips.journey.typeKey(key)
    }
}
