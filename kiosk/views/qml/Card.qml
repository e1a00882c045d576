import QtQuick
import Lantern

// One section of a page: a heading and its words, set apart by a quiet line above, on the page's reading
// panel (a section is not a surface of its own, so the page reads as one panel, not a stack of slabs).
Item {
    id: card

    property string heading
    property string body
    property string extra
    default property alias more: column.data

    implicitHeight: column.implicitHeight + Theme.size.gap

    Rectangle {
        width: parent.width
        height: Math.max(1, Math.round(Theme.mm * 0.3))
        color: Theme.color.line
    }
    Column {
        id: column
        y: Theme.size.gap
        width: card.width
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
