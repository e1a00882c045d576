import QtQuick
import Lantern

// Words on a calm panel of their own, padded, where they stand on the pictures (the home screen's greeting).
Item {
    id: scrim

    default property alias content: inner.data
    property real padding: Theme.size.pad

    implicitHeight: inner.implicitHeight + 2 * padding

    Panel {
        anchors.fill: parent
    }
    Column {
        id: inner
        x: scrim.padding
        y: scrim.padding
        width: scrim.width - 2 * scrim.padding
        spacing: Theme.size.gap / 2
    }
}
