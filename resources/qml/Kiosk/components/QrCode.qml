pragma ComponentBehavior: Bound
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

    // Each run of dark modules in a row is one rectangle: drawn in the same frame as the rest
    // of the screen (a Canvas paints a frame late), with whole-pixel edges.
    readonly property var runs: {
        const found = [];
        for (let row = 0; row < rows.length; ++row) {
            const line = String(rows[row]);
            let start = -1;
            for (let column = 0; column <= line.length; ++column) {
                const dark = column < line.length && line[column] === "1";
                if (dark && start < 0)
                    start = column;
                else if (!dark && start >= 0) {
                    found.push({ "row": row, "column": start, "length": column - start });
                    start = -1;
                }
            }
        }
        return found;
    }

    Item {
        id: symbol
        objectName: "qrSymbol"
        width: code.module * code.count
        height: width
        // Whole pixels inside the white square: no module straddles a pixel edge.
        x: Math.floor((code.width - width) / 2)
        y: Math.floor((code.height - height) / 2)
        Repeater {
            model: code.runs
            delegate: Rectangle {
                id: run
                required property var modelData
                x: run.modelData.column * code.module
                y: run.modelData.row * code.module
                width: run.modelData.length * code.module
                height: code.module
                color: "black"
                antialiasing: false
            }
        }
    }
}
