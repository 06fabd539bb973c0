pragma Singleton
import QtQuick

// Colours, sizes and fonts. Sizes are designed for 1080 px on the short side and scaled to
// the window; text also follows the large-text setting. The brand (kiosk/app/brand.py) sets
// the colours, logo, typeface and corner radius when the engine is created; the values here
// are the demo's brand. Colour pairs keep 4.5:1 contrast (the brand is checked for it).
QtObject {
    property real scale: 1.0
    property real textScale: 1.0

    property string brandName: "Fanfare Demo Store"
    property url logoSource: ""
    property string fontFamily: "Inter"
    property int cornerRadius: 24
    property color background: "#0b1220"
    property color surface: "#16213a"
    property color surfaceRaised: "#22304f"
    property color border: "#3b4f7a"
    property color text: "#f8fafc"
    property color muted: "#cbd5e1"
    property color primary: "#1d4ed8"
    property color primaryPressed: "#1e3a8a"
    property color highlight: "#fbbf24"
    property color textOnHighlight: "#111827"
    property color success: "#15803d"
    property color warning: "#92400e"
    property color danger: "#b91c1c"
    property color dangerPressed: "#7f1d1d"
    readonly property color scrim: "#cc050a14"

    // Motion: every animation's duration is `motion` (or a multiple of it), so reduced motion
    // is one switch: on in large text (the kiosk's accessibility mode) or by configuration.
    property bool reducedMotionSetting: false
    readonly property bool reducedMotion: reducedMotionSetting || textScale > 1.0
    readonly property int motion: reducedMotion ? 0 : 200

    function px(value) {
        return Math.round(value * scale);
    }
    function fs(value) {
        return Math.round(value * scale * textScale);
    }
    // A corner designed as `value` px at the default radius (24), following the brand's radius.
    function corner(value) {
        return px(value * cornerRadius / 24);
    }
    // The icon of a mechanism (JourneyViewModel.mechanism); a star for none.
    function mechanismIcon(mechanism) {
        return ({"queue": "queue", "draw": "draw", "auction": "auction",
                 "dutch_auction": "dutch_auction", "appointment": "appointment",
                 "timed_release": "timed_release"})[mechanism] || "start";
    }
    // An icon from resources/icons/, tinted (components/Icon.qml).
    function icon(name, tint) {
        return "image://icons/" + name + "/" + tint;
    }
}
