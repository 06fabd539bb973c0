import QtQuick
import QtQuick.Layouts
import Kiosk

// The strip above every journey screen: what this is, languages, text size, staff actions.
Rectangle {
    id: header
    required property JourneyViewModel journey
    required property KioskViewModel kiosk
    // Taller when the name needs two lines (large text, a long name): never cut.
    implicitHeight: Math.max(Theme.px(128), row.implicitHeight + Theme.px(24))
    color: Theme.surface

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.px(48)
        // The staff corner (Main.qml, 140 px) stays at the physical top left in every language:
        // mirrored, the controls keep clear of it.
        anchors.rightMargin: header.LayoutMirroring.enabled ? Theme.px(156) : Theme.px(32)
        spacing: Theme.px(16)

        Image {
            // The store's logo (the brand's), before the experience's name.
            objectName: "brandLogo"
            visible: Theme.logoSource.toString() !== ""
            source: Theme.logoSource
            Layout.alignment: Qt.AlignVCenter
            Layout.preferredWidth: Theme.px(80)
            Layout.preferredHeight: Theme.px(80)
            sourceSize.width: Theme.px(80)
            sourceSize.height: Theme.px(80)
            fillMode: Image.PreserveAspectFit
            Accessible.role: Accessible.Graphic
            Accessible.name: Theme.brandName
        }
        KioskText {
            objectName: "experienceName"
            Layout.fillWidth: true
            text: header.journey.experienceName
            size: 34
            font.bold: true
            // Up to two lines, then smaller: the name is never truncated.
            Layout.maximumHeight: Math.ceil(Theme.fs(size) * lineHeight * 2.3)
            wrapMode: Text.Wrap
            fontSizeMode: Text.Fit
            minimumPixelSize: Math.max(12, Theme.fs(18))
            Accessible.role: Accessible.Heading
            Accessible.name: text
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
            Layout.alignment: Qt.AlignVCenter
            kiosk: header.kiosk
        }
    }
}
