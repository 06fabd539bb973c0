pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// The attract loop: a large card per experience (image, name, description, live status)
// rotating every few seconds, one tap on it starts that experience; beside or below it every
// experience as a list (touch, keyboard, screen reader); the language switch. With one
// experience: its name and Start.
Item {
    id: screen
    required property JourneyViewModel journey
    required property KioskViewModel kiosk
    objectName: "screen_attract"
    readonly property var experiences: kiosk.experiences
    readonly property bool single: experiences.length === 1
    readonly property bool looping: experiences.length > 1
    readonly property bool landscape: width > height
    // No animated rotation in large-text (accessibility) mode.
    readonly property bool reducedMotion: kiosk.largeText
    property int current: 0
    readonly property var shown: looping ? experiences[Math.min(current, experiences.length - 1)] : ({})
    readonly property int rotationMs: 6000
    // Built once and shown again for each customer: each starts at the first card and the
    // top of the list, not where the last one left it.
    onVisibleChanged: {
        if (!visible)
            return;
        current = 0;
        experienceList.positionViewAtBeginning();
    }

    function advance() {
        if (!looping)
            return;
        const next = (current + 1) % experiences.length;
        if (reducedMotion)
            current = next;
        else
            swap.start();
    }

    Timer {
        id: rotation
        objectName: "attractRotation"
        interval: screen.rotationMs
        repeat: true
        // Waits while the card is touched or focused (a screen reader is reading it).
        running: screen.looping && screen.visible && !card.held && !swap.running
        onTriggered: screen.advance()
    }
    SequentialAnimation {
        id: swap
        NumberAnimation { target: card; property: "opacity"; to: 0; duration: 120; easing.type: Easing.InQuad }
        ScriptAction { script: screen.current = (screen.current + 1) % Math.max(1, screen.experiences.length) }
        NumberAnimation { target: card; property: "opacity"; to: 1; duration: 180; easing.type: Easing.OutQuad }
    }

    MouseArea {
        objectName: "attractTapArea"
        anchors.fill: parent
        enabled: screen.single
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("Touch to start")
        // For touch only: a screen reader has the Start button (this one has no press).
        Accessible.ignored: true
        onClicked: screen.kiosk.chooseExperience(screen.experiences[0].id)
    }

    LanguageBar {
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: Theme.px(40)
        // Mirrored, clear of the staff corner (Main.qml: the physical top left, 140 px).
        anchors.rightMargin: LayoutMirroring.enabled ? Theme.px(156) : Theme.px(40)
        kiosk: screen.kiosk
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.px(128), Theme.px(1200))
        spacing: Theme.px(40)
        visible: !screen.looping

        Item {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Theme.px(280)
            Layout.preferredHeight: Theme.px(280)
            visible: !screen.kiosk.staffMode && screen.height > screen.width
            Rectangle {
                id: pulse
                anchors.centerIn: parent
                width: parent.width
                height: width
                radius: width / 2
                color: "transparent"
                border.color: Theme.highlight
                border.width: Theme.px(6)
                SequentialAnimation on scale {
                    loops: Animation.Infinite
                    running: screen.visible
                    NumberAnimation { from: 0.82; to: 1.0; duration: 1400; easing.type: Easing.InOutQuad }
                    NumberAnimation { from: 1.0; to: 0.82; duration: 1400; easing.type: Easing.InOutQuad }
                }
            }
            Rectangle {
                anchors.centerIn: parent
                width: parent.width * 0.62
                height: width
                radius: width / 2
                color: Theme.primary
                KioskText {
                    anchors.centerIn: parent
                    text: "F"
                    size: 120
                    font.bold: true
                }
            }
        }
        KioskText {
            objectName: "attractTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: screen.single ? screen.experiences[0].name : qsTr("Welcome")
            size: 76
            font.bold: true
        }
        KioskText {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            color: Theme.muted
            text: screen.kiosk.catalogState === "offline" ? qsTr("This kiosk cannot reach the venue right now. Please ask a member of staff.")
                : screen.kiosk.catalogState === "loading" ? qsTr("Getting ready…")
                : screen.single ? qsTr("Touch the screen to start")
                : qsTr("Choose what you are here for")
            size: 44
        }
        KioskButton {
            objectName: "attractStartButton"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Theme.px(560)
            visible: screen.single
            text: qsTr("Start")
            onClicked: screen.kiosk.chooseExperience(screen.experiences[0].id)
        }
    }

    GridLayout {
        id: loop
        objectName: "attractLoop"
        visible: screen.looping
        anchors.fill: parent
        anchors.margins: Theme.px(48)
        // Below the language bar and clear of the staff corner.
        anchors.topMargin: Theme.px(150)
        columns: screen.landscape ? 2 : 1
        columnSpacing: Theme.px(40)
        rowSpacing: Theme.px(40)

        AttractCard {
            id: card
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: screen.landscape ? loop.width * 0.58 : loop.width
            // Portrait: the height the list leaves (the card grows when there are few).
            Layout.preferredHeight: screen.landscape ? loop.height : loop.height - side.Layout.preferredHeight - loop.rowSpacing
            experience: screen.shown
            onChosen: id => screen.kiosk.chooseExperience(id)
        }
        ColumnLayout {
            id: side
            Layout.fillWidth: true
            Layout.fillHeight: screen.landscape
            Layout.preferredWidth: screen.landscape ? loop.width * 0.42 - loop.columnSpacing : loop.width
            // Portrait: up to 60% of the height, no more than the list needs (+2: rounding
            // must not cost the last whole row).
            Layout.preferredHeight: screen.landscape ? loop.height
                : Math.min(loop.height * 0.6 - loop.rowSpacing, prompt.implicitHeight + experienceList.contentHeight + more.implicitHeight + 2 * spacing + 2)
            spacing: Theme.px(24)
            KioskText {
                id: prompt
                objectName: "attractPrompt"
                Layout.fillWidth: true
                text: qsTr("Choose what you are here for")
                size: 44
                font.bold: true
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            // The list's room: it shows as many whole rows as fit there.
            Item {
                id: listArea
                Layout.fillWidth: true
                Layout.fillHeight: true
                // A venue may offer many experiences: the list scrolls instead of pushing the page
                // off the screen. It shows whole rows only (its height is a whole number of them), a
                // scroll bar you can see and drag, and "More", which pages on (and back to the top):
                // every experience is reachable by touch, by keyboard focus and by a screen reader.
                ListView {
                    id: experienceList
                    objectName: "experienceList"
                    // A button's own height: beside the card, as many experiences as fit.
                    readonly property real rowHeight: Theme.px(112)
                    readonly property bool longer: contentHeight > height + 1
                    // As many whole rows as fit in its room (at least one).
                    readonly property int rows: Math.max(1, Math.floor((listArea.height + spacing) / (rowHeight + spacing)))
                    width: parent.width
                    height: Math.min(contentHeight, rows * rowHeight + (rows - 1) * spacing)
                    clip: true
                    spacing: Theme.px(16)
                    // No delegates incubated ahead of scrolling: a tap leaves this screen at once, and
                    // an incubation cut short by that is a QML warning ("Cannot create delegate").
                    cacheBuffer: 0
                    // Every row exists (clipped when out of view, created with the list, not
                    // incubated later), so a screen reader finds each one; its focus scrolls it in.
                    displayMarginBeginning: count * (rowHeight + spacing)
                    displayMarginEnd: count * (rowHeight + spacing)
                    boundsBehavior: Flickable.StopAtBounds
                    snapMode: ListView.SnapToItem
                    // Focus (a keyboard, a screen reader) brings a row fully into view.
                    keyNavigationEnabled: true
                    function page(forward) {
                        contentY = forward ? Math.min(contentHeight - height, contentY + height + spacing) : 0;
                    }
                    ScrollBar.vertical: ScrollBar {
                        objectName: "experienceScrollBar"
                        policy: experienceList.longer ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                        width: Theme.px(20)
                        Accessible.name: qsTr("Scroll the list")
                        contentItem: Rectangle {
                            implicitWidth: Theme.px(20)
                            radius: width / 2
                            color: Theme.muted
                        }
                        background: Rectangle {
                            radius: width / 2
                            color: Theme.surface
                        }
                    }
                    // A count, not the list: a live status changing every second rebinds the rows'
                    // texts instead of rebuilding them (and focus stays where it is).
                    model: screen.looping ? screen.experiences.length : 0
                    delegate: ExperienceRow {
                        required property int index
                        entry: screen.experiences[index] || ({})
                        objectName: "experience_" + index
                        width: experienceList.width - (experienceList.longer ? Theme.px(36) : 0)
                        implicitHeight: experienceList.rowHeight
                        onActiveFocusChanged: {
                            if (activeFocus)
                                experienceList.positionViewAtIndex(index, ListView.Contain);
                        }
                        onClicked: screen.kiosk.chooseExperience(entry.id)
                    }
                }
            }
            // Its room is kept when it is hidden, so the list's rows do not depend on it.
            Item {
                Layout.fillWidth: true
                Layout.preferredHeight: more.implicitHeight
                KioskButton {
                    id: more
                    objectName: "moreExperiencesButton"
                    anchors.horizontalCenter: parent.horizontalCenter
                    visible: experienceList.longer
                    kind: "quiet"
                    text: experienceList.atYEnd ? qsTr("Back to the top") : qsTr("More")
                    Accessible.name: experienceList.atYEnd ? qsTr("Back to the top of the list") : qsTr("More experiences")
                    onClicked: experienceList.page(!experienceList.atYEnd)
                }
            }
        }
    }
}
