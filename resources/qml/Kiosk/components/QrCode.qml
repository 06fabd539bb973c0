import QtQuick
import Kiosk

// A QR code from rows of "1" (dark) and "0" (light), quiet zone included: dark modules on
// white, each module a whole number of pixels so a phone camera sees crisp edges. Only ever
// given a reference, never a grant.
Rectangle {
    id: code
    property var rows: []
    property string label  // what the code holds, for a screen reader
    readonly property int count: rows.length
    // The largest whole-pixel module that fits the size the layout gives.
    readonly property int module: count > 0 ? Math.max(1, Math.floor(Math.min(width, height) / count)) : 0

    implicitWidth: Theme.px(280)
    implicitHeight: implicitWidth
    color: "white"
    visible: count > 0
    Accessible.role: Accessible.Graphic
    Accessible.name: qsTr("QR code of %1").arg(label)
    LayoutMirroring.enabled: false
    LayoutMirroring.childrenInherit: true

    Canvas {
        id: canvas
        width: code.module * code.count
        height: width
        // Whole pixels from the top-left of the scene: no module straddles a pixel edge.
        x: Math.floor((code.width - width) / 2)
        y: Math.floor((code.height - height) / 2)
        onPaint: {
            const context = getContext("2d");
            context.fillStyle = "white";
            context.fillRect(0, 0, width, height);
            context.fillStyle = "black";
            const rows = code.rows;
            const size = code.module;
            for (let row = 0; row < rows.length; ++row) {
                const line = String(rows[row]);
                for (let column = 0; column < line.length; ++column) {
                    if (line[column] === "1")
                        context.fillRect(column * size, row * size, size, size);
                }
            }
        }
        onWidthChanged: requestPaint()
        Connections {
            target: code
            function onRowsChanged() {
                canvas.requestPaint();
            }
        }
    }
}
