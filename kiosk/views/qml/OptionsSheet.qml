import QtQuick
import Lantern

// The shared buttons a small upright tablet folds behind More: over the page, never over the help block,
// in rows of two. Each acts at once; More again, Home or any move of the page closes the sheet.
Rectangle {
    id: sheet

    color: Theme.color.background
    radius: Theme.size.radius * 2
    border.width: Theme.size.ring
    border.color: Theme.color.line

    MouseArea {
        // Taps on the sheet's background go nowhere, not to a call's page underneath.
        anchors.fill: parent
    }

    Rail {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.size.pad
        vertical: false
        settingsOnly: true
    }
}
