pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// Lantern's own PIN pad (a system keyboard may not draw over a fullscreen kiosk); digits show only as dots.
Item {
    id: pad

    Column {
        id: head
        width: parent.width
        spacing: Theme.size.gap / 2

        Heading {
            width: parent.width
            text: Staff.words.enter_pin
        }
        Text {
            objectName: "pin_dots"
            text: "●".repeat(Staff.entered_count) || " "
            color: Theme.color.text
            font.pixelSize: Theme.font.title
        }
        Prose {
            objectName: "pin_message"
            width: parent.width
            text: Staff.message
            visible: text !== ""
        }
    }

    GridLayout {
        anchors.top: head.bottom
        anchors.topMargin: Theme.size.gap
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        width: Math.min(parent.width, Theme.mm * 90)
        columns: 3
        columnSpacing: Theme.size.gap
        rowSpacing: Theme.size.gap

        Repeater {
            model: Staff.pad
            CalmButton {
                required property var modelData
                objectName: "pin_" + modelData.key
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.fillHeight: true
                Layout.maximumHeight: Theme.size.target * 1.2
                enabled: !Staff.locked
                text: modelData.label
                fontSize: Theme.font.action
                onActivated: Staff.key(modelData.key)
            }
        }
    }
}
