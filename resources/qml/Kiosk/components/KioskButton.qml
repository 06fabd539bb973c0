import QtQuick
import QtQuick.Controls.Basic
import Kiosk

// A large touch button (at least 48 px at 1080p; 112 px by design).
Button {
    id: control
    property string kind: "primary" // primary, secondary, danger, quiet, chip
    property bool selected: false
    property bool struck: false

    implicitHeight: Theme.px(kind === "quiet" ? 88 : 112)
    implicitWidth: Math.max(Theme.px(kind === "quiet" ? 96 : 320), contentItem.implicitWidth + leftPadding + rightPadding)
    leftPadding: Theme.px(kind === "quiet" ? 22 : 36)
    rightPadding: Theme.px(kind === "quiet" ? 22 : 36)
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
        text: control.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fs(control.kind === "quiet" ? 30 : 38)
        font.bold: control.kind !== "quiet"
        font.strikeout: control.struck
        color: control.selected ? Theme.textOnHighlight : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
        fontSizeMode: Text.HorizontalFit
        minimumPixelSize: Math.max(12, Theme.fs(18))
    }
    background: Rectangle {
        radius: Theme.px(control.kind === "quiet" ? 16 : 24)
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
        opacity: control.enabled ? 1.0 : 0.45
    }
}
