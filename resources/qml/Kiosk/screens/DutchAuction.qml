import QtQuick
import QtQuick.Layouts
import Kiosk

// enterable or participating, Dutch auction: the live price and one "Buy at this price";
// once bought, the price paid (what is owed) until the auction settles.
ScreenFrame {
    id: screen
    objectName: "screen_dutch_auction"
    readonly property bool bought: journey.phase === "participating"
    readonly property string price: journey.bidChips.length > 0 ? journey.bidChips[0] : ""
    title: bought ? qsTr("You bought one") : qsTr("Buy before the price drops")
    subtitle: bought ? qsTr("You pay %1. It is yours when the auction ends.").arg(Format.money(journey.yourBid, journey.currency)) : qsTr("The price falls until every one is sold. Buy when the price suits you.")

    // Bought: what it is, named first (the price and what happens next follow).
    StatCard {
        objectName: "productCard"
        valueObjectName: "productName"
        Layout.fillWidth: true
        visible: screen.bought
        label: qsTr("You bought")
        value: screen.journey.experienceName
        valueSize: 48
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.px(24)
        StatCard {
            objectName: screen.bought ? "pricePaidCard" : "currentPriceCard"
            valueObjectName: "priceValue"
            Layout.fillWidth: true
            label: screen.bought ? qsTr("You pay") : qsTr("Price now")
            value: Format.money(screen.bought ? screen.journey.yourBid : screen.price, screen.journey.currency)
            valueSize: 56
        }
        Countdown {
            Layout.fillWidth: true
            visible: screen.journey.countdownSeconds >= 0
            label: qsTr("Ends in")
            seconds: screen.journey.countdownSeconds
            urgency: !screen.bought
        }
    }
    KioskText {
        objectName: "nextStep"
        Layout.fillWidth: true
        visible: screen.bought
        text: qsTr("Next: when the auction ends, this screen gives you a reference to pay and collect at the counter.")
        size: 34
        font.bold: true
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }
    Notice {
        objectName: "bidFeedback"
        Layout.fillWidth: true
        visible: text !== ""
        tone: "warning"
        text: screen.journey.bidFeedback === "closed" ? qsTr("This auction has closed: bids are no longer taken.") : screen.journey.bidFeedback === "bought_one" ? qsTr("You already bought one: each customer may buy one.") : screen.journey.bidFeedback !== "" && screen.journey.bidFeedback !== "placed" ? qsTr("That did not go through. Please try again.") : ""
    }

    side: [
        KioskButton {
            objectName: "buyButton"
            busy: screen.journey.busyAction === "bid"
            Layout.fillWidth: true
            visible: !screen.bought
            enabled: screen.price !== "" && !screen.journey.busy
            text: qsTr("Buy at this price")
            Accessible.name: qsTr("Buy at %1").arg(Format.money(screen.price, screen.journey.currency))
            onClicked: screen.journey.placeBid()
        },
        KioskButton {
            objectName: "backButton"
            Layout.fillWidth: true
            visible: !screen.bought
            kind: "secondary"
            text: qsTr("Back")
            onClicked: screen.journey.done()
        }
    ]
}
