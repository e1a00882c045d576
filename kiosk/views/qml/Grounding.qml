import QtQuick
import Lantern

// One step of 5-4-3-2-1 grounding per page: the number, large and calm, and what to notice.
ScreenPage {
    id: step

    property bool first: false
    property int count
    property string prompt
    readonly property var words: Words.screens.feelings.grounding

    Column {
        width: Math.min(parent.width, Theme.mm * 190)
        spacing: Theme.size.gap

        Heading {
            width: parent.width
            level: "title"
            text: step.words.title
        }
        Prose {
            width: parent.width
            visible: step.first
            soft: true
            text: step.words.guide
        }
        Row {
            width: parent.width
            spacing: Theme.size.gap * 2

            Rectangle {
                id: number
                width: Theme.mm * 26
                height: width
                radius: width / 2
                color: Theme.color.raised
                border.width: Theme.size.ring * 1.5
                border.color: Theme.color.calm

                Text {
                    anchors.centerIn: parent
                    text: step.count
                    color: Theme.color.text
                    font.family: Theme.font.family
                    font.pixelSize: Theme.font.display * 1.4
                    font.weight: Font.DemiBold
                }
            }
            Prose {
                objectName: "grounding_prompt"
                width: parent.width - number.width - parent.spacing
                anchors.verticalCenter: number.verticalCenter
                font.pixelSize: Theme.font.status
                spacing: 1.4
                text: step.prompt
            }
        }
    }
}
