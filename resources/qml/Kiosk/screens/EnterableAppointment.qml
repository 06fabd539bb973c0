import QtQuick
import QtQuick.Layouts
import Kiosk

// enterable, appointment: day tabs, a slot grid, book.
ScreenFrame {
    id: screen
    objectName: "screen_enterable_appointment"
    fitsHeight: true // the slot picker's times scroll, the actions stay
    title: qsTr("Book a time")
    subtitle: qsTr("Choose a day, then a time.")

    SlotPicker {
        objectName: "slotPicker"
        Layout.fillWidth: true
        Layout.fillHeight: true
        journey: screen.journey
        kiosk: screen.kiosk
    }

    side: [
        KioskButton {
            objectName: "bookButton"
            busy: screen.journey.busyAction === "book"
            Layout.fillWidth: true
            enabled: screen.journey.selectedSlot !== "" && !screen.journey.busy
            text: screen.journey.selectedSlot !== "" ? qsTr("Book this time") : qsTr("Choose a time")
            onClicked: screen.journey.book()
        },
        KioskButton {
            objectName: "backButton"
            Layout.fillWidth: true
            kind: "secondary"
            text: qsTr("Back")
            onClicked: screen.journey.done()
        }
    ]
}
