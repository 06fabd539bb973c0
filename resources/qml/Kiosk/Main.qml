pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The kiosk window: the header, the screen for the journey's current state, and the
// overlays (stale mark, toasts, "Still there?", staff PIN). Overlays are created only while
// shown, so a reset leaves none of their state behind.
ApplicationWindow {
    id: root
    required property KioskViewModel kiosk
    required property JourneyViewModel journey
    signal closeRequested()

    objectName: "kioskWindow"
    width: 1080
    height: 1920
    color: Theme.background
    title: qsTr("Fanfare Kiosk")
    font.family: Theme.fontFamily
    LayoutMirroring.enabled: kiosk.rightToLeft
    LayoutMirroring.childrenInherit: true
    // Activity that is no input event of this window (a press through the accessibility
    // interface, KioskButton): the same idle-timer reset as a touch.
    function noteActivity(): void {
        root.kiosk.noteActivity();
    }
    onClosing: close => {
        close.accepted = false;
        root.closeRequested();
    }

    Binding {
        target: Theme
        property: "scale"
        value: Math.max(0.5, Math.min(root.width, root.height) / 1080)
    }
    Binding {
        target: Theme
        property: "textScale"
        value: root.kiosk.textScale
    }
    Binding {
        // Numbers, money, times and dates in the customer's language (one digit set each).
        target: Format
        property: "language"
        value: root.kiosk.language
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        Header {
            Layout.fillWidth: true
            visible: root.journey.screen !== "attract"
            journey: root.journey
            kiosk: root.kiosk
        }
        Item {
            // The screen for the journey's state: screens/<journey.screenType>.qml, the type
            // the view-model derives from the presenter's one list of screens. The attract
            // loop has a loader of its own and stays built between customers (it holds no
            // customer's data): Done shows it at once instead of building it again.
            id: screenArea
            objectName: "screenArea"
            Layout.fillWidth: true
            Layout.fillHeight: true
            readonly property string screenType: root.journey.screenType
            readonly property bool attract: screenType === "Attract"
            // A screen change fades and slides in (Theme.motion, 200 ms; none with reduced
            // motion). Only paint moves: the new screen takes taps from its first frame.
            // Only a change of screen moves: the first screen, or the same one loaded again
            // while the window is being set up, appears at once.
            property string shownType: ""
            function show() {
                const properties = { journey: root.journey, kiosk: root.kiosk };
                // Not the `attract` property: it may not have followed screenType yet here.
                const toAttract = screenType === "Attract";
                if (toAttract) {
                    if (attractLoader.status === Loader.Null)
                        attractLoader.setSource(Qt.resolvedUrl("screens/Attract.qml"), properties);
                    screenLoader.source = "";  // the journey's last screen goes with its customer
                } else {
                    screenLoader.setSource(Qt.resolvedUrl("screens/" + screenType + ".qml"), properties);
                }
                if (shownType !== "" && shownType !== screenType && Theme.motion > 0) {
                    screenEnter.complete();  // a fade cut short leaves no screen half shown
                    screenEnter.target = toAttract ? attractLoader : screenLoader;
                    screenEnter.restart();
                }
                shownType = screenType;
            }
            onScreenTypeChanged: show()
            Component.onCompleted: show()

            Loader {
                id: attractLoader
                objectName: "attractLoader"
                anchors.fill: parent
                visible: screenArea.attract
                transform: screenShift
            }
            Loader {
                id: screenLoader
                objectName: "screenLoader"
                anchors.fill: parent
                visible: !screenArea.attract
                transform: screenShift
            }
            Translate {
                id: screenShift
            }
            ParallelAnimation {
                id: screenEnter
                property Item target: screenLoader
                NumberAnimation {
                    target: screenEnter.target
                    property: "opacity"
                    from: 0.0
                    to: 1.0
                    duration: Theme.motion
                    easing.type: Easing.OutCubic
                }
                NumberAnimation {
                    target: screenShift
                    property: "x"
                    from: Theme.px(root.kiosk.rightToLeft ? -48 : 48)
                    to: 0
                    duration: Theme.motion
                    easing.type: Easing.OutCubic
                }
            }
        }
    }

    StaleBadge {
        anchors.horizontalCenter: parent.horizontalCenter
        y: Theme.px(150)
        visible: root.journey.stale && ["attract", "error", "offline", "routing"].indexOf(root.journey.screen) < 0
    }
    Toast {
        anchors.horizontalCenter: parent.horizontalCenter
        y: parent.height - height - Theme.px(320)
        kiosk: root.kiosk
    }
    Loader {
        objectName: "codeEntryLoader"
        anchors.fill: parent
        active: root.journey.codeEntryOpen
        sourceComponent: Component {
            CodeEntry {
                journey: root.journey
            }
        }
    }
    Loader {
        objectName: "referenceEntryLoader"
        anchors.fill: parent
        active: root.journey.referenceEntryOpen
        sourceComponent: Component {
            ReferenceEntry {
                journey: root.journey
            }
        }
    }
    Loader {
        objectName: "idlePromptLoader"
        anchors.fill: parent
        active: root.kiosk.idleKind !== ""
        sourceComponent: Component {
            IdlePrompt {
                kiosk: root.kiosk
            }
        }
    }
    MouseArea {
        // Staff: a long press (3 s) on the top left corner opens the PIN pad. The same
        // physical corner in every language (not mirrored); no control sits under it.
        objectName: "staffCorner"
        LayoutMirroring.enabled: false
        anchors.top: parent.top
        anchors.left: parent.left
        width: Theme.px(140)
        height: Theme.px(128)
        pressAndHoldInterval: 3000
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("Staff")
        onPressAndHold: root.kiosk.openStaff()
    }
    Loader {
        objectName: "staffPanelLoader"
        anchors.fill: parent
        active: root.kiosk.staffPanel !== ""
        sourceComponent: Component {
            StaffPanel {
                kiosk: root.kiosk
            }
        }
    }
}
