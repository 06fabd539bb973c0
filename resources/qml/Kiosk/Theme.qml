pragma Singleton
import QtQuick

// Colours, sizes and fonts. Sizes are designed for 1080 px on the short side and scaled to
// the window; text also follows the large-text setting. Colour pairs keep 4.5:1 contrast.
QtObject {
    property real scale: 1.0
    property real textScale: 1.0

    readonly property string fontFamily: "DejaVu Sans"
    readonly property color background: "#0b1220"
    readonly property color surface: "#16213a"
    readonly property color surfaceRaised: "#22304f"
    readonly property color border: "#3b4f7a"
    readonly property color text: "#f8fafc"
    readonly property color muted: "#cbd5e1"
    readonly property color primary: "#1d4ed8"
    readonly property color primaryPressed: "#1e3a8a"
    readonly property color highlight: "#fbbf24"
    readonly property color textOnHighlight: "#111827"
    readonly property color success: "#15803d"
    readonly property color warning: "#92400e"
    readonly property color danger: "#b91c1c"
    readonly property color dangerPressed: "#7f1d1d"
    readonly property color scrim: "#cc050a14"

    function px(value) {
        return Math.round(value * scale);
    }
    function fs(value) {
        return Math.round(value * scale * textScale);
    }
}
