pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// Free help lines: each with what it is for and its number in large, clear digits.
ScreenPage {
    id: page

    readonly property var words: Words.screens.resources

    Heading {
        id: title
        objectName: "resources_title"
        width: parent.width
        level: "title"
        text: page.words.title
    }

    ScrollPage {
        anchors.fill: parent
        anchors.topMargin: title.height + Theme.size.gap

        Prose {
            width: parent.width
            visible: text !== ""
            soft: true
            text: page.words.intro || ""
        }
        Repeater {
            model: page.words.items
            Card {
                required property var modelData
                width: parent.width
                heading: modelData.name
                body: modelData.detail
                extra: modelData.contact
            }
        }
        Disclaimer {
            width: parent.width
        }
    }
}
