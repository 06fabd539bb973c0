import QtQuick
import Kiosk

// An experience's thumbnail at the start edge of a row (mirrored in Arabic); shown only
// once it is there, so a missing one is simply no picture.
Image {
    anchors.left: parent ? parent.left : undefined
    anchors.leftMargin: Theme.px(12)
    anchors.verticalCenter: parent ? parent.verticalCenter : undefined
    height: parent ? parent.height - Theme.px(24) : 0
    width: height
    visible: status === Image.Ready
    fillMode: Image.PreserveAspectCrop
    sourceSize.width: Math.ceil(width)
}
