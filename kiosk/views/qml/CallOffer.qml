pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// The end of the flow: an offer to have someone come. Each choice is a real help button, with what it
// means beside it, and the words on what a call does.
ScreenPage {
    id: offer

    readonly property var words: Words.screens.feelings.offer_call

    ScrollPage {
        id: scroller
        anchors.fill: parent

        Heading {
            width: parent.width
            level: "title"
            text: offer.words.title
        }
        Prose {
            width: parent.width
            text: offer.words.body
        }
        Repeater {
            model: HelpCall.kinds

            RowLayout {
                id: choice
                required property var modelData
                width: scroller.width - (scroller.scrollable ? Theme.size.target + Theme.size.gap : 0)
                spacing: Theme.size.gap

                HelpButton {
                    objectName: "offer_" + choice.modelData.name
                    Layout.preferredWidth: Math.min(choice.width * 0.45, Theme.mm * 60)
                    kind: choice.modelData.kind
                    urgent: choice.modelData.urgent
                    text: Words.help[choice.modelData.name].label
                }
                Prose {
                    Layout.fillWidth: true
                    soft: true
                    text: Words.help[choice.modelData.name].detail
                }
            }
        }
        Prose {
            width: parent.width
            soft: true
            text: Words.help.explain
        }
    }
}
