import QtQuick
import QtQuick.Layouts
import Kiosk

// routing: Fanfare is finding the way in. Nothing to do but wait.
ScreenFrame {
    id: screen
    objectName: "screen_routing"
    title: qsTr("One moment…")
    subtitle: qsTr("Finding your way in.")

    Spinner {
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: screen.wide ? implicitWidth : screen.heroSize * 0.6
        Layout.preferredHeight: Layout.preferredWidth
        Layout.topMargin: Theme.px(80)
    }
}
