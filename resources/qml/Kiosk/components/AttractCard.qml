import QtQuick
import QtQuick.Layouts
import Kiosk

// One experience, large, for the attract loop: its hero image (only one that is there),
// its name, a short description and its live status. One tap starts it. `held` is true
// while a finger is on it or keyboard / screen-reader focus is, so the loop waits.
Rectangle {
    id: card
    // The attract presenter's values (kiosk/session/attract.py).
    property var experience: ({})
    readonly property bool held: tap.pressed || activeFocus
    readonly property string status: statusText(experience)
    signal chosen(string experienceId)

    function statusText(e) {
        switch (e.statusKind) {
        case "queue":
            return e.waiting > 0 ? qsTr("%1 in line · about %2 min").arg(Format.number(e.waiting)).arg(Format.number(e.waitMinutes)) : qsTr("No line right now");
        case "opens":
            return qsTr("Opens in %1").arg(Format.clock(e.opensInSeconds));
        case "soldOut":
            return qsTr("Sold out");
        case "closed":
            return qsTr("Closed");
        case "drawCloses":
            return qsTr("Draw closes %1").arg(Format.time(e.closesAt));
        case "auction":
            return qsTr("Current price %1").arg(Format.money(e.price, e.currency));
        case "available":
            return qsTr("%1 left").arg(Format.number(e.available));
        case "open":
            return qsTr("Open now");
        }
        return "";
    }

    objectName: "attractCard"
    // A small radius: the image inside is square-cornered and must not show past it.
    radius: Theme.px(14)
    color: Theme.surface
    border.color: tap.pressed ? Theme.highlight : Theme.border
    border.width: Theme.px(3)
    activeFocusOnTab: true
    Accessible.role: Accessible.Button
    Accessible.name: (experience.name || "") + (status ? ". " + status : "")
    Accessible.description: experience.description || ""
    Accessible.onPressAction: card.chosen(card.experience.id)
    Keys.onReturnPressed: card.chosen(card.experience.id)
    Keys.onSpacePressed: card.chosen(card.experience.id)

    Image {
        id: hero
        objectName: "attractHero"
        anchors.fill: parent
        anchors.margins: card.border.width + Theme.px(3)
        source: card.experience.heroSource || ""
        visible: status === Image.Ready
        fillMode: Image.PreserveAspectCrop
        // Small files held in memory: decoded at once, so the card never shows half loaded.
        asynchronous: false
        // The image is at least as large as it is shown, never the whole file.
        sourceSize.width: Math.ceil(width)
    }
    // Readable text over any image: a scrim under the words.
    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: card.border.width
        height: words.implicitHeight + Theme.px(96)
        radius: card.radius - card.border.width
        gradient: Gradient {
            GradientStop { position: 0.0; color: "transparent" }
            GradientStop { position: 0.35; color: "#d90b1220" }
            GradientStop { position: 1.0; color: "#f20b1220" }
        }
    }
    ColumnLayout {
        id: words
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.px(40)
        spacing: Theme.px(12)
        Rectangle {
            objectName: "attractStatus"
            visible: card.status !== ""
            Layout.preferredWidth: Math.min(words.width, statusLine.implicitWidth + Theme.px(40))
            Layout.preferredHeight: statusLine.implicitHeight + Theme.px(16)
            radius: height / 2
            color: card.experience.statusKind === "soldOut" || card.experience.statusKind === "closed" ? Theme.danger : Theme.highlight
            KioskText {
                id: statusLine
                objectName: "attractStatusText"
                anchors.centerIn: parent
                width: Math.min(implicitWidth, words.width - Theme.px(40))
                text: card.status
                size: 30
                font.bold: true
                color: card.experience.statusKind === "soldOut" || card.experience.statusKind === "closed" ? Theme.text : Theme.textOnHighlight
            }
        }
        KioskText {
            objectName: "attractName"
            Layout.fillWidth: true
            text: card.experience.name || ""
            size: 56
            font.bold: true
        }
        KioskText {
            objectName: "attractDescription"
            Layout.fillWidth: true
            visible: text !== ""
            text: card.experience.description || ""
            size: 32
            color: Theme.muted
            maximumLineCount: 3
            elide: Text.ElideRight
        }
    }
    MouseArea {
        id: tap
        anchors.fill: parent
        // The card itself is the button a screen reader finds; this is only its touch.
        Accessible.name: card.Accessible.name
        Accessible.ignored: true
        onClicked: card.chosen(card.experience.id)
    }
}
