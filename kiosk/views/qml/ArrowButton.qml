import QtQuick
import Lantern

// A big up or down button for scrolling: patients never have to swipe.
CalmButton {
    id: arrow

    property bool up: true

    implicitWidth: Theme.size.target
    implicitHeight: Theme.size.target

    Chevron {
        anchors.centerIn: parent
        width: parent.width * 0.5
        height: width
        up: arrow.up
    }
}
