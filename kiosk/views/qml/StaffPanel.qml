pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// The staff area: PIN pad, menu, or how to set a PIN. It covers the page, never the help block.
Rectangle {
    id: panel

    visible: Staff.panel !== Staff.Closed
    color: Theme.color.background
    radius: Theme.size.radius * 2
    border.width: Theme.size.ring
    border.color: Theme.color.line

    TapHandler {
        // Taps on the panel's background go nowhere, not to the page underneath.
    }

    Item {
        anchors.fill: parent
        anchors.margins: Theme.size.pad
        anchors.rightMargin: actions.width + 2 * Theme.size.pad

        PinPad {
            anchors.fill: parent
            visible: Staff.panel === Staff.Pin
        }
        StaffMenu {
            anchors.fill: parent
            visible: Staff.panel === Staff.Menu
        }
        Prose {
            objectName: "staff_set_pin_first"
            width: parent.width
            visible: Staff.panel === Staff.SetPinFirst
            text: Staff.words.set_pin_first
        }
    }

    Column {
        id: actions
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: Theme.size.pad
        width: Theme.mm * 44
        spacing: Theme.size.gap

        CalmButton {
            objectName: "staff_close"
            width: parent.width
            text: Staff.words.close
            onActivated: Staff.close()
        }
        Repeater {
            model: Staff.actions
            CalmButton {
                required property var modelData
                objectName: "staff_" + modelData.name
                width: actions.width
                text: modelData.label
                onActivated: Staff.act(modelData.action)
            }
        }
    }
}
