pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// A calm "working on it" indicator: eight dots turning.
Item {
    id: spinner
    property bool running: visible
    implicitWidth: Theme.px(160)
    implicitHeight: Theme.px(160)
    Accessible.role: Accessible.Animation
    Accessible.name: qsTr("Working")

    Item {
        id: ring
        anchors.fill: parent
        Repeater {
            model: 8
            delegate: Rectangle {
                required property int index
                width: ring.width * 0.16 // scales with the spinner: a button's spinner is small
                height: width
                radius: width / 2
                color: Theme.text
                opacity: 0.25 + 0.75 * index / 7
                x: ring.width / 2 - width / 2 + Math.cos(index * Math.PI / 4) * (ring.width / 2 - width / 2)
                y: ring.height / 2 - height / 2 + Math.sin(index * Math.PI / 4) * (ring.height / 2 - height / 2)
            }
        }
        RotationAnimation on rotation {
            from: 0
            to: 360
            duration: 1600
            loops: Animation.Infinite
            running: spinner.running
        }
    }
}
