import QtQuick
import QtQuick.Layouts
import Kiosk

// The strip above every journey screen: what this is, languages, text size, staff actions.
Rectangle {
    id: header
    required property JourneyViewModel journey
    required property KioskViewModel kiosk
    implicitHeight: Theme.px(128)
    color: Theme.surface

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.px(48)
        anchors.rightMargin: Theme.px(32)
        spacing: Theme.px(16)

        KioskText {
            objectName: "experienceName"
            Layout.fillWidth: true
            text: header.journey.experienceName
            size: 34
            font.bold: true
            wrapMode: Text.NoWrap
            elide: Text.ElideRight
        }
        KioskButton {
            objectName: "haveCodeButton"
            visible: header.journey.hasOffers && !header.journey.codeEntryOpen
            kind: "quiet"
            text: qsTr("Have a code?")
            onClicked: header.journey.openCodeEntry()
        }
        KioskButton {
            objectName: "nextCustomerButton"
            visible: header.kiosk.staffMode
            kind: "secondary"
            text: qsTr("Next customer")
            implicitHeight: Theme.px(88)
            onClicked: header.kiosk.nextCustomer()
        }
        LanguageBar {
            kiosk: header.kiosk
        }
    }
}
