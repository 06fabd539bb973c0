import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The kiosk window: the header, the screen for the journey's current state, and the
// overlays (stale mark, toasts, "Still there?", staff PIN). Overlays are created only while
// shown, so a reset leaves none of their state behind.
ApplicationWindow {
    id: root
    required property QtObject kiosk
    required property QtObject journey
    signal closeRequested()

    objectName: "kioskWindow"
    width: 1080
    height: 1920
    color: Theme.background
    title: qsTr("Fanfare Kiosk")
    font.family: Theme.fontFamily
    LayoutMirroring.enabled: kiosk.rightToLeft
    LayoutMirroring.childrenInherit: true
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

    function screenComponent(screen) {
        switch (screen) {
        case "attract": return attract;
        case "ready": return ready;
        case "routing": return routing;
        case "gated_access_code": return gatedAccessCode;
        case "gated_authentication": return gatedAuthentication;
        case "gated_bot_check": return gatedBotCheck;
        case "scheduled": return scheduled;
        case "enterable_queue": return enterableQueue;
        case "enterable_draw": return enterableDraw;
        case "enterable_auction": return enterableAuction;
        case "enterable_appointment": return enterableAppointment;
        case "enterable_timed_release": return enterableTimedRelease;
        case "participating_queue": return participatingQueue;
        case "participating_draw": return participatingDraw;
        case "participating_auction": return participatingAuction;
        case "participating_appointment": return participatingAppointment;
        case "participating_timed_release": return participatingTimedRelease;
        case "settling": return settling;
        case "granted": return granted;
        case "ended": return ended;
        case "unavailable": return unavailable;
        case "error": return error;
        case "offline": return offline;
        default: return error;
        }
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
        Loader {
            id: screenLoader
            objectName: "screenLoader"
            Layout.fillWidth: true
            Layout.fillHeight: true
            sourceComponent: root.screenComponent(root.journey.screen)
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
        // Staff: a long press (3 s) on the top corner opens the PIN pad.
        objectName: "staffCorner"
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

    Component { id: attract; Attract { journey: root.journey; kiosk: root.kiosk } }
    Component { id: ready; Ready { journey: root.journey; kiosk: root.kiosk } }
    Component { id: routing; Routing { journey: root.journey; kiosk: root.kiosk } }
    Component { id: gatedAccessCode; GatedAccessCode { journey: root.journey; kiosk: root.kiosk } }
    Component { id: gatedAuthentication; GatedAuthentication { journey: root.journey; kiosk: root.kiosk } }
    Component { id: gatedBotCheck; GatedBotCheck { journey: root.journey; kiosk: root.kiosk } }
    Component { id: scheduled; Scheduled { journey: root.journey; kiosk: root.kiosk } }
    Component { id: enterableQueue; EnterableQueue { journey: root.journey; kiosk: root.kiosk } }
    Component { id: enterableDraw; EnterableDraw { journey: root.journey; kiosk: root.kiosk } }
    Component { id: enterableAuction; EnterableAuction { journey: root.journey; kiosk: root.kiosk } }
    Component { id: enterableAppointment; EnterableAppointment { journey: root.journey; kiosk: root.kiosk } }
    Component { id: enterableTimedRelease; EnterableTimedRelease { journey: root.journey; kiosk: root.kiosk } }
    Component { id: participatingQueue; ParticipatingQueue { journey: root.journey; kiosk: root.kiosk } }
    Component { id: participatingDraw; ParticipatingDraw { journey: root.journey; kiosk: root.kiosk } }
    Component { id: participatingAuction; ParticipatingAuction { journey: root.journey; kiosk: root.kiosk } }
    Component { id: participatingAppointment; ParticipatingAppointment { journey: root.journey; kiosk: root.kiosk } }
    Component { id: participatingTimedRelease; ParticipatingTimedRelease { journey: root.journey; kiosk: root.kiosk } }
    Component { id: settling; Settling { journey: root.journey; kiosk: root.kiosk } }
    Component { id: granted; Granted { journey: root.journey; kiosk: root.kiosk } }
    Component { id: ended; Ended { journey: root.journey; kiosk: root.kiosk } }
    Component { id: unavailable; Unavailable { journey: root.journey; kiosk: root.kiosk } }
    Component { id: error; Error { journey: root.journey; kiosk: root.kiosk } }
    Component { id: offline; Offline { journey: root.journey; kiosk: root.kiosk } }
}
