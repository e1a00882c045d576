import QtQuick

// An information screen: a title, a short introduction, then one card per section, scrolled with big arrows.
ScreenPage {
    id: info

    property string name
    readonly property var words: Words.screens[name]

    Heading {
        id: title
        objectName: info.name + "_title"
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
