pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// The end of the flow: an offer to have someone come, naming the two help buttons the patient can see above.
ScreenPage {
    id: offer

    readonly property var words: Words.screens.feelings.offer_call

    ScrollPage {
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
            Card {
                required property var modelData
                width: parent.width
                heading: Words.help[modelData.name].label
                body: Words.help[modelData.name].detail
            }
        }
    }
}
