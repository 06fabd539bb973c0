import QtQuick
import QtQuick.Layouts
import Kiosk

// participating, auction: highest bid, your bid, the outbid banner, bid again.
ScreenFrame {
    id: screen
    objectName: "screen_participating_auction"
    title: journey.outbid ? qsTr("You've been outbid") : qsTr("You have the highest bid")
    subtitle: journey.outbid ? qsTr("Someone bid more. Bid again to stay in.")
        : journey.auctionStatus === "bidding" ? qsTr("The reserve price is not met yet: it sells only at or above it. Bid more to win.")
        : qsTr("We will tell you here if someone bids more.")

    Notice {
        objectName: "outbidBanner"
        Layout.fillWidth: true
        visible: screen.journey.outbid
        tone: "warning"
        text: qsTr("Outbid: the highest bid is now %1.").arg(Format.money(screen.journey.highestBid, screen.journey.currency))
    }
    GridLayout {
        Layout.fillWidth: true
        columns: screen.wide ? 2 : 3
        columnSpacing: Theme.px(20)
        rowSpacing: Theme.px(20)
        StatCard {
            objectName: "highestBidCard"
            Layout.fillWidth: true
            label: qsTr("Highest bid")
            value: Format.money(screen.journey.highestBid, screen.journey.currency)
            valueSize: 52
        }
        StatCard {
            objectName: "yourBidCard"
            Layout.fillWidth: true
            label: qsTr("Your bid")
            value: Format.money(screen.journey.yourBid, screen.journey.currency)
            valueSize: 52
            valueColor: screen.journey.outbid ? Theme.highlight : Theme.text
        }
        StatCard {
            Layout.fillWidth: true
            visible: screen.journey.countdownSeconds >= 0
            label: qsTr("Ends in")
            value: Format.clock(screen.journey.countdownSeconds)
            valueSize: 52
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
        LeaveButton {
            busy: screen.journey.busyAction === "leave"
            Layout.fillWidth: true
            enabled: !screen.journey.busy
            text: qsTr("Leave the auction")
            question: qsTr("Leave the auction? Your bids will be withdrawn.")
            onConfirmed: screen.journey.leave()
        }
    ]
}
