pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// An information screen: a title, a short introduction, then one card per section, scrolled with big arrows.
ScreenPage {
    id: info

    property string titleName
    property var words

    Heading {
        id: title
        objectName: info.titleName
        width: parent.width
        level: "title"
        text: info.words.title
    }

    ScrollPage {
        anchors.fill: parent
        anchors.topMargin: title.height + Theme.size.gap

        Prose {
            width: parent.width
            visible: text !== ""
            soft: true
            text: info.words.intro || ""
        }
        Repeater {
            model: info.words.sections
            Card {
                required property var modelData
                width: parent.width
                heading: modelData.heading
                body: modelData.body
            }
        }
        Disclaimer {
            width: parent.width
        }
    }
}
