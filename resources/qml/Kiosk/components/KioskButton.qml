import QtQuick
import QtQuick.Controls.Basic
import Kiosk

// A large touch button (at least 48 px at 1080p; 112 px by design).
Button {
    id: control
    property string kind: "primary" // primary, secondary, danger, quiet, chip
    property bool selected: false
    property bool struck: false
    // The venue has not answered this button's action yet: a spinner beside the label, from
    // the frame of the tap, and taps ignored until the answer (the screen also disables it).
    property bool busy: false

    implicitHeight: Theme.px(kind === "quiet" ? 88 : 112)
    implicitWidth: Math.max(Theme.px(kind === "quiet" ? 96 : 320), contentItem.implicitWidth + leftPadding + rightPadding)
    // Chips sit three in a row: their room goes to the amount, not the padding.
    leftPadding: Theme.px(kind === "quiet" ? 22 : kind === "chip" ? 12 : 36)
    rightPadding: Theme.px(kind === "quiet" ? 22 : kind === "chip" ? 12 : 36)
    focusPolicy: Qt.StrongFocus
    Accessible.name: text
    Accessible.role: Accessible.Button
    // A screen reader or switch access presses through the accessibility interface: no
    // touch, click or key event reaches the window's activity filter (kiosk/app/main.py), so
    // the button reports it (Main.qml's noteActivity), takes the focus as a tap on it would
    // (a list scrolls a focused row into view) and then presses as the default action does.
    Accessible.onPressAction: {
        control.noteAccessibilityAction();
        control.forceActiveFocus(Qt.OtherFocusReason);
        control.accessiblePressAction();
    }
    // The accessibility interface's "Set Focus" (Qt: Qt.OtherFocusReason); a touch, a click or
    // Tab give their own reason and are counted by the activity filter already.
    onActiveFocusChanged: {
        if (activeFocus && focusReason === Qt.OtherFocusReason)
            noteAccessibilityAction();
    }

    function noteAccessibilityAction(): void {
        // The window is Main.qml (or a test's harness, which may not count activity).
        const window = control.Window.window as Object;
        if (window && typeof window.noteActivity === "function")
            window.noteActivity();
    }

    contentItem: Text {
        id: label
        // The spinner's room beside the label while busy (on the reading side it starts from).
        readonly property real spinnerSize: Theme.fs(control.kind === "quiet" ? 30 : 38)
        readonly property real spinnerRoom: control.busy ? spinnerSize + Theme.px(16) : 0
        leftPadding: control.mirrored ? 0 : spinnerRoom
        rightPadding: control.mirrored ? spinnerRoom : 0
        text: control.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fs(control.kind === "quiet" ? 30 : 38)
        font.bold: control.kind !== "quiet"
        font.strikeout: control.struck
        color: control.selected ? Theme.textOnHighlight : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        // Large text reflows, never cuts: two lines at word breaks, then smaller, down to
        // the normal text size's small end (a narrow key, a long Spanish word).
        wrapMode: Text.WordWrap
        maximumLineCount: 2
        fontSizeMode: Text.Fit
        minimumPixelSize: Math.max(12, Theme.px(16))

        Spinner {
            objectName: "busySpinner"
            visible: control.busy
            width: label.spinnerSize
            height: width
            anchors.verticalCenter: parent.verticalCenter
            // Just before the label's first letter (after its last, mirrored).
            readonly property real textLeft: label.leftPadding + (label.width - label.leftPadding - label.rightPadding - label.contentWidth) / 2
            x: control.mirrored ? Math.min(label.width - width, textLeft + label.contentWidth + Theme.px(16))
                : Math.max(0, textLeft - width - Theme.px(16))
        }
    }
    background: Rectangle {
        radius: Theme.corner(control.kind === "quiet" ? 16 : 24) // the brand's corners
        color: {
            if (control.selected)
                return Theme.highlight;
            if (control.kind === "primary")
                return control.down ? Theme.primaryPressed : Theme.primary;
            if (control.kind === "danger")
                return control.down ? Theme.dangerPressed : Theme.danger;
            if (control.kind === "quiet")
                return control.down ? Theme.surfaceRaised : "transparent";
            return control.down ? Theme.surfaceRaised : Theme.surface;
        }
        border.width: control.kind === "secondary" || control.kind === "chip" ? Theme.px(3) : (control.visualFocus ? Theme.px(4) : 0)
        border.color: control.selected ? Theme.highlight : (control.visualFocus ? Theme.highlight : Theme.border)
        opacity: control.enabled || control.busy ? 1.0 : 0.45
    }
}
