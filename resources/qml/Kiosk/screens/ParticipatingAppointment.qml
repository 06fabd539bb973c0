import QtQuick
import QtQuick.Layouts
import Kiosk

// participating, appointment: the booking, with cancel and reschedule.
ScreenFrame {
    id: screen
    objectName: "screen_participating_appointment"
    // The slot picker's times scroll, the actions stay; the booking (with its reference) scrolls
    // as a whole if it does not fit.
    fitsHeight: journey.rescheduling
    readonly property var booking: journey.booking
    title: journey.rescheduling ? qsTr("Choose a new time") : booking.status === "checked_in" ? qsTr("You're checked in") : qsTr("You're booked")
    subtitle: journey.rescheduling ? qsTr("Your current time is kept until you confirm a new one.") : qsTr("Please arrive a few minutes early.")

    Rectangle {
        objectName: "bookingCard"
        Layout.fillWidth: true
        visible: !screen.journey.rescheduling
        implicitHeight: bookingColumn.implicitHeight + Theme.px(screen.wide ? 32 : 56)
        radius: Theme.px(28)
        color: Theme.surface
        border.color: Theme.highlight
        border.width: Theme.px(4)
        Accessible.role: Accessible.StaticText
        Accessible.name: dayText.text + " " + timeText.text + " " + placeText.text
        ColumnLayout {
            id: bookingColumn
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.px(screen.wide ? 24 : 32)
            spacing: Theme.px(screen.wide ? 0 : 8)
            KioskText {
                id: dayText
                Layout.fillWidth: true
                text: Format.day(screen.booking.date || "")
                color: Theme.muted
            }
            KioskText {
                id: timeText
                objectName: "bookingTime"
                Layout.fillWidth: true
                text: screen.booking.time ? Format.span(screen.booking.time, screen.booking.end) : qsTr("Time to be confirmed")
                size: screen.wide ? 56 : 80
                font.bold: true
            }
            KioskText {
                id: placeText
                Layout.fillWidth: true
                visible: text !== ""
                text: screen.booking.location || ""
                color: Theme.muted
            }
        }
    }
    // The booking's reference, beside the time and place: staff scan or type it at check-in.
    ReferenceCard {
        objectName: "bookingReferenceCard"
        Layout.fillWidth: true
        visible: !screen.journey.rescheduling && screen.journey.bookingReference !== ""
        label: qsTr("Your booking reference")
        reference: screen.journey.bookingReference
        qrRows: screen.journey.bookingReferenceQr
        hint: qsTr("Show this to staff when you arrive for your time.")
    }
    SlotPicker {
        objectName: "slotPicker"
        Layout.fillWidth: true
        Layout.fillHeight: true
        visible: screen.journey.rescheduling
        journey: screen.journey
        kiosk: screen.kiosk
    }

    side: [
        KioskButton {
            objectName: "confirmRescheduleButton"
            busy: screen.journey.busyAction === "reschedule"
            Layout.fillWidth: true
            visible: screen.journey.rescheduling
            enabled: screen.journey.selectedSlot !== "" && !screen.journey.busy
            text: qsTr("Move to this time")
            onClicked: screen.journey.reschedule()
        },
        KioskButton {
            objectName: "keepTimeButton"
            Layout.fillWidth: true
            visible: screen.journey.rescheduling
            kind: "secondary"
            text: qsTr("Keep my time")
            onClicked: screen.journey.cancelReschedule()
        },
        KioskButton {
            objectName: "doneButton"
            Layout.fillWidth: true
            visible: !screen.journey.rescheduling
            text: qsTr("Done")
            onClicked: screen.journey.done()
        },
        KioskButton {
            objectName: "rescheduleButton"
            Layout.fillWidth: true
            visible: !screen.journey.rescheduling
            enabled: !screen.journey.busy
            kind: "secondary"
            text: qsTr("Change time")
            onClicked: screen.journey.startReschedule()
        },
        LeaveButton {
            busy: screen.journey.busyAction === "cancel"
            Layout.fillWidth: true
            visible: !screen.journey.rescheduling
            enabled: !screen.journey.busy
            text: qsTr("Cancel booking")
            question: qsTr("Cancel this booking?")
            confirmText: qsTr("Yes, cancel it")
            onConfirmed: screen.journey.cancelBooking()
        }
    ]
}
