pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// For staff and IT: what the content check found and whether the help call can reach the station.
ScrollPage {
    id: menu

    component Lines: Column {
        property string title
        property var lines
        width: parent.width
        spacing: Theme.size.gap / 4

        Heading {
            width: parent.width
            text: parent.title
        }
        Repeater {
            model: parent.lines
            Text {
                required property string modelData
                width: parent.width
                text: modelData
                color: Theme.color.text
                font.family: Theme.font.family
                font.pixelSize: Theme.font.small
                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            }
        }
    }

    Heading {
        width: parent.width
        level: "title"
        text: Staff.words.menu
    }
    Lines {
        objectName: "staff_content"
        title: Staff.words.content
        lines: Staff.content_lines
    }
    Lines {
        objectName: "staff_call"
        title: Staff.words.help_call
        lines: Staff.call_lines
    }
    Lines {
        objectName: "staff_logged"
        visible: Staff.logged.length > 0
        title: Staff.words.logged
        lines: Staff.logged
    }
}
