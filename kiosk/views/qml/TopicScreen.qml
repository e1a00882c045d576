pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// A screen the clinic writes in content.yaml: a title, a short introduction, then a card per section
// (with its picture, when it has one) and a card per contact, scrolled with big arrows.
ScreenPage {
    id: topic

    property string name
    readonly property var words: Words.screens[name] || ({})

    Heading {
        id: title
        objectName: topic.name + "_title"
        width: parent.width
        level: "title"
        text: topic.words.title || ""
    }

    onOpened: scroller.toTop()

    ScrollPage {
        id: scroller
        objectName: topic.name + "_scroller"
        anchors.fill: parent
        anchors.topMargin: title.height + Theme.size.gap

        Prose {
            width: parent.width
            visible: text !== ""
            soft: true
            text: topic.words.intro || ""
        }
        Repeater {
            model: topic.words.sections || []
            Card {
                id: section
                required property var modelData
                width: parent.width
                heading: modelData.heading
                body: modelData.body

                Image {
                    objectName: "section_picture"
                    width: parent.width
                    height: visible ? Math.min(width * 9 / 16, Theme.mm * 60) : 0
                    visible: !!section.modelData.picture
                    source: section.modelData.picture ? section.modelData.picture.source : ""
                    fillMode: Image.PreserveAspectCrop
                    asynchronous: true
                    smooth: true
                    Accessible.role: Accessible.Graphic
                    Accessible.name: section.modelData.picture ? section.modelData.picture.description : ""
                }
            }
        }
        Repeater {
            model: topic.words.items || []
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
