import QtQuick
import QtQuick.Layouts
import Kiosk

// The shape of every journey screen: a title, what the screen shows, then its actions.
// Portrait stacks them with the actions at the bottom (within reach); landscape puts the
// actions beside the content.
Item {
    id: frame
    required property JourneyViewModel journey
    required property KioskViewModel kiosk
    property string title
    property string subtitle
    readonly property bool wide: width > height * 1.15
    default property alias content: mainColumn.data
    property alias side: sideColumn.data

    GridLayout {
        id: grid
        // Landscape: the content and the actions share the width 3:2, unless the actions need
        // more (a keypad's keys are at least 64 px: its Layout.minimumWidth).
        readonly property real sideMinimum: Math.max(0, ...Array.from(sideColumn.visibleChildren, child => child.Layout.minimumWidth))
        readonly property real sideWidth: Math.max((width - columnSpacing) * 0.4, sideMinimum)
        anchors.fill: parent
        anchors.leftMargin: Theme.px(64)
        anchors.rightMargin: Theme.px(64)
        anchors.topMargin: Theme.px(48)
        anchors.bottomMargin: Theme.px(56)
        columns: frame.wide ? 2 : 1
        columnSpacing: Theme.px(72)
        rowSpacing: Theme.px(32)

        Item {
            visible: !frame.wide
            Layout.fillHeight: true
            Layout.fillWidth: true
            Layout.verticalStretchFactor: 1
        }
        ColumnLayout {
            id: mainColumn
            Layout.fillWidth: true
            Layout.preferredWidth: frame.wide ? grid.width - grid.columnSpacing - grid.sideWidth : 1
            Layout.alignment: frame.wide ? Qt.AlignVCenter : Qt.AlignTop
            spacing: Theme.px(32)

            KioskText {
                objectName: "screenTitle"
                Accessible.role: Accessible.Heading
                Layout.fillWidth: true
                visible: text !== ""
                text: frame.title
                size: 64
                font.bold: true
            }
            KioskText {
                objectName: "screenSubtitle"
                Layout.fillWidth: true
                visible: text !== ""
                text: frame.subtitle
                size: 36
                color: Theme.muted
            }
        }
        Item {
            visible: !frame.wide
            Layout.fillHeight: true
            Layout.fillWidth: true
            Layout.verticalStretchFactor: 2
        }
        ColumnLayout {
            id: sideColumn
            Layout.fillWidth: true
            Layout.preferredWidth: frame.wide ? grid.sideWidth : 1
            Layout.alignment: Qt.AlignVCenter
            spacing: Theme.px(24)
        }
    }
}
