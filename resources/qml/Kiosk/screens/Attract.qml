pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// The attract loop: what this kiosk is for, the experience picker, the language switch.
Item {
    id: screen
    required property JourneyViewModel journey
    required property KioskViewModel kiosk
    objectName: "screen_attract"
    readonly property var experiences: kiosk.experiences
    readonly property bool single: experiences.length === 1

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
        // A venue may offer many experiences: the list scrolls instead of pushing the page
        // off the screen. It shows whole rows only (its height is a whole number of them), a
        // scroll bar you can see and drag, and "More", which pages on (and back to the top):
        // every experience is reachable by touch, by keyboard focus and by a screen reader.
        ListView {
            id: experienceList
            objectName: "experienceList"
            readonly property real rowHeight: Theme.px(140)
            readonly property bool longer: contentHeight > height + 1
            // As many whole rows as fit in half the screen (at least one).
            readonly property int rows: Math.max(1, Math.floor((screen.height * 0.5 + spacing) / (rowHeight + spacing)))
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, rows * rowHeight + (rows - 1) * spacing)
            visible: !screen.single
            clip: true
            spacing: Theme.px(24)
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
            model: screen.single ? [] : screen.experiences
            delegate: KioskButton {
                required property var modelData
                required property int index
                objectName: "experience_" + index
                width: experienceList.width - (experienceList.longer ? Theme.px(36) : 0)
                implicitHeight: experienceList.rowHeight
                kind: "secondary"
                text: modelData.name
                onActiveFocusChanged: {
                    if (activeFocus)
                        experienceList.positionViewAtIndex(index, ListView.Contain);
                }
                onClicked: screen.kiosk.chooseExperience(modelData.id)
            }
        }
        KioskButton {
            objectName: "moreExperiencesButton"
            Layout.alignment: Qt.AlignHCenter
            visible: !screen.single && experienceList.longer
            kind: "quiet"
            text: experienceList.atYEnd ? qsTr("Back to the top") : qsTr("More")
            Accessible.name: experienceList.atYEnd ? qsTr("Back to the top of the list") : qsTr("More experiences")
            onClicked: experienceList.page(!experienceList.atYEnd)
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
}
