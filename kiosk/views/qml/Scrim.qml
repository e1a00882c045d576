import QtQuick
import Lantern

// A calm, nearly opaque panel for words over the pictures: text is never drawn straight on a photo.
Item {
    id: scrim

    default property alias content: inner.data
    property real padding: Theme.size.pad

    implicitHeight: inner.implicitHeight + 2 * padding

    Rectangle {
        anchors.fill: parent
        radius: Theme.size.radius * 2
        color: Theme.color.scrim
        opacity: Theme.color.scrim_opacity
    }
    Column {
        id: inner
        x: scrim.padding
        y: scrim.padding
        width: scrim.width - 2 * scrim.padding
        spacing: Theme.size.gap / 2
    }
}
