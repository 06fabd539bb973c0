import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk

// The shape of every journey screen: a title, what the screen shows, then its actions.
// Portrait stacks them: the title at the top, the screen's content centred in the height
// between (its hero larger: `heroSize`), the actions at the bottom (within reach). Landscape
// puts the actions beside the content. Content taller than its place (large text) scrolls,
// with a scroll bar and a fade that say there is more; it is never cut.
Item {
    id: frame
    required property JourneyViewModel journey
    required property KioskViewModel kiosk
    property string title
    property string subtitle
    readonly property bool wide: width > height * 1.15
    // A screen with no actions (it only waits) is centred as one block in every orientation.
    readonly property bool hasActions: sideColumn.visibleChildren.length > 0
    // The side of a screen's main picture (the place in line, an emblem): portrait gives it
    // the height it has to spare, landscape what fits beside the actions.
    readonly property real heroSize: wide ? Math.min(Theme.px(420), height * 0.36 / Theme.textScale)
        : Math.min(grid.width * 0.72, Math.max(Theme.px(420), height * 0.3))
    // Whether the content scrolls (large text on a short screen): for tests and the fade.
    readonly property bool scrolls: scroller.scrolling
    // The content fits itself to the height and scrolls inside (the slot picker's times): the
    // frame gives it exactly the height there is instead of scrolling the whole screen.
    property bool fitsHeight: false
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

        Flickable {
            id: scroller
            objectName: "screenScroller"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: frame.wide ? grid.width - grid.columnSpacing - grid.sideWidth : 1
            contentWidth: width
            contentHeight: frame.fitsHeight ? height : lead.implicitHeight
            // Sticky: content that is shorter at the narrower width the scroll bar leaves (a
            // reference that fits itself to its width) keeps scrolling, so the two widths never
            // take turns (a layout that never settles hangs the kiosk).
            property bool scrolling: false
            onContentHeightChanged: updateScrolling()
            onHeightChanged: updateScrolling()
            function updateScrolling(): void {
                if (!scrolling && contentHeight > height + 1)
                    scrolling = true;
                else if (scrolling && contentHeight + Theme.px(96) < height)
                    scrolling = false;
            }
            clip: frame.scrolls
            interactive: frame.scrolls
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {
                objectName: "screenScrollBar"
                policy: frame.scrolls ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            }

            ColumnLayout {
                id: lead
                width: scroller.width - (frame.scrolls ? Theme.px(24) : 0)
                // At least the visible height, so the spacers can place the content in it.
                height: frame.fitsHeight ? scroller.height : Math.max(implicitHeight, scroller.height)
                spacing: 0

                // Landscape centres everything; portrait keeps the title at the top, unless
                // there are no actions below to balance it (a screen that only waits).
                Item {
                    visible: frame.wide || !frame.hasActions
                    Layout.fillHeight: true
                }
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
                    Layout.topMargin: Theme.px(32)
                    visible: text !== ""
                    text: frame.subtitle
                    size: 36
                    color: Theme.muted
                }
                Item {
                    visible: !frame.wide && frame.hasActions
                    Layout.fillHeight: true
                }
                ColumnLayout {
                    id: mainColumn
                    Layout.fillWidth: true
                    // The full width even when no child fills it (an emblem alone stays centred).
                    Layout.maximumWidth: Number.POSITIVE_INFINITY
                    Layout.topMargin: Theme.px(32)
                    spacing: Theme.px(32)
                }
                Item {
                    Layout.fillHeight: true
                }
            }
        }
        ColumnLayout {
            id: sideColumn
            Layout.fillWidth: true
            Layout.fillHeight: false // a screen with no actions gives all the height to its content
            Layout.preferredWidth: frame.wide ? grid.sideWidth : 1
            Layout.alignment: Qt.AlignVCenter
            spacing: Theme.px(24)
        }
    }
    // More below: a fade over the bottom edge of the scrolling content.
    Rectangle {
        objectName: "moreBelowFade"
        visible: frame.scrolls && !scroller.atYEnd
        x: grid.x + scroller.x
        y: grid.y + scroller.y + scroller.height - height
        width: scroller.width
        height: Theme.px(72)
        gradient: Gradient {
            GradientStop {
                position: 0.0
                color: "transparent"
            }
            GradientStop {
                position: 1.0
                color: Theme.background
            }
        }
    }
}
