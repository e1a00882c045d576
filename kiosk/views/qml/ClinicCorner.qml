import QtQuick
import Lantern

// The clinic's name, small, in a corner; staff tap it five times within three seconds to reach their menu.
Item {
    id: corner

    implicitHeight: name.implicitHeight + Theme.size.gap / 2

    Text {
        id: name
        objectName: "clinic_name"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        text: Words.clinic.name
        color: Theme.color.text_soft
        font.family: Theme.font.family
        font.pixelSize: Theme.font.small
        lineHeightMode: Text.FixedHeight
        lineHeight: Math.round(font.pixelSize * 1.2)
        wrapMode: Text.WordWrap
    }

    TapHandler {
        objectName: "staff_gesture"
        onTapped: Staff.corner_tapped()
    }
}
