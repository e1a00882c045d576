pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// The gentle check-in: one question and three big answers, in the page's place while it asks (the page
// waits underneath, as it does under the call's page), never over the help buttons or the shared ones.
// It fades in slowly, and the model takes it away by itself: no answer is needed. Where even side by side
// the answers do not fit (larger text on a 7-inch tablet), they scroll with the big arrows every page has.
Panel {
    id: checkIn

    visible: opacity > 0
    opacity: Visit.checking_in ? 1 : 0
    border.width: Theme.size.ring
    border.color: Theme.color.calm

    Behavior on opacity {
        NumberAnimation { duration: Theme.motion.drift_home }
    }

    MouseArea {
        // Taps between the answers go nowhere, not to the page waiting underneath.
        anchors.fill: parent
    }

    ScrollPage {
        id: card
        objectName: "check_in_card"
        anchors.fill: parent
        anchors.margins: Theme.size.pad
        spacing: Theme.size.gap

        Heading {
            id: question
            objectName: "check_in_question"
            width: parent.width
            level: "heading"
            text: Visit.question
        }
        GridLayout {
            // One above the other (long answers on one line) wherever three rows fit under the question;
            // else side by side, on a page that is wide and short. (Reckoned with room
            // for three lines of the question, not its laid-out height, which depends on the width this
            // decides: no loop, no answers flipping between frames.)
            width: parent.width
            columns: card.height - 3 * question.font.pixelSize - card.spacing
                     >= 3 * Theme.mm * 17 + 2 * rowSpacing ? 1 : 3
            columnSpacing: Theme.size.gap
            rowSpacing: Theme.size.gap

            Repeater {
                model: Visit.answers

                CalmButton {
                    required property var modelData
                    objectName: "check_in_" + modelData.answer
                    // Equal shares of the width, whatever their words: long words wrap instead.
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.minimumWidth: 0
                    Layout.fillHeight: true
                    text: modelData.label
                    fontSize: Theme.font.label
                    onActivated: Visit.answer(modelData.answer)
                }
            }
        }
    }
}
