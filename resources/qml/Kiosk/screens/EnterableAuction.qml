import QtQuick
import QtQuick.Layouts
import Kiosk

// enterable, auction: the first bid, from quick chips or typed on the keypad.
ScreenFrame {
    id: screen
    objectName: "screen_enterable_auction"
    title: qsTr("Place your bid")
    subtitle: qsTr("Choose or type an amount. A bid is a promise to buy if you win.")

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.px(24)
        StatCard {
            Layout.fillWidth: true
            label: qsTr("Highest bid")
            value: screen.journey.highestBid !== "" ? Format.money(screen.journey.highestBid, screen.journey.currency) : qsTr("No bids yet")
            valueSize: 56
        }
        Countdown {
            Layout.fillWidth: true
            visible: screen.journey.countdownSeconds >= 0
            label: qsTr("Ends in")
            seconds: screen.journey.countdownSeconds
            urgency: true
        }
    }
    Notice {
        objectName: "bidFeedback"
        Layout.fillWidth: true
        visible: text !== ""
        tone: "warning"
        text: bidChips.refusal
    }

    side: [
        BidChips {
            id: bidChips
            objectName: "bidChips"
            Layout.fillWidth: true
            journey: screen.journey
        },
        KioskButton {
            objectName: "placeBidButton"
            busy: screen.journey.busyAction === "bid"
            Layout.fillWidth: true
            enabled: screen.journey.selectedBid !== "" && !screen.journey.busy
            text: screen.journey.selectedBid !== "" ? qsTr("Bid %1").arg(Format.money(screen.journey.selectedBid, screen.journey.currency)) : qsTr("Choose an amount")
            onClicked: screen.journey.placeBid()
        },
        KioskButton {
            objectName: "backButton"
            Layout.fillWidth: true
            kind: "secondary"
            text: qsTr("Back")
            onClicked: screen.journey.done()
        }
    ]
}
