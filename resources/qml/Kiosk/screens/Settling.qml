import QtQuick
import QtQuick.Layouts
import Kiosk

// settling (draw or auction): closed; the result is being decided.
ScreenFrame {
    id: screen
    objectName: "screen_settling"
    title: qsTr("Results coming")
    subtitle: journey.mechanism === "auction" ? qsTr("Bidding has closed. The result is being decided and will show here.")
        : qsTr("The draw has closed. Winners are being picked and the result will show here.")

    Countdown {
        objectName: "settlesCountdown"
        Layout.fillWidth: true
        visible: screen.journey.countdownSeconds > 0
        label: qsTr("Result expected in")
        seconds: screen.journey.countdownSeconds
    }
    Spinner {
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: Theme.px(40)
    }
}
