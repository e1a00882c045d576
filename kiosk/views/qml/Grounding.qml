pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// One step of 5-4-3-2-1 grounding per page: the number, large and calm, what to notice, and a dot per
// step showing how far the patient has come.
ScreenPage {
    id: step

    property bool first: false
    property int count
    property string prompt
    property int position
    property int steps
    readonly property var words: Words.screens.feelings.grounding

    ScrollPage {
        id: scroller
        anchors.fill: parent

        Heading {
            width: Math.min(parent.width, Theme.mm * 190)
            level: "title"
            text: step.words.title
        }
        Prose {
            width: Math.min(parent.width, Theme.mm * 190)
            visible: step.first
            soft: true
            text: step.words.guide
        }
        Row {
            width: Math.min(parent.width, Theme.mm * 190)
            spacing: Theme.size.gap * 2

            Rectangle {
                id: number
                width: Math.max(Theme.mm * (Theme.compact ? 18 : 26), digit.implicitHeight * 1.15)
                height: width
                radius: width / 2
                antialiasing: true
                color: Theme.color.raised
                border.width: Theme.size.ring * 1.5
                border.color: Theme.color.calm

                Text {
                    id: digit
                    anchors.centerIn: parent
                    text: step.count
                    color: Theme.color.text
                    font.family: Theme.font.family
                    font.pixelSize: Theme.font.display * (Theme.compact ? 1.1 : 1.4)
                    font.weight: Font.DemiBold
                }
            }
            Prose {
                objectName: "grounding_prompt"
                width: parent.width - number.width - parent.spacing
                // Beside the number's middle, never above the row (a long prompt pushes the row down instead).
                y: Math.max(0, (number.height - height) / 2)
                font.pixelSize: Theme.font.status
                spacing: 1.4
                text: step.prompt
            }
        }
        Row {
            objectName: "grounding_progress"
            spacing: Theme.size.gap

            Repeater {
                model: step.steps

                Rectangle {
                    id: dot
                    required property int index
                    width: Theme.mm * 3.5
                    height: width
                    radius: width / 2
                    antialiasing: true
                    color: dot.index <= step.position ? Theme.color.calm : "transparent"
                    border.width: Theme.size.ring
                    border.color: Theme.color.calm
                }
            }
        }
    }
}
