import QtQuick
import Lantern

// One section of a page: a heading and its words on a calm solid surface.
Rectangle {
    id: card

    property string heading
    property string body
    property string extra
    default property alias more: column.data

    implicitHeight: column.implicitHeight + 2 * Theme.size.pad
    radius: Theme.size.radius
    color: Theme.color.surface

    Column {
        id: column
        x: Theme.size.pad
        y: Theme.size.pad
        width: card.width - 2 * Theme.size.pad
        spacing: Theme.size.gap / 2

        Heading {
            width: parent.width
            text: card.heading
        }
        Prose {
            width: parent.width
            text: card.body
        }
        Heading {
            width: parent.width
            visible: card.extra !== ""
            text: card.extra
            level: "status"
        }
    }
}
