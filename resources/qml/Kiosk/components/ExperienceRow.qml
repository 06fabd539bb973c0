import QtQuick
import Kiosk

// One experience in the attract list: its thumbnail (when the venue has one) and its name.
KioskButton {
    id: row
    // The attract presenter's values (kiosk/session/attract.py).
    property var entry: ({})
    kind: "secondary"
    text: entry.name || ""
    Accessible.name: text
    // Room for the thumbnail at the start (the name is centred in what is left).
    leftPadding: thumb.visible && !row.mirrored ? thumb.width + Theme.px(32) : Theme.px(36)
    rightPadding: thumb.visible && row.mirrored ? thumb.width + Theme.px(32) : Theme.px(36)

    Thumbnail {
        id: thumb
        objectName: row.objectName.replace("experience_", "experienceThumb_")
        source: row.entry.thumbnailSource || ""
    }
}
